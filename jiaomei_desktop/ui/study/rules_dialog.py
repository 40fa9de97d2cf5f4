"""Compliance rules of a unit (they cover its subtree) and the user-added session kinds."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.study import Period, Rule
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import org, study
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen

HEADERS = (N_("会议类型"), N_("启用"), N_("周期"), N_("每周期至少"), N_("每个党小组"), N_("规则来源"))
KIND_PROPERTY = "kind"  # the stored session kind behind the (translated) label of a row


class RulesDialog(QDialog):
    def __init__(self, ctx: AppContext, unit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._unit = org.get_unit(ctx.store, unit_id)
        self.setWindowTitle(_("组织生活制度规则设置"))
        fit_to_screen(self, 760, 460)
        intro = QLabel(_("“{unit}”及其下级单位适用以下规则。默认规则依据《中国共产党支部工作条例（试行）》，"
                         "党课每季度一次为本地做法；在此修改后，下级单位未另行设置的均按此执行。").format(unit=self._unit.name),
                       self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.kind_picker = QComboBox(self)
        add_rule = QPushButton(_("为其他类型添加规则"), self)
        add_rule.clicked.connect(self._add_rule_for_picked)
        add_kind = QPushButton(_("新增会议类型…"), self)
        add_kind.clicked.connect(self._add_kind)
        reset = QPushButton(_("恢复为上级或默认规则"), self)
        reset.clicked.connect(self._reset)
        tools = QHBoxLayout()
        tools.addWidget(self.kind_picker)
        tools.addWidget(add_rule)
        tools.addWidget(add_kind)
        tools.addStretch(1)
        tools.addWidget(reset)
        self.error_label = QLabel(self)
        self.error_label.setProperty("role", "error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(tools)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        self.table.setRowCount(0)
        for setting in study.rule_settings(self._ctx.store, self._unit.id):
            source = setting.source_unit_name or _("条例默认")
            self._add_row(setting.rule, source)
        self._fill_kind_picker()

    def _fill_kind_picker(self) -> None:
        present = set(self.kinds())
        self.kind_picker.clear()
        for kind in study.known_kinds(self._ctx.store):
            if kind not in present:
                self.kind_picker.addItem(_(kind), kind)

    def _add_row(self, rule: Rule, source: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        label = QLabel(_(rule.kind), self.table)
        label.setProperty(KIND_PROPERTY, rule.kind)
        self.table.setCellWidget(row, 0, label)
        enabled = QCheckBox(self.table)
        enabled.setChecked(rule.enabled)
        self.table.setCellWidget(row, 1, enabled)
        period = QComboBox(self.table)
        for p in Period:
            period.addItem(_(p.value), p.value)
        period.setCurrentIndex(period.findData(rule.period.value))
        self.table.setCellWidget(row, 2, period)
        count = QSpinBox(self.table)
        count.setRange(1, 31)
        count.setValue(rule.min_count)
        count.setSuffix(_(" 次"))
        self.table.setCellWidget(row, 3, count)
        per_group = QCheckBox(self.table)
        per_group.setChecked(rule.per_party_group)
        self.table.setCellWidget(row, 4, per_group)
        self.table.setCellWidget(row, 5, QLabel(source, self.table))

    def kinds(self) -> list[str]:
        return [self.table.cellWidget(r, 0).property(KIND_PROPERTY) for r in range(self.table.rowCount())]

    def rules(self) -> list[Rule]:
        result = []
        for r in range(self.table.rowCount()):
            kind = self.table.cellWidget(r, 0).property(KIND_PROPERTY)
            enabled = self.table.cellWidget(r, 1).isChecked()  # type: ignore[union-attr]
            period = Period(self.table.cellWidget(r, 2).currentData())  # type: ignore[union-attr]
            count = self.table.cellWidget(r, 3).value()  # type: ignore[union-attr]
            per_group = self.table.cellWidget(r, 4).isChecked()  # type: ignore[union-attr]
            result.append(Rule(kind, period, count, per_group, enabled))
        return result

    def row_widgets(self, kind: str) -> dict[str, QWidget]:
        row = self.kinds().index(kind)
        return {name: self.table.cellWidget(row, c)  # type: ignore[misc]
                for c, name in enumerate(("kind", "enabled", "period", "min_count", "per_group"))}

    def _add_rule_for_picked(self) -> None:
        kind = self.kind_picker.currentData()
        if kind:
            self._add_row(Rule(kind, Period.MONTH), _("新增"))
            self._fill_kind_picker()

    def _add_kind(self) -> None:
        name, ok = QInputDialog.getText(self, _("新增会议类型"), _("类型名称（如 形势政策宣讲）："))
        if not ok or not name.strip():
            return
        try:
            study.add_kind(self._ctx.store, name)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法添加"), str(exc))
            return
        self._fill_kind_picker()
        self._ctx.data_changed.changed.emit("study")

    def _reset(self) -> None:
        study.reset_rules(self._ctx.store, self._unit.id)
        self._ctx.data_changed.changed.emit("study")
        self._load()

    def save(self) -> bool:
        try:
            study.save_rules(self._ctx.store, self._unit.id, self.rules())
        except ServiceError as exc:
            self.error_label.setText(str(exc))
            return False
        self._ctx.data_changed.changed.emit("study")
        self.accept()
        return True
