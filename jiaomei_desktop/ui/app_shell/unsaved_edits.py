"""Unsaved edits: the main window asks before closing over a dialog with unsaved edits, and the person form is
saved as a draft every few seconds so a crash or power cut does not lose what was typed.

Convention: a dialog with a form provides `is_dirty() -> bool` (the person form does). The draft keeper knows the
person form (PersonFormDialog) and stores `person_data()` as JSON in `drafts/` beside the store, removing it when
the dialog closes normally; on the next start a left-over draft is offered back.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.i18n import _, join_list
from jiaomei_desktop.ui.context import AppContext

log = logging.getLogger(__name__)

DRAFT_INTERVAL_MS = 5_000
DRAFTS_DIR = "drafts"
PERSON_FORM_ORDER = ("name", "gender", "ethnicity", "id_number", "birth_date", "education", "phone",
                     "political_status", "join_date", "full_member_date", "branch_id", "party_group_id",
                     "post", "trade", "position", "title", "skill_grade", "work_start_date", "development_stage",
                     "application_date", "activist_date", "target_date", "notes")


def dirty_dialogs() -> list[QWidget]:
    found = []
    for widget in QApplication.topLevelWidgets():
        is_dirty = getattr(widget, "is_dirty", None)
        if widget.isVisible() and callable(is_dirty):
            try:
                if is_dirty():
                    found.append(widget)
            except RuntimeError:  # a half-deleted dialog
                continue
    return found


class CloseGuard(QObject):
    """Event filter on the main window: closing it over unsaved edits asks first."""

    def __init__(self, window: QMainWindow, on_discard: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        window.installEventFilter(self)
        self.ask = self._ask
        self._on_discard = on_discard

    def _ask(self, dialogs: list[QWidget]) -> bool:
        names = join_list(dict.fromkeys(d.windowTitle() for d in dialogs))
        answer = QMessageBox.question(
            self.parent(), _("有未保存的修改"),
            _("“{names}”中有未保存的修改。\n仍要退出吗？（选“否”回到窗口去保存）").format(names=names))
        return answer == QMessageBox.StandardButton.Yes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.parent():
            dialogs = dirty_dialogs()
            if dialogs and not self.ask(dialogs):
                event.ignore()
                return True
            if dialogs and self._on_discard is not None:  # leaving on purpose: no draft to offer next time
                self._on_discard()
        return False


# -- person form drafts ------------------------------------------------------------------------------------------
def _to_json(data: PersonData) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in asdict(data).items():
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        out[key] = value
    return out


def _from_json(raw: dict[str, Any]) -> PersonData:
    values: dict[str, Any] = {}
    defaults = PersonData(name="", branch_id="")
    if "development_stage" not in raw and isinstance(raw.get("political_status"), str):
        # a draft saved before 发展阶段 had its own field (revision 0018): read as that migration reads a store
        from jiaomei_desktop.domain.development import split_legacy_status

        status, stage = split_legacy_status(raw["political_status"], raw.get("position"), raw.get("notes"))
        raw = {**raw, "political_status": status, "development_stage": stage.value if stage else None}
    for f in fields(PersonData):
        if f.name not in raw:
            continue
        value = raw[f.name]
        default = getattr(defaults, f.name)
        if value is not None and f.name.endswith("_date"):
            value = date.fromisoformat(value)
        elif value is not None and f.name == "gender":
            from jiaomei_desktop.domain.enums import Gender

            value = Gender(value)
        elif value is not None and f.name == "development_stage":
            from jiaomei_desktop.domain.enums import DevelopmentStage

            value = DevelopmentStage(value)
        elif value is not None and isinstance(default, Enum):
            value = type(default)(value)
        values[f.name] = value
    return PersonData(**values)


def save_person_draft(folder: Path, dialog: QWidget) -> Path | None:
    try:
        data, _errors = dialog.person_data()  # type: ignore[attr-defined]
    except (ValueError, KeyError):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"person-{data.id or 'new'}.json"
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps({"kind": "person", "data": _to_json(data)}, ensure_ascii=False), encoding="utf-8")
    temp.replace(path)
    return path


def load_drafts(folder: Path) -> list[tuple[Path, PersonData]]:
    drafts = []
    for path in sorted(folder.glob("person-*.json")) if folder.is_dir() else []:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            drafts.append((path, _from_json(raw["data"])))
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("unreadable draft %s removed", path.name)
            path.unlink(missing_ok=True)
    return drafts


def apply_person_form_tab_order(dialog: QWidget) -> None:
    """Tab follows the form top to bottom, group by group (Qt's default follows creation order)."""
    fields_ = getattr(dialog, "_fields", None)
    if not isinstance(fields_, dict):
        return
    chain = [fields_[name] for name in PERSON_FORM_ORDER if name in fields_]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


class FormWatcher(QObject):
    """Application event filter: sees each person form when it is shown; orders its tab chain, and keeps a draft
    of it while it has unsaved edits."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.folder = ctx.store.data_dir / DRAFTS_DIR
        self._forms: list[QWidget] = []
        self._timer = QTimer(self)
        self._timer.setInterval(DRAFT_INTERVAL_MS)
        self._timer.timeout.connect(self.save_drafts)
        self._timer.start()
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and _is_person_form(watched) and watched not in self._forms:
            self._track(watched)  # type: ignore[arg-type]
        return False

    def _track(self, dialog: QWidget) -> None:
        apply_person_form_tab_order(dialog)
        self._forms.append(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))  # type: ignore[attr-defined]
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self._drop(d))

    def _drop(self, dialog: QWidget) -> None:
        if dialog in self._forms:
            self._forms.remove(dialog)

    def _forget(self, dialog: QWidget) -> None:
        """Closed on purpose (saved or discarded): its draft goes."""
        path = self._draft_path(dialog)
        if path is not None:
            path.unlink(missing_ok=True)
        self._drop(dialog)

    def _draft_path(self, dialog: QWidget) -> Path | None:
        person = getattr(dialog, "_person", None)
        return self.folder / f"person-{person.id if person is not None and person.id else 'new'}.json"

    def save_drafts(self) -> list[Path]:
        saved = []
        for dialog in list(self._forms):
            try:
                if dialog.isVisible() and dialog.is_dirty():  # type: ignore[attr-defined]
                    path = save_person_draft(self.folder, dialog)
                    if path:
                        saved.append(path)
            except RuntimeError:
                self._drop(dialog)
            except OSError:
                log.warning("could not save a draft", exc_info=True)
        return saved

    def offer_drafts(self, parent: QWidget) -> list[QWidget]:
        """At start: a draft left by a crash is offered back. Returns the forms opened."""
        opened: list[QWidget] = []
        for path, data in load_drafts(self.folder):
            label = data.name or _("（未填姓名）")
            answer = QMessageBox.question(
                parent, _("恢复未保存的内容"),
                _("上次关闭时，人员“{name}”的信息还没有保存。要恢复这些内容继续编辑吗？\n选“否”将丢弃它。").format(
                    name=label))
            if answer == QMessageBox.StandardButton.Yes:
                opened.append(self.open_draft(parent, data))
            path.unlink(missing_ok=True)
        return opened

    def open_draft(self, parent: QWidget, data: PersonData) -> QWidget:
        from jiaomei_desktop.ui.roster.person_form import PersonFormDialog

        dialog = PersonFormDialog(self._ctx, data, default_branch_id=data.branch_id, parent=parent)
        dialog.setWindowTitle(_("恢复未保存的内容") + " — " + (data.name or _("新建人员")))
        # The form compares with what it was opened with; a recovered draft is unsaved work by definition.
        dialog._initial = ()  # type: ignore[attr-defined]
        dialog.saved.connect(lambda _pid: self._ctx.data_changed.changed.emit("roster"))
        dialog.open()
        return dialog

    def discard_all(self) -> None:
        for dialog in list(self._forms):
            self._forget(dialog)

    def shutdown(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def _is_person_form(obj: QObject) -> bool:
    return type(obj).__name__ == "PersonFormDialog" and hasattr(obj, "person_data")
