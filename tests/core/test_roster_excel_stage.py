"""Excel import and export of 发展阶段 (issue 17): the new columns, and older sheets that wrote 入党积极分子 /
发展对象 in the 政治面貌 column, read into the new fields with a note in the preview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.roster import RosterQuery
from jiaomei_desktop.services.roster_excel import RowStatus, commit_roster_import, export_roster
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id
from tests.core.test_roster_excel import TODAY, plan_of, row
from tests.excel_fixtures import ID_A, ID_B

NEW_HEADER = (
    "姓名",
    "身份证号",
    "政治面貌",
    "发展阶段",
    "申请入党日期",
    "确定为积极分子日期",
    "确定为发展对象日期",
    "所在支部",
    "职务",
)
OLD_HEADER = ("姓名", "身份证号", "人员类别", "所在支部", "职务")


def test_new_layout_imports_stage_and_dates(store: Store, tmp_path: Path) -> None:
    rows = [["孙强", ID_A, "共青团员", "发展对象", "2023.03", "2023-06-01", "2024-09-01", "综采一队党支部", ""]]
    plan = plan_of(store, tmp_path, rows, header=NEW_HEADER)
    item = row(plan, 4)
    assert item.status is RowStatus.NEW, item.message
    person = item.person
    assert (person.political_status, person.development_stage) == (
        PoliticalStatus.YOUTH_LEAGUE,
        DevelopmentStage.TARGET,
    )
    assert (person.application_date, person.activist_date, person.target_date) == (
        date(2023, 3, 1),
        date(2023, 6, 1),
        date(2024, 9, 1),
    )
    commit_roster_import(store, plan)
    assert roster.find_ids(store, RosterQuery(stages=frozenset({DevelopmentStage.TARGET})))


def test_new_layout_rules_are_the_forms(store: Store, tmp_path: Path) -> None:
    rows = [
        ["孙强", ID_A, "群众", "发展对象", "", "2023-06-01", "2024-03-01", "综采一队党支部", ""],
        ["李娜", ID_B, "正式党员", "入党积极分子", "", "", "", "综采一队党支部", ""],
        ["周杰", None, "群众", "积极份子", "", "", "", "综采一队党支部", ""],
    ]
    plan = plan_of(store, tmp_path, rows, header=NEW_HEADER)
    assert "发展党员工作细则第十三条" in row(plan, 4).message and row(plan, 4).status is RowStatus.ERROR
    assert "正式党员不再有发展阶段" in row(plan, 5).message
    assert row(plan, 6).message == "发展阶段：无法识别“积极份子”（可填：入党申请人、入党积极分子、发展对象）"


def test_old_sheet_with_stage_as_status_imports_into_the_new_fields(store: Store, tmp_path: Path) -> None:
    rows = [
        ["孙强", ID_A, "入党积极分子", "综采一队党支部", "班长"],
        ["李娜", ID_B, "发展对象", "综采一队党支部", "团支部书记"],
    ]
    plan = plan_of(store, tmp_path, rows, header=OLD_HEADER)
    first, second = row(plan, 4), row(plan, 5)
    assert (first.person.political_status, first.person.development_stage) == (
        PoliticalStatus.MASSES,
        DevelopmentStage.ACTIVIST,
    )
    assert first.message == "政治面貌“入党积极分子”按新的字段导入：政治面貌为群众，发展阶段为入党积极分子"
    assert (second.person.political_status, second.person.development_stage) == (
        PoliticalStatus.YOUTH_LEAGUE,
        DevelopmentStage.TARGET,
    )  # a 团支部书记 is a 团员
    assert first.status is RowStatus.NEW and second.status is RowStatus.NEW


def test_old_sheet_keeps_a_stored_league_member_and_moves_the_stage(store: Store, tmp_path: Path) -> None:
    branch = unit_id(store, "T-01")
    pid = roster.save_person(
        store,
        PersonData(
            name="孙强",
            branch_id=branch,
            id_number=ID_A,
            political_status=PoliticalStatus.YOUTH_LEAGUE,
            development_stage=DevelopmentStage.ACTIVIST,
        ),
        today=TODAY,
    )
    plan = plan_of(store, tmp_path, [["孙强", ID_A, "发展对象", "综采一队党支部", None]], header=OLD_HEADER)
    item = row(plan, 4)
    assert item.status is RowStatus.UPDATE, item.message
    assert [c.field for c in item.changes] == ["development_stage"]  # still 共青团员: the old word says nothing of it
    assert "发展阶段：入党积极分子 → 发展对象" in item.message and "按新的字段导入" in item.message
    commit_roster_import(store, plan)
    assert roster.get_person(store, pid).development_stage is DevelopmentStage.TARGET


def test_old_status_and_a_disagreeing_stage_column_is_an_error(store: Store, tmp_path: Path) -> None:
    header = ("姓名", "身份证号", "政治面貌", "发展阶段", "所在支部")
    plan = plan_of(store, tmp_path, [["孙强", ID_A, "入党积极分子", "发展对象", "综采一队党支部"]], header=header)
    assert row(plan, 4).status is RowStatus.ERROR
    assert row(plan, 4).message == "政治面貌“入党积极分子”与发展阶段“发展对象”不一致"


def test_admission_in_a_sheet_without_a_stage_column_ends_the_stage(store: Store, tmp_path: Path) -> None:
    branch = unit_id(store, "T-01")
    pid = roster.save_person(
        store,
        PersonData(
            name="孙强",
            branch_id=branch,
            id_number=ID_A,
            political_status=PoliticalStatus.MASSES,
            development_stage=DevelopmentStage.TARGET,
            target_date=date(2025, 9, 1),
        ),
        today=TODAY,
    )
    header = ("姓名", "身份证号", "人员类别", "入党时间", "所在支部")
    plan = plan_of(store, tmp_path, [["孙强", ID_A, "预备党员", "2026-06-01", "综采一队党支部"]], header=header)
    assert row(plan, 4).status is RowStatus.UPDATE, row(plan, 4).message
    commit_roster_import(store, plan)
    admitted = roster.get_person(store, pid)
    assert (admitted.political_status, admitted.development_stage) == (PoliticalStatus.PROBATIONARY, None)
    assert admitted.target_date == date(2025, 9, 1)  # kept as history


def test_export_has_the_stage_columns(store: Store, tmp_path: Path) -> None:
    roster.save_person(
        store,
        PersonData(
            name="孙强",
            branch_id=unit_id(store, "T-01"),
            political_status=PoliticalStatus.MASSES,
            development_stage=DevelopmentStage.ACTIVIST,
            activist_date=date(2025, 5, 1),
        ),
        today=TODAY,
    )
    out = tmp_path / "out.xlsx"
    export_roster(store, RosterQuery(), out, today=TODAY)
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[2]]
    values = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert values["人员类别"] == "群众" and values["发展阶段"] == "入党积极分子"
    assert values["确定为积极分子日期"].date() == date(2025, 5, 1)
