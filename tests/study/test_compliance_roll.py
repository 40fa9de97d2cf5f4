"""The 支委会 rule of the compliance grid judged by the roll of each month, not today's (条例 第六章 with the numbers:
7 正式党员 or more → a 支部委员会 → 支委会 monthly, 第十二条). A past year's grid stays what it was when people leave or
join today; within a year, a month is asked when the branch had 7 正式党员 on its first day."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.enums import ExitKind, MembershipState
from jiaomei_desktop.services import statistics, study
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id
from tests.study.fixtures import _person, make_branch

TODAY = date(2026, 11, 23)


def _committee_months(store: Store, code: str, year: int) -> list[int]:
    """1-based months in which the branch is asked for a 支委会."""
    grid = study.compliance_grid(store, unit_id(store, "T"), year, as_of=TODAY)
    row = next(r for r in grid.rows if r.branch_code == code)
    return [m + 1 for m, cell in enumerate(row.months) if any(c.rule.kind == "支委会" for c in cell.checks)]


def _move(store: Store, person: str, to_code: str, day: date) -> None:
    change_membership(
        store,
        ChangeRequest(person, MembershipState.TRANSFERRED_OUT, day, to_unit_id=unit_id(store, to_code)),
        today=TODAY,
    )


def test_a_member_transferred_away_today_leaves_last_years_committee_duty_as_it_was(store: Store) -> None:
    b = make_branch(store)  # T-01: 7 正式党员 since 2011
    assert _committee_months(store, "T-01", 2025) == list(range(1, 13))
    _move(store, b.full[6], "T-02", date(2026, 6, 15))
    # 2025 was a year of 7 正式党员 all through: still twelve 支委会 asked (today's roll has six).
    assert _committee_months(store, "T-01", 2025) == list(range(1, 13))
    # 2026: seven on 1 June, six on 1 July → January to June only.
    assert _committee_months(store, "T-01", 2026) == [1, 2, 3, 4, 5, 6]


def test_an_expelled_member_still_counts_for_the_years_before(store: Store) -> None:
    b = make_branch(store)
    change_membership(
        store,
        ChangeRequest(
            b.full[5], MembershipState.EXPELLED, date(2026, 3, 20), reason="违纪", exit_kind=ExitKind.EXPELLED
        ),
        today=TODAY,
    )
    assert _committee_months(store, "T-01", 2025) == list(range(1, 13))
    assert _committee_months(store, "T-01", 2026) == [1, 2, 3]


def test_a_branch_reaching_seven_by_a_transfer_in_is_not_asked_for_the_years_before(store: Store) -> None:
    b = make_branch(store)
    t02 = unit_id(store, "T-02")
    for name in ("钱进", "孔亮", "曹阳", "严明", "华山"):  # T-02: the stranger and these five, six 正式党员
        _person(store, name, t02)
    assert _committee_months(store, "T-02", 2025) == []
    _move(store, b.full[4], "T-02", date(2026, 5, 20))
    assert _committee_months(store, "T-02", 2025) == []  # today's seven were six in 2025
    # Seven from 1 June; a month not begun (December) is judged by the roll on the day of the look.
    assert _committee_months(store, "T-02", 2026) == [6, 7, 8, 9, 10, 11, 12]


def test_a_seventh_full_member_in_april_brings_the_committee_from_may(store: Store) -> None:
    b = make_branch(store)
    with store.transaction() as s:
        s.get(Person, b.full[6]).full_member_date = date(2025, 4, 10)  # type: ignore[union-attr]  # 转正 that day
    assert _committee_months(store, "T-01", 2025) == [5, 6, 7, 8, 9, 10, 11, 12]
    assert _committee_months(store, "T-01", 2024) == []  # six 正式党员 all through 2024


def test_the_dashboards_compliance_for_a_past_year_does_not_move_with_todays_roll(store: Store) -> None:
    b = make_branch(store)
    top = unit_id(store, "T")

    def due_2025() -> tuple[float, int]:
        figure = statistics.dashboard(store, top, 2025, today=TODAY).value("study.compliance_rate")
        grid = study.compliance_grid(store, top, 2025, as_of=TODAY)
        return figure, grid.total.due

    before = due_2025()
    _move(store, b.full[6], "T-02", date(2026, 6, 15))
    assert due_2025() == before


def test_the_domain_asks_committee_meetings_only_in_months_with_a_committee() -> None:
    from dataclasses import replace

    from jiaomei_desktop.domain.study import DEFAULT_RULES, BranchSessions, Period, evaluate_branch

    flags = [False] * 4 + [True] * 8  # a committee from May
    ev = evaluate_branch(BranchSessions("b", DEFAULT_RULES, [], (), flags), 2025, as_of=date(2026, 1, 10))
    asked = [m + 1 for m, checks in enumerate(ev.months) if any(c.rule.kind == "支委会" for c in checks)]
    assert asked == [5, 6, 7, 8, 9, 10, 11, 12]
    # A rule edited to quarterly is asked of the quarters that began with a committee: Q3 and Q4 (Q2 began in April).
    quarterly = [replace(r, period=Period.QUARTER) if r.kind == "支委会" else r for r in DEFAULT_RULES]
    ev = evaluate_branch(BranchSessions("b", quarterly, [], (), flags), 2025, as_of=date(2026, 1, 10))
    assert sorted({c.period_index for m in ev.months for c in m if c.rule.kind == "支委会"}) == [2, 3]
    # No committee in any month: the rule does not apply at all (条例 第六章: fewer than 7 正式党员).
    ev = evaluate_branch(BranchSessions("b", DEFAULT_RULES, [], (), [False] * 12), 2025, as_of=date(2026, 1, 10))
    assert not any(c.rule.kind == "支委会" for m in ev.months for c in m)
