"""亮明身份 tab (next to 责任区): the posts list (党员示范岗 / 先锋岗 / 突击队 / 安全监督岗) with search, kind and
"hung now" filters, placards whose heading follows the kind, Excel export, the figures line; and a second page, the
list of who wears the 党员 mark (the 党员标志安全头盔) on which post, with its own export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.i18n import N_, _, join_list
from jiaomei_desktop.services import posts
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.ownership import protect
from jiaomei_desktop.ui.registers.forms import MemberPicker, RegisterDialog, _combo, _pydate, _qdate
from jiaomei_desktop.ui.registers.models import Column, RowsModel
from jiaomei_desktop.ui.registers.panel import RegisterPanel, export_xlsx
from jiaomei_desktop.ui.registers.zones_tab import PAPERS, SCHEMES
from jiaomei_desktop.ui.tasks import BackgroundTask, failure_text, is_cancel, is_expected, report_bug
from jiaomei_desktop.ui.toolbar_row import ElidedLabel, ToolbarRow
from jiaomei_desktop.ui.unit_picker import searchable_units
from jiaomei_desktop.ui.widgets import set_column_widths

HUNG_NOW = -1
POST_COLUMNS = (
    Column(N_("类别"), lambda r: _(r.kind)),
    Column(N_("岗位/队名"), lambda r: r.name),
    Column(N_("单位"), lambda r: r.unit_name),
    Column(N_("成员"), lambda r: r.member_names),
    Column(N_("党员"), lambda r: r.party_members, right=True),
    Column(N_("挂牌"), lambda r: r.listed_on.isoformat()),
    Column(N_("摘牌"), lambda r: f"{r.delisted_on.isoformat()} {r.delist_reason}" if r.delisted_on else ""),
)
MEMBER_STATUSES = (PoliticalStatus.FULL_MEMBER, PoliticalStatus.PROBATIONARY)  # who wears the mark
POST_WIDTHS = (96, 200, 190, 280, 48, 90)  # the last column (摘牌) takes the rest
WEARER_COLUMNS = (
    Column(N_("姓名"), lambda w: w.name),
    Column(N_("政治面貌"), lambda w: _(w.party_status)),
    Column(N_("所在支部"), lambda w: w.branch_name),
    Column(N_("岗位/队名"), lambda w: w.post_name),
    Column(N_("类别"), lambda w: _(w.kind)),
    Column(N_("角色"), lambda w: _(w.role)),
    Column(N_("挂牌"), lambda w: w.listed_on.isoformat()),
)


# A kind's short name in the figures line, where "党员" before every kind goes without saying (stored kinds are the
# PostKind values; one stored by a newer version is shown whole).
SHORT_KINDS = {
    PostKind.MODEL.value: N_("示范岗"),
    PostKind.VANGUARD.value: N_("先锋岗"),
    PostKind.COMMANDO.value: N_("突击队"),
    PostKind.SAFETY.value: N_("安全监督岗"),
}


def figures_text(f: posts.PostFigures) -> str:
    kinds = join_list(
        _("{kind}{n}个").format(kind=_(SHORT_KINDS.get(k, k)), n=n) for k, n in f.by_kind.items() if n
    )
    share = "—" if f.front_line_share is None else f"{f.front_line_share * 100:.1f}%"
    return _("挂牌{posts}个（{kinds}），在岗党员{members}名、职工{workers}名；一线党员{front}名，上岗率{share}").format(
        posts=f.posts,
        kinds=kinds or "—",
        members=f.members_on_posts,
        workers=f.workers_on_posts,
        front=f.front_line_members,
        share=share,
    )


class _UnitPosts(list[Any]):
    """The rows a worker thread read for a unit (filtered, as the list shows them) with what the tab keeps: every
    post of the unit, their figures, and which request asked (an older read finishing late is not kept)."""

    def __init__(
        self, shown: list[Any], unit_id: str | None, rows: list[posts.PostRow], figures: posts.PostFigures, asked: int
    ) -> None:
        super().__init__(shown)
        self.unit_id, self.rows, self.figures, self.asked = unit_id, rows, figures, asked


class PostsTab(QWidget):
    @staticmethod
    def title() -> str:
        return _("亮明身份")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today or date.today()
        self._task: BackgroundTask | None = None
        self._rows: list[posts.PostRow] = []
        self._loaded_unit: object = object()  # the unit whose posts are in _rows; filters work on them in memory
        self._loads = 0
        self._rows_asked = 0  # unit reads asked for: the figures line waits for the newest
        self.last_pdf: bytes | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("搜索岗位、队名、单位或成员"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(_("全部类别"), "")
        for kind in PostKind:
            self.kind_filter.addItem(_(kind.value), kind.value)
        self.panel = RegisterPanel(
            POST_COLUMNS,
            self._load,
            self._dialog,
            lambda row: posts.delete_post(ctx.store, row.id),
            self._summary,
            _("还没有党员示范岗、先锋岗或突击队 — 点击“新建”设岗挂牌，再打印标牌"),
            [],
            self,
            store=ctx.store,
            background=True,
        )
        self.panel.rows_shown.connect(self._take_unit_posts)
        # Fixed widths, never measured: measuring the first rows took ~30 ms of the tab's first showing (and every
        # refresh cost more than the filter itself), for columns that hold the same kind of text in every unit.
        self.panel.size_columns_once, self.panel._sized = True, True
        set_column_widths(self.panel.table, POST_WIDTHS, {0: [_(kind.value) for kind in PostKind]})
        with QSignalBlocker(self.panel.year_combo):  # not a year here: hung now, or every post ever hung
            self.panel.year_combo.setItemText(0, _("全部（含已摘牌）"))
            self.panel.year_combo.addItem(_("当前挂牌"), HUNG_NOW)
            self.panel.year_combo.setCurrentIndex(1)
        self.scheme = QComboBox(self)
        for label, value in SCHEMES:
            self.scheme.addItem(_(label), value)
        self.paper = QComboBox(self)
        for label, value in PAPERS:
            self.paper.addItem(_(label), value)
        self.print_button = QPushButton(_("打印标牌…"), self)
        self.print_button.setToolTip(_("选中一个岗位预览并打印标牌，标题随类别（Ctrl+P）"))
        self.print_button.clicked.connect(self.print_current)
        self.export_button = QPushButton(_("导出Excel"), self)
        self.export_button.clicked.connect(lambda: self.export())
        self.panel.toolbar.insertWidget(0, self.search, 2)
        self.panel.toolbar.insertWidget(1, self.kind_filter)
        for widget in (self.scheme, self.paper, self.print_button, self.export_button):  # the rarer fold first
            self.panel.toolbar.addWidget(widget)
        self.panel.toolbar.fold_together(self.print_button, self.scheme, self.paper)
        self.panel.enable_history("identity_post", lambda row: row.name)
        self.panel.history_restored.connect(lambda: ctx.data_changed.changed.emit("registers"))  # re-reads the unit
        self.figures = QLabel(self)
        self.figures.setProperty("role", "muted")
        self.figures.setWordWrap(True)

        self.wearer_model = RowsModel(WEARER_COLUMNS, self)
        self.wearer_table = QTableView(self)
        self.wearer_table.setModel(self.wearer_model)
        self.wearer_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.wearer_table.verticalHeader().hide()
        self.wearer_table.verticalHeader().setDefaultSectionSize(26)  # as the posts list beside it
        self.wearer_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.wearer_table.horizontalHeader().setStretchLastSection(True)
        # fixed (measuring 6,000 rows took 0.9 s), widened for the longest term in the language shown
        set_column_widths(
            self.wearer_table,
            (70, 80, 190, 280, 120, 60),
            {1: [_(s.value) for s in MEMBER_STATUSES], 4: [_(k.value) for k in PostKind], 5: [_(r.value) for r in PostRole]},
        )
        self._wearers_for = -1  # the load (_loads) whose wearers are shown; filled when the page is shown
        self.wearer_summary = ElidedLabel(self)
        self.wearer_summary.setProperty("role", "muted")
        self.wearer_export = QPushButton(_("导出佩戴名单"), self)
        self.wearer_export.clicked.connect(lambda: self.export_wearers())
        wearer_page = QWidget(self)
        bar = ToolbarRow()  # the export folds into 更多 when narrow, as in every tab's row
        bar.addWidget(self.wearer_summary, 1)
        bar.addWidget(self.wearer_export)
        inner = QVBoxLayout(wearer_page)
        inner.addLayout(bar)
        inner.addWidget(self.wearer_table)

        post_page = QWidget(self)
        post_layout = QVBoxLayout(post_page)
        post_layout.setContentsMargins(0, 0, 0, 0)
        post_layout.addWidget(self.panel)
        post_layout.addWidget(self.figures)  # under the list, as wide as the tab: two lines when narrow
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.pages.addTab(post_page, _("岗位与突击队"))
        self.pages.addTab(wearer_page, _("党员标志佩戴名单"))
        self.pages.currentChanged.connect(lambda _i: self._show_wearers())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.panel.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.panel.refresh())
        ctx.data_changed.changed.connect(self._on_data_changed)

    def _on_data_changed(self, area: str) -> None:
        if area in ("roster", "org", "sync", "registers"):
            self._loaded_unit = object()
            self.panel.refresh()

    def _load(self, unit_id: str | None, year: int | None) -> list[Any] | Callable[[], list[Any]]:
        """The filters are read here, on the GUI thread. A unit's posts and their figures (~400 posts with ~2,500
        members for the group: ~150 ms) are read on a worker thread, once per unit; the filters then work on them in
        memory (a millisecond: here, see RegisterPanel)."""
        store, today = self._ctx.store, self.today
        text, kind = self.search.text(), self.kind_filter.currentData() or None
        hung_on = today if year == HUNG_NOW else None
        if self._loaded_unit == unit_id:
            return posts.filter_posts(self._rows, text, kind, hung_on)
        self._rows_asked += 1
        asked = self._rows_asked

        def job() -> list[Any]:
            rows = posts.list_posts(store, unit_id)
            figures = posts.figures(store, unit_id, today, rows)
            return _UnitPosts(posts.filter_posts(rows, text, kind, hung_on), unit_id, rows, figures, asked)

        return job

    def _take_unit_posts(self, shown: object) -> None:
        """A unit's posts read on the worker thread: kept for the filters, their figures shown."""
        if not isinstance(shown, _UnitPosts) or shown.asked != self._rows_asked:
            return
        self._rows = shown.rows
        self._loaded_unit = shown.unit_id
        self._loads += 1
        self.figures.setText(figures_text(shown.figures))
        self._show_wearers()

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the newest request's posts are shown."""
        self.panel.wait_idle(msecs)

    def _show_wearers(self) -> None:
        """The wearers list of the loaded unit, built when its page is on screen."""
        if self.pages.currentIndex() != 1 or self._wearers_for == self._loads:
            return
        self._wearers_for = self._loads
        worn = posts.wearers(self._ctx.store, self.panel.unit_id, self.today, self._rows)
        self.wearer_model.set_rows(worn)
        self.wearer_summary.setText(
            _("佩戴党员标志{n}人次，{people}名党员").format(
                n=len(worn), people=len({(w.name, w.branch_name) for w in worn})
            )
        )

    @staticmethod
    def _summary(rows: list[Any]) -> str:
        return _("岗位{n}个，成员{people}名").format(n=len(rows), people=sum(len(r.members) for r in rows))

    def _dialog(self, row: Any | None) -> bool:
        store = self._ctx.store
        existing = posts.get_post(store, row.id) if row else None
        dialog = PostDialog(store, unit_choices(store, None), existing, self.panel.unit_id, self, self.today)
        if row is not None:
            protect(dialog, store, row.owner_unit_id)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._loaded_unit = object()
            self._ctx.data_changed.changed.emit("registers")
            return True
        return False

    def set_unit(self, unit_id: str | None) -> None:
        self.panel.set_unit(unit_id)

    def new_record(self) -> None:
        self.panel.new_record()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def print_current(self) -> None:
        rows = self.panel.selected_rows()
        if len(rows) != 1:
            QMessageBox.information(self, _("打印标牌"), _("请先在列表中选中一个岗位"))
            return
        from jiaomei_desktop.ui.print_preview import render_in_background  # Qt PDF and printing: ~13 ms to import

        scheme, paper, store, row = self.scheme.currentData(), self.paper.currentData(), self._ctx.store, rows[0]
        self._task = render_in_background(
            self, _("正在生成标牌"), lambda _report: posts.render_post_placard(store, row.id, scheme, paper)
        )
        self._task.done.connect(lambda pdf: self._preview(pdf, row))
        self._task.error.connect(self._failed)

    def _preview(self, pdf: bytes, row: Any) -> None:
        from jiaomei_desktop.ui.print_preview import show_preview

        self.last_pdf = pdf
        title = _("{kind}标牌 — {name}").format(kind=_(row.kind), name=row.name)
        preview = show_preview(self, pdf, title, _("{kind}标牌_{name}.pdf").format(kind=_(row.kind), name=row.name))
        if preview.page_count() > 1:
            preview.set_note(
                _("内容较多：为保证3米外可读（字高不小于10毫米），承诺分到了后面的标牌上，共{n}块。").format(
                    n=preview.page_count()
                )
            )

    def _failed(self, exc: object) -> None:
        if is_cancel(exc):
            return
        if is_expected(exc):
            QMessageBox.warning(self, _("无法生成标牌"), failure_text(exc))  # type: ignore[arg-type]
        else:
            report_bug(exc)  # type: ignore[arg-type]

    def export(self, path: Path | None = None) -> int | None:
        return self._export(path, _("亮明身份.xlsx"), lambda p: posts.export_posts(self.panel.model.rows(), p))

    def export_wearers(self, path: Path | None = None) -> int | None:
        return self._export(
            path, _("党员标志佩戴名单.xlsx"), lambda p: posts.export_wearers(self.wearer_model.rows(), p)
        )

    def _export(self, path: Path | None, default: str, write: Callable[[Path], int]) -> int | None:
        return export_xlsx(self, _("导出Excel"), default, path, write)


class PostDialog(RegisterDialog):
    """A post and its people: roster people found by name (any worker for a 突击队), or a worker typed in by name;
    the first one marked 负责人 leads. Checked as the user types (services.posts.check_post)."""

    def __init__(
        self,
        store: Store,
        units: list[tuple[str, str]],
        existing: posts.PostData | None = None,
        default_unit: str | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(store, _("修改亮明身份岗位") if existing else _("新建亮明身份岗位"), parent)
        self.existing, self.today = existing, today or date.today()
        e = existing
        self.kind = self.add_field(
            "kind",
            _("类别"),
            _combo(self, [(k.value, _(k.value)) for k in PostKind], e.kind if e else PostKind.MODEL.value),
        )
        self.name = self.add_field("name", _("岗位或队名"), QLineEdit(e.name if e else "", self))
        self.unit = self.add_field(
            "unit_id", _("单位"), searchable_units(_combo(self, units, e.unit_id if e else default_unit))
        )
        self.place = self.add_field("place", _("地点"), QLineEdit(e.place or "" if e else "", self))
        self.picker = self.add_field("members", _("成员"), MemberPicker(
            store, posts.PostMemberData, PostRole.LEAD.value, PostRole.MEMBER.value, _("设为负责人"),
            _("未在花名册的职工姓名（仅突击队）"), _("添加职工"), self))
        self.picker.changed.connect(self._timer.start)
        # the picker's parts, as tests and callers knew them on the dialog
        self.members, self.finder, self.typed = self.picker.members, self.picker.finder, self.picker.typed
        self.add_found, self.add_typed, self.make_lead = self.picker.add_found, self.picker.add_typed, self.picker.make_lead
        self.remove_current, self.member_lines = self.picker.remove_current, self.picker.lines
        for m in e.members if e else ():
            self.picker.add(m)
        self.duties = self.add_field("duties", _("职责（每行一条）"), QPlainTextEdit(e.duties or "" if e else "", self))
        self.pledge = self.add_field("pledge", _("承诺（每行一条）"), QPlainTextEdit(e.pledge or "" if e else "", self))
        for box in (self.duties, self.pledge):
            box.setMaximumHeight(70)
        self.listed = self.add_field(
            "listed_on", _("挂牌日期"), _date_edit(e.listed_on if e and e.listed_on else self.today, self)
        )
        self.has_end = QPushButton(_("摘牌…"), self)
        self.has_end.setCheckable(True)
        self.has_end.setChecked(bool(e and e.delisted_on))
        self.form.addRow("", self.has_end)
        self.delisted = self.add_field(
            "delisted_on", _("摘牌日期"), _date_edit(e.delisted_on if e and e.delisted_on else self.today, self)
        )
        self.reason = self.add_field(
            "delist_reason", _("摘牌原因"), QLineEdit(e.delist_reason or "" if e else "", self)
        )
        self.has_end.toggled.connect(self._end_toggled)
        self._end_toggled(self.has_end.isChecked())
        self.validate()

    def _end_toggled(self, on: bool) -> None:
        self.delisted.setEnabled(on)
        self.reason.setEnabled(on)
        self._timer.start()

    def data(self) -> posts.PostData:
        ended = self.has_end.isChecked()
        return posts.PostData(
            kind=self.kind.currentData() or "",
            name=self.name.text(),
            unit_id=self.unit.currentData(),
            listed_on=_pydate(self.listed),
            members=self.member_lines(),
            place=self.place.text(),
            duties=self.duties.toPlainText(),
            pledge=self.pledge.toPlainText(),
            delisted_on=_pydate(self.delisted) if ended else None,
            delist_reason=self.reason.text() if ended else None,
            id=self.existing.id if self.existing else None,
        )

    def check(self, data: posts.PostData) -> dict[str, str]:
        return posts.check_post(self.store, data)

    def write(self, data: posts.PostData) -> str:
        return posts.save_post(self.store, data)


def _date_edit(value: date, parent: QWidget) -> QDateEdit:
    edit = QDateEdit(_qdate(value), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
