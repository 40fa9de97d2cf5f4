"""技术比武: event rules, results-list rules (placing without entrant, ties, future event, 0–100), winners to
honours exactly once with the organiser's level, figures per trade and unit, Excel export, read-only elsewhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiaomei_desktop.db.models import Honor
from jiaomei_desktop.db.models.contest import ContestEntrant, ContestEvent
from jiaomei_desktop.domain.contests import EntrantData
from jiaomei_desktop.services import contests as ct
from jiaomei_desktop.services.errors import ValidationFailed
from tests.registers.known import TODAY


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0


def _event(unit: str, **kw) -> ct.EventData:  # type: ignore[no-untyped-def]
    values = dict(
        name="2026年采煤机司机技术比武",
        event_date=date(2026, 9, 20),
        trade="采煤机司机",
        level="集团",
        organiser="焦煤集团工会",
        unit_id=unit,
        rules="理论40分，实操60分",
    )
    values.update(kw)
    return ct.EventData(**values)  # type: ignore[arg-type]


def _results(k, first: str = "A") -> list[EntrantData]:  # type: ignore[no-untyped-def]
    return [
        EntrantData("王建国", k.b1, k.people[first], 95.5, 1),
        EntrantData("吴刚", k.b2, k.people["H"], 91.0, 2),
        EntrantData("赵外矿", k.b2, None, 88.0, 3),
        EntrantData("陈静", k.b2, k.people["F"], 70.0, None),
    ]


def test_event_rules_and_level_from_organiser(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    with pytest.raises(ValidationFailed, match="请填写比武名称"):
        ct.save_event(store, _event(k.root, name=" "), today=TODAY)
    with pytest.raises(ValidationFailed, match="请选择主办级别"):
        ct.save_event(store, _event(k.root, level="市"), today=TODAY)
    with pytest.raises(ValidationFailed, match="省部级单位，与主办级别“集团”不符"):
        ct.save_event(store, _event(k.root, organiser="河南省总工会"), today=TODAY)
    with pytest.raises(ValidationFailed, match="获奖名次应为1至20"):
        ct.save_event(store, _event(k.root, winner_places=0), today=TODAY)
    assert _count(store, ContestEvent) == 0
    event_id = ct.save_event(store, _event(k.root), today=TODAY)
    assert ct.get_event(store, event_id).organiser == "焦煤集团工会"
    assert [e.name for e in ct.list_events(store, k.root, 2026)] == ["2026年采煤机司机技术比武"]
    assert ct.list_events(store, k.root, 2025) == []


def test_results_list_rules_write_nothing(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    event_id = ct.save_event(store, _event(k.root), today=TODAY)
    bad = [EntrantData("", k.b1, None, 90.0, 1)]
    with pytest.raises(ValidationFailed, match="有名次或成绩却没有参赛选手"):
        ct.save_entrants(store, event_id, bad, today=TODAY)
    tie = [EntrantData("王建国", k.b1, k.people["A"], 90.0, 1), EntrantData("李明", k.b1, k.people["B"], 90.0, 1)]
    with pytest.raises(ValidationFailed, match="第1名有2人：本次比武不设并列名次"):
        ct.save_entrants(store, event_id, tie, today=TODAY)
    with pytest.raises(ValidationFailed, match="成绩应在0至100之间"):
        ct.save_entrants(store, event_id, [EntrantData("王建国", k.b1, k.people["A"], 100.5, 1)], today=TODAY)
    with pytest.raises(ValidationFailed, match="同一人不能重复参赛"):
        ct.save_entrants(
            store,
            event_id,
            [EntrantData("王建国", k.b1, k.people["A"]), EntrantData("王建国", k.b1, k.people["A"])],
            today=TODAY,
        )
    with pytest.raises(ValidationFailed, match="名次应为不小于1的整数"):
        ct.save_entrants(store, event_id, [EntrantData("王建国", k.b1, k.people["A"], 90.0, 0)], today=TODAY)
    assert _count(store, ContestEntrant) == 0
    # ties allowed, and a 1000-point scale: both lists are fine then
    ct.save_event(store, replace(ct.get_event(store, event_id), ties_allowed=True, percent_scale=False), today=TODAY)
    ct.save_entrants(store, event_id, [*tie, EntrantData("张丽", k.b1, k.people["C"], 420.0, 3)], today=TODAY)
    assert _count(store, ContestEntrant) == 3
    # …but the rules cannot be made strict again while the saved results break them
    with pytest.raises(ValidationFailed, match="已录入的成绩与修改后的比武不符"):
        ct.save_event(store, replace(ct.get_event(store, event_id), ties_allowed=False), today=TODAY)


def test_future_event_takes_entrants_but_no_scores(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    event_id = ct.save_event(store, _event(k.root, event_date=date(2026, 12, 10)), today=TODAY)
    ct.save_entrants(store, event_id, [EntrantData("王建国", k.b1, k.people["A"])], today=TODAY)  # sign-up
    with pytest.raises(ValidationFailed, match="比武日期（2026-12-10）在今天之后，还不能录入成绩或名次"):
        ct.save_entrants(store, event_id, [EntrantData("王建国", k.b1, k.people["A"], 80.0)], today=TODAY)
    with pytest.raises(ValidationFailed, match="比武尚未举行"):
        ct.grant_honours(store, event_id, today=TODAY)
    assert [e.score for e in ct.list_entrants(store, event_id)] == [None]


def test_entrants_ranked_edit_in_place_and_membership_shown(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    event_id = ct.save_event(store, _event(k.root), today=TODAY)
    ct.save_entrants(store, event_id, _results(k), today=TODAY)
    rows = ct.list_entrants(store, event_id)
    assert [(r.name, r.placing, r.party_status) for r in rows] == [
        ("王建国", 1, "正式党员"),
        ("吴刚", 2, "群众"),
        ("赵外矿", 3, ""),
        ("陈静", None, "正式党员"),
    ]
    edited = [r.as_data() for r in rows[:3]]  # 陈静 removed
    edited[1] = replace(edited[1], score=92.0)
    ct.save_entrants(store, event_id, edited, today=TODAY)
    again = ct.list_entrants(store, event_id)
    assert [r.id for r in again] == [r.id for r in rows[:3]]
    assert again[1].score == 92.0
    assert _count(store, ContestEntrant) == 3


def test_winners_become_honours_once_with_level_of_organiser(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    event_id = ct.save_event(
        store, _event(k.root, level="省", organiser="河南省总工会", honour_category="岗位能手"), today=TODAY
    )
    with pytest.raises(ValidationFailed, match="还没有获奖名次"):
        ct.grant_honours(store, event_id, today=TODAY)
    ct.save_entrants(store, event_id, _results(k), today=TODAY)
    before = _count(store, Honor)
    grant = ct.grant_honours(store, event_id, today=TODAY)
    assert (grant.created, grant.already, grant.not_on_roster) == (2, 0, ["赵外矿"])
    with store.reading() as session:
        honours = session.scalars(select(Honor).where(Honor.deleted.is_(False), Honor.category == "岗位能手")).all()
        got = sorted((h.person_id, h.category, h.level, h.awarding_body, h.award_date) for h in honours)
        titles = sorted(h.title for h in honours)
    assert got == sorted(
        [
            (k.people["A"], "岗位能手", "省部级", "河南省总工会", date(2026, 9, 20)),
            (k.people["H"], "岗位能手", "省部级", "河南省总工会", date(2026, 9, 20)),
        ]
    )
    assert titles == ["2026年采煤机司机技术比武岗位能手（第1名）", "2026年采煤机司机技术比武岗位能手（第2名）"]
    linked = {r.name: r.honor_id for r in ct.list_entrants(store, event_id)}
    assert linked["王建国"] and linked["吴刚"] and linked["赵外矿"] is None and linked["陈静"] is None
    again = ct.grant_honours(store, event_id, today=TODAY)
    assert (again.created, again.already) == (0, 2)
    assert _count(store, Honor) == before + 2
    assert (ct.list_events(store)[0].winners, ct.list_events(store)[0].honoured) == (3, 2)


def test_figures_per_trade_and_unit(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    first = ct.save_event(store, _event(k.root), today=TODAY)
    ct.save_entrants(store, first, _results(k), today=TODAY)
    second = ct.save_event(
        store,
        _event(k.root, name="电钳工比武", trade="电钳工", level="矿", organiser="测试矿", event_date=date(2025, 6, 1)),
        today=TODAY,
    )
    ct.save_entrants(
        store,
        second,
        [EntrantData("李明", k.b1, k.people["B"], 80.0, 1), EntrantData("孙强", k.b1, k.people["E"], 79.0, 2)],
        today=TODAY,
    )
    every = ct.figures(store, k.root)
    assert (every.events, every.entrants, every.winners, every.member_winners) == (2, 6, 5, 2)
    assert [x.as_dict() for x in every.by_trade] == [
        {"name": "采煤机司机", "entrants": 4, "winners": 3, "member_winners": 1},
        {"name": "电钳工", "entrants": 2, "winners": 2, "member_winners": 1},
    ]
    assert {x.key: (x.entrants, x.winners, x.member_winners) for x in every.by_unit} == {
        "综采一队党支部": (3, 3, 2),
        "掘进二队党支部": (3, 2, 0),
    }
    year = ct.figures(store, k.root, 2025)
    assert (year.events, year.entrants, year.winners) == (1, 2, 2)
    assert ct.figures(store, k.b3).events == 0


def test_delete_export_and_read_only(known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    event_id = ct.save_event(store, _event(k.root), today=TODAY)
    ct.save_entrants(store, event_id, _results(k), today=TODAY)
    path = tmp_path / "比武.xlsx"
    assert ct.export_events(store, ct.list_events(store), path) == 4
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("比武名称", "比武日期", "工种")
    assert rows[1][6:10] == (1, "王建国", "综采一队党支部", "正式党员")
    assert rows[3][9] == "（未在花名册）"
    ct.delete_event(store, event_id)
    assert ct.list_events(store) == [] and _count(store, ContestEntrant) == 0


def test_results_sheet_from_stored_event(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.reports.contest_results import render_contest_results
    from tests.reports.pdfcheck import text_of

    store, k = known
    event_id = ct.save_event(store, _event(k.root), today=TODAY)
    ct.save_entrants(store, event_id, _results(k), today=TODAY)
    sheet = ct.results_sheet(store, event_id)
    assert [(x.placing, x.name, x.honour) for x in sheet.lines] == [
        (1, "王建国", "技术能手"),
        (2, "吴刚", "技术能手"),
        (3, "赵外矿", "技术能手"),
        (None, "陈静", ""),
    ]
    text = text_of(render_contest_results(sheet))
    assert "第1名王建国综采一队党支部95.5技术能手" in text and text.endswith("焦煤集团工会二〇二六年九月二十日")


def test_demo_contests_shape(demo_store) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.demo.context import DEMO_TODAY

    events = ct.list_events(demo_store)
    assert len(events) == 120
    assert {e.level for e in events} == {"矿", "集团", "省"}
    assert sum(e.entrants for e in events) >= 120 * 8
    future = [e for e in events if e.event_date > DEMO_TODAY]
    assert len(future) == 2 and all(e.winners == 0 for e in future)
    assert all(s.score is None for e in future for s in ct.list_entrants(demo_store, e.id))
    with demo_store.reading() as session:
        linked = session.scalars(select(ContestEntrant.honor_id).where(ContestEntrant.honor_id.is_not(None))).all()
        live = session.scalar(select(func.count()).select_from(Honor).where(Honor.id.in_(linked)))
    assert linked and len(set(linked)) == len(linked) == live
    old = next(e for e in events if e.winners and (DEMO_TODAY - e.event_date).days > 90)
    assert ct.grant_honours(demo_store, old.id, today=DEMO_TODAY).created == 0  # granted already in the demo


def test_another_offices_contests_are_read_only(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.errors import ReadOnlyRecord
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY

    store, k = known
    event_id = ct.save_event(store, _event(k.b1, level="矿", organiser="测试矿工会"), today=TODAY)
    ct.save_entrants(store, event_id, _results(k), today=TODAY)
    store.set_setting(OFFICE_UNIT_KEY, k.b2)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ct.save_event(store, replace(ct.get_event(store, event_id), name="改名"), today=TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ct.save_entrants(store, event_id, [], today=TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ct.grant_honours(store, event_id, today=TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ct.delete_event(store, event_id)
    assert ct.get_event(store, event_id).name == "2026年采煤机司机技术比武"
    assert len(ct.list_entrants(store, event_id)) == 4
    assert all(r.honor_id is None for r in ct.list_entrants(store, event_id))


def test_cli_contests_list(known, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from jiaomei_desktop.cli.main import main

    store, k = known
    event_id = ct.save_event(store, _event(k.root), today=TODAY)
    ct.save_entrants(store, event_id, _results(k), today=TODAY)
    base = ["--data-dir", str(store.data_dir), "--json"]
    assert main(["contests", "list", "--unit", "T", *base]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 1
    assert {key: out["rows"][0][key] for key in ("name", "trade", "level", "entrants", "winners", "honoured")} == {
        "name": "2026年采煤机司机技术比武",
        "trade": "采煤机司机",
        "level": "集团",
        "entrants": 4,
        "winners": 3,
        "honoured": 0,
    }
    assert main(["contests", "list", "--unit", "T", "--year", "2025", *base]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 0
    assert main(["contests", "list", "--unit", "NOPE", *base]) == 2
    assert "没有代码为“NOPE”的单位" in json.loads(capsys.readouterr().out)["error"]
