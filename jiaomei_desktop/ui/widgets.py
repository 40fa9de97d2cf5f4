"""Small widgets shared by the forms and dialogs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.dates import DateParseError, assumed_day, format_date, parse_date
from jiaomei_desktop.i18n import DEFAULT_LANGUAGE, _, current_language


class DateLineEdit(QLineEdit):
    """A date typed the way people write it (1985-06-12, 1985.6.12, 19850612); empty is allowed. With
    `month_allowed` (the roster's dates, domain.dates.MONTH_ENOUGH) "2006.06" is taken as 2006-06-01, the same rule
    as the Excel import: the text is rewritten to that day when the field is left, and the tooltip says why."""

    def __init__(self, parent: QWidget | None = None, month_allowed: bool = False) -> None:
        super().__init__(parent)
        self.month_allowed = month_allowed
        self.setPlaceholderText(_("如 1985-06-12 或 1985.06") if month_allowed else _("如 1985-06-12"))
        self.setMaxLength(16)
        self.editingFinished.connect(self._show_assumed_day)

    def set_date(self, value: date | None) -> None:
        self.setText(format_date(value))

    def parsed(self) -> tuple[date | None, str | None]:
        """(date, None) or (None, message)."""
        try:
            result = parse_date(self.text(), self.month_allowed)
        except DateParseError as exc:
            return None, str(exc)
        return (result.value if result else None), None

    def assumed_day(self) -> str | None:
        """"未写日，按 2006-06-01 记录" while the text names only a month, else None."""
        try:
            return assumed_day(parse_date(self.text(), self.month_allowed))
        except DateParseError:
            return None

    def _show_assumed_day(self) -> None:
        note = self.assumed_day()
        if note:
            value, _error = self.parsed()
            self.setText(format_date(value))
        self.setToolTip(note or "")


class FieldWithError(QWidget):
    """An input with its own error line underneath, so each message sits next to what it is about. The line's
    space is always there: fields keep their place as messages appear and disappear."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setOpenExternalLinks(False)
        # The line is kept while hidden, so the form does not jump as messages come and go; a longer message
        # wraps onto more lines and is shown whole.
        policy = self.error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.error.setSizePolicy(policy)
        self.error.setMinimumHeight(self.error.fontMetrics().height())
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error)

    def set_error(self, message: str | None) -> None:
        invalid = bool(message)
        if self.field.property("invalid") != invalid:
            self.field.setProperty("invalid", invalid)
            self.field.style().unpolish(self.field)
            self.field.style().polish(self.field)
        self.error.setText(message or "")
        self.error.setVisible(invalid)


CELL_PADDING = 16  # the cell's margins and focus frame around its text


def set_column_widths(view: QTableView, widths: Sequence[int], words: Mapping[int, Iterable[str]] | None = None) -> None:
    """Set the widths laid out for the Chinese source text. A column listed in `words` is widened to the longest of
    them in any language ("共青团员（入党积极分子）" in 政治面貌); in another language a column is also widened where
    its header needs more (English headers and terms such as "Probationary member" are much longer than two or four
    汉字; a cut-off "In ..." says nothing)."""
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    for column, width in enumerate(widths):
        # the longest word counts in Chinese too: "共青团员（入党积极分子）" is wider than the 政治面貌 column's 100 px
        needed = max((metrics.horizontalAdvance(w) + CELL_PADDING for w in (words or {}).get(column, ())), default=0)
        if current_language() == DEFAULT_LANGUAGE:
            view.setColumnWidth(column, max(width, needed))
            continue
        view.setColumnWidth(column, max(width, header.sectionSizeHint(column), needed))


def list_table(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    """A table to read, not edit: whole rows selected, no row numbers (dialogs listing records)."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    """The single “关闭” button of a dialog that only shows things."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    box.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
    box.rejected.connect(dialog.reject)
    return box


def tab_in_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through `widgets` in this order, as the form reads, whatever order they were made in (a field built
    early for its signals, e.g. 出生日期 before 身份证号, otherwise takes Tab out of the reading order)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
