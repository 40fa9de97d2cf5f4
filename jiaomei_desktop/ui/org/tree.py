"""The organisation tree on the left: units with member counts; picking one filters every tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QMenu, QMessageBox, QTreeView, QVBoxLayout, QWidget

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import org
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.org.unit_dialog import MoveUnitDialog, UnitDialog
from jiaomei_desktop.ui.tasks import Latest, Op

if TYPE_CHECKING:
    from jiaomei_desktop.ui.org.committee_dialog import CommitteeDialog

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
UNIT_KIND_ROLE = Qt.ItemDataRole.UserRole + 2


class OrgTreePanel(QWidget):
    """Tree of units. Emits nothing itself: it sets `ctx.selection`, which the tabs listen to."""

    units_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loads = Latest(self)
        self._filter = QLineEdit(self)
        self._filter.setPlaceholderText(_("查找单位…"))
        self._filter.setClearButtonEnabled(True)
        self._filter.textChanged.connect(self._apply_filter)
        self._model = QStandardItemModel(self)
        self._view = QTreeView(self)
        self._view.setModel(self._model)
        self._view.setHeaderHidden(True)
        self._view.setUniformRowHeights(True)
        self._view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._view.customContextMenuRequested.connect(self._context_menu)
        self._view.selectionModel().currentChanged.connect(self._on_current)
        self._view.setAccessibleName(_("组织机构"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._filter)
        layout.addWidget(self._view)
        ctx.data_changed.changed.connect(self._on_data_changed)
        self.reload()

    # -- building ----------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the units and rebuild the tree at once (at start-up, when nothing else can be shown yet)."""
        self._rebuild(org.unit_tree(self._ctx.store))

    def reload_soon(self) -> None:
        """After a write: the units with their member counts (~1,100 units at group scale, 100–250 ms) are read on a
        worker thread, and the tree rebuilt when they are ready; the newest request wins."""
        store = self._ctx.store
        self._loads.run_soon(lambda: Op(self, lambda _progress: org.unit_tree(store)).success(self._rebuild))

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until a pending rebuild is done."""
        self._loads.wait(msecs)

    def _rebuild(self, nodes: list[org.UnitNode]) -> None:
        current = self._ctx.selection.unit_id  # read now: a write may have chosen the unit to show meanwhile
        expanded = self._expanded_ids()
        # Rebuilding is not a click: with the selection's signals held, clearing the model does not announce "no
        # unit" to every tab (which then reloaded everything, and again for the unit re-selected below — seconds at
        # group scale after each import or edit).
        selection = self._view.selectionModel()
        held = selection.blockSignals(True)
        try:
            self._model.clear()
            for node in nodes:
                self._model.appendRow(self._item(node))
            if not expanded:
                self._view.expandToDepth(0)
            else:
                self._restore_expanded(expanded)
        finally:
            selection.blockSignals(held)
        if not self.select_unit(current):  # the unit went away (moved to another office, deleted)
            self.select_unit(self._first_unit_id())
            if self._first_unit_id() is None:
                self._ctx.selection.set(None)

    def _item(self, node: org.UnitNode) -> QStandardItem:
        unit = node.unit
        text = _("{name}（{count}）").format(name=unit.name, count=node.member_count) if node.member_count else unit.name
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(unit.id, UNIT_ID_ROLE)
        item.setData(unit.kind.value, UNIT_KIND_ROLE)
        code, members = _("代码"), _("党员")  # outside the f-string, where the catalogue extractor finds them
        item.setToolTip(f"{_(unit.kind.value)} · {code} {unit.code} · {members} {node.member_count}")
        for child in node.children:
            if child.unit.kind is not UnitKind.PARTY_GROUP:
                item.appendRow(self._item(child))
        return item

    def _first_unit_id(self) -> str | None:
        root = self._model.item(0)
        return root.data(UNIT_ID_ROLE) if root else None

    def _iter_items(self, parent: QStandardItem | None = None):  # type: ignore[no-untyped-def]
        parent = parent or self._model.invisibleRootItem()
        for row in range(parent.rowCount()):
            child = parent.child(row)
            yield child
            yield from self._iter_items(child)

    def _expanded_ids(self) -> set[str]:
        return {it.data(UNIT_ID_ROLE) for it in self._iter_items() if self._view.isExpanded(it.index())}

    def _restore_expanded(self, ids: set[str]) -> None:
        for it in self._iter_items():
            if it.data(UNIT_ID_ROLE) in ids:
                self._view.setExpanded(it.index(), True)

    def select_unit(self, unit_id: str | None) -> bool:
        for it in self._iter_items():
            if it.data(UNIT_ID_ROLE) == unit_id:
                self._view.setCurrentIndex(it.index())
                self._view.scrollTo(it.index())
                return True
        return False

    def current_unit_id(self) -> str | None:
        index = self._view.currentIndex()
        return index.data(UNIT_ID_ROLE) if index.isValid() else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._ctx.selection.set(current.data(UNIT_ID_ROLE) if current.isValid() else None)

    def _on_data_changed(self, area: str) -> None:
        if area in ("roster", "org", "sync"):
            self.reload_soon()

    def _apply_filter(self, text: str) -> None:
        text = text.strip()

        def visit(item: QStandardItem) -> bool:
            shown_child = False
            for row in range(item.rowCount()):
                shown_child = visit(item.child(row)) or shown_child
            match = not text or text in item.text() or shown_child
            if item.index().isValid():
                self._view.setRowHidden(item.row(), item.index().parent(), not match)
                if text and shown_child:
                    self._view.setExpanded(item.index(), True)
            return match

        visit(self._model.invisibleRootItem())

    # -- editing -----------------------------------------------------------------------------------------------
    def _context_menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        menu = QMenu(self)
        for action in self.unit_actions():
            menu.addAction(action)
        menu.exec(self._view.viewport().mapToGlobal(pos))

    def unit_actions(self) -> list[QAction]:
        actions = []
        for text, slot in ((_("添加下级单位…"), self.add_child), (_("修改名称和代码…"), self.rename),
                           (_("移动到…"), self.move_unit), (_("删除单位"), self.retire)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            action.setEnabled(self.current_unit_id() is not None)
            actions.append(action)
        committee = QAction(_("支部委员…"), self)
        committee.triggered.connect(self.edit_committee)
        index = self._view.currentIndex()
        committee.setEnabled(index.isValid() and index.data(UNIT_KIND_ROLE) == UnitKind.BRANCH.value)
        actions.insert(2, committee)
        return actions

    def edit_committee(self) -> CommitteeDialog | None:
        """The branch's 书记 and 委员 with their terms (only a 党支部 has them)."""
        # Imported here: the dialog pulls in the study services (~0.13 s), which the tree shown at start-up never needs.
        from jiaomei_desktop.ui.org.committee_dialog import CommitteeDialog

        index = self._view.currentIndex()
        if not index.isValid() or index.data(UNIT_KIND_ROLE) != UnitKind.BRANCH.value:
            return None
        dialog = CommitteeDialog(self._ctx, index.data(UNIT_ID_ROLE), self)
        dialog.open()
        return dialog

    def add_child(self) -> None:
        parent_id = self.current_unit_id()
        if not parent_id:
            return
        parent = org.get_unit(self._ctx.store, parent_id)
        dialog = UnitDialog(self, title=_("添加下级单位"), parent_name=parent.name, parent_kind=parent.kind)
        while dialog.exec():
            try:
                unit = org.add_unit(self._ctx.store, parent_id, dialog.code(), dialog.name(), dialog.kind())
            except ServiceError as exc:
                dialog.show_error(str(exc))
                continue
            self._changed(unit.id)
            return

    def rename(self) -> None:
        unit_id = self.current_unit_id()
        if not unit_id:
            return
        unit = org.get_unit(self._ctx.store, unit_id)
        dialog = UnitDialog(self, title=_("修改单位"), unit=unit)
        while dialog.exec():
            try:
                org.rename_unit(self._ctx.store, unit_id, dialog.name(), dialog.code())
            except ServiceError as exc:
                dialog.show_error(str(exc))
                continue
            self._changed(unit_id)
            return

    def move_unit(self) -> None:  # not move(): that would hide QWidget.move()
        unit_id = self.current_unit_id()
        if not unit_id:
            return
        unit = org.get_unit(self._ctx.store, unit_id)
        dialog = MoveUnitDialog(self, unit, org.list_units(self._ctx.store))
        while dialog.exec():
            try:
                org.move_unit(self._ctx.store, unit_id, dialog.target_id())
            except ServiceError as exc:
                dialog.show_error(str(exc))
                continue
            self._changed(unit_id)
            return

    def retire(self) -> None:
        unit_id = self.current_unit_id()
        if not unit_id:
            return
        unit = org.get_unit(self._ctx.store, unit_id)
        answer = QMessageBox.question(self, _("删除单位"), _("确定删除“{name}”及其下级单位吗？").format(name=unit.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            org.retire_unit(self._ctx.store, unit_id)
        except ServiceError as exc:
            QMessageBox.warning(self, _("不能删除"), str(exc))
            return
        self._changed(unit.parent_id)

    def _changed(self, select_id: str | None) -> None:
        self._ctx.selection.set(select_id)
        self._ctx.data_changed.changed.emit("org")
        self.units_changed.emit()
