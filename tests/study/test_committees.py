"""Branch committees as records (支部工作条例 第六章): a 支部委员会 only with 7 正式党员 or more, else a 书记 (and
perhaps a 副书记); posts held by 正式党员 of the branch; one 书记 at a time; 3-year terms with a 届满 warning; 支委会
attended and counted by the committee (第十二条: 半数以上委员到会), others as 列席; nothing guessed from 职务 text."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from jiaomei_desktop.db.models import CommitteeRole
from jiaomei_desktop.domain.committee import (
    COMMITTEE_MIN_FULL_MEMBERS,
    TERM_YEARS,
    RoleRecord,
    default_term_end,
    has_committee,
    term_warning,
    validate_roles,
)
from jiaomei_desktop.domain.study import Attendee, count_attendance, quorum_warning
from jiaomei_desktop.services import study
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study import AttendanceEntry, SessionData
from jiaomei_desktop.services.study.committees import committee, save_committee
from jiaomei_desktop.sync.tables import table_by_name
from tests.study.fixtures import Branch, _person, make_branch

TODAY = date(2026, 11, 23)
TERM = (date(2024, 1, 10), date(2027, 1, 10))


@pytest.fixture
def branch(store: Store) -> Branch:
    return make_branch(store)


def _roles(store: Store, unit: str) -> int:
    with store.reading() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(CommitteeRole)
                .where(CommitteeRole.unit_id == unit, CommitteeRole.deleted.is_not(True))
            )
            or 0
        )


def test_the_numbers_of_the_rules() -> None:
    assert COMMITTEE_MIN_FULL_MEMBERS == 7 and TERM_YEARS == 3
    assert not has_committee(6) and has_committee(7)
    assert default_term_end(date(2025, 3, 10)) == date(2028, 3, 10)
    assert default_term_end(date(2024, 2, 29)) == date(2027, 2, 28)


def test_a_committee_is_saved_updated_and_retired_as_a_list(store: Store, branch: Branch) -> None:
    posts = [
        RoleRecord(branch.secretary, "书记", *TERM),
        RoleRecord(branch.committee, "组织委员", *TERM),
        RoleRecord(branch.full[2], "宣传委员", *TERM),
    ]
    save_committee(store, branch.branch_id, posts, today=TODAY)
    stored = committee(store, branch.branch_id, TODAY)
    assert stored.has_committee and stored.full_members == 7 and len(stored.roles) == 3
    # 换届: the 宣传委员 leaves on the day a new one starts; the other rows keep their ids.
    old = next(r for r in stored.roles if r.role == "宣传委员")
    changed = [r for r in stored.roles if r.role != "宣传委员"]
    changed += [
        RoleRecord(old.person_id, old.role, old.term_start, old.term_end, date(2026, 6, 1), old.id),
        RoleRecord(branch.full[3], "宣传委员", date(2026, 6, 1), date(2029, 6, 1)),
    ]
    save_committee(store, branch.branch_id, changed, today=TODAY)
    again = committee(store, branch.branch_id, TODAY)
    assert len(again.roles) == 4 and {r.person_id for r in again.sitting(TODAY)} == {
        branch.secretary,
        branch.committee,
        branch.full[3],
    }
    # A row left out is retired (a tombstone that travels in bundles), not deleted.
    save_committee(store, branch.branch_id, [r for r in again.roles if r.role != "组织委员"], today=TODAY)
    assert _roles(store, branch.branch_id) == 3
    assert "committee_role" in table_by_name() and "party_discipline" in table_by_name()


@pytest.mark.parametrize(
    ("posts", "field", "words"),
    [
        ([("secretary", "书记"), ("full2", "书记")], "role", "只能有一名书记"),
        ([("secretary", "书记"), ("secretary", "组织委员")], "person", "只能担任一个"),
        ([("probationary", "组织委员")], "person", "只能由正式党员担任"),
        ([("stranger", "书记")], "person", "不是本支部的党员"),
    ],
)
def test_posts_the_rules_forbid_are_refused_and_nothing_is_written(
    store: Store, branch: Branch, posts: list[tuple[str, str]], field: str, words: str
) -> None:
    ids = {
        "secretary": branch.secretary,
        "full2": branch.full[2],
        "probationary": branch.probationary,
        "stranger": branch.stranger,
    }
    with pytest.raises(ValidationFailed) as err:
        save_committee(store, branch.branch_id, [RoleRecord(ids[k], post, *TERM) for k, post in posts], today=TODAY)
    assert words in err.value.errors[field]
    assert _roles(store, branch.branch_id) == 0


def test_a_branch_below_seven_full_members_has_only_a_secretary(store: Store) -> None:
    from tests.conftest import unit_id

    small = unit_id(store, "T-02")
    people = [_person(store, n, small) for n in ("郑军", "冯涛", "褚亮", "卫东", "蒋平", "沈阳")]  # six
    with pytest.raises(ValidationFailed) as err:
        save_committee(
            store, small, [RoleRecord(people[0], "书记", *TERM), RoleRecord(people[1], "组织委员", *TERM)], today=TODAY
        )
    assert "不足7人" in err.value.errors["role"]
    save_committee(
        store, small, [RoleRecord(people[0], "书记", *TERM), RoleRecord(people[1], "副书记", *TERM)], today=TODAY
    )
    stored = committee(store, small, TODAY)
    assert not stored.has_committee and sorted(r.role for r in stored.roles) == ["书记", "副书记"]


def test_sequential_secretaries_and_past_terms_are_fine() -> None:
    first = RoleRecord(
        "a", "书记", date(2021, 1, 1), date(2024, 1, 1), date(2024, 1, 1), name="甲", political_status="正式党员"
    )
    second = RoleRecord("b", "书记", date(2024, 1, 1), date(2027, 1, 1), name="乙", political_status="正式党员")
    assert validate_roles([first, second], full_members=9, today=TODAY) == {}
    bad = RoleRecord("c", "书记", date(2024, 1, 1), date(2023, 1, 1), name="丙", political_status="正式党员")
    assert "晚于任职日期" in validate_roles([bad], 9, TODAY)["term_end"]
    too_many = [RoleRecord(str(i), "组织委员" if i else "书记", *TERM, political_status="正式党员") for i in range(8)]
    assert "不超过7人" in validate_roles(too_many, 40, TODAY)["role"]


def test_term_warning_before_and_after_the_term_falls_due() -> None:
    roles = [RoleRecord("a", "书记", date(2023, 12, 20), date(2026, 12, 20))]
    assert "2026-12-20" in (term_warning(roles, TODAY) or "") and "及时准备换届" in (term_warning(roles, TODAY) or "")
    assert "已于2026-12-20任期届满" in (term_warning(roles, date(2027, 1, 5)) or "")
    assert term_warning(roles, date(2026, 6, 1)) is None  # more than a quarter ahead
    assert term_warning([], TODAY) is None


def test_committee_meetings_are_attended_and_counted_by_the_committee(store: Store, branch: Branch) -> None:
    # 职务 text names nobody: "党支部书记" and "组织委员" in the roster are not a committee.
    assert study.expected_attendees(store, branch.branch_id, "支委会", TODAY) == []
    tuanzhishu = _person(store, "钱多", branch.branch_id, position="团支部书记")
    save_committee(
        store,
        branch.branch_id,
        [
            RoleRecord(branch.secretary, "书记", *TERM),
            RoleRecord(branch.committee, "组织委员", *TERM),
            RoleRecord(branch.full[2], "纪检委员", *TERM),
        ],
        today=TODAY,
    )
    expected = study.expected_attendees(store, branch.branch_id, "支委会", TODAY)
    assert {e.person_id for e in expected} == {branch.secretary, branch.committee, branch.full[2]}
    assert tuanzhishu not in {e.person_id for e in expected}
    # One of three members present plus a 列席 member: no quorum, and the guest is not counted.
    attendance = (
        AttendanceEntry(branch.secretary),
        AttendanceEntry(branch.committee, "缺席"),  # type: ignore[arg-type]
        AttendanceEntry(branch.full[2], "请假"),
        AttendanceEntry(branch.full[4]),
    )  # type: ignore[arg-type]
    sid = study.save_session(
        store,
        SessionData(
            unit_id=branch.branch_id,
            kind="支委会",
            session_date=date(2026, 3, 2),
            topic="研究工作",
            hours=1.0,
            attendance=attendance,
        ),
    )
    assert study.get_session(store, sid).recorded_counts == (3, 1, 3, 1)
    entries = study.get_session(store, sid).attendance
    counts = count_attendance(
        [Attendee(e.status.value, e.political_status, e.suspended, e.committee) for e in entries], "支委会"
    )
    assert counts.observers == 1 and "未超过半数" in (quorum_warning("支委会", counts) or "")
    two = count_attendance(
        [
            Attendee("出席", "正式党员", committee=True),
            Attendee("出席", "正式党员", committee=True),
            Attendee("缺席", "正式党员", committee=True),
        ],
        "支委会",
    )
    assert quorum_warning("支委会", two) is None  # 2 of 3: more than half


def test_committee_of_a_party_group_or_unknown_unit_is_refused(store: Store, branch: Branch) -> None:
    with pytest.raises(ValidationFailed, match="只有党支部"):
        committee(store, branch.group1, TODAY)
    with pytest.raises(NotFoundError):
        save_committee(store, "nope", [], today=TODAY)


def test_cli_lists_the_committee_and_records_a_probation(
    store: Store, branch: Branch, capsys: pytest.CaptureFixture[str]
) -> None:
    from jiaomei_desktop.cli.main import main

    save_committee(
        store,
        branch.branch_id,
        [RoleRecord(branch.committee, "组织委员", *TERM), RoleRecord(branch.secretary, "书记", *TERM)],
        today=TODAY,
    )
    d = str(store.data_dir)
    assert main(["study", "committee", "--unit", "T-01", "--data-dir", d]) == 0
    out = capsys.readouterr().out
    assert "正式党员 7 人，设支部委员会" in out and out.index("书记") < out.index("组织委员")
    assert main(["study", "committee", "--unit", "T", "--data-dir", d]) != 0
    assert "只有党支部" in capsys.readouterr().err
    assert (
        main(["study", "probation", branch.full[4], "--from", "2026-01-05", "--to", "2029-01-05", "--data-dir", d]) != 0
    )
    assert "最长不超过两年" in capsys.readouterr().err
    assert (
        main(["study", "probation", branch.full[4], "--from", "2026-01-05", "--to", "2027-01-05", "--data-dir", d]) == 0
    )


def test_the_audit_lists_committees_that_break_the_rules(store: Store, branch: Branch) -> None:
    from jiaomei_desktop.db.base import new_id
    from jiaomei_desktop.services.audit import audit_store
    from tests.conftest import unit_id

    # A committee whose term fell due without a 换届; rows another tool wrote past the rules.
    save_committee(
        store,
        branch.branch_id,
        [RoleRecord(branch.secretary, "书记", date(2022, 1, 10), date(2025, 1, 10))],
        today=date(2024, 6, 1),
    )
    small = unit_id(store, "T-02")
    office = store.get_setting("office_unit_id")
    with store.transaction() as s:
        for pid, unit, post in (
            (branch.full[2], branch.branch_id, "书记"),
            (branch.probationary, branch.branch_id, "组织委员"),
            (branch.stranger, small, "组织委员"),
        ):
            s.add(
                CommitteeRole(
                    id=new_id(),
                    owner_unit_id=office,
                    version=1,
                    unit_id=unit,
                    person_id=pid,
                    role=post,
                    term_start=date(2026, 1, 1),
                    term_end=date(2029, 1, 1),
                )
            )
    counts = audit_store(store, TODAY).counts()
    assert {k: v["count"] for k, v in counts.items() if k.startswith("committee.")} == {
        "committee.overdue": 1,
        "committee.secretaries": 1,
        "committee.not_full_member": 1,
        "committee.small_branch": 1,
        "committee.no_secretary": 1,  # T-02 has a 正式党员 and an 组织委员, but no 书记
    }
