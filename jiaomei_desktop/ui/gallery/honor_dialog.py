"""The honour editor: who (a person or a unit), what (title, category, level, body, date), deeds and a photo.

Validates as the user types (services.honors.check_honor) and shows each message under its field. A chosen photo is
checked and stored by services.photos in a background task; a refused file is explained in a red line under the
picture and nothing is kept.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.honor import LEVELS, HonorData
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import honors, org, photos
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.gallery.thumbnails import ThumbnailLoader
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.tasks import BackgroundTask, Op, failure_text
from jiaomei_desktop.ui.widgets import DateLineEdit, FieldWithError

PREVIEW = QSize(150, 200)
PHOTO_FILTER = N_("图片 (*.jpg *.jpeg *.png *.bmp *.webp);;所有文件 (*)")
CHECK_DELAY_MS = 250


class HonorDialog(QDialog):
    saved = Signal(str)  # honour id

    def __init__(self, ctx: AppContext, honour: HonorData | None = None, subject_key: str | None = None,
                 default_unit_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._honour = honour
        self._photo_sha: str | None = honour.photo_sha256 if honour else None
        self._task: BackgroundTask | None = None
        self._touched = False
        self._previews = ThumbnailLoader(ctx.store, PREVIEW, threads=1, parent=self)
        self._previews.ready.connect(self._show_photo)
        self.setWindowTitle(_("编辑荣誉") if honour and honour.id else _("新建荣誉"))
        fit_to_screen(self, 760, 640)
        self._build()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check)
        self._load(honour, subject_key, default_unit_id)
        for signal in (self.title.textChanged, self.category.currentTextChanged, self.level.currentIndexChanged,
                       self.awarding_body.textChanged, self.award_date.textChanged, self.deeds.textChanged,
                       self.person.currentIndexChanged, self.unit.currentIndexChanged, self.team.textChanged):
            signal.connect(self._changed)

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind_person = QRadioButton(_("个人"), self)
        self.kind_unit = QRadioButton(_("集体（先进集体）"), self)
        self.kind_person.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.kind_person)
        kinds.addButton(self.kind_unit)
        self.kind_person.toggled.connect(self._kind_changed)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_person)
        kind_row.addWidget(self.kind_unit)
        kind_row.addStretch(1)

        self.person_search = QLineEdit(self)
        self.person_search.setPlaceholderText(_("输入姓名或拼音首字母查找，如 wjg"))
        self.person_search.setClearButtonEnabled(True)
        self.person_search.textChanged.connect(self._search_people)
        self.person = QComboBox(self)
        self.person.setMinimumContentsLength(24)
        self.unit = QComboBox(self)
        self.unit.setMinimumContentsLength(24)
        self.unit.setEditable(False)
        person_box = QWidget(self)
        person_row = QHBoxLayout(person_box)
        person_row.setContentsMargins(0, 0, 0, 0)
        person_row.addWidget(self.person_search, 1)
        person_row.addWidget(self.person, 2)
        self.subject_field = FieldWithError(person_box, self)
        self.unit_field = FieldWithError(self.unit, self)
        # A 先进集体 may be a 区队 or 班组, no party unit: its name, with the party unit chosen above.
        self.team = QLineEdit(self)
        self.team.setPlaceholderText(_("区队、班组等非党组织的名称（表彰党组织本身时不填）"))

        self.title = QLineEdit(self)
        self.title.setPlaceholderText(_("如 2026年度优秀共产党员"))
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category.lineEdit().setPlaceholderText(_("可选择，也可输入新的类别"))
        self.level = QComboBox(self)
        self.level.addItem(_("请选择"), "")
        for level in LEVELS:
            self.level.addItem(_(level), level)
        self.awarding_body = QLineEdit(self)
        self.awarding_body.setPlaceholderText(_("如 焦煤集团党委"))
        self.award_date = DateLineEdit(self)
        self.award_date.setPlaceholderText(_("如 2026-06-28"))
        self.deeds = QPlainTextEdit(self)
        self.deeds.setPlaceholderText(_("主要事迹（可写几段）：安全生产、技术创新、传帮带……"))
        self.fields = {
            "title": FieldWithError(self.title, self), "category": FieldWithError(self.category, self),
            "level": FieldWithError(self.level, self), "awarding_body": FieldWithError(self.awarding_body, self),
            "award_date": FieldWithError(self.award_date, self), "deeds": FieldWithError(self.deeds, self),
        }
        form = QFormLayout()
        form.addRow(_("获奖对象"), kind_row)
        form.addRow(_("人员"), self.subject_field)
        form.addRow(_("集体"), self.unit_field)
        form.addRow(_("集体名称"), self.team)
        form.addRow(_("荣誉称号"), self.fields["title"])
        form.addRow(_("类别"), self.fields["category"])
        form.addRow(_("级别"), self.fields["level"])
        form.addRow(_("授予单位"), self.fields["awarding_body"])
        form.addRow(_("获奖日期"), self.fields["award_date"])
        form.addRow(_("主要事迹"), self.fields["deeds"])
        self._form = form

        self.photo_label = QLabel(self)
        self.photo_label.setFixedSize(PREVIEW)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_button = QPushButton(_("选择照片…"), self)
        self.photo_button.clicked.connect(self.choose_photo)
        self.remove_photo_button = QPushButton(_("移除照片"), self)
        self.remove_photo_button.clicked.connect(lambda: self._set_photo(None))
        self.photo_error = QLabel(self)
        self.photo_error.setProperty("role", "error")
        self.photo_error.setWordWrap(True)
        self.photo_error.setMaximumWidth(PREVIEW.width() + 40)
        self.photo_error.hide()
        hint = QLabel(_("JPEG、PNG、BMP、WebP\n大图会自动缩小"), self)
        hint.setProperty("role", "muted")
        photo_col = QVBoxLayout()
        photo_col.addWidget(self.photo_label)
        photo_col.addWidget(self.photo_button)
        photo_col.addWidget(self.remove_photo_button)
        photo_col.addWidget(hint)
        photo_col.addWidget(self.photo_error)
        photo_col.addStretch(1)

        body = QHBoxLayout()
        body.addLayout(form, 1)
        body.addLayout(photo_col)
        # What a careful clerk looks at twice but may keep (a 预备党员 named 优秀共产党员): shown, never blocking.
        self.warning = QLabel(self)
        self.warning.setProperty("role", "muted")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.general_error = QLabel(self)
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    # -- loading -----------------------------------------------------------------------------------------------
    def _load(self, honour: HonorData | None, subject_key: str | None, default_unit_id: str | None) -> None:
        self._fill_units(default_unit_id)
        person_id = honour.person_id if honour else None
        unit_id = honour.unit_id if honour else None
        if subject_key and not honour:
            kind, subject_id = honors.split_key(subject_key)
            person_id, unit_id = (subject_id, None) if kind == honors.PERSON else (None, subject_id)
        if unit_id:
            self.kind_unit.setChecked(True)
            self.unit.setCurrentIndex(max(0, self.unit.findData(unit_id)))
        if person_id:
            choice = honors.person_choice(self._ctx.store, person_id)
            if choice:
                self.person.addItem(_("{name}（{unit}）").format(name=choice.name, unit=choice.unit_name), choice.id)
        self._kind_changed()
        if honour:
            self.title.setText(honour.title)
            self.category.setCurrentText(_(honour.category))
            self.level.setCurrentIndex(max(0, self.level.findData(honour.level)))
            self.awarding_body.setText(honour.awarding_body or "")
            self.award_date.set_date(honour.award_date)
            self.deeds.setPlainText(honour.deeds or "")
            self.team.setText(honour.collective_name or "")
        self._show_photo()

    def _fill_units(self, default_unit_id: str | None) -> None:
        units = [u for u in org.list_units(self._ctx.store) if u.kind != UnitKind.PARTY_GROUP]
        by_id = {u.id: u for u in units}
        for unit in units:
            parent = by_id.get(unit.parent_id or "")
            label = f"{parent.name} / {unit.name}" if parent else unit.name
            self.unit.addItem(label, unit.id)
        if default_unit_id:
            self.unit.setCurrentIndex(max(0, self.unit.findData(default_unit_id)))

    def _kind_changed(self, _checked: bool = True) -> None:
        is_person = self.kind_person.isChecked()
        self._form.setRowVisible(1, is_person)
        self._form.setRowVisible(2, not is_person)
        self._form.setRowVisible(3, not is_person)
        current = self.category.currentText()
        self.category.blockSignals(True)
        self.category.clear()
        for category in honors.categories(self._ctx.store, for_units=not is_person):
            self.category.addItem(_(category), category)  # shown in the UI language, stored as the Chinese term
        self.category.setCurrentText(current if current else "")
        if not current:
            self.category.setCurrentIndex(-1)
        self.category.blockSignals(False)
        self._changed()

    def _search_people(self, text: str) -> None:
        self.person.clear()
        for choice in honors.find_people(self._ctx.store, text):
            details = f"{choice.unit_name} · {choice.post}" if choice.post else choice.unit_name
            self.person.addItem(_("{name}（{details}）").format(name=choice.name, details=details), choice.id)

    # -- the photo ---------------------------------------------------------------------------------------------
    def choose_photo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("选择照片"), "", _(PHOTO_FILTER))
        if path:
            self.add_photo_file(Path(path))

    def add_photo_file(self, path: Path) -> BackgroundTask:
        """Check and store the picture off the GUI thread (a phone photo takes a moment to scale)."""
        self.photo_button.setEnabled(False)
        self.photo_error.hide()
        store = self._ctx.store

        def job(_progress: object) -> photos.PhotoInfo:
            info = photos.add_photo_file(store, path)
            photos.ensure_thumbnail(store, info.sha256)  # the preview then only reads a small file
            return info

        self._task = (Op(self, job)
                      .with_progress(_("正在处理照片…"))
                      .success(lambda info: self._set_photo(info.sha256))
                      .failure(self._photo_failed)
                      .finally_(lambda: self.photo_button.setEnabled(True))
                      .run())
        return self._task

    def _photo_failed(self, exc: BaseException) -> None:
        self.photo_error.setText(_("照片无法处理：{error}").format(error=failure_text(exc))
                                 if not isinstance(exc, ServiceError) else str(exc))
        self.photo_error.show()

    def _set_photo(self, sha: str | None) -> None:
        self.photo_button.setEnabled(True)
        self._photo_sha = sha
        self._show_photo()
        self._changed()

    def _show_photo(self, _sha: str = "") -> None:
        """The preview comes from the thumbnail loader (worker thread); the placeholder shows until it is ready."""
        self.remove_photo_button.setEnabled(bool(self._photo_sha))
        pixmap = self._previews.pixmap(self._photo_sha) if self._photo_sha else None
        self.photo_label.setPixmap(pixmap if pixmap is not None else self._previews.placeholder)

    @property
    def photo_sha256(self) -> str | None:
        return self._photo_sha

    # -- checking and saving -----------------------------------------------------------------------------------
    def _category(self) -> str:
        """A listed category as its stored term (the list shows it translated); a new one as typed."""
        text = self.category.currentText().strip()
        index = self.category.findText(text)
        return str(self.category.itemData(index) or text) if index >= 0 else text

    def data(self) -> tuple[HonorData, dict[str, str]]:
        when, date_error = self.award_date.parsed()
        is_person = self.kind_person.isChecked()
        data = HonorData(
            id=self._honour.id if self._honour else None,
            person_id=self.person.currentData() if is_person else None,
            unit_id=self.unit.currentData() if not is_person else None,
            title=self.title.text(), category=self._category(), level=self.level.currentData() or "",
            awarding_body=self.awarding_body.text(), award_date=when, deeds=self.deeds.toPlainText(),
            photo_sha256=self._photo_sha, collective_name=self.team.text() if not is_person else None)
        return data, ({"award_date": date_error} if date_error else {})

    def _changed(self, *_args: object) -> None:
        self._touched = True
        self._check_timer.start()

    def check(self, today: date | None = None) -> dict[str, str]:
        data, errors = self.data()
        found = honors.check_honor(self._ctx.store, data, today)
        found.update(errors)
        warnings = honors.honor_warnings(self._ctx.store, data) if not found else []
        self.warning.setText(_("注意：") + _("；").join(warnings) if warnings else "")
        self.warning.setVisible(bool(warnings))
        if not self._touched:
            return found
        self._show_errors(found, only_filled=True)
        return found

    def _show_errors(self, errors: dict[str, str], only_filled: bool = False) -> None:
        data, _errors = self.data()
        for name, field in self.fields.items():
            message = errors.get(name)
            if only_filled and name in ("title", "level", "award_date", "category") and not _filled(data, name):
                message = None  # don't scold empty fields while the user is still filling the form in
            field.set_error(message)
        subject_message = errors.get("subject")
        if only_filled and self.kind_person.isChecked() and not self.person_search.text().strip():
            subject_message = None  # not looked for anyone yet
        self.subject_field.set_error(subject_message if self.kind_person.isChecked() else None)
        self.unit_field.set_error(subject_message if not self.kind_person.isChecked() else None)
        photo = errors.get("photo")
        self.photo_error.setText(photo or "")
        self.photo_error.setVisible(bool(photo))

    def save(self, today: date | None = None) -> str | None:
        data, errors = self.data()
        if errors:
            self._show_errors(errors)
            return None
        try:
            honour_id = honors.save_honor(self._ctx.store, data, today)
        except ValidationFailed as exc:
            self._show_errors(exc.errors)
            self.general_error.setText(_("请先改正标红的项目：") + str(exc))
            self.general_error.show()
            return None
        except ServiceError as exc:
            self.general_error.setText(str(exc))
            self.general_error.show()
            return None
        self.saved.emit(honour_id)
        self.accept()
        return honour_id

    def done(self, result: int) -> None:
        if self._task is not None:
            self._task.wait()
        self._previews.shutdown()
        super().done(result)


def _filled(data: HonorData, name: str) -> bool:
    value = getattr(data, name)
    return bool(value.strip()) if isinstance(value, str) else value is not None
