"""Quorum and votes: a 支部党员大会 that elects needs more than four fifths of the members with a vote present
(中国共产党基层组织选举工作条例), other decisions more than half (支部工作条例 第十一条); 预备党员 attend without a vote
(党章 第七条); members under 留党察看 have none either. Sessions keep 应到 / 实到 / 有表决权实到 and the minutes print them."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.study import Attendee, count_attendance, has_vote, quorum_warning
from jiaomei_desktop.services import study
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study import AttendanceEntry, SessionData
from jiaomei_desktop.services.study.committees import add_probation
from jiaomei_desktop.services.study.minutes import meeting_record_data, render_minutes
from tests.reports.pdfcheck import text_of
from tests.study.fixtures import Branch, make_branch

FULL, PROB = "正式党员", "预备党员"


@pytest.fixture
def branch(store: Store) -> Branch:
    return make_branch(store)


def _voters(present: int, total: int) -> list[Attendee]:
    return [Attendee("出席" if i < present else "缺席", FULL) for i in range(total)]


def test_an_election_needs_more_than_four_fifths() -> None:
    exactly = count_attendance(_voters(8, 10), "支部党员大会", election=True)
    assert not exactly.quorum_met  # 8 of 10 is four fifths, not more
    assert "五分之四" in (quorum_warning("支部党员大会", exactly) or "")
    assert count_attendance(_voters(9, 10), "支部党员大会", election=True).quorum_met
    # The same attendance decides an ordinary matter (more than half).
    assert count_attendance(_voters(6, 10), "支部党员大会").quorum_met
    assert not count_attendance(_voters(5, 10), "支部党员大会").quorum_met
    # Only a 支部党员大会 elects: the flag means nothing on other kinds.
    assert not count_attendance(_voters(6, 10), "党课", election=True).election


def test_probationary_and_suspended_members_have_no_vote() -> None:
    assert has_vote(FULL) and not has_vote(PROB) and not has_vote(FULL, suspended=True)
    counts = count_attendance(
        [
            Attendee("出席", FULL),
            Attendee("出席", PROB),
            Attendee("出席", FULL, suspended=True),
            Attendee("缺席", FULL),
        ],
        "支部党员大会",
    )
    assert (counts.expected, counts.present, counts.voting_expected, counts.voting_present) == (4, 3, 2, 1)
    assert not counts.quorum_met


def test_election_session_records_its_counts_as_they_stood_that_day(store: Store, branch: Branch) -> None:
    suspended = branch.full[4]
    add_probation(store, suspended, date(2025, 6, 1), date(2027, 6, 1), "违反组织纪律")
    late = branch.full[3]  # 转正 after the meeting: a 预备党员 on the day
    with store.transaction() as s:
        s.get(Person, late).full_member_date = date(2026, 4, 1)  # type: ignore[union-attr]
    attendance = (*(AttendanceEntry(p) for p in branch.full), AttendanceEntry(branch.probationary))
    data = SessionData(
        unit_id=branch.branch_id,
        kind="支部党员大会",
        session_date=date(2026, 3, 5),
        topic="换届选举",
        hours=2.0,
        is_election=True,
        attendance=attendance,
    )
    sid = study.save_session(store, data)
    stored = study.get_session(store, sid)
    assert stored.is_election
    # 8 on the list; 7 正式党员 less one under 留党察看 and one not yet 转正 → 5 voters, all present.
    assert stored.recorded_counts == (8, 8, 5, 5)
    assert next(a for a in stored.attendance if a.person_id == suspended).suspended
    record = meeting_record_data(store, sid)
    assert (record.voting_expected, record.voting_present, record.election) == (5, 5, True)
    text = text_of(render_minutes(store, sid))
    assert "应到8人，实到8人" in text and "有选举权应到5人，实到5人" in text


def test_only_a_general_meeting_elects(store: Store, branch: Branch) -> None:
    data = SessionData(
        unit_id=branch.branch_id, kind="党课", session_date=date(2026, 3, 5), topic="党课", hours=2.0, is_election=True
    )
    with pytest.raises(ValidationFailed) as err:
        study.save_session(store, data)
    assert "只有支部党员大会可以进行选举" in err.value.errors["is_election"]


def test_probation_records_follow_the_party_constitution(store: Store, branch: Branch) -> None:
    with pytest.raises(ValidationFailed, match="最长不超过两年"):
        add_probation(store, branch.full[0], date(2025, 1, 1), date(2027, 6, 1))
    with pytest.raises(ValidationFailed, match="晚于"):
        add_probation(store, branch.full[0], date(2025, 1, 1), date(2024, 6, 1))
    with pytest.raises(ValidationFailed, match="不是正式党员"):
        add_probation(store, branch.probationary, date(2025, 1, 1), date(2026, 1, 1))
    with pytest.raises(NotFoundError):
        add_probation(store, "nope", date(2025, 1, 1), None)
