"""Rosters in and out of Excel: a preview plan of every row (new / update / unchanged / error) before anything is
written, an all-or-nothing commit of the good rows, and an export of the current roster view that imports back.

Import rules a secretary can rely on: people are matched by ID number (or, without one, by name within the branch);
an empty cell never erases what the store already knows; error rows are never written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import false, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import OrgUnit, Person
from jiaomei_desktop.domain import idnumber
from jiaomei_desktop.domain.dates import DateParseError, ParsedDate, assumed_day, format_date, parse_date
from jiaomei_desktop.domain.development import LEGACY_STAGE_STATUSES, is_league_member
from jiaomei_desktop.domain.enums import ETHNICITIES, DevelopmentStage, Gender, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.person import FIELD_LABELS, PersonData, field_message, probation_end, validate_person
from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import ownership
from jiaomei_desktop.services.errors import ReadOnlyRecord, ServiceError
from jiaomei_desktop.services.excel_io import (
    RowStatus,
    cell_text,
    header_key,
    open_sheet,
    save_workbook_safely,
    text_cell,
)
from jiaomei_desktop.services.health import REASON_IMPORT, backup_now
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from jiaomei_desktop.services.roster import RosterQuery, _row_to_data, _write_person, find_ids, normalized
from jiaomei_desktop.services.store import Store

__all__ = ["EXPORT_COLUMNS", "HEADER_ALIASES", "FieldChange", "ImportPlan", "ImportSummary", "PlanRow",
           "RowStatus", "commit_roster_import", "export_roster", "plan_roster_import"]

# Header text (after header_key: spaces, brackets and * removed) -> field. "branch"/"branch_code"/"party_group" are
# resolved to ids; every other key is a PersonData field.
HEADER_ALIASES: dict[str, str] = {
    "姓名": "name",
    "身份证号码": "id_number", "公民身份号码": "id_number", "身份证号": "id_number", "身份证": "id_number",
    "身份证件号码": "id_number", "公民身份证号码": "id_number",
    "出生年月": "birth_date", "出生日期": "birth_date",
    "人员类别": "political_status", "政治面貌": "political_status", "党员类别": "political_status",
    "入党时间": "join_date", "入党日期": "join_date",
    "转正时间": "full_member_date", "转正日期": "full_member_date",
    "延长预备期（月）": "probation_extension_months", "延长预备期": "probation_extension_months",
    "延长预备期(月)": "probation_extension_months",
    "所在支部": "branch", "所在党支部": "branch", "党支部": "branch", "所在党组织": "branch",
    "支部代码": "branch_code", "党支部代码": "branch_code",
    "党小组": "party_group", "所在党小组": "party_group",
    "民族": "ethnicity", "性别": "gender",
    "学历": "education", "文化程度": "education",
    "岗位": "post", "工种": "trade", "职务": "position", "职称": "title", "技能等级": "skill_grade",
    "联系电话": "phone", "手机号码": "phone", "电话": "phone", "手机": "phone", "联系方式": "phone",
    "参加工作时间": "work_start_date", "参加工作日期": "work_start_date",
    "备注": "notes",
    "发展阶段": "development_stage",
    "申请入党日期": "application_date", "申请入党时间": "application_date", "递交入党申请书时间": "application_date",
    "确定为积极分子日期": "activist_date", "确定为入党积极分子时间": "activist_date",
    "确定入党积极分子时间": "activist_date", "确定为入党积极分子日期": "activist_date",
    "确定为发展对象日期": "target_date", "确定为发展对象时间": "target_date", "列为发展对象时间": "target_date",
    "确定发展对象时间": "target_date",
}
DATE_FIELDS = ("birth_date", "join_date", "full_member_date", "work_start_date", "application_date", "activist_date",
               "target_date")
TEXT_FIELDS = ("education", "post", "trade", "position", "title", "skill_grade", "phone", "notes")
STATUS_ALIASES: dict[str, PoliticalStatus] = {
    "正式": PoliticalStatus.FULL_MEMBER, "正式党员": PoliticalStatus.FULL_MEMBER,
    "中共党员": PoliticalStatus.FULL_MEMBER, "党员": PoliticalStatus.FULL_MEMBER,
    "预备": PoliticalStatus.PROBATIONARY, "预备党员": PoliticalStatus.PROBATIONARY,
    "中共预备党员": PoliticalStatus.PROBATIONARY,
    "群众": PoliticalStatus.MASSES,
    "共青团员": PoliticalStatus.YOUTH_LEAGUE, "团员": PoliticalStatus.YOUTH_LEAGUE,
}
# 发展阶段 as sheets write it; older sheets (and this program's exports before revision 0018) put 入党积极分子 and
# 发展对象 in the 政治面貌 column: domain.development.LEGACY_STAGE_STATUSES reads those.
STAGE_ALIASES: dict[str, DevelopmentStage] = {
    **{s.value: s for s in DevelopmentStage}, "申请人": DevelopmentStage.APPLICANT,
    "申请入党": DevelopmentStage.APPLICANT, "积极分子": DevelopmentStage.ACTIVIST,
}
EDUCATION_ALIASES = {"本科": "大学本科", "大学": "大学本科", "大专": "大学专科", "专科": "大学专科",
                     "技校": "技工学校", "硕士": "研究生", "博士": "研究生", "硕士研究生": "研究生"}
# Compared to decide update vs unchanged; photo and membership state are never set from a sheet.
COMPARED_FIELDS = ("name", "gender", "ethnicity", "birth_date", "id_number", "education", "political_status",
                   "join_date", "full_member_date", "branch_id", "party_group_id", "post", "trade", "position",
                   "title", "skill_grade", "phone", "work_start_date", "notes", "probation_extension_months",
                   "development_stage", "application_date", "activist_date", "target_date")
# A probationary period is one year; a join date this recent without 转正 means a 预备党员 when the sheet has no status.
PROBATION_GUESS = timedelta(days=400)
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class PlanRow:
    row_number: int  # as Excel shows it
    status: RowStatus
    name: str
    id_masked: str
    message: str  # the reason (error) or the changes (update)
    changes: tuple[FieldChange, ...] = ()
    person: PersonData | None = None  # what the commit writes; updates carry the stored id and version


@dataclass(frozen=True)
class ImportPlan:
    file_name: str
    sheet_name: str
    header_row: int
    columns: tuple[str, ...]  # recognised headers, as field labels
    ignored_columns: tuple[str, ...]
    rows: tuple[PlanRow, ...]
    today: date

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in RowStatus}

    @property
    def importable(self) -> int:
        return self.count(RowStatus.NEW) + self.count(RowStatus.UPDATE)


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    skipped_errors: int


# ---------------------------------------------------------------- planning


@dataclass
class _Units:
    """Live units for matching branch names, and party groups per branch."""

    by_id: dict[str, OrgUnit]
    members_units: list[OrgUnit]  # units people can belong to (not party groups)
    groups: dict[str, list[OrgUnit]]
    readonly: dict[str, str] = field(default_factory=dict)  # unit id -> the other office that keeps its records

    @classmethod
    def load(cls, session: Session) -> _Units:
        units = list(session.scalars(select(OrgUnit).where(OrgUnit.deleted.is_(False))))
        groups: dict[str, list[OrgUnit]] = defaultdict(list)
        for u in units:
            if u.kind == UnitKind.PARTY_GROUP.value and u.parent_id:
                groups[u.parent_id].append(u)
        known = ownership.offices(session)
        keepers = {u.id: known.maintainer(u.path) or known.here for u in units} if known else {}
        readonly = {uid: ownership.office_name(session, keeper) for uid, keeper in keepers.items()
                    if known and keeper != known.here}
        session.expunge_all()
        return cls({u.id: u for u in units}, [u for u in units if u.kind != UnitKind.PARTY_GROUP.value], groups,
                   readonly)

    def name(self, unit_id: str | None) -> str:
        unit = self.by_id.get(unit_id) if unit_id else None
        return unit.name if unit else ""

    def branch(self, text: str, code: str, default_id: str | None) -> tuple[str | None, str | None]:
        """(unit id, error). Code first, then exact name, then a unique unit whose name contains the text."""
        if code:
            found = [u for u in self.members_units if u.code == code]
            if found:
                return found[0].id, None
            if not text:
                return None, _("所在支部：没有代码为“{code}”的单位").format(code=code)
        key = header_key(text)
        scope = self._scope(default_id)
        for pool in (scope, self.members_units) if scope else (self.members_units,):
            exact = [u for u in pool if header_key(u.name) == key]
            if len(exact) == 1:
                return exact[0].id, None
            if len(exact) > 1:
                return None, _("所在支部：有{n}个单位都叫“{text}”，请改用支部代码列").format(n=len(exact), text=text)
            partial = [u for u in pool if key in header_key(u.name)]
            if len(partial) == 1:
                return partial[0].id, None
            if len(partial) > 1:
                names = _("、").join(u.name for u in partial[:3])
                return None, _("所在支部：“{text}”对应多个单位（{names}…），请写完整名称").format(text=text, names=names)
        return None, _("所在支部：找不到名为“{text}”的单位，请先在组织树中建立该支部").format(text=text)

    def _scope(self, default_id: str | None) -> list[OrgUnit]:
        unit = self.by_id.get(default_id) if default_id else None
        return [u for u in self.members_units if u.path.startswith(unit.path)] if unit else []

    def party_group(self, branch_id: str | None, text: str) -> tuple[str | None, str | None]:
        candidates = self.groups.get(branch_id or "", [])
        key = header_key(text)
        exact = [g for g in candidates if header_key(g.name) == key]
        partial = exact or [g for g in candidates if key in header_key(g.name)]
        if len(partial) == 1:
            return partial[0].id, None
        return None, _("党小组：所在支部下没有“{text}”").format(text=text)


@dataclass
class _Parsed:
    row_number: int
    values: dict[str, Any]  # PersonData fields read from the sheet (absent/empty cells left out)
    errors: list[str] = field(default_factory=list)
    month_only: set[str] = field(default_factory=set)
    branch_given: bool = False
    default_branch_id: str | None = None
    group_text: str = ""
    legacy_status: str = ""  # 入党积极分子 / 发展对象 read from the 政治面貌 column of an older sheet

    @property
    def name(self) -> str:
        return str(self.values.get("name", ""))

    @property
    def id_number(self) -> str | None:
        return self.values.get("id_number")


def plan_roster_import(store: Store, path: Path, default_branch_id: str | None = None,
                       progress: Progress | None = None, today: date | None = None) -> ImportPlan:
    """Read the sheet and decide, row by row, what an import would do. Writes nothing."""
    progress = progress or NO_PROGRESS
    today = today or date.today()
    path = Path(path)
    with store.reading() as session:
        units = _Units.load(session)
    if default_branch_id and default_branch_id not in units.by_id:
        raise ServiceError(_("默认支部不存在或已删除"))
    parsed: list[_Parsed] = []
    with open_sheet(path, HEADER_ALIASES, "name", _("党员花名册")) as sheet:
        columns = tuple(_column_label(f) for f in sorted(sheet.columns, key=sheet.columns.__getitem__))
        for number, raw in sheet.rows:
            parsed.append(_parse_row(number, raw, units, default_branch_id))
            if len(parsed) % 200 == 0:
                progress.step(len(parsed), sheet.total_rows or 0, _("正在读取第{n}行…").format(n=number))
    _mark_duplicates(parsed)
    existing = _existing_people(store, parsed)
    rows = []
    for i, item in enumerate(parsed):
        if i % 500 == 0:
            progress.step(i, len(parsed), _("正在核对…"))
        rows.append(_plan_row(item, existing, units, today))
    progress.step(len(parsed), len(parsed), _("核对完成"))
    return ImportPlan(path.name, sheet.sheet_name, sheet.header_row, columns, sheet.ignored_headers, tuple(rows),
                      today)


def _column_label(field_name: str) -> str:
    extra = {"branch": "所在支部", "branch_code": "支部代码", "party_group": "党小组"}
    return extra.get(field_name) or FIELD_LABELS.get(field_name, field_name)


def _parse_row(number: int, raw: dict[str, Any], units: _Units, default_branch_id: str | None) -> _Parsed:
    item = _Parsed(number, {})
    name = "".join(cell_text(raw.get("name")).split())
    if name:
        item.values["name"] = name
    else:
        item.errors.append(_("姓名：缺少姓名"))
    _read_id_number(raw, item)
    for name_ in DATE_FIELDS:
        _read_date(raw, name_, item)
    _read_extension(raw, item)
    _full_member_month(item)
    _read_choices(raw, item)
    for name_ in TEXT_FIELDS:
        text = cell_text(raw.get(name_))
        if text:
            item.values[name_] = EDUCATION_ALIASES.get(text, text) if name_ == "education" else text
    branch_text = cell_text(raw.get("branch"))
    branch_code = cell_text(raw.get("branch_code"))
    item.branch_given = bool(branch_text or branch_code)
    item.default_branch_id = default_branch_id
    if item.branch_given:
        branch_id, error = units.branch(branch_text, branch_code, default_branch_id)
        if error:
            item.errors.append(error)
        elif branch_id:
            item.values["branch_id"] = branch_id
    item.group_text = cell_text(raw.get("party_group"))
    _legacy_stage(item)
    _birth_from_id(item)
    return item


def _legacy_stage(item: _Parsed) -> None:
    """An older sheet's 政治面貌 "入党积极分子" is a 发展阶段 of a 群众, or of a 共青团员 where 职务 or 备注 says so;
    a 发展阶段 column, when the sheet has one, says the same or the row is an error."""
    if not item.legacy_status:
        return
    stage = LEGACY_STAGE_STATUSES[item.legacy_status]
    given = item.values.get("development_stage")
    if given is not None and given is not stage:
        item.errors.append(_("政治面貌“{old}”与发展阶段“{stage}”不一致").format(old=item.legacy_status,
                                                                              stage=_(given.value)))
        return
    item.values["development_stage"] = stage
    league = is_league_member(item.values.get("position"), item.values.get("notes"))
    item.values["political_status"] = PoliticalStatus.YOUTH_LEAGUE if league else PoliticalStatus.MASSES


def _read_id_number(raw: dict[str, Any], item: _Parsed) -> None:
    value = raw.get("id_number")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        item.errors.append(_("身份证号：Excel 把身份证号存成了数字，末尾几位已经丢失（变成了0）。"
                             "请把该列设置为“文本”格式，重新输入完整的18位号码后再导入"))
        return
    text = idnumber.normalize(cell_text(value)).lstrip("'")
    if text:
        item.values["id_number"] = text


def _read_date(raw: dict[str, Any], name: str, item: _Parsed) -> None:
    try:
        parsed = parse_date(raw.get(name))
    except DateParseError as exc:
        item.errors.append(field_message(name, str(exc)))
        return
    if parsed:
        item.values[name] = parsed.value
        if parsed.month_only:
            item.month_only.add(name)


def _read_extension(raw: dict[str, Any], item: _Parsed) -> None:
    """延长预备期 in months ("6", "6个月"); the person rules check the 6-12 range."""
    text = cell_text(raw.get("probation_extension_months")).replace(" ", "").removesuffix("个月").removesuffix("月")
    if not text:
        return
    try:
        item.values["probation_extension_months"] = int(float(text))
    except ValueError:
        item.errors.append(field_message("probation_extension_months", _("应为月数（6至12）")))


def _full_member_month(item: _Parsed) -> None:
    """Many rosters write 转正 as a month ("2009.07"): that month of the 预备期's end means that day."""
    join, full = item.values.get("join_date"), item.values.get("full_member_date")
    if "full_member_date" not in item.month_only or join is None or full is None:
        return
    expected = probation_end(join, item.values.get("probation_extension_months"))
    if (expected.year, expected.month) == (full.year, full.month):
        item.values["full_member_date"] = expected


def _read_choices(raw: dict[str, Any], item: _Parsed) -> None:
    gender = cell_text(raw.get("gender")).replace(" ", "").removesuffix("性")
    if gender:
        if gender in ("男", "女"):
            item.values["gender"] = Gender(gender)
        else:
            item.errors.append(_("性别：应为“男”或“女”，而不是“{v}”").format(v=gender))
    status = "".join(cell_text(raw.get("political_status")).split())
    if status in STATUS_ALIASES:
        item.values["political_status"] = STATUS_ALIASES[status]
    elif status in LEGACY_STAGE_STATUSES:
        item.legacy_status = status  # _legacy_stage, once 职务 and 备注 are read
    elif status:
        item.errors.append(_("政治面貌：无法识别“{v}”（可填：正式党员、预备党员、共青团员、群众；"
                             "入党积极分子、发展对象填在发展阶段列）").format(v=status))
    stage = "".join(cell_text(raw.get("development_stage")).split())
    if stage in STAGE_ALIASES:
        item.values["development_stage"] = STAGE_ALIASES[stage]
    elif stage:
        item.errors.append(_("发展阶段：无法识别“{v}”（可填：入党申请人、入党积极分子、发展对象）").format(v=stage))
    ethnicity = "".join(cell_text(raw.get("ethnicity")).split())
    if ethnicity:
        item.values["ethnicity"] = ethnicity + "族" if ethnicity + "族" in ETHNICITIES else ethnicity


def _birth_from_id(item: _Parsed) -> None:
    """出生年月 '1985.06' that agrees with the ID number takes the ID's full date; a valid ID fills blanks."""
    number = item.id_number
    if not number:
        return
    try:
        info = idnumber.parse(number)
    except idnumber.IdNumberError:
        return
    birth = item.values.get("birth_date")
    # Excel turns a typed "1985-06" into the date 1985-06-01: a 1st of the ID's month is a month-only entry too.
    month_only = "birth_date" in item.month_only or (birth is not None and birth.day == 1)
    if birth is None or (month_only and (birth.year, birth.month) == (info.birth_date.year, info.birth_date.month)):
        item.values["birth_date"] = info.birth_date
        item.month_only.discard("birth_date")
    item.values.setdefault("gender", info.gender)


def _mark_duplicates(parsed: Sequence[_Parsed]) -> None:
    rows_by_number: dict[str, list[int]] = defaultdict(list)
    for item in parsed:
        if item.id_number:
            rows_by_number[item.id_number].append(item.row_number)
    for item in parsed:
        rows = rows_by_number.get(item.id_number or "", [])
        if len(rows) > 1:
            listed = _("、").join(_("第{n}行").format(n=n) for n in rows)
            item.errors.insert(0, _("身份证号重复：文件中{rows}是同一个身份证号，请核对后只保留一行").format(rows=listed))


@dataclass
class _Existing:
    by_number: dict[str, PersonData]
    by_name_branch: dict[tuple[str, str], list[PersonData]]  # people without an ID number
    foreign: dict[str, str] = field(default_factory=dict)  # person id -> the other office that keeps the record


def _existing_people(store: Store, parsed: Sequence[_Parsed]) -> _Existing:
    numbers = sorted({p.id_number for p in parsed if p.id_number})
    names = sorted({p.name for p in parsed if p.name and not p.id_number})
    result = _Existing({}, defaultdict(list))
    with store.reading() as session:
        known = ownership.offices(session)

        def note_owner(row: Person) -> None:
            if known and row.owner_unit_id != known.here:
                result.foreign[row.id] = ownership.office_name(session, row.owner_unit_id)

        for chunk in _chunks(numbers):
            stmt = select(Person).where(Person.deleted == false(), Person.id_number.in_(chunk))
            for row in session.scalars(stmt):
                result.by_number[row.id_number or ""] = _row_to_data(row)
                note_owner(row)
        for chunk in _chunks(names):
            stmt = select(Person).where(Person.deleted == false(), Person.id_number.is_(None), Person.name.in_(chunk))
            for row in session.scalars(stmt):
                result.by_name_branch[(row.name, row.branch_id)].append(_row_to_data(row))
                note_owner(row)
    return result


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start:start + LOOKUP_CHUNK]


def _plan_row(item: _Parsed, existing: _Existing, units: _Units, today: date) -> PlanRow:
    masked = idnumber.mask(item.id_number)
    if item.errors:
        return PlanRow(item.row_number, RowStatus.ERROR, item.name, masked, _("；").join(item.errors))
    current = _match(item, existing)
    person, errors = _merged(item, current, units, today)
    if not errors and current is not None and not _changes(current, person, units):
        # Nothing would change: a stored record that breaks a newer rule is the form's business, not the import's.
        return PlanRow(item.row_number, RowStatus.UNCHANGED, person.name, masked, "")
    if not errors:
        errors = [_labelled(k, v) for k, v in validate_person(person, today).errors.items()]
    if not errors:
        errors = _read_only(current, person, existing, units)
    if errors:
        return PlanRow(item.row_number, RowStatus.ERROR, item.name, masked, _("；").join(errors))
    assumed = _assumed_days(item, current, person) + _legacy_note(item, person)
    if current is None:
        return PlanRow(item.row_number, RowStatus.NEW, person.name, masked, _("；").join(assumed), (), person)
    changes = _changes(current, person, units)
    if not changes:
        return PlanRow(item.row_number, RowStatus.UNCHANGED, person.name, masked, "")
    empty = _("（空）")
    message = _("；").join([*(_("{field}：{old} → {new}").format(field=_(c.label), old=c.old or empty,
                                                                 new=c.new or empty) for c in changes), *assumed])
    return PlanRow(item.row_number, RowStatus.UPDATE, person.name, masked, message, changes, person)


def _assumed_days(item: _Parsed, current: PersonData | None, person: PersonData) -> list[str]:
    """The dates written as a month ("2006.06") that are imported as the month's 1st: the preview says so, as the
    person form does (domain.dates.MONTH_ENOUGH). A stored day kept, or a 转正 date set from the 预备期, is not one."""
    notes = []
    for name in DATE_FIELDS:
        value = getattr(person, name)
        if name not in item.month_only or value is None or value.day != 1:
            continue
        if current is not None and getattr(current, name) == value:
            continue
        notes.append(_labelled(name, assumed_day(ParsedDate(value, month_only=True)) or ""))
    return notes


def _legacy_note(item: _Parsed, person: PersonData) -> list[str]:
    """The preview says how an older sheet's 政治面貌 "入党积极分子" was read."""
    if not item.legacy_status or person.development_stage is None:
        return []
    return [_("政治面貌“{old}”按新的字段导入：政治面貌为{status}，发展阶段为{stage}").format(
        old=item.legacy_status, status=_(person.political_status.value), stage=_(person.development_stage.value))]


def _read_only(current: PersonData | None, person: PersonData, existing: _Existing, units: _Units) -> list[str]:
    """Another office's member, or a new member (or a move) into a unit another office keeps: not this office's to
    write (services.ownership would refuse it at the commit)."""
    if current is not None and current.id in existing.foreign:
        return [ownership.row_message(existing.foreign[current.id])]
    if (current is None or person.branch_id != current.branch_id) and person.branch_id in units.readonly:
        return [ownership.unit_message(units.readonly[person.branch_id])]
    return []


def _labelled(field_name: str, message: str) -> str:
    """'转正日期：应晚于…' but not '身份证号：身份证号校验位…' when the message already names the field."""
    label = FIELD_LABELS.get(field_name)
    shown = _(label) if label else field_name
    return message if message.startswith(shown) else field_message(field_name, message)


def _match(item: _Parsed, existing: _Existing) -> PersonData | None:
    if item.id_number:
        return existing.by_number.get(item.id_number)
    branch_id = item.values.get("branch_id") or item.default_branch_id or ""
    same = existing.by_name_branch.get((item.name, branch_id), [])
    return same[0] if len(same) == 1 else None


def _merged(item: _Parsed, current: PersonData | None, units: _Units, today: date
            ) -> tuple[PersonData, list[str]]:
    values = dict(item.values)
    errors: list[str] = []
    if current is not None:
        if not item.branch_given:
            values["branch_id"] = current.branch_id  # an update without a branch column keeps the person's branch
        for name in item.month_only:  # "2001.06" does not overwrite a stored 2001-06-15
            stored = getattr(current, name)
            if stored and (stored.year, stored.month) == (values[name].year, values[name].month):
                values[name] = stored
        if item.legacy_status and not current.political_status.is_member:
            values["political_status"] = current.political_status  # "入党积极分子" says nothing of 团员 or 群众
        if values.get("political_status", current.political_status).is_member and "development_stage" not in values:
            values["development_stage"] = None  # admitted: the 发展阶段 is over (发展党员工作细则 第四章)
        person = current.with_changes(**values)
        if person.branch_id != current.branch_id:
            person = person.with_changes(party_group_id=None)
    else:
        if item.default_branch_id:
            values.setdefault("branch_id", item.default_branch_id)
        if "branch_id" not in values:
            return PersonData(name=item.name, branch_id=""), [_("所在支部：未填写，且导入时没有指定默认支部")]
        if "political_status" not in values:
            values["political_status"] = _guess_status(values, today)
        person = PersonData(**values)
    if item.group_text:
        group_id, error = units.party_group(person.branch_id, item.group_text)
        if error:
            errors.append(error)
        person = person.with_changes(party_group_id=group_id)
    return normalized(person), errors


def _guess_status(values: dict[str, Any], today: date) -> PoliticalStatus:
    if values.get("development_stage") is not None:  # on the way in: not a member yet
        league = is_league_member(values.get("position"), values.get("notes"))
        return PoliticalStatus.YOUTH_LEAGUE if league else PoliticalStatus.MASSES
    join = values.get("join_date")
    if join and not values.get("full_member_date") and today - join < PROBATION_GUESS:
        return PoliticalStatus.PROBATIONARY
    return PoliticalStatus.FULL_MEMBER


def _changes(old: PersonData, new: PersonData, units: _Units) -> tuple[FieldChange, ...]:
    changes = []
    for name in COMPARED_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if (before or None) != (after or None):
            changes.append(FieldChange(name, FIELD_LABELS.get(name, name), _shown(name, before, units),
                                       _shown(name, after, units)))
    return tuple(changes)


def _shown(name: str, value: Any, units: _Units) -> str:
    if value is None:
        return ""
    if name in ("branch_id", "party_group_id"):
        return units.name(value)
    if name == "id_number":
        return idnumber.mask(value)
    if isinstance(value, date):
        return format_date(value)
    return _(value.value) if hasattr(value, "value") else str(value)  # an enum: its term in the UI language


# ---------------------------------------------------------------- commit


def commit_roster_import(store: Store, plan: ImportPlan, progress: Progress | None = None,
                         today: date | None = None) -> ImportSummary:
    """Write every new and updated row in one transaction, or nothing (a stale plan, a cancel, any error).

    Every row is checked again against the store as it is now, with the same rules as the form (save_person); the
    store-wide checks are done in bulk, as one query per row would make a 7,000-row import take minutes.
    """
    progress = progress or NO_PROGRESS
    today = today or plan.today
    good = [r for r in plan.rows if r.status in (RowStatus.NEW, RowStatus.UPDATE) and r.person is not None]
    if good:
        backup_now(store, REASON_IMPORT, compress_later=True)
    with store.transaction() as session:
        context = _CommitContext.load(session, good)
        for i, row in enumerate(good):
            if i % 100 == 0:
                progress.step(i, len(good), _("正在写入…"))
            _commit_row(session, store, row, today, context)
        progress.step(len(good), len(good), _("写入完成"))
    return ImportSummary(plan.count(RowStatus.NEW), plan.count(RowStatus.UPDATE), plan.count(RowStatus.UNCHANGED),
                         plan.count(RowStatus.ERROR))


@dataclass
class _CommitContext:
    taken: dict[str, str]  # ID number -> id of the live person holding it now
    stored: dict[str, Person]  # the people the plan updates, as they are now
    units: dict[str, tuple[str, str | None]]  # live unit id -> (kind, parent id)

    @classmethod
    def load(cls, session: Session, rows: Sequence[PlanRow]) -> _CommitContext:
        numbers = sorted({r.person.id_number for r in rows if r.person and r.person.id_number})
        ids = sorted({r.person.id for r in rows if r.person and r.person.id})
        taken: dict[str, str] = {}
        stored: dict[str, Person] = {}
        for chunk in _chunks(numbers):
            stmt = select(Person.id_number, Person.id).where(Person.id_number.in_(chunk), Person.deleted == false())
            taken.update({number: pid for number, pid in session.execute(stmt)})
        for chunk in _chunks(ids):
            stored.update({p.id: p for p in session.scalars(select(Person).where(Person.id.in_(chunk)))})
        units = {u.id: (u.kind, u.parent_id) for u in session.execute(
            select(OrgUnit.id, OrgUnit.kind, OrgUnit.parent_id).where(OrgUnit.deleted == false()))}
        return cls(taken, stored, units)


def _commit_row(session: Session, store: Store, row: PlanRow, today: date, context: _CommitContext) -> None:
    person = row.person
    assert person is not None
    stale = _("第{n}行（{name}）在预览之后名册已被修改，请重新预览后再导入。未导入任何记录。").format(
        n=row.row_number, name=row.name)
    if person.id:
        stored = context.stored.get(person.id)
        if stored is None or stored.deleted or stored.version != person.version:
            raise ServiceError(stale)
    if person.id_number and context.taken.get(person.id_number, person.id) != person.id:
        raise ServiceError(stale)  # someone else holds this ID number now
    errors = validate_person(person, today).errors
    branch = context.units.get(person.branch_id)
    if branch is None or branch[0] == UnitKind.PARTY_GROUP.value:
        errors.setdefault("branch_id", _("所选支部不存在"))
    if person.party_group_id and context.units.get(person.party_group_id, ("", None))[1] != person.branch_id:
        errors.setdefault("party_group_id", _("党小组不属于所选支部"))
    if errors:
        detail = _("；").join(_labelled(k, v) for k, v in errors.items())
        raise ServiceError(_("第{n}行（{name}）：{detail}。未导入任何记录。").format(
            n=row.row_number, name=row.name, detail=detail))
    try:
        with session.no_autoflush:
            written = _write_person(session, store, person)
    except ReadOnlyRecord as exc:  # kept by another office since the preview (a setup file was made meanwhile)
        raise ReadOnlyRecord(_("第{n}行（{name}）：{detail}。未导入任何记录。").format(
            n=row.row_number, name=row.name, detail=str(exc).rstrip("。"))) from exc
    if written.id_number:
        context.taken[written.id_number] = written.id


# ---------------------------------------------------------------- export

EXPORT_COLUMNS: tuple[tuple[str, str, int], ...] = (  # (header, key, width in characters)
    ("序号", "seq", 6), ("姓名", "name", 10), ("性别", "gender", 6), ("民族", "ethnicity", 8),
    ("出生日期", "birth_date", 12), ("身份证号码", "id_number", 21), ("学历", "education", 10),
    ("人员类别", "political_status", 12), ("入党日期", "join_date", 12), ("转正日期", "full_member_date", 12),
    ("延长预备期（月）", "probation_extension_months", 10), ("发展阶段", "development_stage", 12),
    ("申请入党日期", "application_date", 12), ("确定为积极分子日期", "activist_date", 12),
    ("确定为发展对象日期", "target_date", 12),
    ("所在支部", "branch", 28), ("支部代码", "branch_code", 14), ("党小组", "party_group", 12),
    ("岗位", "post", 14), ("工种", "trade", 14), ("职务", "position", 12), ("职称", "title", 12),
    ("技能等级", "skill_grade", 10), ("联系电话", "phone", 14), ("参加工作时间", "work_start_date", 13),
    ("在册状态", "membership_state", 9), ("备注", "notes", 24),
)
TEXT_KEYS = frozenset({"id_number", "phone", "branch_code"})
EXPORT_BLOCK = 1000
_THIN = Side(style="thin", color="A0A0A0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def export_roster(store: Store, query: RosterQuery, path: Path, progress: Progress | None = None,
                  today: date | None = None) -> int:
    """Write the people of `query` (the current view, in its order) to an .xlsx; returns how many rows."""
    progress = progress or NO_PROGRESS
    today = today or date.today()
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ServiceError(_("导出文件名应以 .xlsx 结尾"))
    ids = find_ids(store, query)
    with store.reading() as session:
        units = {u.id: u for u in session.scalars(select(OrgUnit))}
        session.expunge_all()
    title_unit = units.get(query.unit_id or store.get_setting(OFFICE_UNIT_KEY) or "")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("党员花名册"))
    _sheet_setup(sheet)
    title = _("{unit}党员花名册（{day:%Y}年{day.month}月{day.day}日导出，共{n}人）").format(
        unit=title_unit.name if title_unit else "", day=today, n=len(ids))
    sheet.append([_styled(sheet, title, Font(size=16, bold=True), Alignment(horizontal="center"))])
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="F2F2F2")
    sheet.append([_styled(sheet, h, header_font, Alignment(horizontal="center", vertical="center"), fill)
                  for h, _k, _w in EXPORT_COLUMNS])
    written = 0
    with store.reading() as session:
        for start in range(0, len(ids), EXPORT_BLOCK):
            progress.step(start, len(ids), _("正在导出第{n}人…").format(n=start + 1))
            block = ids[start:start + EXPORT_BLOCK]
            people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(block)))}
            for person_id in block:
                written += 1
                sheet.append(_export_row(sheet, written, people[person_id], units))
            session.expunge_all()
    progress.step(len(ids), len(ids), _("正在保存文件…"))
    save_workbook_safely(workbook, path)
    return written


def _sheet_setup(sheet: Any) -> None:
    for index, (_h, _k, width) in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(len(EXPORT_COLUMNS))
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.freeze_panes = "C3"  # header and name stay in view
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _styled(sheet: Any, value: Any, font: Font | None = None, alignment: Alignment | None = None,
            fill: PatternFill | None = None) -> WriteOnlyCell:
    cell = text_cell(sheet, value) if isinstance(value, str) else WriteOnlyCell(sheet, value=value)
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    if fill:
        cell.fill = fill
    if fill:  # header cells; the title stays borderless
        cell.border = _BORDER
    return cell


def _export_row(sheet: Any, seq: int, person: Person, units: dict[str, OrgUnit]) -> list[WriteOnlyCell]:
    branch = units.get(person.branch_id)
    group = units.get(person.party_group_id) if person.party_group_id else None
    values = {"seq": seq, "branch": branch.name if branch else "", "branch_code": branch.code if branch else "",
              "party_group": group.name if group else ""}
    cells = []
    for _h, key, _w in EXPORT_COLUMNS:
        value = values[key] if key in values else getattr(person, key)
        value = str(value) if key in TEXT_KEYS and value is not None else value
        cell = text_cell(sheet, value) if isinstance(value, str) else WriteOnlyCell(sheet, value=value)
        if key in TEXT_KEYS:
            cell.number_format = "@"  # Excel/WPS keep all 18 digits only when the cell is text
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        cell.border = _BORDER
        cells.append(cell)
    return cells


