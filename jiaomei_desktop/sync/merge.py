"""Merging verified segments into the store, row by row (docs/design.md §4).

Per row: higher version wins; same version and same content is a no-op; same version with different content is a
fork, won by the larger content hash (the same answer on every machine, whatever the order), the loser kept in
sync_conflict; a lower version is stale. `updated_at` never decides anything.

Who may write a row is decided by this store's own view (sync.authority): a row is accepted only from its owner's
segment, filed under a unit in that owner's subtree of our tree; an existing row changes owner only along verified
handovers from its current owner to an office below it. A former owner's older copy is stale, a newer one refused.

Runs inside the caller's transaction on a plain sqlite3 connection; it never commits. Foreign keys are checked on
the row; a failure is traced back to the row so the report can name it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.db.sqlite_connect import database_errors
from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync.authority import FILED_BY_SUBTREE, SCOPED_UNIT, TreeView, expected_path, row_label
from jiaomei_desktop.sync.duplicates import hold_back_duplicates
from jiaomei_desktop.sync.errors import BundleRejected, Rejection
from jiaomei_desktop.sync.legacy import upgrade_rows
from jiaomei_desktop.sync.segments import SegmentData
from jiaomei_desktop.sync.summary import ImportSummary, column_label, table_label
from jiaomei_desktop.sync.tables import ORG_TABLE, TableInfo, decode_binary, encode_value, synced_tables

Row = tuple[object, ...]
ID, OWNER, VERSION = 0, 1, 2
_CHUNK = 500
_SMALL_TABLE = 5_000  # rows: rebuilding such a table's plain indexes after a load costs next to nothing


def row_hash(row: Row) -> str:
    data = json.dumps([encode_value(v) for v in row], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


@dataclass
class MergeContext:
    older_schema: bool  # the bundle's schema is older than ours: fill new columns, drop removed ones
    present: PresentIds | None = None  # shared by the bundles of one consolidation
    handovers: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))  # row -> edges
    new_handovers: list[tuple[str, str, str, str]] = field(default_factory=list)  # table, row, from, to
    tree: TreeView | None = None  # this store's org tree, set when the merge starts
    cert_paths: dict[str, str] | None = None  # unit -> path its trusted certificate names
    _inside: dict[tuple[object, str], bool] = field(default_factory=dict)
    _keepers: dict[object, str | None] = field(default_factory=dict)

    def keeper(self, unit: object) -> str | None:
        """The office that keeps the unit's records in our view: the nearest office at or above it among those
        whose certificates we hold (as services.ownership decides for edits on this PC)."""
        if unit not in self._keepers:
            assert self.tree is not None and self.cert_paths is not None
            path = self.tree.path(unit) or ""
            self._keepers[unit] = next((u for u in reversed(path.strip("/").split("/")) if u in self.cert_paths),
                                       None)
        return self._keepers[unit]

    def inside(self, unit: object, office: str) -> bool:
        key = (unit, office)
        found = self._inside.get(key)
        if found is None:
            assert self.tree is not None
            found = self._inside[key] = self.tree.inside(unit, office)
        return found

    def add_handover(self, table: str, row_id: str, frm: str, to: str) -> None:
        if (frm, to) not in self.handovers[row_id]:
            self.handovers[row_id].add((frm, to))
            self.new_handovers.append((table, row_id, frm, to))


def load_handovers(conn: sqlite3.Connection, ctx: MergeContext, segments: list[SegmentData]) -> None:
    for row_id, frm, to in conn.execute("SELECT row_id, from_unit_id, to_unit_id FROM sync_handover"):
        ctx.handovers[row_id].add((frm, to))
    for segment in segments:
        for table, row_id, to in segment.handovers:
            ctx.add_handover(table, row_id, segment.owner_unit_id, to)


@dataclass
class PresentIds:
    """For a load of many bundles (a consolidation): every id held by the synced tables that were small when it
    began, kept up to date as rows are inserted. Finding which incoming rows exist then asks the store only about
    ids listed here, instead of probing the primary key once per row. A superset is enough: a bundle that is
    undone leaves its ids here, and they are looked up for nothing. Only the merge writes these tables meanwhile;
    if anything else did, the primary key would still refuse the duplicate (the bundle is refused, nothing lost).
    These tables are also the ones worth building plain indexes for after the load (plain_indexes_deferred); at a
    group that already holds its branches' data there are none."""

    by_table: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of_small_tables(cls, conn: sqlite3.Connection) -> PresentIds:
        present = cls()
        for table in synced_tables():
            ids = {r[0] for r in conn.execute(f'SELECT id FROM "{table.name}" LIMIT {_SMALL_TABLE}')}
            if len(ids) < _SMALL_TABLE:
                present.by_table[table.name] = ids
        return present

    @property
    def tables(self) -> list[str]:
        return list(self.by_table)

    def candidates(self, table: str, ids: list[object]) -> list[object]:
        known = self.by_table.get(table)
        if known is None:
            return ids
        if not set(map(type, ids)) <= {str}:  # a hostile id (a list) cannot even be looked up in a set
            ids = [i for i in ids if type(i) is str]
        return list(filter(known.__contains__, ids))

    def add(self, table: str, ids: list[str]) -> None:
        if table in self.by_table:
            self.by_table[table].update(ids)


def merge_segments(conn: sqlite3.Connection, segments: list[SegmentData], ctx: MergeContext,
                   summary: ImportSummary) -> None:
    load_handovers(conn, ctx, segments)
    if ctx.tree is None:
        ctx.tree = TreeView(conn)
    known = set().union(*(s.tables for s in segments)) if segments else set()
    _reject_unknown_tables(known, segments, ctx, summary)
    # Parents before children, so foreign keys are checked row by row as they are written (immediately, not at
    # the end: a full foreign_key_check after every bundle of a consolidation would grow with the store).
    for table in synced_tables():
        if table.name in known:
            _merge_table(conn, table, segments, ctx, summary)
    if summary.rejections:
        raise BundleRejected(summary.rejections)


def _reject_unknown_tables(known: set[str], segments: list[SegmentData], ctx: MergeContext,
                           summary: ImportSummary) -> None:
    ours = {t.name for t in synced_tables()}
    for name in sorted(known - ours):
        if ctx.older_schema:
            continue  # a table our schema has since dropped: nothing to merge it into
        owner = next(s.owner_unit_id for s in segments if name in s.tables)
        summary.rejections.append(Rejection(name, "-", owner, _("本程序不认识这张表")))


@dataclass
class _TablePlan:
    state: dict[str, Row] = field(default_factory=dict)  # id -> row as it will be after the merge
    in_db: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    conflicts: list[tuple[Row, Row]] = field(default_factory=list)  # (winner, loser)


def _merge_table(conn: sqlite3.Connection, table: TableInfo, segments: list[SegmentData], ctx: MergeContext,
                 summary: ImportSummary) -> None:
    incoming = [(segment.owner_unit_id, _normalise(table, segment, ctx, summary))
                for segment in segments if table.name in segment.tables]
    plan = _TablePlan()
    ids = [row[ID] for _owner, rows in incoming for row in rows]
    plan.state = _existing(conn, table, ids if ctx.present is None else ctx.present.candidates(table.name, ids))
    plan.in_db = set(plan.state)
    for owner, rows in incoming:
        _decide_rows(table, plan, rows, owner, ctx, summary)
    _authorise(table, plan, ctx, summary)
    _validate(table, [plan.state[i] for i in sorted(plan.changed)], summary)
    if summary.rejections:
        return
    hold_back_duplicates(conn, table, plan, summary)  # a person entered by two offices: one conflict, not a refusal
    _write(conn, table, plan, summary)
    if ctx.present is not None:
        ctx.present.add(table.name, list(plan.changed - plan.in_db))


def _validate(table: TableInfo, rows: list[Row], summary: ImportSummary) -> None:
    """Every value of every row to be written, column by column; a failing column is then read value by value so
    the report names the row and the problem."""
    if not rows:
        return
    for info, values in zip(table.columns, zip(*rows, strict=True), strict=True):
        if info.all_valid(values):
            continue
        for row, value in zip(rows, values, strict=True):
            problem = info.check(value)
            if problem:
                _reject(summary, table, row, str(row[OWNER]), problem)
                if len(summary.rejections) >= 50:
                    return


def _normalise(table: TableInfo, segment: SegmentData, ctx: MergeContext, summary: ImportSummary) -> list[Row]:
    """Rows in our column order. A bundle from an older schema gets defaults for columns it did not have yet."""
    columns, rows = segment.tables[table.name]
    ours = table.column_names
    owner = segment.owner_unit_id
    if list(columns) == list(ours) and not any(c.binary for c in table.columns):
        return list(map(tuple, rows))
    extra = [c for c in columns if c not in ours]
    if extra and not ctx.older_schema:
        summary.rejections.append(Rejection(table.name, "-", owner,
                                            _("不认识的字段：{columns}").format(columns=_("、").join(extra))))
        return []
    position = {c: i for i, c in enumerate(columns)}
    getters: list[tuple[int | None, object, bool]] = []  # (position in the bundle, default, binary)
    for info in table.columns:
        if info.name in position:
            getters.append((position[info.name], None, info.binary))
        elif info.has_default:
            getters.append((None, info.default, False))
        else:
            summary.rejections.append(Rejection(table.name, "-", owner,
                                                _("缺少字段“{column}”").format(column=info.name)))
            return []
    ordered = [tuple((decode_binary(r[i]) if binary else r[i]) if i is not None else default
                     for i, default, binary in getters) for r in rows]
    return upgrade_rows(table, columns, ordered) if ctx.older_schema else ordered


def _existing(conn: sqlite3.Connection, table: TableInfo, ids: list[object]) -> dict[str, Row]:
    if not ids or conn.execute(f'SELECT 1 FROM "{table.name}" LIMIT 1').fetchone() is None:
        return {}
    cols = ", ".join(f'"{c}"' for c in table.column_names)
    found: dict[str, Row] = {}
    unique = sorted({i for i in ids if isinstance(i, str)})
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f'SELECT {cols} FROM "{table.name}" WHERE id IN ({marks})', chunk):
            found[row[ID]] = tuple(row)
    return found


def _decide_rows(table: TableInfo, plan: _TablePlan, rows: list[Row], owner: str, ctx: MergeContext,
                 summary: ImportSummary) -> None:
    """One owner's rows in order. The common case, a row from its owner with an id not seen before, is decided
    inline and counted in one go (it is the whole of a first consolidation); every other row goes to _decide."""
    state, changed = plan.state, plan.changed
    new = 0
    for row in rows:
        row_id = row[ID]
        if row[OWNER] == owner and type(row_id) is str and row_id not in state:
            state[row_id] = row
            changed.add(row_id)
            new += 1
        else:
            _decide(table, plan, row, owner, ctx, summary)
    if new:
        summary.count(table.name, owner, "new", new)


def _decide(table: TableInfo, plan: _TablePlan, row: Row, owner: str, ctx: MergeContext,
            summary: ImportSummary) -> None:
    row_id = row[ID]
    if row[OWNER] != owner:
        _reject(summary, table, row, owner, _("记录的所属单位与签名单位不符（不能代替其他单位提交记录）"))
        return
    current = plan.state.get(row_id) if isinstance(row_id, str) else None
    if current is None:
        _accept(table, plan, row, owner, summary, "new")
        return
    assert isinstance(row_id, str)  # only a text id can have found its current row above
    if not isinstance(row[VERSION], int) or isinstance(row[VERSION], bool):
        _reject(summary, table, row, owner, _("版本号不是整数"))
        return
    if current[OWNER] != owner and not _handed_over(ctx, row_id, str(current[OWNER]), owner):
        _refuse_foreign(table, plan, row, current, owner, ctx, summary)
    elif row[VERSION] > current[VERSION]:  # type: ignore[operator]
        _accept(table, plan, row, owner, summary, "updated")
    elif row[VERSION] < current[VERSION]:  # type: ignore[operator]
        summary.count(table.name, owner, "stale")
    elif row == current:
        summary.count(table.name, owner, "unchanged")
    else:
        _fork(table, plan, row, current, owner, summary)


def _fork(table: TableInfo, plan: _TablePlan, row: Row, current: Row, owner: str, summary: ImportSummary) -> None:
    if row_hash(row) > row_hash(current):
        if not _accept(table, plan, row, owner, summary, None):
            return
        plan.conflicts.append((row, current))
    else:
        plan.conflicts.append((current, row))
    summary.count(table.name, owner, "conflicts")


def _accept(table: TableInfo, plan: _TablePlan, row: Row, owner: str, summary: ImportSummary,
            outcome: str | None) -> bool:
    if not isinstance(row[ID], str):
        _reject(summary, table, row, owner, _("记录编号无效"))
        return False
    plan.state[row[ID]] = row  # type: ignore[index]
    plan.changed.add(row[ID])  # type: ignore[arg-type]
    if outcome:
        summary.count(table.name, owner, outcome)
    return True


def _reject(summary: ImportSummary, table: TableInfo, row: Row, owner: str, reason: str) -> None:
    summary.rejections.append(Rejection(table.name, str(row[ID])[:40], owner, reason, row_label(table, row)))
    summary.count(table.name, owner, "rejected")


def _handed_over(ctx: MergeContext, row_id: str, old_owner: str, new_owner: str) -> bool:
    """The row went from its current owner to `new_owner` along signed handovers, each from an office to one below
    it in our tree. An edge from an office that never held the row, or pointing upwards, leads nowhere."""
    edges = ctx.handovers.get(row_id, set())
    assert ctx.tree is not None
    reached, frontier = {old_owner}, [old_owner]
    while frontier:
        unit = frontier.pop()
        for a, b in edges:
            if a == unit and b not in reached and ctx.tree.strictly_below(b, a):
                reached.add(b)
                frontier.append(b)
    return new_owner in reached


def _refuse_foreign(table: TableInfo, plan: _TablePlan, row: Row, current: Row, owner: str, ctx: MergeContext,
                    summary: ImportSummary) -> None:
    """A row of another office: a former owner's older copy (it handed the row on) is merely stale; anything else
    is refused, naming both offices."""
    assert ctx.tree is not None
    holder = str(current[OWNER])
    if _handed_over(ctx, str(row[ID]), owner, holder):
        if row[VERSION] <= current[VERSION]:  # type: ignore[operator]
            summary.count(table.name, owner, "stale")
            return
        reason = _("记录{record}已由“{office}”移交给“{holder}”，“{office}”不能再修改").format(
            record=row_label(table, current), office=ctx.tree.name(owner), holder=ctx.tree.name(holder))
    else:
        reason = _("记录{record}由“{holder}”维护，“{office}”无权修改、移交或删除").format(
            record=row_label(table, current), office=ctx.tree.name(owner), holder=ctx.tree.name(holder))
    _reject(summary, table, row, owner, reason)


def _authorise(table: TableInfo, plan: _TablePlan, ctx: MergeContext, summary: ImportSummary) -> None:
    """Every row about to be written is filed under a unit in its owner's subtree of our tree (a unit row: under
    a parent there, with the path that parent gives it). Rows are checked as they will be written, so moving an own
    record under another office's unit is refused like filing a new one there."""
    if not plan.changed:
        return
    tree = ctx.tree
    assert tree is not None
    rows = [plan.state[i] for i in sorted(plan.changed)]
    if table.name == ORG_TABLE:
        rows.sort(key=lambda r: str(r[table.index("path")]).count("/"))  # a new unit's parent first
        path_col = table.index("path")
        for row in rows:
            expected = expected_path(tree, table, row)
            if expected is not None and row[path_col] != expected:
                _reject(summary, table, row, str(row[OWNER]), _("单位{record}的路径与其上级单位不符").format(
                    record=row_label(table, row)))
            tree.add_units(table, [row])
    units = tree.filing_units(table, rows)
    allowed: set[tuple[object, object]] = set()  # (owner, unit) pairs already found fine for any row
    scoped = table.index(SCOPED_UNIT[table.name]) if table.name in SCOPED_UNIT else None
    for row, unit in zip(rows, units, strict=True):
        if scoped is not None and not _names_unit_inside(tree, row[scoped], unit):
            _reject(summary, table, row, str(row[OWNER]), _("记录{record}涉及的单位“{named}”不在“{unit}”之下").format(
                record=row_label(table, row), named=tree.name(row[scoped]), unit=tree.name(unit)))
            continue
        if (row[OWNER], unit) in allowed:
            continue  # the common case: thousands of rows of one owner under a handful of units
        owner = str(row[OWNER])
        if table.name != ORG_TABLE and _signer_placed(ctx, owner) and unit is not None and (
                ctx.keeper(unit) == owner if ctx.cert_paths is not None and table.name not in FILED_BY_SUBTREE
                else ctx.inside(unit, owner)):
            allowed.add((row[OWNER], unit))
            continue
        if not _signer_placed(ctx, owner):
            _reject(summary, table, row, owner, _("“{office}”的密钥证书与本机的组织机构不符").format(
                office=tree.name(owner)))
        elif unit is None:
            if table.name == ORG_TABLE and row[ID] != owner:  # a new top unit: only an office's own root
                _reject(summary, table, row, owner, _("“{office}”不能新增顶层单位{record}").format(
                    office=tree.name(owner), record=row_label(table, row)))
        elif tree.path(unit) is not None and not _may_file(ctx, table, row, unit, owner):
            keeper = ctx.keeper(unit) if ctx.cert_paths is not None else None
            _reject(summary, table, row, owner, _(
                "“{office}”不能在单位“{unit}”下新增、移入或修改记录{record}：该单位的记录由“{keeper}”维护").format(
                office=tree.name(owner), unit=tree.name(unit), record=row_label(table, row),
                keeper=tree.name(keeper or _("其上级单位"))))
        if len(summary.rejections) >= 50:
            return
    tree.remember(table, rows)


def _names_unit_inside(tree: TreeView, named: object, unit: object) -> bool:
    """The unit a record names lies inside the unit it is filed under (unknown units are the foreign-key check's)."""
    if named is None or unit is None or tree.path(named) is None or tree.path(unit) is None:
        return True
    return tree.inside(named, str(unit))


def _may_file(ctx: MergeContext, table: TableInfo, row: Row, unit: object, owner: str) -> bool:
    """Only the office that keeps the unit files records under it; an office above may too for a record it
    provably handed down to that office (its own older copy), and for an honour (its word about anyone in its
    subtree, docs/design.md §4; honours stay with the awarding office, sync.provision.PARENT_KEEPS)."""
    if table.name in FILED_BY_SUBTREE or ctx.cert_paths is None:
        return ctx.inside(unit, owner)
    keeper = ctx.keeper(unit)
    if keeper is None:
        return ctx.inside(unit, owner)
    return keeper == owner or (ctx.inside(unit, owner) and _handed_over(ctx, str(row[ID]), owner, keeper))


def _signer_placed(ctx: MergeContext, owner: str) -> bool:
    """The owner's certificate names the place our tree gives its unit (checked when the certificate arrived;
    checked again here for a unit that only this import brought into the tree)."""
    if ctx.cert_paths is None or owner not in ctx.cert_paths:
        return True
    assert ctx.tree is not None
    path = ctx.tree.path(owner)
    return path is None or path == ctx.cert_paths[owner]


def _write(conn: sqlite3.Connection, table: TableInfo, plan: _TablePlan, summary: ImportSummary) -> None:
    cols = table.column_names
    quoted = ", ".join(f'"{c}"' for c in cols)
    inserts = [plan.state[i] for i in sorted(plan.changed - plan.in_db)]
    if table.name == ORG_TABLE:  # a unit's parent first: by depth of the materialised path
        inserts.sort(key=lambda r: str(r[table.index("path")]).count("/"))
    updates = [(*plan.state[i][1:], i) for i in sorted(plan.changed & plan.in_db)]
    insert_sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({",".join("?" * len(cols))})'
    assignments = ", ".join(f'"{c}" = ?' for c in cols[1:])
    update_sql = f'UPDATE "{table.name}" SET {assignments} WHERE id = ?'
    _execute_or_name(conn, table, insert_sql, inserts, lambda r: r, summary)
    _execute_or_name(conn, table, update_sql, updates, lambda r: (r[-1], *r[:-1]), summary)
    _record_conflicts(conn, table, plan)
    # A fork is closed once its row has a newer version (however the two arrived): only open forks of this table
    # can be affected, so look at those rather than at every changed row.
    open_ids = {r[0] for r in conn.execute("SELECT row_id FROM sync_conflict WHERE table_name = ? AND status = 'open'",
                                           (table.name,))}
    conn.executemany(
        "UPDATE sync_conflict SET status = 'superseded' WHERE table_name = ? AND row_id = ? AND version < ? "
        "AND status = 'open'", [(table.name, i, plan.state[i][VERSION]) for i in sorted(plan.changed & open_ids)])


def _execute_or_name(conn: sqlite3.Connection, table: TableInfo, sql: str, rows: list[Row],
                     as_row: Callable[[Row], Row], summary: ImportSummary) -> None:
    if not rows:
        return
    before = conn.total_changes
    try:
        conn.executemany(sql, rows)
    except database_errors("IntegrityError") as exc:
        # executemany stops at the offending row after writing the ones before it (one change each: inserts, and
        # updates by primary key of rows that exist): its index is the count of changes made. Naming it from a
        # second pass would hit the rows already written first and blame a valid row for a duplicate id.
        done = conn.total_changes - before
        row = as_row(rows[done]) if done < len(rows) else None
        if row is not None:
            summary.rejections.append(Rejection(table.name, str(row[ID]), str(row[OWNER]),
                                                _integrity_reason(conn, table, row, str(exc)), row_label(table, row)))
        else:
            summary.rejections.append(Rejection(table.name, "-", "-", _("写入时违反唯一约束")))
        raise BundleRejected(summary.rejections) from None


def _record_conflicts(conn: sqlite3.Connection, table: TableInfo, plan: _TablePlan) -> None:
    if not plan.conflicts:
        return
    now = utcnow().isoformat(sep=" ")
    cols = table.column_names
    conn.executemany(
        "INSERT OR IGNORE INTO sync_conflict (table_name, row_id, owner_unit_id, version, winner_hash, loser_hash, "
        "loser_data, status, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)",
        [(table.name, loser[ID], loser[OWNER], loser[VERSION], row_hash(winner), row_hash(loser),
          json.dumps(dict(zip(cols, map(encode_value, loser), strict=True)), ensure_ascii=False), now)
         for winner, loser in plan.conflicts])
    # Whatever order the sides arrived in, every loser points at the final winner.
    final = {(row[ID], row[VERSION]): row_hash(row) for row in plan.state.values()
             if row[ID] in {w[ID] for w, _ in plan.conflicts}}
    conn.executemany("UPDATE sync_conflict SET winner_hash = ? WHERE table_name = ? AND row_id = ? AND version = ?",
                     [(h, table.name, rid, ver) for (rid, ver), h in final.items()])


def _integrity_reason(conn: sqlite3.Connection, table: TableInfo, row: Row, message: str) -> str:
    if "FOREIGN KEY" in message:
        missing = [t for i, t in table.foreign_keys if row[i] is not None
                   and conn.execute(f'SELECT 1 FROM "{t}" WHERE id = ?', (row[i],)).fetchone() is None]
        refs = _("、").join(dict.fromkeys(table_label(t) for t in missing)) or table_label(table.name)
        return _("引用的{refs}记录不存在（可能尚未送达本单位）").format(refs=refs)
    columns = message.replace("UNIQUE constraint failed: ", "").split(", ")
    return _("与已有记录重复（{columns}）").format(columns=_("、").join(column_label(c.split(".")[-1]) for c in columns))
