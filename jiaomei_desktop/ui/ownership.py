"""Records kept by another office, as the tabs show them: a marker naming that office next to the selected record,
and forms on such records opened for reading only. The services refuse the change anyway (services.ownership);
this only spares the user a form they cannot save."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import ownership
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.theme import WARNING_BG

VIEW_ONLY = "viewOnly"  # a button with this property set only shows things: it stays enabled on a read-only form
_CLOSING_ROLES = (QDialogButtonBox.ButtonRole.RejectRole, QDialogButtonBox.ButtonRole.NoRole)


class OwnerMarker(QLabel):
    """“由“XX党支部”维护 · 只读”, shown while the selected record is another office's; hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(f"QLabel {{ color: #7A4A00; background: {WARNING_BG}; border: 1px solid #F0C987;"
                           " border-radius: 3px; padding: 2px 8px; }")
        self.hide()

    def show_owner(self, office_name: str | None) -> None:
        self.setText(ownership.marker_text(office_name) if office_name else "")
        self.setToolTip(_("这条记录由其他单位录入和修改，同步后在本机只能查看。") if office_name else "")
        self.setVisible(bool(office_name))


def record_owner(store: Store, table: str, row_id: str | None) -> str | None:
    """The name of the office that keeps the record, or None when this office may change it."""
    return ownership.record_foreign_owner(store, table, row_id)


def row_owner(store: Store, owner_unit_id: str | None) -> str | None:
    """Like record_owner, for a row whose owner_unit_id the tab already has."""
    return ownership.foreign_owner(store, owner_unit_id)


def make_read_only(form: QWidget, office_name: str) -> OwnerMarker:
    """Turn an edit form into a view of another office's record: inputs read-only, choices and buttons disabled,
    the saving buttons hidden, “关闭” to leave, and the marker on top."""
    for widget in form.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
            widget.setReadOnly(True)
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setPlaceholderText("")  # "如 1985-06-12" invites typing
        elif isinstance(widget, QComboBox):
            widget.setEnabled(False)
        elif isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        elif isinstance(widget, QAbstractButton) and not isinstance(widget.parentWidget(), QDialogButtonBox) \
                and not widget.property(VIEW_ONLY):
            widget.setEnabled(False)
    for box in form.findChildren(QDialogButtonBox):
        for button in box.buttons():
            if box.buttonRole(button) in _CLOSING_ROLES:
                button.setText(_("关闭"))
            else:
                button.hide()
    # read-only inputs look it, so nobody types into a field that will not keep the text
    form.setStyleSheet(form.styleSheet() + "QLineEdit:read-only, QPlainTextEdit[readOnly=\"true\"],"
                       " QTextEdit[readOnly=\"true\"] { background: #F3F3F3; }")
    marker = OwnerMarker(form)
    marker.show_owner(office_name)
    layout = form.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, marker)
    elif isinstance(layout, QFormLayout):
        layout.insertRow(0, marker)
    form.setWindowTitle(_("{title}（只读）").format(title=form.windowTitle()))
    return marker


def protect(form: QWidget, store: Store, owner_unit_id: str | None) -> bool:
    """make_read_only when the row is another office's; True if it was."""
    name = row_owner(store, owner_unit_id) if owner_unit_id else None
    if name:
        make_read_only(form, name)
    return bool(name)
