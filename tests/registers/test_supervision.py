"""13710 督办: deadline tiers, overdue computed on the day, bad input writes nothing, open/overdue per unit,
notes, 办结, read-only elsewhere, Excel export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiaomei_desktop.db.models import StudySession
from jiaomei_desktop.db.models.supervision import SupervisionNote, SupervisionTask
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.errors import ReadOnlyRecord, ValidationFailed
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from tests.registers.known import TODAY


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0


def _task(unit: str, start: date, days: int = 7, **kw) -> sv.TaskData:  # type: ignore[no-untyped-def]
    return sv.TaskData(title=kw.pop("title", "整改皮带巷积煤"), unit_id=unit, start_date=start, tier_days=days, **kw)


def test_tiers_default_to_13710_and_are_settings(known) -> None:  # type: ignore[no-untyped-def]
    store, _k = known
    assert [d for _n, d in sv.tier_days(store)] == [1, 3, 7, 10]
    assert [n for n, _d in sv.tier_days(store)] == ["交办", "反馈", "办结", "复杂事项"]
    sv.set_tier_days(store, [1, 2, 5, 15])
    assert [d for _n, d in sv.tier_days(store)] == [1, 2, 5, 15]
    with pytest.raises(ValidationFailed, match="逐档不减"):
        sv.set_tier_days(store, [3, 1, 7, 10])
    with pytest.raises(ValidationFailed, match="1至365天"):
        sv.set_tier_days(store, [0, 3, 7, 10])
    assert [d for _n, d in sv.tier_days(store)] == [1, 2, 5, 15]


def test_deadline_from_tier_and_state_on_the_day(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    start = date(2026, 11, 10)
    for days in (1, 3, 7, 10):
        task_id = sv.save_task(store, _task(k.b1, start, days, title=f"{days}天事项"), today=TODAY)
        assert sv.get_task(store, task_id).deadline == start + timedelta(days=days)
    # on the 17th the 1- and 3-day items are overdue, the 7-day one is due today (still 进行中)
    states = {r.title: (r.state, r.days_over) for r in sv.list_tasks(store, k.b1, today=date(2026, 11, 17))}
    assert states == {
        "1天事项": ("逾期", 6),
        "3天事项": ("逾期", 4),
        "7天事项": ("进行中", 0),
        "10天事项": ("进行中", 0),
    }
    # the same items a day later: the state is never stored, it follows the day
    later = {r.title: r.state for r in sv.list_tasks(store, k.b1, today=date(2026, 11, 18))}
    assert later["7天事项"] == "逾期"
    assert [r.title for r in sv.list_tasks(store, k.b1, state=sv.OVERDUE, today=date(2026, 11, 18))] == [
        "1天事项",
        "3天事项",
        "7天事项",
    ]
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(SupervisionTask)) == 4


def test_hand_set_deadline_and_meeting_link(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    with store.reading() as session:
        meeting = session.execute(
            select(StudySession.id, StudySession.session_date).where(StudySession.unit_id == k.b1)
        ).first()
    task_id = sv.save_task(
        store,
        _task(
            k.b1, meeting[1], 10, deadline=meeting[1] + timedelta(days=30), session_id=meeting[0], person_name="张三"
        ),
        today=TODAY,
    )
    row = sv.list_tasks(store, k.b1, ids=[task_id], today=TODAY)[0]
    assert row.deadline == meeting[1] + timedelta(days=30) and row.source == "会议决定"
    assert row.person_name == "张三"
    with pytest.raises(ValidationFailed) as info:  # a task cannot start before the meeting that decided it
        sv.save_task(store, _task(k.b1, meeting[1] - timedelta(days=1), session_id=meeting[0]), today=TODAY)
    assert info.value.errors == {"session_id": "交办日期不能早于作出决定的会议日期"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"deadline": date(2026, 11, 1)}, "deadline", "办结时限不能早于交办日期"),
        ({"done_date": date(2026, 11, 1), "confirmed_by": "李四"}, "done_date", "办结日期不能早于交办日期"),
        ({"done_date": TODAY + timedelta(days=1), "confirmed_by": "李四"}, "done_date", "办结日期不能晚于今天"),
        ({"done_date": date(2026, 11, 12)}, "confirmed_by", "请填写办结确认人"),
        ({"unit_id": None}, "unit_id", "请选择责任单位"),
        ({"unit_id": "no-such-unit"}, "unit_id", "所选单位不存在或已撤销"),
        ({"title": "  "}, "title", "请填写事项名称"),
        ({"start_date": None}, "start_date", "请填写交办日期"),
        ({"start_date": TODAY + timedelta(days=1)}, "start_date", "交办日期应在1990年至今天之间"),
        ({"tier_days": 0}, "tier_days", "办理时限应为1至365天"),
        ({"session_id": "no-such-meeting"}, "session_id", "所选会议不存在或已删除"),
    ],
)
def test_bad_input_writes_nothing(known, change, field, message) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    data = replace(_task(k.b1, date(2026, 11, 10)), **change)
    assert sv.check_task(store, data, today=TODAY)[field] == message
    with pytest.raises(ValidationFailed) as info:
        sv.save_task(store, data, today=TODAY)
    assert info.value.errors[field] == message
    assert _count(store, SupervisionTask) == 0


def test_notes_and_finishing(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    task_id = sv.save_task(store, _task(k.b2, date(2026, 11, 10), 3), today=TODAY)
    sv.add_note(store, task_id, date(2026, 11, 11), "已安排清理", today=TODAY)
    sv.add_note(store, task_id, date(2026, 11, 12), "清理完成一半", today=TODAY)
    for day, text, message in (
        (date(2026, 11, 9), "x", "进展日期不能早于交办日期"),
        (TODAY + timedelta(days=1), "x", "进展日期不能晚于今天"),
        (date(2026, 11, 12), " ", "请填写进展情况"),
    ):
        with pytest.raises(ValidationFailed, match=message):
            sv.add_note(store, task_id, day, text, today=TODAY)
    assert [n.text for n in sv.list_notes(store, task_id)] == ["已安排清理", "清理完成一半"]
    with pytest.raises(ValidationFailed, match="请填写办结确认人"):
        sv.finish_task(store, task_id, date(2026, 11, 14), "", today=TODAY)
    assert sv.get_task(store, task_id).done_date is None
    sv.finish_task(store, task_id, date(2026, 11, 14), "王书记", today=TODAY)
    row = sv.list_tasks(store, k.b2, today=TODAY)[0]
    assert (row.state, row.done_date, row.confirmed_by, row.days_over) == ("已办结", date(2026, 11, 14), "王书记", 1)
    sv.delete_task(store, task_id)
    assert sv.list_tasks(store, k.b2, today=TODAY) == []
    assert _count(store, SupervisionNote) == 2  # listed only through their item


def test_open_and_overdue_per_unit(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    day = date(2026, 11, 1)
    sv.save_task(store, _task(k.b1, day, 1), today=TODAY)  # overdue on TODAY
    sv.save_task(store, _task(k.b1, day, 3), today=TODAY)  # overdue
    sv.save_task(store, _task(k.b1, TODAY, 7), today=TODAY)  # open
    sv.save_task(store, _task(k.b2, TODAY, 10), today=TODAY)  # open
    sv.save_task(store, _task(k.b2, day, 1, done_date=day, confirmed_by="李四"), today=TODAY)  # done: not listed
    loads = sv.open_by_unit(store, k.root, today=TODAY)
    assert [(x.unit_name, x.open, x.overdue) for x in loads] == [("综采一队党支部", 3, 2), ("掘进二队党支部", 1, 0)]
    assert [x.as_dict() for x in sv.open_by_unit(store, k.b2, today=TODAY)] == [
        {"unit": "掘进二队党支部", "open": 1, "overdue": 0}
    ]


def test_another_offices_items_are_read_only(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    task_id = sv.save_task(store, _task(k.b1, date(2026, 11, 10)), today=TODAY)
    store.set_setting(OFFICE_UNIT_KEY, k.b2)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        sv.finish_task(store, task_id, date(2026, 11, 12), "李四", today=TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        sv.add_note(store, task_id, date(2026, 11, 12), "进展", today=TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        sv.delete_task(store, task_id)
    assert sv.get_task(store, task_id).done_date is None and sv.list_notes(store, task_id) == []


def test_export_writes_the_listed_rows(known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    sv.save_task(store, _task(k.b1, date(2026, 11, 1), 1, title='=HYPERLINK("x")', person_name="张三"), today=TODAY)
    path = tmp_path / "督办.xlsx"
    assert sv.export_tasks(sv.list_tasks(store, k.root, today=TODAY), path) == 1
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("事项名称", "来源", "责任单位", "责任人")
    assert rows[1][0] == '=HYPERLINK("x")' and sheet["A2"].data_type == "s"  # shown, never evaluated
    assert rows[1][2:4] == ("综采一队党支部", "张三") and rows[1][7] == "逾期" and rows[1][8] == 21


def test_cli_lists_per_unit_and_overdue(known, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from jiaomei_desktop.cli.main import main

    store, k = known
    sv.save_task(store, _task(k.b1, date(2026, 11, 1), 1, title="逾期的事"), today=TODAY)  # overdue for good
    sv.save_task(store, _task(k.b1, date(2026, 11, 1), 10, deadline=date(2099, 1, 1), title="远期的事"), today=TODAY)
    sv.save_task(store, _task(k.b2, date(2026, 11, 1), 7, title="别队的事"), today=TODAY)
    base = ["--data-dir", str(store.data_dir), "--json"]
    assert main(["supervision", "list", "--unit", "T-01", *base]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["title"], r["state"]) for r in rows] == [("逾期的事", "逾期"), ("远期的事", "进行中")]
    assert main(["supervision", "list", "--unit", "T-01", "--overdue", *base]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 1 and out["rows"][0]["deadline"] == "2026-11-02"
    assert main(["supervision", "units", "--unit", "T", *base]) == 0
    assert json.loads(capsys.readouterr().out)["units"] == [
        {"unit": "综采一队党支部", "open": 2, "overdue": 1},
        {"unit": "掘进二队党支部", "open": 1, "overdue": 1},
    ]
    path = tmp_path / "督办.xlsx"
    assert main(["supervision", "list", "--unit", "T", "--export", str(path), *base]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 3 and load_workbook(path).active.max_row == 4
    assert main(["supervision", "list", "--unit", "NOPE", *base]) == 2
    assert "没有代码为“NOPE”的单位" in json.loads(capsys.readouterr().out)["error"]
    assert main(["supervision", "list", "--export", str(tmp_path / "x.csv"), *base]) == 2
    assert "导出文件应以 .xlsx 结尾" in json.loads(capsys.readouterr().out)["error"]


def test_demo_has_a_groups_worth_of_items(demo_store) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.demo.context import DEMO_TODAY

    # the 13710 items of their own (the 督导 整改 items are the inspections demo's, tests/registers/test_inspections_demo)
    rows = [r for r in sv.list_tasks(demo_store, None, today=DEMO_TODAY) if not r.from_inspection]
    states = {s: sum(1 for r in rows if r.state == s) for s in sv.STATES}
    assert 2_700 <= len(rows) <= 3_100 and states[sv.OVERDUE] >= 20 and states[sv.OPEN] >= 1
    assert states[sv.DONE] > 0.95 * len(rows) - states[sv.OPEN]
    assert all(
        r.start_date <= r.deadline and (r.done_date is None or r.start_date <= r.done_date <= DEMO_TODAY) for r in rows
    )
    linked = [r for r in rows if r.session_id]
    assert len(linked) > 300
    with demo_store.reading() as session:
        meetings = dict(
            session.execute(
                select(StudySession.id, StudySession.unit_id).where(StudySession.id.in_([r.session_id for r in linked]))
            ).all()
        )
    assert all(meetings[r.session_id] == r.unit_id for r in linked)  # decided by the unit that carries it out
    # every demo item passes the rules a user's entry must pass
    assert sv.check_task(demo_store, sv.get_task(demo_store, linked[0].id), today=DEMO_TODAY) == {}


def test_year_figures_count_assigned_done_on_time_and_overdue(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import statistics
    from jiaomei_desktop.services.statistics.records import records_behind

    store, k = known
    for start, days, done in (
        (date(2025, 3, 12), 7, date(2025, 3, 15)),  # on time
        (date(2025, 6, 1), 3, date(2025, 6, 10)),  # late
        (date(2025, 12, 20), 10, None),  # open, past its deadline on 12-31
        (date(2024, 5, 1), 7, date(2026, 1, 5)),  # from 2024, still open on 2025-12-31
        (date(2024, 5, 1), 7, date(2024, 5, 3)),  # from 2024, done then: not in 2025's figures
    ):
        sv.save_task(
            store, _task(k.b1, start, days, done_date=done, confirmed_by="李四" if done else None), today=TODAY
        )
    dash = statistics.dashboard(store, k.root, 2025, today=TODAY)
    group = next(g for g in dash.groups if g.key == "supervision")
    values = {f.name: f.value for f in group.figures}
    assert values == {"assigned": 3, "done": 2, "on_time": 1, "on_time_rate": 0.5, "open": 2, "overdue": 2}
    overdue = next(f for f in group.figures if f.name == "overdue")
    listed = records_behind(store, overdue)
    assert listed.columns[:2] == ("交办日期", "事项名称")
    assert [r[0] for r in listed.rows] == ["2025-12-20", "2024-05-01"]  # newest first
    later = {
        f.name: f.value
        for f in next(
            g for g in statistics.dashboard(store, k.b1, 2026, today=TODAY).groups if g.key == "supervision"
        ).figures
    }
    assert (later["assigned"], later["open"], later["overdue"]) == (0, 1, 1)


def test_cli_tiers_show_and_set(known, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from jiaomei_desktop.cli.main import main

    store, _k = known
    base = ["--data-dir", str(store.data_dir), "--json"]
    assert main(["supervision", "tiers", *base]) == 0
    assert [t["days"] for t in json.loads(capsys.readouterr().out)["tiers"]] == [1, 3, 7, 10]
    assert main(["supervision", "tiers", "--set", "1，2，5，15", *base]) == 0
    assert [t["days"] for t in json.loads(capsys.readouterr().out)["tiers"]] == [1, 2, 5, 15]
    assert main(["supervision", "tiers", "--set", "1,x,5,15", *base]) == 2
    assert "逗号分隔的天数" in json.loads(capsys.readouterr().out)["error"]
    assert main(["supervision", "tiers", "--set", "7,3,1,10", *base]) == 2
    assert "逐档不减" in json.loads(capsys.readouterr().out)["error"]
    assert main(["supervision", "tiers", "--data-dir", str(store.data_dir)]) == 0
    assert capsys.readouterr().out.strip() == "13710时限：交办1天，反馈2天，办结5天，复杂事项15天"


def test_annual_report_sentence(known) -> None:  # type: ignore[no-untyped-def]
    import re

    from jiaomei_desktop.services import statistics
    from jiaomei_desktop.services.statistics.report import render_report, supervision_paragraph
    from tests.reports.pdfcheck import text_of

    store, k = known
    assert supervision_paragraph(statistics.dashboard(store, k.root, 2025, today=TODAY)) == ""  # nothing: no sentence
    for start, days, done in (
        (date(2025, 3, 12), 7, date(2025, 3, 15)),
        (date(2025, 6, 1), 3, date(2025, 6, 10)),
        (date(2025, 12, 20), 10, None),
    ):
        sv.save_task(
            store, _task(k.b1, start, days, done_date=done, confirmed_by="李四" if done else None), today=TODAY
        )
    dash = statistics.dashboard(store, k.root, 2025, today=TODAY)
    sentence = supervision_paragraph(dash)
    assert sentence == (
        "实行13710督办，全年交办督办事项3件，已办结2件，按时办结率50%；截至2025年12月31日，尚有1件未办结，其中逾期1件。"
    )
    text = re.sub(r"\s+", "", re.sub(r"—\d+—", "", text_of(render_report(dash, store=store))))
    assert sentence in text
