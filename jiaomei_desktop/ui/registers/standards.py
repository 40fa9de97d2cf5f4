"""The 标准化建设 section of the 工作台账 tab: every branch of the unit chosen in the tree for a year — its
self-assessment (自评) and the committee's acceptance (验收), the branches still to assess listed as 未自评 — with a
state filter, the self-assessment form (系统判定 items filled in with their evidence, read-only), the acceptance
form, coverage per 党委, the checklist's points and lines, and Excel export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.standards import Checklist, Result, Score
from jiaomei_desktop.i18n import N_, _, join_phrases
from jiaomei_desktop.services import standards as st
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.registers.forms import RegisterDialog, _combo, _pydate, _qdate
from jiaomei_desktop.ui.registers.models import Column
from jiaomei_desktop.ui.registers.panel import ReadOnce, RegisterPanel, export_xlsx
from jiaomei_desktop.ui.registers.tables_dialog import Table, TablesDialog
from jiaomei_desktop.ui.unit_picker import searchable_units

ALL_STATES = ""


def _score_text(total: float | None) -> str:
    return "" if total is None else f"{total:g}"


STANDARD_COLUMNS = (
    Column(N_("年度"), lambda r: r.year, right=True),
    Column(N_("党支部"), lambda r: r.branch_name),
    Column(N_("所属党委"), lambda r: r.committee_name),
    Column(N_("状态"), lambda r: _(r.state)),
    Column(N_("自评总分"), lambda r: _score_text(r.total), right=True),
    Column(N_("自评日期"), lambda r: r.assessed_on.isoformat() if r.assessed_on else ""),
    Column(N_("验收日期"), lambda r: r.accepted_on.isoformat() if r.accepted_on else ""),
    Column(N_("验收单位"), lambda r: r.accepting_unit),
    Column(N_("验收人"), lambda r: r.accepted_by),
)
COLUMN_WIDTHS = (48, 210, 130, 56, 68, 88, 88, 130)  # fixed: measuring was a third of the time to open the list


COVERAGE_COLUMNS = (
    Column(N_("党委"), lambda c: c.committee),
    Column(N_("党支部"), lambda c: c.branches, right=True),
    Column(N_("完成自评"), lambda c: c.assessed, right=True),
    Column(N_("示范"), lambda c: c.model, right=True),
    Column(N_("达标"), lambda c: c.passed, right=True),
    Column(N_("未达标"), lambda c: c.failed, right=True),
    Column(N_("待验收"), lambda c: c.pending, right=True),
    Column(N_("覆盖率"), lambda c: f"{c.rate * 100:.0f}%", right=True),
)


class StandardsPanel(RegisterPanel):
    """`run(dialog, row)` shows a form (read-only when `row.owner_unit_id` is another office's) and says whether it
    was saved."""

    def __init__(
        self,
        store: Store,
        years: list[int],
        run: Callable[[QDialog, Any | None], bool],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        self._store_ref, self.today, self._run = store, today, run
        super().__init__(
            STANDARD_COLUMNS,
            self._rows,
            self._assessment_dialog,
            lambda row: st.delete_assessment(store, row.assessment_id),
            self._summary_text,
            _("还没有党支部 — 在组织机构中添加党支部后，在这里登记标准化建设自评和验收"),
            years,
            parent,
            store=store,
        )
        # the unit's year read once: the state filter works on the rows (a group's 276 branches a year)
        self.kept: ReadOnce[st.AssessmentRow] = ReadOnce(lambda unit_id, year: st.list_assessments(store, unit_id, year))
        self.fix_column_widths(COLUMN_WIDTHS, {3: [_(state) for state in st.STATES]})
        self.new_button.setText(_("自评"))
        self.new_button.setToolTip(_("为党支部登记本年度标准化建设自评（选中“未自评”的支部时为该支部）"))
        self.state_combo = self.add_choice_filter(_("全部状态"), [(_(s), s) for s in st.STATES], ALL_STATES)
        self.accept_button = self.add_button(
            _("验收"), self.accept_current, _("上级党委对选中的自评作出验收结论：示范、达标或未达标"))
        self.withdraw_button = self.add_button(_("撤销验收"), self.withdraw_current)
        self.coverage_button = self.add_button(_("覆盖情况"), self.show_coverage)
        self.checklist_button = self.add_button(
            _("检查表"), lambda: ChecklistDialog(self._store_ref, self).exec(), _("检查项的分值，达标和示范分数线"))
        self.export_button = self.add_button(_("导出Excel"), self.export)
        self.enable_history("standard_assessment", lambda row: _("{branch}{year}年度").format(
            branch=row.branch_name, year=row.year))
        assert self.history_button is not None  # just made
        self.history_button.setToolTip(_("选中支部自评的每一次修改；已验收的，也可查看验收的修改"))

    def _rows(self, unit_id: str | None, year: int | None) -> list[st.AssessmentRow]:
        return st.filter_rows(self.kept(unit_id, year), self.state_combo.currentData() or None)

    @staticmethod
    def _summary_text(rows: list[Any]) -> str:
        states = [r.state for r in rows]
        counts = [(state, states.count(state)) for state in st.STATES]
        parts = join_phrases(_("{state}{n}").format(state=_(state), n=n) for state, n in counts if n)
        return _("共{n}个：{parts}").format(n=len(rows), parts=parts) if rows else ""

    def _update_buttons(self) -> None:
        super()._update_buttons()
        if not hasattr(self, "export_button"):
            return  # called from the base constructor before the extra buttons exist
        rows = self.selected_rows()
        one = rows[0] if len(rows) == 1 else None
        # 修改 on a 未自评 row starts its self-assessment; 删除 only takes rows that have one
        self.edit_button.setEnabled(one is not None and (one.assessment_id is None or self.edit_button.isEnabled()))
        own = self.delete_button.isEnabled()  # the base panel's: no row another office keeps (marked 只读 above)
        accepted = own and any(r.result for r in rows)
        self.delete_button.setEnabled(own and bool(rows) and all(r.assessment_id and not r.result for r in rows))
        # a disabled button says why when the reason is the acceptance (the keeper's rule, services.standards)
        self.delete_button.setToolTip(_("已验收的自评不能删除；如需删除，请先撤销验收") if accepted else "")
        self.accept_button.setEnabled(one is not None and one.assessment_id is not None)
        if self.history_button is not None:  # a branch not yet assessed has no history
            self.history_button.setEnabled(one is not None and one.assessment_id is not None)
        self.withdraw_button.setEnabled(
            one is not None and one.acceptance_id is not None and not self._foreign_owner_of(one.acceptance_owner_id)
        )

    def _foreign_owner_of(self, owner: str | None) -> str | None:
        return self._foreign_owner(SimpleNamespace(owner_unit_id=owner))

    # dialogs ---------------------------------------------------------------------------------------------------
    def new_record(self) -> None:
        rows = self.selected_rows()
        chosen = rows[0] if len(rows) == 1 and rows[0].assessment_id is None else None
        if self._assessment_dialog(chosen):
            self.refresh()

    def _assessment_dialog(self, row: Any | None) -> bool:
        existing = st.get_assessment(self._store_ref, row.assessment_id) if row and row.assessment_id else None
        branch = row.branch_id if row else self.unit_id
        year = row.year if row else (self.year or (self.today or date.today()).year)
        dialog = AssessmentDialog(
            self._store_ref,
            unit_choices(self._store_ref, self.unit_id, branches_only=True),
            existing,
            branch,
            year,
            self,
            self.today,
        )
        return self._run(dialog, row if existing else None)

    def accept_current(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1 or rows[0].assessment_id is None:
            return
        row = rows[0]
        existing = st.get_acceptance(self._store_ref, row.acceptance_id) if row.acceptance_id else None
        dialog = AcceptanceDialog(self._store_ref, row, existing, self, self.today)
        owner = SimpleNamespace(owner_unit_id=row.acceptance_owner_id) if existing else None
        if self._run(dialog, owner):
            self.refresh()

    def withdraw_current(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1 or rows[0].acceptance_id is None:
            return
        answer = QMessageBox.question(
            self,
            _("撤销验收"),
            _("确定撤销对“{branch}”{year}年度自评的验收吗？").format(branch=rows[0].branch_name, year=rows[0].year),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            st.withdraw_acceptance(self._store_ref, rows[0].acceptance_id)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法撤销"), str(exc))
        self.refresh()

    def show_history(self, acceptance: bool | None = None) -> QWidget | None:
        """The self-assessment's history, or the acceptance's (another record, kept by the accepting office): asked
        in a menu when the row has both."""
        from jiaomei_desktop.ui.history_dialog import show_history

        rows = self.selected_rows()
        if len(rows) != 1 or rows[0].assessment_id is None:
            return None
        row = rows[0]
        if acceptance is None and row.acceptance_id is not None:
            menu = QMenu(self)
            own = menu.addAction(_("自评的修改记录"))
            menu.addAction(_("验收的修改记录"))
            button = self.history_button or self
            chosen = menu.exec(button.mapToGlobal(button.rect().bottomLeft()))
            if chosen is None:
                return None
            acceptance = chosen is not own
        title = _("{branch}{year}年度").format(branch=row.branch_name, year=row.year)
        if acceptance and row.acceptance_id:
            dialog = show_history(self, self._store_ref, "standard_acceptance", row.acceptance_id, title)
        else:
            dialog = show_history(self, self._store_ref, "standard_assessment", row.assessment_id, title)
        dialog.record_restored.connect(self._history_restored)
        return dialog

    def show_coverage(self) -> None:
        year = self.year or (self.today or date.today()).year
        CoverageDialog(st.coverage(self._store_ref, self.unit_id, year), year, self).exec()

    def export(self, path: Path | None = None) -> int | None:
        rows, items = self.model.rows(), st.checklist(self._store_ref)
        return export_xlsx(
            self, _("导出标准化建设"), _("党支部标准化建设.xlsx"), path, lambda p: st.export_assessments(rows, p, items)
        )


class AssessmentDialog(RegisterDialog):
    """A branch's self-assessment: every checklist item scored by hand, or by the system (系统判定: its score and
    evidence shown, not editable; a note may be added)."""

    def __init__(
        self,
        store: Store,
        branches: list[tuple[str, str]],
        existing: st.AssessmentData | None = None,
        default_branch: str | None = None,
        default_year: int | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(store, _("修改标准化建设自评") if existing else _("标准化建设自评"), parent)
        self.setMinimumWidth(860)
        self.existing, self.today = existing, today
        self.items: Checklist = st.checklist(store)
        e = existing
        this_year = (today or date.today()).year
        self.branch = self.add_field(
            "branch_id",
            _("党支部"),
            searchable_units(_combo(self, [("", _("（请选择）")), *branches], e.branch_id if e else default_branch)),
        )
        self.year = self.add_field("year", _("年度"), QSpinBox(self))
        self.year.setRange(2000, this_year + 1)  # the service refuses a year in the future with its own message
        self.year.setValue(e.year if e and e.year else default_year or this_year)
        self.day = self.add_field("assessed_on", _("自评日期"), QDateEdit(_qdate(e.assessed_on if e else today), self))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.assessor = self.add_field("assessor", _("自评人"), QLineEdit(e.assessor or "" if e else "", self))
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        self.judged: dict[str, QLabel] = {}  # 系统判定 and its score
        self.evidence: dict[str, QLabel] = {}  # what the system judged by
        self.total_label = QLabel(self)
        self.total_label.setProperty("role", "muted")
        self._auto: dict[str, Score] = {}
        self._build_items(e)
        self.note = self.add_field("note", _("说明"), QPlainTextEdit(e.note or "" if e else "", self))
        self.note.setMaximumHeight(48)
        self.branch.currentIndexChanged.connect(self._judge)
        self.year.valueChanged.connect(self._judge)
        self._judge()
        self.validate()
        fit_to_screen(self, 860, 700)

    def _build_items(self, e: st.AssessmentData | None) -> None:
        inner = QWidget(self)
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        row = 0
        for item in self.items.items:
            given = (e.scores.get(item.key) if e else None) or Score(0.0 if e else item.weight)
            grid.addWidget(QLabel(_(item.category), inner), row, 0)
            name = QLabel(_("{name}（{weight}分）").format(name=_(item.name), weight=f"{item.weight:g}"), inner)
            name.setWordWrap(True)
            grid.addWidget(name, row, 1)
            if item.auto:
                judged = QLabel(inner)
                judged.setProperty("role", "muted")
                self.judged[item.key] = judged
                grid.addWidget(judged, row, 2)
                evidence = QLabel(inner)
                evidence.setWordWrap(True)
                evidence.setProperty("role", "muted")
                self.evidence[item.key] = evidence
                grid.addWidget(evidence, row + 1, 1, 1, 3)
            else:
                spin = QDoubleSpinBox(inner)
                spin.setDecimals(1)
                spin.setSingleStep(0.5)
                spin.setRange(0, item.weight)
                spin.setValue(min(given.score, item.weight))
                spin.setSuffix(_("分"))
                spin.valueChanged.connect(lambda *_a: self._timer.start())
                spin.valueChanged.connect(lambda *_a: self._show_total())
                self.spins[item.key] = spin
                grid.addWidget(spin, row, 2)
            note = QLineEdit(given.note, inner)
            note.setPlaceholderText(_("说明（选填）"))
            note.textChanged.connect(lambda *_a: self._timer.start())
            self.notes[item.key] = note
            grid.addWidget(note, row, 3)
            error = QLabel(inner)
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.hide()
            grid.addWidget(error, row + 2, 1, 1, 3)
            self._errors[f"score.{item.key}"] = error
            self._inputs[f"score.{item.key}"] = self.spins.get(item.key) or note
            row += 3
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        # a few items tall at least; the dialog gives it the rest of the screen (fit_to_screen in __init__), so the
        # whole checklist shows at 1366×768 and scrolls at 150 % (1280×720) with the buttons in view
        scroll.setMinimumHeight(160)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the last item's note to 说明, not to the frame
        self.form.addRow(_("检查项"), scroll)
        self.form.addRow("", self.total_label)

    def _judge(self) -> None:
        """The system's items for the chosen branch and year, as saving would judge them."""
        branch, year = self.branch.currentData() or None, self.year.value()
        self._auto = {}
        if branch and year <= (self.today or date.today()).year:
            try:
                self._auto = st.judge(self.store, [branch], year, self.today, self.items)[branch]
            except ServiceError:
                self._auto = {}
        for key, label in self.judged.items():
            score = self._auto.get(key)
            label.setText(_("系统判定 {score}分").format(score=f"{score.score:g}") if score else _("系统判定"))
            self.evidence[key].setText(
                _("依据：{evidence}").format(evidence=score.evidence) if score else _("选择党支部和年度后自动判定")
            )
        self._show_total()

    def _show_total(self) -> None:
        total = sum(s.value() for s in self.spins.values()) + sum(s.score for s in self._auto.values())
        self.total_label.setText(
            _("自评总分 {total}分（满分{full}分；达标{passed}分，示范{model}分）").format(
                total=f"{total:g}",
                full=f"{self.items.total:g}",
                passed=f"{self.items.pass_line:g}",
                model=f"{self.items.model_line:g}",
            )
        )

    def data(self) -> st.AssessmentData:
        scores = {
            item.key: Score(
                self.spins[item.key].value() if item.key in self.spins else 0.0, self.notes[item.key].text()
            )
            for item in self.items.items
        }
        return st.AssessmentData(
            branch_id=self.branch.currentData() or None,
            year=self.year.value(),
            assessed_on=_pydate(self.day),
            scores=scores,
            assessor=self.assessor.text(),
            note=self.note.toPlainText(),
            id=self.existing.id if self.existing else None,
        )

    def check(self, data: st.AssessmentData) -> dict[str, str]:
        return st.check_assessment(self.store, data, self.today)

    def write(self, data: st.AssessmentData) -> str:
        return st.save_assessment(self.store, data, self.today)


class AcceptanceDialog(RegisterDialog):
    """The committee's acceptance of one self-assessment: the accepting unit (above the branch), 示范 / 达标 / 未达标,
    the date and who accepted."""

    def __init__(
        self,
        store: Store,
        row: st.AssessmentRow,
        existing: st.AcceptanceData | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(store, _("验收：{branch} {year}年度").format(branch=row.branch_name, year=row.year), parent)
        self.row, self.existing, self.today = row, existing, today
        e = existing
        items = st.checklist(store)
        summary = QLabel(
            _("自评总分 {total}分，自评日期 {date}（达标{passed}分，示范{model}分）").format(
                total=_score_text(row.total),
                date=row.assessed_on.isoformat() if row.assessed_on else "",
                passed=f"{items.pass_line:g}",
                model=f"{items.model_line:g}",
            ),
            self,
        )
        summary.setProperty("role", "muted")
        self.form.addRow(_("自评"), summary)
        units = st.accepting_units(store, row.branch_id)
        self.unit = self.add_field("unit_id", _("验收单位"), _combo(self, units, e.unit_id if e else None))
        self.verdict = self.add_field(
            "result",
            _("验收结论"),
            _combo(self, [(r.value, _(r.value)) for r in Result], e.result if e else Result.PASSED.value),
        )
        self.day = self.add_field("accepted_on", _("验收日期"), QDateEdit(_qdate(e.accepted_on if e else today), self))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.accepted_by = self.add_field("accepted_by", _("验收人"), QLineEdit(e.accepted_by or "" if e else "", self))
        self.note = self.add_field("note", _("验收意见"), QPlainTextEdit(e.note or "" if e else "", self))
        self.note.setMaximumHeight(60)
        self.validate()

    def data(self) -> st.AcceptanceData:
        return st.AcceptanceData(
            assessment_id=self.row.assessment_id or "",
            unit_id=self.unit.currentData() or None,
            result=self.verdict.currentData() or "",
            accepted_on=_pydate(self.day),
            accepted_by=self.accepted_by.text(),
            note=self.note.toPlainText(),
            id=self.existing.id if self.existing else None,
        )

    def check(self, data: st.AcceptanceData) -> dict[str, str]:
        return st.check_acceptance(self.store, data, self.today)

    def write(self, data: st.AcceptanceData) -> str:
        return st.save_acceptance(self.store, data, self.today)


class CoverageDialog(TablesDialog):
    """Per 党委: branches, self-assessed, 示范 / 达标 / 未达标, waiting, coverage; 合计 last."""

    def __init__(self, rows: list[st.Coverage], year: int, parent: QWidget | None = None) -> None:
        total = rows[-1] if rows else None
        summary = (
            _("党支部{n}个，通过验收{accepted}个（示范{model}个），覆盖率{rate}%").format(
                n=total.branches, accepted=total.accepted, model=total.model, rate=f"{total.rate * 100:.0f}"
            )
            if total
            else _("没有党支部")
        )
        # the 党委 names take the spare width: a stretched last column put the rate 400 px from its row's name
        table = Table(COVERAGE_COLUMNS, rows, stretch=0)
        super().__init__(_("{year}年党支部标准化建设覆盖情况").format(year=year), summary, [table], parent)
        self.resize(720, 520)
        self.model = self.models[0]


LABEL_WIDTH = 480  # the checklist's item names: the longest wraps onto two lines in English, one in Chinese


class ChecklistDialog(QDialog):
    """The checklist's points per item and the lines for 达标 and 示范 (a setting of this office). Self-assessments
    already saved keep the scores they were saved with."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.items = st.checklist(store)
        self.setWindowTitle(_("标准化建设检查表"))
        # wrapped labels: an English item is up to 1,220 px on one line, wider than a 1280×720 screen
        form = QGridLayout()
        form.setColumnStretch(0, 1)
        self.weights: list[QDoubleSpinBox] = []
        for item in self.items.items:
            suffix = _("（系统判定）") if item.auto else ""
            self.weights.append(self._row(form, _("{category}·{name}").format(
                category=_(item.category), name=_(item.name)) + suffix, item.weight))
        self.pass_line = self._row(form, _("达标分数线"), self.items.pass_line)
        self.model_line = self._row(form, _("示范分数线"), self.items.model_line)
        self.total = QLabel(self)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        note = QLabel(_("已保存的自评保留当时的得分；修改后新保存的自评按新分值计算。"), self)
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.total)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for spin in self.weights:
            spin.valueChanged.connect(lambda *_a: self._show_total())
        self._show_total()

    def _row(self, grid: QGridLayout, text: str, value: float) -> QDoubleSpinBox:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setMinimumWidth(LABEL_WIDTH)
        # a dialog does not lay out height-for-width: ask for the lines the text needs at its narrowest
        label.setMinimumHeight(label.heightForWidth(LABEL_WIDTH))
        spin = self._spin(value)
        label.setBuddy(spin)
        row = grid.rowCount()
        grid.addWidget(label, row, 0)
        grid.addWidget(spin, row, 1, Qt.AlignmentFlag.AlignTop)
        return spin

    def _spin(self, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setRange(0, 1000)
        spin.setValue(value)
        spin.setSuffix(_("分"))
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        return spin

    def value(self) -> Checklist:
        items = tuple(replace(i, weight=spin.value()) for i, spin in zip(self.items.items, self.weights, strict=True))
        return Checklist(items, self.pass_line.value(), self.model_line.value())

    def _show_total(self) -> None:
        self.total.setText(_("总分 {total}分").format(total=f"{sum(s.value() for s in self.weights):g}"))

    def save(self) -> None:
        try:
            st.set_checklist(self.store, self.value())
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
