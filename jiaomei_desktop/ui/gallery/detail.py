"""The detail view of one honoured person or unit: the photo large, every honour, and the deeds of the one chosen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import honors
from jiaomei_desktop.services.errors import NotFoundError
from jiaomei_desktop.services.honors import SubjectDetail
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.gallery.thumbnails import ThumbnailLoader
from jiaomei_desktop.ui.ownership import OwnerMarker, record_owner

LARGE = QSize(270, 360)
LARGE_SOURCE = 480  # thumbnail size (px) used for the large picture


class DetailPanel(QWidget):
    add_requested = Signal(str)  # subject key
    edit_requested = Signal(str)  # honour id
    delete_requested = Signal(str)  # honour id

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._detail: SubjectDetail | None = None
        self._loader = ThumbnailLoader(store, LARGE, source_size=LARGE_SOURCE, threads=1, parent=self)
        self._loader.ready.connect(self._on_photo)
        self._build()
        self.show_subject(None)

    def _build(self) -> None:
        self.photo = QLabel(self)
        self.photo.setFixedSize(LARGE)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = QLabel(self)
        self.name.setProperty("role", "heading")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where = QLabel(self)
        self.where.setProperty("role", "muted")
        self.where.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(120)
        self.list.currentRowChanged.connect(self._show_deeds)
        self.deeds = QTextBrowser(self)
        self.deeds.setOpenLinks(False)
        self.add_button = QPushButton(_("再添加一项荣誉"), self)
        self.edit_button = QPushButton(_("编辑"), self)
        self.delete_button = QPushButton(_("删除"), self)
        self.add_button.clicked.connect(self._request_add)
        self.edit_button.clicked.connect(lambda: self._emit_for_current(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._emit_for_current(self.delete_requested))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        self.empty = QLabel(_("在左侧点选一位先进个人或先进集体，这里显示照片、全部荣誉和事迹"), self)
        self.empty.setProperty("role", "empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        content = QWidget(self)
        inner = QVBoxLayout(content)
        inner.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.name, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.where, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(QLabel(_("获得荣誉"), self))
        inner.addWidget(self.list)
        inner.addWidget(QLabel(_("主要事迹"), self))
        inner.addWidget(self.deeds, 1)
        self.owner_marker = OwnerMarker(self)
        inner.addWidget(self.owner_marker)
        inner.addLayout(buttons)
        self._content = content
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        self._scroll = scroll

    # -- showing -----------------------------------------------------------------------------------------------
    @property
    def detail(self) -> SubjectDetail | None:
        return self._detail

    def show_subject(self, key: str | None) -> None:
        try:
            detail = honors.subject_detail(self._store, key) if key else None
        except NotFoundError:
            detail = None
        self._detail = detail
        self.empty.setVisible(detail is None)
        self._scroll.setVisible(detail is not None)
        if detail is None:
            return
        self.name.setText(detail.name)
        kind = _("先进集体") if detail.kind == honors.UNIT else ""
        self.where.setText(" · ".join(p for p in (kind, detail.unit_name, detail.post) if p))
        self.list.clear()
        for row in detail.honours:
            item = QListWidgetItem(f"{row.award_date:%Y-%m-%d}　{_(row.level)}　{row.title}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(f"{_(row.category)} · {row.awarding_body}")
            self.list.addItem(item)
        if detail.honours:
            self.list.setCurrentRow(0)
        self._show_photo()

    def _show_photo(self) -> None:
        sha = self._detail.photo_sha256 if self._detail else None
        pixmap = self._loader.pixmap(sha) if sha else None
        self.photo.setPixmap(pixmap if isinstance(pixmap, QPixmap) else self._loader.placeholder)

    def _on_photo(self, sha: str) -> None:
        if self._detail and self._detail.photo_sha256 == sha:
            self._show_photo()

    def _show_deeds(self, row: int) -> None:
        has = self._detail is not None and 0 <= row < len(self._detail.honours)
        # an honour another office awarded is read-only here (group honours below the group)
        owner = record_owner(self._store, "honor", self._detail.honours[row].id) if has else None  # type: ignore[union-attr]
        self.owner_marker.show_owner(owner)
        self.edit_button.setEnabled(has and not owner)
        self.delete_button.setEnabled(has and not owner)
        if not has:
            self.deeds.clear()
            return
        honour = self._detail.honours[row]  # type: ignore[union-attr]
        body = f"{_(honour.category)} · {_(honour.level)} · {honour.awarding_body}"
        no_deeds = _("（未填写事迹）")
        self.deeds.setPlainText(f"{honour.title}\n{body}\n\n{honour.deeds or no_deeds}")

    def current_honour_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _request_add(self) -> None:
        if self._detail:
            self.add_requested.emit(self._detail.key)

    def _emit_for_current(self, signal: SignalInstance) -> None:
        honour_id = self.current_honour_id()
        if honour_id:
            signal.emit(honour_id)

    def shutdown(self) -> None:
        self._loader.shutdown()

