"""Who may write a row, decided by the receiving store's own view (issue 14).

One rule: a row may be created, changed or tombstoned only by the office that keeps the unit the row is filed
under (the nearest office at or above it whose certificate the receiver holds), in the receiver's org tree as it
stands (rows merged earlier in the same import included); an honour by any office above the unit. An
existing row changes owner only along handovers the receiver has verified: signed by the row's current owner (or
an owner it reached that way), and only from a parent office to an office below it, the direction provisioning
creates. Nothing a bundle says about itself (a certificate's path, a self-declared handover) counts against this.

The unit a row is filed under is the same one services.ownership guards for edits on the office's own PC.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync.tables import ORG_TABLE, TableInfo

Row = tuple[object, ...]
_CHUNK = 500

# table -> how to find the unit a row is filed under: the first non-empty of (column, table that column points to,
# or None when the column is itself a unit). Rows of a parent row (attendance of a session) are filed where that
# parent row is. An honour is filed under its unit (先进集体) or its person's branch: an office honours only people
# and units it keeps (the group honours anyone).
FILED_UNDER: dict[str, tuple[tuple[str, str | None], ...]] = {
    ORG_TABLE: (("parent_id", None),),
    "person": (("branch_id", None),),
    "study_session": (("unit_id", None),),
    "study_rule": (("unit_id", None),),
    "mentor_pair": (("unit_id", None),),
    "responsibility_zone": (("unit_id", None),),
    "worker_deed": (("unit_id", None),),
    "branch_brand": (("unit_id", None),),
    "innovation_item": (("unit_id", None),),
    "committee_role": (("unit_id", None),),
    # a 督导 整改 item is filed where its inspection is (the 督导组's 党委), an item entered by hand under its unit
    "supervision_task": (("inspection_id", "inspection"), ("unit_id", None)),
    "attendance": (("session_id", "study_session"),),
    "mentor_log": (("pair_id", "mentor_pair"),),
    "supervision_note": (("task_id", "supervision_task"),),
    "contest_event": (("unit_id", None),),
    "contest_entrant": (("event_id", "contest_event"),),
    "identity_post": (("unit_id", None),),
    "identity_post_member": (("post_id", "identity_post"),),
    # 纪律作风督导: everything of a 督导组 is filed where the team is (the 党委 that set it up), so its inspections of
    # branches travel with it and stay its own; the 整改 item (supervision_task) is filed under the inspected unit.
    "inspection_team": (("unit_id", None),),
    "inspection_team_member": (("team_id", "inspection_team"),),
    "inspection_duty": (("team_id", "inspection_team"),),
    "inspection": (("team_id", "inspection_team"),),
    "inspection_photo": (("inspection_id", "inspection"),),
    "innovation_studio": (("unit_id", None),),
    "innovation_studio_member": (("studio_id", "innovation_studio"),),
    # 标准化建设: the branch keeps its self-assessment, the accepting 党委 its acceptance (filed under that 党委, so
    # only the office keeping the 党委 may write it, wherever the branch's own office is)
    "standard_assessment": (("branch_id", None),),
    "standard_acceptance": (("unit_id", None),),
    "membership_change": (("person_id", "person"),),
    "party_discipline": (("person_id", "person"),),
    "honor": (("unit_id", None), ("person_id", "person")),
}
# A record filed through a parent row that also names a unit of its own (the unit a 督导组 inspected, the unit a 督导
# 整改 is assigned to) may name only units inside the one it is filed under: a 党委's team inspects its own subtree
# (the group's teams, filed under the group, any unit). Without this a hostile office could file, under its own
# team, findings and overdue 整改 against another office's branches.
SCOPED_UNIT: dict[str, str] = {"inspection": "unit_id", "supervision_task": "unit_id"}
# Filed by any office above the unit, not only the one keeping it: honours are the awarding office's word.
FILED_BY_SUBTREE = frozenset({"honor"})
# An office's own vocabulary: filed under no unit, any office keeps its own.
UNFILED = frozenset({"honor_category", "study_kind"})


def filing_rule(table: TableInfo) -> tuple[tuple[str, str | None], ...]:
    """The rule for a table; a table added later without an entry is filed by its first foreign key."""
    if table.name in FILED_UNDER:
        return FILED_UNDER[table.name]
    if table.name in UNFILED or not table.foreign_keys:
        return ()
    i, target = table.foreign_keys[0]
    return ((table.column_names[i], None if target == ORG_TABLE else target),)


@dataclass
class TreeView:
    """The receiver's org tree: id -> (path, name, code), loaded once per import and updated with the unit rows
    the import writes; plus, per parent table, the unit each row is filed under (looked up when needed)."""

    conn: sqlite3.Connection
    units: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    filed: dict[str, dict[str, object]] = field(default_factory=dict)
    _loaded: bool = False

    def _load(self) -> None:
        if not self._loaded:
            self.units = {
                r[0]: (str(r[1]), str(r[2]), str(r[3] or ""))
                for r in self.conn.execute(f"SELECT id, path, name, code FROM {ORG_TABLE}")
            }
            self._loaded = True

    def path(self, unit: object) -> str | None:
        self._load()
        found = self.units.get(unit) if isinstance(unit, str) else None
        return found[0] if found else None

    def inside(self, unit: object, office: str) -> bool:
        """The unit lies in the office's subtree (the office's unit itself included)."""
        unit_path, office_path = self.path(unit), self.path(office)
        return unit_path is not None and office_path is not None and unit_path.startswith(office_path)

    def strictly_below(self, unit: str, office: str) -> bool:
        return unit != office and self.inside(unit, office)

    def name(self, unit: object) -> str:
        self._load()
        found = self.units.get(unit) if isinstance(unit, str) else None
        if found is None:
            return _("未知单位（{id}）").format(id=str(unit)[:8])
        return _("{name}（{code}）").format(name=found[1], code=found[2]) if found[2] else found[1]

    def add_units(self, table: TableInfo, rows: list[Row]) -> None:
        self._load()
        path, name, code = table.index("path"), table.index("name"), table.index("code")
        for row in rows:
            self.units[str(row[0])] = (str(row[path]), str(row[name]), str(row[code] or ""))

    def remember(self, table: TableInfo, rows: list[Row]) -> None:
        """Rows just merged of a table others are filed through (a session for its attendance), with the unit each is
        filed under, through its own parent when it has one (an inspection through its 督导组)."""
        if not FILED_UNDER.get(table.name) or table.name not in _PARENT_TABLES:
            return
        known = self.filed.setdefault(table.name, {})
        for row, unit in zip(rows, self.filing_units(table, rows), strict=True):
            known[str(row[0])] = unit

    def unit_of_rows(self, table: str, ids: set[str]) -> dict[str, object]:
        """The unit each row of a parent table (person, study_session, mentor_pair) is filed under."""
        known = self.filed.setdefault(table, {})
        missing = sorted(i for i in ids if i not in known)
        if missing:
            rule = FILED_UNDER[table]
            columns = ", ".join(f'"{column}"' for column, _target in rule)
            for start in range(0, len(missing), _CHUNK):
                chunk = missing[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                fetched = self.conn.execute(f'SELECT id, {columns} FROM "{table}" WHERE id IN ({marks})', chunk).fetchall()
                found: dict[str, object] = {}
                # the first rule whose column is set, resolved through a parent table where the rule names one (a
                # 督导 整改 item → its inspection → its 督导组 → the team's unit)
                for k, (_column, target) in enumerate(rule, start=1):
                    todo = [r for r in fetched if r[0] not in found and r[k] is not None]
                    parents = self.unit_of_rows(target, {str(r[k]) for r in todo}) if target is not None else None
                    for r in todo:
                        found[r[0]] = r[k] if parents is None else parents.get(str(r[k]))
                known.update((r[0], found.get(r[0])) for r in fetched)
        return known

    def filing_units(self, table: TableInfo, rows: list[Row]) -> list[object]:
        """For each row, the unit it is filed under (None: filed under no unit)."""
        rule = filing_rule(table)
        result: list[object] = [None] * len(rows)
        for column, target in rule:
            i = table.index(column)
            todo = [n for n, r in enumerate(rows) if result[n] is None and r[i] is not None]
            if target is None:
                for n in todo:
                    result[n] = rows[n][i]
            else:
                units = self.unit_of_rows(target, {str(rows[n][i]) for n in todo})
                for n in todo:
                    result[n] = units.get(str(rows[n][i]))
        return result


_PARENT_TABLES = frozenset(t for rule in FILED_UNDER.values() for _c, t in rule if t is not None)


def expected_path(tree: TreeView, table: TableInfo, row: Row) -> str | None:
    """The materialised path an org_unit row must carry: its parent's path and its own id (None: parent unknown,
    left to the foreign-key check)."""
    parent = row[table.index("parent_id")]
    if parent is None:
        return f"/{row[0]}/"
    parent_path = tree.path(parent)
    return None if parent_path is None else f"{parent_path}{row[0]}/"


def row_label(table: TableInfo, row: Row) -> str:
    """How a refusal names a record: its name (and code for a unit), never only its id."""
    names = table.column_names
    for column in ("name", "title", "topic"):
        if column in names and row[table.index(column)]:
            text = str(row[table.index(column)])[:40]
            if table.name == ORG_TABLE and row[table.index("code")]:
                text = _("{name}（{code}）").format(name=text, code=row[table.index("code")])
            return _("“{name}”").format(name=text)
    return _("（编号 {id}）").format(id=str(row[0])[:8])
