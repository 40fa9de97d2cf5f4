"""The branch committee dialog: posts and terms edited as a list, the 条例's rules refused with Chinese messages and
nothing saved, the 届满 warning, and the org tree's action that opens it only for a 党支部."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox

from jiaomei_desktop.domain.committee import RoleRecord
from jiaomei_desktop.services.study.committees import committee, save_committee
from jiaomei_desktop.ui.org.committee_dialog import END, LEFT, PERSON, ROLE, START, CommitteeDialog
from jiaomei_desktop.ui.org.tree import OrgTreePanel
from tests.study.fixtures import make_branch

TODAY = date(2026, 11, 23)


def _fill(dialog: CommitteeDialog, row: int, post: str, person_id: str, start: str = "2025-03-10") -> None:
    posts: QComboBox = dialog.cell(row, ROLE)  # type: ignore[assignment]
    posts.setCurrentIndex(posts.findData(post))
    people: QComboBox = dialog.cell(row, PERSON)  # type: ignore[assignment]
    people.setCurrentIndex(people.findData(person_id))
    dialog.cell(row, START).setText(start)  # type: ignore[attr-defined]
    dialog.cell(row, END).setText("")  # type: ignore[attr-defined]
    dialog.cell(row, START).editingFinished.emit()  # type: ignore[attr-defined]


def test_elect_a_committee_and_refuse_a_second_secretary(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)  # 7 正式党员: a 支部委员会
    dialog = CommitteeDialog(ctx, b.branch_id, today=TODAY)
    qtbot.addWidget(dialog)
    assert "设支部委员会" in dialog.heading.text() and "7" in dialog.heading.text()
    people: QComboBox = dialog.cell(dialog.add_row(), PERSON)  # type: ignore[assignment]
    names = {people.itemData(i) for i in range(people.count())}
    assert b.probationary not in names and b.activist not in names  # only 正式党员 can be elected
    dialog.table.removeRow(0)
    dialog._ids.pop()
    for row, (post, pid) in enumerate((("书记", b.secretary), ("组织委员", b.committee), ("宣传委员", b.full[2]))):
        dialog.add_row()
        _fill(dialog, row, post, pid)
    assert dialog.cell(0, END).text() == "2028-03-10"  # type: ignore[attr-defined]  # three-year term
    # A second 书记 is refused with the 条例's reason and nothing is written.
    dialog.add_row()
    _fill(dialog, 3, "书记", b.full[3])
    assert not dialog.save()
    assert "只能有一名书记" in dialog.error_label.text() and dialog.error_label.isVisibleTo(dialog)
    assert committee(ctx.store, b.branch_id, TODAY).roles == ()
    # An empty row is named by its number.
    posts: QComboBox = dialog.cell(3, ROLE)  # type: ignore[assignment]
    posts.setCurrentIndex(posts.findData("纪检委员"))
    dialog.cell(3, START).setText("")  # type: ignore[attr-defined]
    assert not dialog.save() and "第4行" in dialog.error_label.text()
    dialog.cell(3, START).setText("2025-03-10")  # type: ignore[attr-defined]
    assert dialog.save()
    stored = committee(ctx.store, b.branch_id, TODAY)
    assert sorted(r.role for r in stored.roles) == ["书记", "宣传委员", "纪检委员", "组织委员"]
    assert {r.term_end for r in stored.roles} == {date(2028, 3, 10)}


def test_small_branch_and_term_warning(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    # A term due within a quarter shows the 届满 warning when the dialog opens.
    save_committee(
        ctx.store, b.branch_id, [RoleRecord(b.secretary, "书记", date(2023, 12, 20), date(2026, 12, 20))], today=TODAY
    )
    dialog = CommitteeDialog(ctx, b.branch_id, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.warning.isVisibleTo(dialog) and "2026-12-20" in dialog.warning.text()
    assert dialog.cell(0, LEFT).text() == ""  # type: ignore[attr-defined]
    # Without 7 正式党员 the branch may not elect 委员.
    small = make_branch_without_committee(ctx)
    dialog = CommitteeDialog(ctx, small[0], today=TODAY)
    qtbot.addWidget(dialog)
    assert "不设支部委员会" in dialog.heading.text()
    dialog.add_row()
    _fill(dialog, 0, "组织委员", small[1])
    assert not dialog.save() and "不足7人" in dialog.error_label.text()


def make_branch_without_committee(ctx) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.domain.enums import PoliticalStatus
    from jiaomei_desktop.domain.person import PersonData
    from jiaomei_desktop.services import roster
    from tests.conftest import unit_id

    branch = unit_id(ctx.store, "T-02")
    person = roster.save_person(
        ctx.store,
        PersonData(
            name="郑军",
            branch_id=branch,
            political_status=PoliticalStatus.FULL_MEMBER,
            join_date=date(2010, 7, 1),
            full_member_date=date(2011, 7, 1),
            birth_date=date(1980, 1, 2),
        ),
        today=TODAY,
    )
    return branch, person


def test_tree_offers_the_committee_for_branches_only(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    tree = OrgTreePanel(ctx)
    qtbot.addWidget(tree)
    tree.select_unit(b.branch_id)
    action = next(a for a in tree.unit_actions() if a.text() == "支部委员…")
    assert action.isEnabled()
    dialog = tree.edit_committee()
    assert isinstance(dialog, CommitteeDialog)
    dialog.close()
    tree.select_unit(tree._first_unit_id())  # the root committee is no branch
    assert not next(a for a in tree.unit_actions() if a.text() == "支部委员…").isEnabled()
    assert tree.edit_committee() is None


def test_record_a_probation_from_the_member_record(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.study.member_dialog import MemberRecordDialog

    b = make_branch(ctx.store)
    record = MemberRecordDialog(ctx, b.full[4])
    qtbot.addWidget(record)
    assert not record.probation.isVisibleTo(record)
    dialog = record.record_probation()
    dialog.start.setText("2026-01-05")
    dialog.end.setText("2029-01-05")
    assert not dialog.save() and "最长不超过两年" in dialog.error_label.text()  # nothing written
    assert not record.probation.isVisibleTo(record)
    dialog.end.setText("2027-01-05")
    assert dialog.save()
    assert record.probation.isVisibleTo(record) and "2026-01-05 至 2027-01-05" in record.probation.text()
    # A 预备党员 cannot be put under 留党察看.
    other = MemberRecordDialog(ctx, b.probationary)
    qtbot.addWidget(other)
    refused = other.record_probation()
    refused.start.setText("2026-01-05")
    assert not refused.save() and "不是正式党员" in refused.error_label.text()
