"""标准化建设 travels like every register: a branch office's self-assessment goes up to its 党委, which accepts it; the
acceptance goes up to the group and down to the branch; each office writes only its own part (sync.authority files
the self-assessment under the branch, the acceptance under the accepting 党委)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result, Score
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services import standards as st
from jiaomei_desktop.services.errors import ReadOnlyRecord, ValidationFailed
from tests.sync.conftest import export, tree, tree_template, unit_id  # noqa: F401  (the sync tests' office tree)

TODAY = date(2026, 11, 23)


def test_self_assessment_up_acceptance_up_and_down(tree, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    branch = unit_id(tree.b1, "C1-01")
    hand = {i.key: Score(i.weight) for i in DEFAULT_CHECKLIST.items if not i.auto}
    assessment = st.save_assessment(
        tree.b1, st.AssessmentData(branch, 2025, date(2025, 12, 28), hand, "支部书记"), today=TODAY
    )
    committee = unit_id(tree.b1, "C1")
    acceptance = st.AcceptanceData(assessment, committee, Result.PASSED.value, date(2026, 1, 10), "一矿党委 验收组")
    # the branch office cannot accept itself in its committee's name: C1's records are kept by C1's office
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        st.save_acceptance(tree.b1, replace(acceptance, result=Result.FAILED.value), today=TODAY)

    assert bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb")).totals()["rejected"] == 0
    [row] = st.list_assessments(tree.c1, unit_id(tree.c1, "C1-01"), 2025)
    assert (row.state, row.total) == ("待验收", st.list_assessments(tree.b1, branch, 2025)[0].total)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):  # the committee cannot change the branch's own word
        st.save_assessment(tree.c1, replace(st.get_assessment(tree.c1, assessment), assessor="别人"), today=TODAY)
    st.set_checklist(tree.c1, replace(DEFAULT_CHECKLIST, pass_line=60))  # the committee's own lines
    accepted = st.save_acceptance(tree.c1, acceptance, today=TODAY)

    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert summary.totals()["rejected"] == 0
    [row] = st.list_assessments(tree.group, unit_id(tree.group, "C1-01"), 2025)
    assert (row.state, row.accepting_unit, row.accepted_by) == ("达标", "一矿党委", "一矿党委 验收组")
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        st.withdraw_acceptance(tree.group, accepted)
    covered = {c.committee: c for c in st.coverage(tree.group, None, 2025)}
    assert (covered["一矿党委"].branches, covered["一矿党委"].accepted) == (2, 1)

    down = export(tree.c1, tmp_path / "down.jmb", direction="down", recipient_unit_id=branch)
    assert bundles.import_bundle(tree.b1, down).totals()["rejected"] == 0
    [row] = st.list_assessments(tree.b1, branch, 2025)
    assert row.state == "达标"
    with pytest.raises(ValidationFailed, match="已经上级党委验收，不能再修改"):
        st.save_assessment(tree.b1, replace(st.get_assessment(tree.b1, assessment), assessor="李明"), today=TODAY)


def test_the_committee_is_told_read_only_before_withdraw_first(tree, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """At the 党委's office an accepted self-assessment of a branch office is the branch's: "本机只读" is what applies
    (withdrawing the acceptance would not let the 党委 delete it), before and after the withdrawal; nothing written."""
    branch = unit_id(tree.b1, "C1-01")
    hand = {i.key: Score(i.weight) for i in DEFAULT_CHECKLIST.items if not i.auto}
    assessment = st.save_assessment(
        tree.b1, st.AssessmentData(branch, 2025, date(2025, 12, 28), hand, "支部书记"), today=TODAY
    )
    assert bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb")).totals()["rejected"] == 0
    st.set_checklist(tree.c1, replace(DEFAULT_CHECKLIST, pass_line=60))  # the hand-scored items only, as above
    accepted = st.save_acceptance(tree.c1, st.AcceptanceData(
        assessment, unit_id(tree.c1, "C1"), Result.PASSED.value, date(2026, 1, 10), "一矿党委 验收组"), today=TODAY)
    before = st.get_assessment(tree.c1, assessment)
    for write in (lambda: st.delete_assessment(tree.c1, assessment),
                  lambda: st.save_assessment(tree.c1, replace(before, assessor="别人"), today=TODAY)):
        with pytest.raises(ReadOnlyRecord, match=r"^该记录由“一矿综采队党支部”维护，本机只读。$"):
            write()
    st.withdraw_acceptance(tree.c1, accepted)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        st.delete_assessment(tree.c1, assessment)
    assert st.get_assessment(tree.c1, assessment) == before
