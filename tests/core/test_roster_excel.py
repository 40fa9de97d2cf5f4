"""Roster import (every messy and bad case) and export, round trips included."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, insert, select

from jiaomei_desktop.db.models import OrgUnit, Person, Setting
from jiaomei_desktop.domain.enums import DevelopmentStage, Gender, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from jiaomei_desktop.services.roster import RosterQuery
from jiaomei_desktop.services.roster_excel import (
    EXPORT_COLUMNS,
    RowStatus,
    commit_roster_import,
    export_roster,
    plan_roster_import,
)
from jiaomei_desktop.services.store import Store, open_store
from tests.conftest import unit_id
from tests.excel_fixtures import ID_A, ID_B, messy_roster, write_sheet
from tests.helpers import make_id_number

TODAY = date(2026, 11, 23)
HEADER = ("姓名", "性别", "身份证号", "出生年月", "人员类别", "入党时间", "转正时间", "所在支部", "联系电话")


def people_count(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def row(plan, number: int):  # type: ignore[no-untyped-def]
    matches = [r for r in plan.rows if r.row_number == number]
    assert matches, f"row {number} not in plan"
    return matches[0]


def plan_of(store: Store, tmp_path: Path, rows, header=HEADER, default: str | None = None, **kw):  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "r.xlsx", header, rows, text_columns=(2,), **kw)
    return plan_roster_import(store, path, default, today=TODAY)


def good(name: str = "张伟", number: str = ID_A, **over: object) -> list[object]:
    values = {"姓名": name, "性别": "男", "身份证号": number, "出生年月": "1985.06", "人员类别": "正式",
              "入党时间": "2008.07", "转正时间": "2009.07", "所在支部": "综采一队党支部", "联系电话": "13800000001"}
    values.update(over)  # type: ignore[arg-type]
    return [values[h] for h in HEADER]


# ------------------------------------------------------------------ the messy file, row by row


@pytest.fixture
def messy_plan(store: Store, tmp_path: Path):  # type: ignore[no-untyped-def]
    return plan_roster_import(store, messy_roster(tmp_path / "messy.xlsx"), None, today=TODAY)


def test_messy_file_header_found_under_two_title_rows(messy_plan) -> None:  # type: ignore[no-untyped-def]
    assert messy_plan.header_row == 3
    assert "身份证号" in messy_plan.columns and "所在支部" in messy_plan.columns
    # blank row 9 and the 合计 row 15 are not in the plan at all
    assert [r.row_number for r in messy_plan.rows] == [4, 5, 6, 7, 8, 10, 11, 12, 13, 14]
    assert messy_plan.counts == {"新增": 2, "更新": 0, "无变化": 0, "错误": 8}


def test_messy_good_rows_are_normalised(messy_plan, store: Store) -> None:  # type: ignore[no-untyped-def]
    first, second = row(messy_plan, 4), row(messy_plan, 5)
    assert first.status is RowStatus.NEW and second.status is RowStatus.NEW
    p = first.person
    assert p.name == "张建国"  # stray spaces gone
    assert p.ethnicity == "汉族" and p.political_status is PoliticalStatus.FULL_MEMBER
    assert p.birth_date == date(1985, 6, 12)  # "1985.06" agrees with the ID number: its full date is taken
    assert p.join_date == date(2008, 7, 1) and p.full_member_date == date(2009, 7, 1)
    assert p.education == "大学本科" and p.phone == "13800000001"
    assert p.branch_id == unit_id(store, "T-01")
    q = second.person
    assert q.political_status is PoliticalStatus.PROBATIONARY and q.ethnicity == "回族"
    assert q.birth_date == date(1990, 3, 5) and q.join_date == date(2026, 3, 1)  # real Excel dates
    assert q.branch_id == unit_id(store, "T-01")  # "综采一队" is contained in exactly one unit name
    assert first.id_masked == ID_A[:6] + "********" + ID_A[-4:]


@pytest.mark.parametrize(("number", "expected"), [
    (6, "身份证号校验位不正确"),
    (7, "存成了数字，末尾几位已经丢失"),
    (8, "入党日期：日期“2006年2月30日”不存在"),
    (10, "姓名：缺少姓名"),
    (11, "转正日期应晚于入党日期"),
    (12, "所在支部：找不到名为“通风三队党支部”的单位"),
    (13, "文件中第13行、第14行是同一个身份证号"),
    (14, "文件中第13行、第14行是同一个身份证号"),
])
def test_messy_error_rows_say_why(messy_plan, number: int, expected: str) -> None:  # type: ignore[no-untyped-def]
    item = row(messy_plan, number)
    assert item.status is RowStatus.ERROR
    assert expected in item.message
    assert item.person is None


def test_numeric_id_message_says_how_to_fix(messy_plan) -> None:  # type: ignore[no-untyped-def]
    assert "设置为“文本”格式" in row(messy_plan, 7).message


def test_commit_writes_only_good_rows(messy_plan, store: Store) -> None:  # type: ignore[no-untyped-def]
    summary = commit_roster_import(store, messy_plan)
    assert (summary.created, summary.updated, summary.skipped_errors) == (2, 0, 8)
    assert people_count(store) == 2
    ids = roster.find_ids(store, RosterQuery())
    names = {roster.get_person(store, i).name for i in ids}
    assert names == {"张建国", "李秀英"}


def test_error_only_file_commits_nothing(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(number=ID_A[:-1] + ("1" if ID_A[-1] != "1" else "2"))])
    assert plan.importable == 0
    commit_roster_import(store, plan)
    assert people_count(store) == 0


# ------------------------------------------------------------------ single bad cases


def test_impossible_birth_date(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(number=None, 出生年月="1985.13")])
    assert row(plan, 4).status is RowStatus.ERROR
    assert "出生日期：日期“1985.13”不存在" in row(plan, 4).message


def test_unreadable_date_text(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(入党时间="去年七月")])
    assert "入党日期：无法识别的日期“去年七月”" in row(plan, 4).message


def test_birth_month_disagreeing_with_id(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(出生年月="1985.07")])
    assert row(plan, 4).status is RowStatus.ERROR
    assert "出生日期与身份证号不一致" in row(plan, 4).message


def test_excel_month_date_in_birth_column_takes_id_date(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(出生年月=datetime(1985, 6, 1))])  # Excel's reading of a typed "1985-06"
    assert row(plan, 4).person.birth_date == date(1985, 6, 12)
    plan = plan_of(store, tmp_path, [good(出生年月=datetime(1985, 7, 1))])
    assert "出生日期与身份证号不一致" in row(plan, 4).message


def test_gender_disagreeing_with_id(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(性别="女")])
    assert "性别与身份证号不一致" in row(plan, 4).message


def test_probationary_member_with_full_date(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(人员类别="预备")])
    assert "转正日期：预备党员还没有转正日期" in row(plan, 4).message


def test_future_date(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(转正时间="2027-01-01")])
    assert "转正日期：日期不能晚于今天" in row(plan, 4).message


def test_unknown_status_word(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(人员类别="党外人士")])
    assert "无法识别“党外人士”" in row(plan, 4).message


def test_bad_phone(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(联系电话="138-0000")])
    assert row(plan, 4).status is RowStatus.NEW  # dashes are stripped, 7 digits is a landline
    plan = plan_of(store, tmp_path, [good(联系电话="电话未知")])
    assert "联系电话：电话号码应为7到12位数字" in row(plan, 4).message


def test_no_branch_column_uses_default(store: Store, tmp_path: Path) -> None:
    header = (*HEADER[:-2], "联系电话")
    rows = [[*good()[:-2], "13800000001"]]
    plan = plan_of(store, tmp_path, rows, header=header)
    assert "所在支部：未填写，且导入时没有指定默认支部" in row(plan, 4).message
    plan = plan_of(store, tmp_path, rows, header=header, default=unit_id(store, "T-02"))
    assert row(plan, 4).person.branch_id == unit_id(store, "T-02")


def test_ambiguous_branch_text(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(所在支部="队")])
    assert "对应多个单位" in row(plan, 4).message


def test_branch_by_exact_name_beats_partial(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(所在支部=" 掘进二队党支部 ")])
    assert row(plan, 4).person.branch_id == unit_id(store, "T-02")


def test_member_without_join_date(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(入党时间=None, 转正时间=None)])
    assert "入党日期：党员须填写入党日期" in row(plan, 4).message


def test_header_variants_with_spaces_and_real_dates(store: Store, tmp_path: Path) -> None:
    header = ("姓  名", "身份证号码", "出生日期", "政治面貌", "入党日期", "转正日期", "党支部", "民 族", "学历",
              "手机号码", "参加工作时间", "备注")
    rows = [["刘 洋", ID_B, datetime(1990, 3, 5), "中共党员", 20120601, "2013年6月", "掘进二队党支部", "满",
             "大专", 13900000000, "2010.9", "班组长"]]
    path = write_sheet(tmp_path / "v.xlsx", header, rows, titles=("花名册",), text_columns=(1,))
    plan = plan_roster_import(store, path, None, today=TODAY)
    p = row(plan, 3).person
    assert row(plan, 3).status is RowStatus.NEW, row(plan, 3).message
    assert (p.name, p.ethnicity, p.education, p.phone, p.notes) == ("刘洋", "满族", "大学专科", "13900000000", "班组长")
    assert p.join_date == date(2012, 6, 1) and p.full_member_date == date(2013, 6, 1)
    assert p.work_start_date == date(2010, 9, 1) and p.gender is Gender.FEMALE


def test_activist_without_id_number(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good(number=None, 人员类别="积极分子", 入党时间=None, 转正时间=None)])
    assert row(plan, 4).status is RowStatus.NEW
    # An older sheet's 人员类别 "积极分子" is a 发展阶段 of a 群众 (issue 17), and the preview says how it was read.
    assert row(plan, 4).person.political_status is PoliticalStatus.MASSES
    assert row(plan, 4).person.development_stage is DevelopmentStage.ACTIVIST
    assert "政治面貌“积极分子”按新的字段导入：政治面貌为群众，发展阶段为入党积极分子" in row(plan, 4).message


# ------------------------------------------------------------------ updates and unchanged rows


def _stored(store: Store, **over: object) -> str:
    data = PersonData(name="张伟", branch_id=unit_id(store, "T-01"), id_number=ID_A, join_date=date(2008, 7, 15),
                      full_member_date=date(2009, 7, 15), phone="13800000001")
    return roster.save_person(store, data.with_changes(**over), today=TODAY)


def test_same_data_is_unchanged_and_month_dates_keep_stored_days(store: Store, tmp_path: Path) -> None:
    _stored(store)
    plan = plan_of(store, tmp_path, [good()])
    assert row(plan, 4).status is RowStatus.UNCHANGED, row(plan, 4).message


def test_update_lists_changed_fields(store: Store, tmp_path: Path) -> None:
    person_id = _stored(store)
    plan = plan_of(store, tmp_path, [good(联系电话="13900000009", 所在支部="掘进二队党支部")])
    item = row(plan, 4)
    assert item.status is RowStatus.UPDATE
    assert {c.field for c in item.changes} == {"phone", "branch_id"}
    assert "联系电话：13800000001 → 13900000009" in item.message
    assert "所在支部：综采一队党支部 → 掘进二队党支部" in item.message
    summary = commit_roster_import(store, plan)
    assert summary.updated == 1
    stored = roster.get_person(store, person_id)
    assert stored.phone == "13900000009" and stored.branch_id == unit_id(store, "T-02")
    assert stored.join_date == date(2008, 7, 15)  # "2008.07" did not overwrite the stored day
    assert stored.version == 2


def test_empty_cells_do_not_erase(store: Store, tmp_path: Path) -> None:
    person_id = _stored(store, post="采煤机司机")
    plan = plan_of(store, tmp_path, [good(联系电话=None)])
    assert row(plan, 4).status is RowStatus.UNCHANGED
    assert roster.get_person(store, person_id).post == "采煤机司机"


def test_stale_plan_fails_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    person_id = _stored(store)
    plan = plan_of(store, tmp_path, [good(联系电话="13900000009"), good("李娜", ID_B, 性别="女", 出生年月="1990.03")])
    assert plan.counts["更新"] == 1 and plan.counts["新增"] == 1
    roster.save_person(store, roster.get_person(store, person_id).with_changes(post="电工"), today=TODAY)
    with pytest.raises(ServiceError, match="第4行（张伟）在预览之后名册已被修改"):
        commit_roster_import(store, plan)
    assert people_count(store) == 1
    assert roster.get_person(store, person_id).phone == "13800000001"


def test_stale_new_row_with_id_added_meanwhile(store: Store, tmp_path: Path) -> None:
    plan = plan_of(store, tmp_path, [good()])
    _stored(store)
    with pytest.raises(ServiceError, match="重新预览"):
        commit_roster_import(store, plan)
    assert people_count(store) == 1


def test_cancel_rolls_everything_back(store: Store, tmp_path: Path) -> None:
    rows = [good(f"测试{chr(0x4E00 + i)}", make_id_number(date(1980, 1, 1 + i % 28), sequence=100 + i),
                 出生年月=None, 性别=None) for i in range(250)]
    plan = plan_of(store, tmp_path, rows)
    assert plan.counts["新增"] == 250, [r.message for r in plan.rows if r.message][:3]
    calls = []

    def listener(done: int, total: int, text: str) -> None:
        calls.append(done)
        if done >= 100:
            progress.cancel()

    progress = Progress(listener)
    with pytest.raises(Cancelled):
        commit_roster_import(store, plan, progress)
    assert people_count(store) == 0


# ------------------------------------------------------------------ unreadable files


def test_not_an_xlsx(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_text("姓名,身份证号\n张三,1\n", encoding="utf-8")
    with pytest.raises(ServiceError, match=r"不是 Excel（\.xlsx）文件"):
        plan_roster_import(store, path, None)


def test_old_xls(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "名册.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ServiceError, match=r"旧版 Excel（\.xls）"):
        plan_roster_import(store, path, None)


def test_password_protected(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le"))
    with pytest.raises(ServiceError, match="设置了打开密码"):
        plan_roster_import(store, path, None)


def test_corrupt_zip(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(300))
    with pytest.raises(ServiceError, match="已损坏"):
        plan_roster_import(store, path, None)


def test_missing_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="找不到文件"):
        plan_roster_import(store, tmp_path / "nope.xlsx", None)


def test_no_recognisable_header(store: Store, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "x.xlsx", ("项目", "金额"), [["煤", 3]])
    with pytest.raises(ServiceError, match="没有找到党员花名册的表头行"):
        plan_roster_import(store, path, None)


# ------------------------------------------------------------------ export and round trips


def test_export_writes_text_ids_real_dates_title_and_frozen_header(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    query = RosterQuery(statuses=frozenset({PoliticalStatus.FULL_MEMBER}))
    n = export_roster(demo_store, query, out, today=TODAY)
    assert n == roster.count(demo_store, query) > 0
    book = load_workbook(out)
    sheet = book.active
    assert "党员花名册" in sheet["A1"].value and "2026年11月23日" in sheet["A1"].value
    assert [c.value for c in sheet[2]] == [h for h, _k, _w in EXPORT_COLUMNS]
    assert sheet.freeze_panes == "C3"
    id_col = [h for h, _k, _w in EXPORT_COLUMNS].index("身份证号码") + 1
    birth_col = [h for h, _k, _w in EXPORT_COLUMNS].index("出生日期") + 1
    cell = sheet.cell(row=3, column=id_col)
    assert isinstance(cell.value, str) and len(cell.value) == 18 and cell.number_format == "@"
    birth = sheet.cell(row=3, column=birth_col)
    assert isinstance(birth.value, datetime) and birth.number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["F"].width >= 18
    assert sheet.max_row == n + 2
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_then_import_into_same_store_is_all_unchanged(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    n = export_roster(demo_store, RosterQuery(), out, today=TODAY)
    plan = plan_roster_import(demo_store, out, None, today=TODAY)
    assert plan.counts == {"新增": 0, "更新": 0, "无变化": n, "错误": 0}, [r.message for r in plan.rows if r.message][:3]


def test_export_then_import_into_empty_store_with_same_units(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    n = export_roster(demo_store, RosterQuery(), out, today=TODAY)
    before = {p.id_number: p for p in (roster.get_person(demo_store, i)
                                       for i in roster.find_ids(demo_store, RosterQuery()))}
    empty = _store_with_same_units(demo_store, tmp_path / "empty")
    plan = plan_roster_import(empty, out, None, today=TODAY)
    assert plan.counts["新增"] == n and plan.counts["错误"] == 0
    commit_roster_import(empty, plan)
    after = {p.id_number: p for p in (roster.get_person(empty, i) for i in roster.find_ids(empty, RosterQuery()))}
    empty.close()
    assert after.keys() == before.keys()
    ignore = {"id", "version"}
    for number, old in before.items():
        new = after[number]
        diff = {k for k in old.__dataclass_fields__ if k not in ignore and getattr(old, k) != getattr(new, k)}
        assert not diff, (number[-4:], diff)


def _store_with_same_units(source: Store, directory: Path) -> Store:
    target = open_store(directory)
    with source.reading() as session:
        units = [{c.name: getattr(u, c.name) for c in OrgUnit.__table__.columns}
                 for u in session.scalars(select(OrgUnit))]
    with target.transaction() as session:
        session.execute(insert(OrgUnit), units)
        session.add(Setting(key=OFFICE_UNIT_KEY, value=source.get_setting(OFFICE_UNIT_KEY)))
    return target


def test_export_to_unwritable_folder_leaves_no_file(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(ServiceError, match="没有权限写入"):
            export_roster(store, RosterQuery(), folder / "a.xlsx")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_export_needs_xlsx_name(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match=r"\.xlsx"):
        export_roster(store, RosterQuery(), tmp_path / "a.xls")


def test_export_replaces_existing_file_atomically(store: Store, tmp_path: Path) -> None:
    _stored(store)
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"old")
    assert export_roster(store, RosterQuery(), out) == 1
    assert load_workbook(out).active.cell(row=3, column=2).value == "张伟"


@pytest.mark.parametrize(("error", "expected"), [
    (OSError(28, "No space left on device"), "磁盘空间不足"),
    (PermissionError(13, "Permission denied"), "没有权限写入"),
])
def test_export_write_failure_keeps_old_file_and_no_temp(store: Store, tmp_path: Path, monkeypatch,
                                                         error: OSError, expected: str) -> None:
    _stored(store)
    out = tmp_path / "a.xlsx"
    out.write_bytes(b"old")

    def failing_replace(src: str, dst: object) -> None:
        raise error

    monkeypatch.setattr("jiaomei_desktop.services.excel_io.os.replace", failing_replace)
    with pytest.raises(ServiceError, match=expected):
        export_roster(store, RosterQuery(), out)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["a.xlsx"]
