"""Importing an organisation tree from a sheet of units: preview every row (new / unchanged / error), then create
all new units in one transaction, parents before children, under the same rules as adding a unit by hand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import OrgUnit
from jiaomei_desktop.domain.enums import ALLOWED_CHILDREN, UnitKind
from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.domain.text import text_problem
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.excel_io import RowStatus, cell_text, header_key, open_sheet
from jiaomei_desktop.services.health import REASON_IMPORT, backup_now
from jiaomei_desktop.services.office import office_unit_id
from jiaomei_desktop.services.store import Store

HEADER_ALIASES: dict[str, str] = {
    "单位名称": "name", "组织名称": "name", "党组织名称": "name", "名称": "name",
    "单位代码": "code", "组织代码": "code", "党组织代码": "code", "代码": "code", "编码": "code",
    "类别": "kind", "组织类别": "kind", "单位类别": "kind", "组织类型": "kind", "类型": "kind",
    "上级单位代码": "parent_code", "上级代码": "parent_code", "上级组织代码": "parent_code",
    "上级单位名称": "parent_name", "上级单位": "parent_name", "上级组织": "parent_name", "上级党组织": "parent_name",
}
KIND_ALIASES: dict[str, UnitKind] = {
    "集团党委": UnitKind.GROUP_COMMITTEE, "基层党委": UnitKind.COMMITTEE, "党委": UnitKind.COMMITTEE,
    "党总支": UnitKind.GENERAL_BRANCH, "总支": UnitKind.GENERAL_BRANCH, "党总支部": UnitKind.GENERAL_BRANCH,
    "党支部": UnitKind.BRANCH, "支部": UnitKind.BRANCH, "党小组": UnitKind.PARTY_GROUP, "小组": UnitKind.PARTY_GROUP,
}
# Without a kind column the name says it: "…党小组", "…党支部", "…党总支", "…党委".
NAME_SUFFIX_KINDS = (("党小组", UnitKind.PARTY_GROUP), ("党支部", UnitKind.BRANCH), ("党总支", UnitKind.GENERAL_BRANCH),
                     ("党委", UnitKind.COMMITTEE))


@dataclass(frozen=True)
class UnitPlanRow:
    row_number: int
    status: RowStatus
    name: str
    code: str
    kind: str
    parent_label: str  # the parent as the user knows it: name (code)
    message: str
    parent_code: str = ""  # resolved parent code (in the store or earlier in the file)


@dataclass(frozen=True)
class OrgImportPlan:
    file_name: str
    sheet_name: str
    header_row: int
    rows: tuple[UnitPlanRow, ...]

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)

    @property
    def counts(self) -> dict[str, int]:
        return {s.value: self.count(s) for s in (RowStatus.NEW, RowStatus.UNCHANGED, RowStatus.ERROR)}

    @property
    def importable(self) -> int:
        return self.count(RowStatus.NEW)


@dataclass
class _Row:
    row_number: int
    name: str
    code: str
    kind: UnitKind | None
    parent_code: str
    parent_name: str
    errors: list[str]
    parent_key: str | None = None  # the resolved parent's code


@dataclass(frozen=True)
class _Known:
    code: str
    name: str
    kind: UnitKind
    parent_code: str | None


def plan_org_import(store: Store, path: Path, default_parent_id: str | None = None,
                    progress: Progress | None = None) -> OrgImportPlan:
    """Read a sheet of units and decide what importing it would do. Writes nothing."""
    progress = progress or NO_PROGRESS
    path = Path(path)
    known, default_code = _store_units(store, default_parent_id)
    rows: list[_Row] = []
    with open_sheet(path, HEADER_ALIASES, "name", _("组织机构")) as sheet:
        if "code" not in sheet.columns:
            raise ServiceError(_("“{file}”中没有“单位代码”列：导入组织机构需要每个单位的代码").format(file=path.name))
        for number, raw in sheet.rows:
            rows.append(_read_row(number, raw))
            if len(rows) % 200 == 0:
                progress.step(len(rows), sheet.total_rows or 0, _("正在读取…"))
    _mark_duplicate_codes(rows)
    # Every coded row can be named as a parent; a parent row with errors makes its children fail with that reason.
    file_units = {r.code: r for r in rows if r.code}
    for row in rows:
        if not row.errors:
            _resolve_parent(row, known, file_units, default_code)
    _check_cycles_and_kinds(rows, known, file_units)
    progress.step(len(rows), len(rows), _("核对完成"))
    return OrgImportPlan(path.name, sheet.sheet_name, sheet.header_row,
                         tuple(_plan_row(r, known, file_units) for r in rows))


def _store_units(store: Store, default_parent_id: str | None) -> tuple[dict[str, _Known], str | None]:
    with store.reading() as session:
        units = list(session.execute(select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id)
                                     .where(OrgUnit.deleted.is_(False))))
    code_of = {u.id: u.code for u in units}
    known = {u.code: _Known(u.code, u.name, UnitKind(u.kind), code_of.get(u.parent_id)) for u in units}
    if default_parent_id and default_parent_id not in code_of:
        raise ServiceError(_("默认上级单位不存在或已删除"))
    return known, code_of.get(default_parent_id) if default_parent_id else None


def _read_row(number: int, raw: dict[str, Any]) -> _Row:
    name = cell_text(raw.get("name"))
    code = "".join(cell_text(raw.get("code")).split())
    errors = []
    if not name:
        errors.append(_("缺少单位名称"))
    elif len(name) > 120:
        errors.append(_("单位名称过长"))
    if not code:
        errors.append(_("缺少单位代码"))
    elif len(code) > 40:
        errors.append(_("单位代码过长（最多40个字符）"))
    for value, label in ((name, _("单位名称")), (code, _("单位代码")), (cell_text(raw.get("parent_name")), _("上级单位"))):
        problem = text_problem(value, label)  # refused with the row, like any other bad cell
        if problem:
            errors.append(problem)
    kind_text = header_key(raw.get("kind"))
    kind = KIND_ALIASES.get(kind_text) if kind_text else _kind_from_name(name)
    if kind is None:
        errors.append(_("无法识别的组织类别“{v}”（可填：基层党委、党总支、党支部、党小组）").format(v=kind_text)
                      if kind_text else _("请填写组织类别（单位名称也看不出类别）"))
    return _Row(number, name, code, kind, "".join(cell_text(raw.get("parent_code")).split()),
                cell_text(raw.get("parent_name")), errors)


def _kind_from_name(name: str) -> UnitKind | None:
    return next((kind for suffix, kind in NAME_SUFFIX_KINDS if name.endswith(suffix)), None)


def _mark_duplicate_codes(rows: list[_Row]) -> None:
    by_code: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.code:
            by_code[row.code].append(row.row_number)
    for row in rows:
        numbers = by_code.get(row.code, [])
        if len(numbers) > 1:
            listed = _("、").join(_("第{n}行").format(n=n) for n in numbers)
            row.errors.insert(0, _("单位代码重复：文件中{rows}都是“{code}”").format(rows=listed, code=row.code))


def _resolve_parent(row: _Row, known: dict[str, _Known], file_units: dict[str, _Row], default: str | None) -> None:
    if row.parent_code:
        if row.parent_code in known or row.parent_code in file_units:
            row.parent_key = row.parent_code
        else:
            row.errors.append(_("找不到上级单位代码“{code}”（库中和表中都没有）").format(code=row.parent_code))
        return
    if row.parent_name:
        key = header_key(row.parent_name)
        matches = {c for c, u in known.items() if header_key(u.name) == key}
        matches |= {c for c, u in file_units.items() if header_key(u.name) == key and c not in known}
        if len(matches) == 1:
            row.parent_key = matches.pop()
        elif matches:
            row.errors.append(_("有多个单位叫“{name}”，请改用上级单位代码").format(name=row.parent_name))
        else:
            row.errors.append(_("找不到上级单位“{name}”").format(name=row.parent_name))
        return
    if row.code in known:
        row.parent_key = known[row.code].parent_code  # an existing unit listed without a parent: keep its own
    elif default:
        row.parent_key = default
    else:
        row.errors.append(_("未填写上级单位"))


def _check_cycles_and_kinds(rows: list[_Row], known: dict[str, _Known], file_units: dict[str, _Row]) -> None:
    for row in rows:
        if row.errors or row.code in known:
            continue
        seen = {row.code}
        parent = row.parent_key
        while parent in file_units and parent not in known:
            if parent in seen:
                row.errors.append(_("上级关系形成了循环（{code} 最终又是自己的上级）").format(code=row.code))
                break
            seen.add(parent)
            parent = file_units[parent].parent_key
        parent_row = file_units.get(row.parent_key or "")
        if row.errors or (parent_row is not None and row.parent_key not in known and parent_row.errors):
            continue
        parent_kind = _kind_of(row.parent_key, known, file_units)
        if parent_kind is not None and row.kind is not None and row.kind not in ALLOWED_CHILDREN[parent_kind]:
            row.errors.append(_("{parent}下不能设立{child}").format(parent=_(parent_kind.value),
                                                                       child=_(row.kind.value)))
    _propagate_parent_errors(rows, known)


def _propagate_parent_errors(rows: list[_Row], known: dict[str, _Known]) -> None:
    # A unit whose new parent cannot be created cannot be created either; repeat until nothing changes.
    by_code = {r.code: r for r in rows if r.code}
    changed = True
    while changed:
        changed = False
        for row in rows:
            parent = by_code.get(row.parent_key or "")
            if not row.errors and row.code not in known and parent is not None and parent.code not in known \
                    and parent.errors:
                row.errors.append(_("上级单位（第{n}行）有错误，无法导入").format(n=parent.row_number))
                changed = True


def _kind_of(code: str | None, known: dict[str, _Known], file_units: dict[str, _Row]) -> UnitKind | None:
    if not code:
        return None
    if code in known:
        return known[code].kind
    row = file_units.get(code)
    return row.kind if row else None


def _plan_row(row: _Row, known: dict[str, _Known], file_units: dict[str, _Row]) -> UnitPlanRow:
    parent = row.parent_key or ""
    parent_name = known[parent].name if parent in known else (file_units[parent].name if parent in file_units else "")
    label = f"{parent_name}（{parent}）" if parent else ""
    kind = row.kind.value if row.kind else ""
    errors = list(row.errors)
    if not errors and row.code in known:
        stored = known[row.code]
        differences = []
        if header_key(stored.name) != header_key(row.name):
            differences.append(_("名称为“{name}”").format(name=stored.name))
        if row.kind is not None and stored.kind is not row.kind:
            differences.append(_("类别为{kind}").format(kind=_(stored.kind.value)))
        if parent and stored.parent_code != parent:
            differences.append(_("上级为“{code}”").format(code=stored.parent_code or ""))
        if differences:
            errors.append(_("库中已有代码为“{code}”的单位，但{diff}。改名或移动请在组织树中操作").format(
                code=row.code, diff=_("，").join(differences)))
        else:
            return UnitPlanRow(row.row_number, RowStatus.UNCHANGED, row.name, row.code, kind, label, "", parent)
    if errors:
        return UnitPlanRow(row.row_number, RowStatus.ERROR, row.name, row.code, kind, label, _("；").join(errors),
                           parent)
    return UnitPlanRow(row.row_number, RowStatus.NEW, row.name, row.code, kind, label, "", parent)


@dataclass(frozen=True)
class OrgImportSummary:
    created: int
    unchanged: int
    skipped_errors: int


def commit_org_import(store: Store, plan: OrgImportPlan, progress: Progress | None = None) -> OrgImportSummary:
    """Create every new unit in one transaction (parents first), or nothing."""
    progress = progress or NO_PROGRESS
    pending = [r for r in plan.rows if r.status is RowStatus.NEW]
    owner = office_unit_id(store)
    if pending:
        backup_now(store, REASON_IMPORT, compress_later=True)
    with store.transaction() as session:
        created: set[str] = set()
        done = 0
        while pending:
            ready = [r for r in pending if r.parent_code not in {p.code for p in pending}]
            if not ready:
                raise ServiceError(_("上级关系形成了循环，未导入任何单位"))
            for row in ready:
                progress.step(done, len(plan.rows), _("正在建立“{name}”…").format(name=row.name))
                _create(session, row, owner)
                created.add(row.code)
                done += 1
            pending = [r for r in pending if r.code not in created]
        progress.step(done, done, _("导入完成"))
    return OrgImportSummary(plan.count(RowStatus.NEW), plan.count(RowStatus.UNCHANGED), plan.count(RowStatus.ERROR))


def _create(session: Session, row: UnitPlanRow, owner: str) -> None:
    stale = _("第{n}行（{name}）：预览之后组织机构已被修改，请重新预览。未导入任何单位。").format(
        n=row.row_number, name=row.name)
    if session.scalar(select(OrgUnit.id).where(OrgUnit.code == row.code, OrgUnit.deleted.is_(False))):
        raise ServiceError(stale)
    parent = session.scalar(select(OrgUnit).where(OrgUnit.code == row.parent_code, OrgUnit.deleted.is_(False)))
    if parent is None:
        raise ServiceError(stale)
    kind = UnitKind(row.kind)
    if kind not in ALLOWED_CHILDREN[UnitKind(parent.kind)]:
        raise ServiceError(_("第{n}行：{parent}下不能设立{child}。未导入任何单位。").format(
            n=row.row_number, parent=_(parent.kind), child=_(kind.value)))
    siblings = session.scalar(select(func.count()).where(OrgUnit.parent_id == parent.id)) or 0
    unit_id = new_id()
    session.add(OrgUnit(id=unit_id, code=row.code, name=row.name.strip(), kind=kind.value, parent_id=parent.id,
                        path=f"{parent.path}{unit_id}/", owner_unit_id=owner, sort_order=siblings))
    session.flush()


def list_units_table(store: Store) -> list[dict[str, Any]]:
    """The tree as rows for the command line: code, name, kind, parent code, depth."""
    with store.reading() as session:
        units = list(session.execute(select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id,
                                            OrgUnit.path).where(OrgUnit.deleted.is_(False))
                                     .order_by(OrgUnit.sort_order, OrgUnit.code)))
    code_of = {u.id: u.code for u in units}
    children: dict[str | None, list[Any]] = defaultdict(list)
    for u in units:
        children[u.parent_id if u.parent_id in code_of else None].append(u)
    result: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int) -> None:
        for u in children.get(parent, []):
            result.append({"code": u.code, "name": u.name, "kind": u.kind, "parent_code": code_of.get(u.parent_id),
                           "depth": depth})
            walk(u.id, depth + 1)

    walk(None, 0)
    return result

