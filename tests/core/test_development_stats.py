"""发展党员 figures and the audit (issue 17): 入党申请人, 入党积极分子 and 发展对象 are counted by stage on the day
the figures name, never as members; `jiaomei check` lists records that break the 发展阶段 rules."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import roster, statistics
from jiaomei_desktop.services.audit import KINDS, audit_store
from jiaomei_desktop.services.statistics.headcounts import store_stats
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id

TODAY = date(2026, 11, 23)


def _save(store: Store, name: str, **fields: object) -> str:
    data = PersonData(name=name, branch_id=unit_id(store, "T-01"), birth_date=date(1995, 1, 1), **fields)  # type: ignore[arg-type]
    return roster.save_person(store, data, today=TODAY)


def _people(store: Store) -> dict[str, str]:
    return {
        "member": _save(store, "王建国", join_date=date(2015, 7, 1), full_member_date=date(2016, 7, 1)),
        # admitted in 2026: a 发展对象 on 2025-12-31, listed in 2025
        "admitted": _save(
            store,
            "张丽",
            political_status=PoliticalStatus.PROBATIONARY,
            join_date=date(2026, 6, 1),
            application_date=date(2023, 2, 1),
            activist_date=date(2023, 9, 1),
            target_date=date(2025, 10, 1),
        ),
        # 积极分子 since 2024, 发展对象 in 2026: a 积极分子 on 2025-12-31
        "target": _save(
            store,
            "孙强",
            political_status=PoliticalStatus.YOUTH_LEAGUE,
            development_stage=DevelopmentStage.TARGET,
            application_date=date(2024, 1, 5),
            activist_date=date(2024, 4, 1),
            target_date=date(2026, 3, 1),
        ),
        # applied in 2025, 积极分子 in 2026
        "activist": _save(
            store,
            "李娜",
            political_status=PoliticalStatus.MASSES,
            development_stage=DevelopmentStage.ACTIVIST,
            application_date=date(2025, 5, 1),
            activist_date=date(2026, 2, 1),
        ),
        # no dates (carried over from the old 政治面貌 column): counted at today's stage
        "undated": _save(
            store, "周杰", political_status=PoliticalStatus.MASSES, development_stage=DevelopmentStage.ACTIVIST
        ),
        # applied in 2026: nobody on 2025-12-31
        "applicant": _save(
            store,
            "吴刚",
            political_status=PoliticalStatus.MASSES,
            development_stage=DevelopmentStage.APPLICANT,
            application_date=date(2026, 4, 1),
        ),
    }


def test_stages_on_a_past_year_end_from_the_dates(store: Store) -> None:
    ids = _people(store)
    dash = statistics.dashboard(store, None, 2025, today=TODAY)
    assert dash.value("development.发展对象") == 1 and dash.figure("development.发展对象").ids == (ids["admitted"],)
    assert set(dash.figure("development.入党积极分子").ids) == {ids["target"], ids["undated"]}
    assert set(dash.figure("development.入党申请人").ids) == {ids["activist"]}
    assert dash.value("development.applied") == 1  # 李娜, 2025-05-01
    assert dash.value("development.new_targets") == 1  # 张丽, 2025-10-01
    assert dash.value("development.new_activists") == 0
    assert dash.value("members.total") == 1  # only 王建国 was a member on 2025-12-31; no stage is ever a member


def test_stages_today_and_the_members_count(store: Store) -> None:
    ids = _people(store)
    dash = statistics.dashboard(store, None, 2026, today=TODAY)
    assert dash.figure("development.发展对象").ids == (ids["target"],)
    assert set(dash.figure("development.入党积极分子").ids) == {ids["activist"], ids["undated"]}
    assert dash.figure("development.入党申请人").ids == (ids["applicant"],)
    assert dash.value("members.total") == 2  # 王建国 and 张丽 (预备党员)
    assert dash.value("by_status.群众") == 3 and dash.value("by_status.共青团员") == 1
    stats = store_stats(store)
    assert stats.members == 2
    assert stats.people_by_stage == {"入党申请人": 1, "入党积极分子": 2, "发展对象": 1}
    assert set(stats.people_by_status) == {"正式党员", "预备党员", "共青团员", "群众"}


def test_audit_lists_broken_development_records(store: Store) -> None:
    ids = _people(store)
    assert not [p for p in audit_store(store, TODAY).real if p.kind.startswith("person.")]
    with store.transaction() as session:  # as an older route could have left them (the form refuses both)
        session.execute(update(Person).where(Person.id == ids["member"]).values(development_stage="发展对象"))
        session.execute(update(Person).where(Person.id == ids["target"]).values(target_date=date(2024, 12, 1)))
        session.execute(
            update(Person)
            .where(Person.id == ids["undated"])
            .values(political_status="入党积极分子", development_stage=None)
        )
    found = {(p.kind, p.record_id): p.text for p in audit_store(store, TODAY).real if p.kind.startswith("person.")}
    assert set(found) == {
        ("person.stage_on_member", ids["member"]),
        ("person.stage_dates", ids["target"]),
        ("person.unknown_status", ids["undated"]),
    }
    assert found[("person.stage_dates", ids["target"])].startswith("孙强（综采一队党支部）：入党积极分子经过一年以上")
    assert found[("person.unknown_status", ids["undated"])] == "周杰（综采一队党支部）：入党积极分子"
    assert all(kind in KINDS for kind, _id in found)


def test_the_report_states_the_stages_apart_from_the_members(store: Store) -> None:
    from jiaomei_desktop.services.statistics.report import development_sentence, members_paragraph

    _people(store)
    d2025 = statistics.dashboard(store, None, 2025, today=TODAY)
    assert development_sentence(d2025) == "另有入党申请人1名、入党积极分子2名、发展对象1名；年内列为发展对象1名。"
    text = members_paragraph(d2025)
    assert "共有党员1名" in text and text.index("另有入党申请人") > text.index("共有党员")
    assert development_sentence(statistics.dashboard(store, None, 2024, today=TODAY)) == (
        "另有入党积极分子3名；年内确定入党积极分子1名。"
    )  # 2024-12-31: 张丽 (since 2023) and 孙强 (listed 2024-04), 周杰 undated as today; 李娜 not applied yet


def test_a_period_reads_the_people_on_the_way_in_once(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.statistics import development, period
    from jiaomei_desktop.services.statistics.figures import root_unit_id

    ids = _people(store)
    calls: list[str] = []
    real = development._rows

    def counted(session, unit_id):  # type: ignore[no-untyped-def]
        calls.append(unit_id)
        return real(session, unit_id)

    monkeypatch.setattr(development, "_rows", counted)
    dashes = period.period_dashboards(store, root_unit_id(store), 2024, 2026, today=TODAY)
    assert len(calls) == 1 and [d.year for d in dashes] == [2024, 2025, 2026]
    assert dashes[1].figure("development.发展对象").ids == (ids["admitted"],)  # each year still as of its own end
