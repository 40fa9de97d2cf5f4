"""标准化建设 in the 统计 tab (branches, 自评, 示范 / 达标 / 未达标, coverage, each clicking through to the branches) and
its sentence in the annual report, worded from the figures with clauses of zero left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result, Score
from jiaomei_desktop.reports.notice import Paragraph
from jiaomei_desktop.services import standards as st
from jiaomei_desktop.services import statistics
from jiaomei_desktop.services.statistics.report import report_document, standards_paragraph
from tests.registers.known import TODAY

YEAR = 2025
HAND = {i.key: Score(i.weight) for i in DEFAULT_CHECKLIST.items if not i.auto}


def _assess(store, branch: str, result: str | None, accepting: str) -> None:  # type: ignore[no-untyped-def]
    saved = st.save_assessment(store, st.AssessmentData(branch, YEAR, date(YEAR, 12, 20), HAND), today=TODAY)
    if result:
        st.save_acceptance(
            store, st.AcceptanceData(saved, accepting, result, date(YEAR + 1, 1, 10), "验收组"), today=TODAY
        )


@pytest.fixture
def lenient(known):  # type: ignore[no-untyped-def]
    """The known branches hold little the system judges: lines they can reach (55 达标, 62 示范)."""
    store, k = known
    st.set_checklist(store, replace(DEFAULT_CHECKLIST, pass_line=55, model_line=62))
    return store, k


def test_every_branch_accepted(lenient) -> None:  # type: ignore[no-untyped-def]
    store, k = lenient
    _assess(store, k.b1, Result.MODEL.value, k.root)
    _assess(store, k.b2, Result.PASSED.value, k.root)
    _assess(store, k.b3, Result.PASSED.value, k.root)
    dash = statistics.dashboard(store, k.root, YEAR, today=TODAY)
    assert dash.as_dict()["standards"] == {
        "branches": 3,
        "assessed": 3,
        "accepted": 3,
        "model": 1,
        "passed": 2,
        "failed": 0,
        "coverage": 1.0,
    }
    assert dash.figure("standards.model").ids == (k.b1,) and dash.figure("standards.model").table == "org_unit"
    assert dash.as_dict()["standards_by_committee"] == {"测试矿党委": 1.0}
    assert dash.figure("standards_by_committee.测试矿党委").note == (
        "党支部3个，完成自评3个，示范1个，达标2个，未达标0个"
    )
    sentence = "3个党支部全部通过标准化建设验收，其中示范党支部1个。"
    assert standards_paragraph(dash) == sentence
    assert Paragraph(sentence) in report_document(dash).blocks


def test_some_branches_still_on_the_way(lenient) -> None:  # type: ignore[no-untyped-def]
    store, k = lenient
    _assess(store, k.b1, Result.MODEL.value, k.root)
    _assess(store, k.b2, Result.FAILED.value, k.root)
    dash = statistics.dashboard(store, k.root, YEAR, today=TODAY)
    assert dash.value("standards.coverage") == pytest.approx(1 / 3)
    assert standards_paragraph(dash) == (
        "3个党支部中2个完成标准化建设自评，1个通过上级党委验收，其中示范党支部1个；1个验收未达标。"
    )
    # a branch's own dashboard
    assert statistics.dashboard(store, k.b2, YEAR, today=TODAY).as_dict()["standards"]["failed"] == 1


def test_clauses_with_zero_are_left_out(lenient) -> None:  # type: ignore[no-untyped-def]
    store, k = lenient
    assert standards_paragraph(statistics.dashboard(store, k.root, YEAR, today=TODAY)) == ""
    _assess(store, k.b1, None, k.root)
    _assess(store, k.b2, None, k.root)
    _assess(store, k.b3, Result.PASSED.value, k.root)
    assert standards_paragraph(statistics.dashboard(store, k.root, YEAR, today=TODAY)) == (
        "3个党支部全部完成标准化建设自评，1个通过上级党委验收。"
    )
