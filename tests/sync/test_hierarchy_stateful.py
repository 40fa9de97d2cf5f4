"""The whole hierarchy under random work and random attacks (issue 14), as a Hypothesis state machine.

A random org tree in which every unit is an office with its own store and key (set up the way provisioning leaves
them). Steps: legitimate edits (new members, changes, tombstones) by any office in its own store, honours from
an office above for a member below it, 纪律作风督导 records (a 督导组 set up by an office, its inspections of units in the
office's subtree with their 整改 items, revised later), bundles up to
the parent and down to a child in any order, a leaf office re-provisioned after its parent revoked its key, and
attacks by a random office signing with its own key: re-owning or tombstoning a record of an office outside its
subtree (with a self-declared handover), a forged handover proof, a certificate for a unit not below it, new rows
under a foreign unit, an inspection or 整改 filed under its own 督导组 that names a unit outside its subtree
(sync.authority.SCOPED_UNIT), and bundles from a revoked key. Checked: every attack is refused and leaves the receiver's
store as it was; every legitimate bundle is accepted; after everyone has sent up and down, every office holds
exactly the legitimate latest state of its subtree and the same tree, the root holds everything (every honour
awarded and no other, every 督导 record at its latest version), every honour reaches the honoured member's office, and integrity_check and
foreign_key_check pass everywhere. Generation is derandomised and not shrunk, so a failure is reported within
seconds, as the steps that led to it.

Runs on the sync modules with plain sqlite3 (no Qt, no services, no scrypt) so that it stays well under 20 s.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import uuid
from datetime import date
from functools import cache
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from jiaomei_desktop import __version__
from jiaomei_desktop.db.migrate import head_revision, known_revisions
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import org, roster
from jiaomei_desktop.services.store import open_store
from jiaomei_desktop.sync import localstate, provision
from jiaomei_desktop.sync.bundle import BundleHeader, OutSegment, assemble, verify_bundle
from jiaomei_desktop.sync.connection import write_transaction
from jiaomei_desktop.sync.container import Limits, open_container
from jiaomei_desktop.sync.errors import BundleError
from jiaomei_desktop.sync.exporter import certificate_chains, export_bundle
from jiaomei_desktop.sync.handover import Proof
from jiaomei_desktop.sync.importer import apply_bundle
from jiaomei_desktop.sync.keys import REVOKED, Certificate, KeyPair
from jiaomei_desktop.sync.segments import encode_segment, read_owned_rows
from jiaomei_desktop.sync.tables import table_by_name
from tests.helpers import make_id_number

HEAD, KNOWN = head_revision(), set(known_revisions())
# Stores live in memory-backed storage when there is one: every import commits with synchronous=FULL.
SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None
REFUSED: list[str] = []  # why each attack was refused (for a reader debugging this test)
ATTACKS = ("reown", "tombstone", "forged_proof", "certificate", "foreign_row", "scoped_unit")
# 纪律作风督导's tables and the column that names a row, for the checks
SUPERVISION = {
    "inspection_team": "name",
    "inspection_team_member": "name",
    "inspection": "description",
    "supervision_task": "title",
}
DAY = "2026-06-01"


def _no_photos(_sha: str) -> bytes | None:
    return None


@cache
def _templates() -> tuple[bytes, dict[str, object], dict[str, object]]:
    """An empty migrated store file, and a valid org_unit and person row to copy."""
    root = Path(tempfile.mkdtemp(prefix="jm-hier-tpl-"))
    try:
        empty = open_store(root / "empty")
        empty.close()
        schema = (root / "empty" / "jiaomei.sqlite3").read_bytes()
        store = open_store(root / "rows")
        unit = org.create_office_unit(store, "T", "模板党支部", UnitKind.BRANCH)
        pid = roster.save_person(
            store,
            PersonData(
                name="模板",
                branch_id=unit.id,
                id_number=make_id_number(date(1980, 1, 1), sequence=1),
                join_date=date(2005, 7, 1),
                full_member_date=date(2006, 7, 1),
            ),
        )
        store.close()
        with sqlite3.connect(root / "rows" / "jiaomei.sqlite3") as conn:
            conn.row_factory = sqlite3.Row
            unit_row = dict(conn.execute("SELECT * FROM org_unit WHERE id = ?", (unit.id,)).fetchone())
            person_row = dict(conn.execute("SELECT * FROM person WHERE id = ?", (pid,)).fetchone())
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return schema, unit_row, person_row


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, object]) -> None:
    cols = list(row)
    conn.execute(
        f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})', [row[c] for c in cols]
    )


def _ordered(table: str, row: dict[str, object]) -> tuple[object, ...]:
    """A row in the order segments carry columns."""
    return tuple(row[c] for c in table_by_name()[table].column_names)


class Hierarchy(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="jm-hier-", dir=SCRATCH))
        self.counter = 0
        self.parent: dict[str, str | None] = {}
        self.paths: dict[str, str] = {}
        self.db: dict[str, Path] = {}
        self.stolen: list[tuple[str, Path]] = []  # (office, store of its revoked key)
        self.legit: dict[str, tuple[str, int, str, int]] = {}  # person id -> (owner, version, name, deleted)
        self.honours: dict[str, tuple[str, str]] = {}  # honour id -> (awarding office, person id)
        # 督导 row id -> (table, owner, version, label); an owner files its rows under its own unit
        self.supervision: dict[str, tuple[str, str, int, str]] = {}
        self.named: dict[str, str] = {}  # inspection or 整改 id -> the unit it names

    # -- set-up ---------------------------------------------------------------------------------------------------
    @initialize(parents=st.lists(st.integers(0, 10), min_size=2, max_size=5))
    def build_tree(self, parents: list[int]) -> None:
        schema, unit_tpl, _person = _templates()
        units = [self._id() for _ in range(len(parents) + 1)]
        for i, unit in enumerate(units):
            parent = None if i == 0 else units[parents[i - 1] % i]
            self.parent[unit] = parent
            self.paths[unit] = (self.paths[parent] if parent else "/") + unit + "/"
        rows = []
        for i, unit in enumerate(units):
            row = dict(unit_tpl)
            row.update(
                id=unit,
                parent_id=self.parent[unit],
                path=self.paths[unit],
                code=f"U{i}",
                name=f"单位{i}",
                kind=UnitKind.GROUP_COMMITTEE.value if i == 0 else UnitKind.BRANCH.value,
                owner_unit_id=self.parent[unit] or unit,
                version=1,
                deleted=0,
            )
            rows.append(row)
        keys = {unit: KeyPair.generate() for unit in units}
        certs: dict[str, Certificate] = {}
        for unit in units:  # parents first: the list is in tree order
            issuer = self.parent[unit] or unit
            certs[unit] = Certificate(unit, self.paths[unit], keys[unit].public_b64, issuer, 1).signed_by(keys[issuer])
        for unit in units:
            path = self.dir / f"{unit}-0.sqlite3"
            path.write_bytes(schema)
            self.db[unit] = path
            with write_transaction(path) as conn:
                for row in rows:
                    _insert(conn, "org_unit", row)
                localstate.set_setting(conn, localstate.OFFICE_SETTING, unit)
                localstate.save_own_key(conn, unit, keys[unit])
                localstate.save_certificates(conn, [certs[units[0]]], anchor=True)
                chain = [u for u in units if self.paths[unit].startswith(self.paths[u]) and u != units[0]]
                children = [u for u in units if self.parent[u] == unit]
                localstate.save_certificates(conn, [certs[u] for u in chain + children])

    # -- helpers --------------------------------------------------------------------------------------------------
    def _id(self) -> str:
        self.counter += 1
        return str(uuid.UUID(int=self.counter, version=4))

    @property
    def offices(self) -> list[str]:
        return sorted(self.parent, key=lambda u: self.paths[u])

    def _children(self, unit: str) -> list[str]:
        return sorted(u for u, p in self.parent.items() if p == unit)

    def _strictly_below(self, unit: str, office: str) -> bool:
        return unit != office and unit in self.paths and self.paths[unit].startswith(self.paths[office])

    def _pick(self, index: int, among: list[str]) -> str:
        return among[index % len(among)]

    def _export(self, unit: str, direction: str, recipient: str | None, db: Path | None = None) -> bytes:
        with write_transaction(db or self.db[unit]) as conn:
            data, _info = export_bundle(conn, HEAD, __version__, direction, recipient, _no_photos)
        return data

    def _import(self, unit: str, data: bytes) -> None:
        with write_transaction(self.db[unit]) as conn:
            container = open_container(data, Limits())
            trust = localstate.load_trust(conn)
            bundle = verify_bundle(container, trust, HEAD, KNOWN)
            apply_bundle(conn, bundle, trust, "x.jmb", None)

    def _snapshot(self, unit: str) -> list[object]:
        tables = ("org_unit", "person", "sync_trusted_key", "sync_revoked_key", "sync_handover", *SUPERVISION)
        with sqlite3.connect(self.db[unit]) as conn:
            return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables]

    def _refused(self, unit: str, data: bytes) -> None:
        before = self._snapshot(unit)
        try:
            self._import(unit, data)
        except BundleError as exc:
            REFUSED.append(str(exc)[:300])
        else:
            raise AssertionError("an attack was accepted")
        assert self._snapshot(unit) == before

    def _rows(self, unit: str, table: str, where: str = "1", params: tuple[object, ...] = ()) -> list[dict]:
        with sqlite3.connect(self.db[unit]) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)]

    # -- legitimate work ------------------------------------------------------------------------------------------
    @rule(who=st.integers(0, 50))
    def add_member(self, who: int) -> None:
        office = self._pick(who, self.offices)
        row = dict(_templates()[2])
        pid = self._id()
        row.update(
            id=pid,
            owner_unit_id=office,
            branch_id=office,
            version=1,
            deleted=0,
            name=f"人{self.counter}",
            id_number=make_id_number(date(1980, 1, 1 + self.counter % 28), sequence=self.counter),
        )
        with write_transaction(self.db[office]) as conn:
            _insert(conn, "person", row)
        self.legit[pid] = (office, 1, str(row["name"]), 0)

    @rule(who=st.integers(0, 50), which=st.integers(0, 50), tombstone=st.booleans())
    def change_member(self, who: int, which: int, tombstone: bool) -> None:
        office = self._pick(who, self.offices)
        mine = [p for p, v in self.legit.items() if v[0] == office and not v[3]]
        if not mine:
            return
        pid = self._pick(which, sorted(mine))
        owner, version, name, _deleted = self.legit[pid]
        new = (owner, version + 1, name + "改", int(tombstone))
        with write_transaction(self.db[office]) as conn:
            conn.execute("UPDATE person SET version = ?, name = ?, deleted = ? WHERE id = ?", (*new[1:], pid))
        self.legit[pid] = new

    @rule(who=st.integers(0, 50), which=st.integers(0, 50))
    def honour_from_above(self, who: int, which: int) -> None:
        """An office honours a member of an office below it (one it has received by then)."""
        office = self._pick(who, self.offices)
        held = [
            r["id"]
            for r in self._rows(office, "person", "deleted = 0")
            if self._strictly_below(str(r["owner_unit_id"]), office)
        ]
        if not held:
            return
        pid = self._pick(which, held)
        honour = {c.name: c.default for c in table_by_name()["honor"].columns}
        honour.update(
            id=self._id(),
            owner_unit_id=office,
            version=1,
            updated_at="2026-12-01 00:00:00.000000",
            deleted=0,
            person_id=pid,
            unit_id=None,
            title="优秀共产党员",
            category="优秀共产党员",
            level="矿级",
            award_date="2026-07-01",
        )
        with write_transaction(self.db[office]) as conn:
            _insert(conn, "honor", honour)
        self.honours[str(honour["id"])] = (office, pid)

    def _blank(self, table: str, office: str, **values: object) -> dict[str, object]:
        row = {c.name: c.default for c in table_by_name()[table].columns}
        row.update(id=self._id(), owner_unit_id=office, version=1, updated_at="2026-12-01 00:00:00.000000", deleted=0)
        row.update(values)
        return row

    def _team_rows(self, office: str, name: str) -> list[tuple[str, dict[str, object]]]:
        team = self._blank(
            "inspection_team", office, name=name, unit_id=office, start_date="2026-01-01", end_date="2026-12-31"
        )
        lead = self._blank("inspection_team_member", office, team_id=team["id"], name="组长甲", role="组长")
        return [("inspection_team", team), ("inspection_team_member", lead)]

    def _inspection_rows(
        self, office: str, team: object, unit: str, task_unit: str | None
    ) -> list[tuple[str, dict[str, object]]]:
        """An inspection of `unit` by `team`, with a 整改 item assigned to `task_unit` when one is given."""
        found = self._blank(
            "inspection",
            office,
            inspection_date=DAY,
            team_id=team,
            unit_id=unit,
            kind="三违",
            description=f"检查{self.counter}",
            rectify=int(task_unit is not None),
            requirement="限期整改" if task_unit else None,
        )
        rows = [("inspection", found)]
        if task_unit is not None:
            rows.append(
                (
                    "supervision_task",
                    self._blank(
                        "supervision_task",
                        office,
                        title=f"整改{self.counter}",
                        unit_id=task_unit,
                        start_date=DAY,
                        tier_days=7,
                        deadline="2026-06-08",
                        inspection_id=found["id"],
                    ),
                )
            )
        return rows

    @rule(who=st.integers(0, 50), aim=st.integers(0, 50), new_team=st.booleans(), rectify=st.booleans())
    def inspect(self, who: int, aim: int, new_team: bool, rectify: bool) -> None:
        """An office's 督导组 (set up now when it has none, or a second one) inspects a unit of its subtree, and may
        send the problem for 整改 to that unit."""
        office = self._pick(who, self.offices)
        teams = sorted(i for i, v in self.supervision.items() if v[0] == "inspection_team" and v[1] == office)
        rows = self._team_rows(office, f"督导组{self.counter}") if new_team or not teams else []
        team = rows[0][1]["id"] if rows else self._pick(aim, teams)
        unit = self._pick(aim, [u for u in self.offices if self.paths[u].startswith(self.paths[office])])
        rows += self._inspection_rows(office, team, unit, unit if rectify else None)
        with write_transaction(self.db[office]) as conn:
            for table, row in rows:
                _insert(conn, table, row)
        for table, row in rows:
            self.supervision[str(row["id"])] = (table, office, 1, str(row[SUPERVISION[table]]))
            if table in ("inspection", "supervision_task"):
                self.named[str(row["id"])] = str(row["unit_id"])

    @rule(who=st.integers(0, 50), which=st.integers(0, 50))
    def revise_inspection(self, who: int, which: int) -> None:
        """An office rewrites one of its inspections or 整改 items (a new version to travel)."""
        office = self._pick(who, self.offices)
        mine = sorted(
            i for i, v in self.supervision.items() if v[0] in ("inspection", "supervision_task") and v[1] == office
        )
        if not mine:
            return
        row_id = self._pick(which, mine)
        table, owner, version, label = self.supervision[row_id]
        column = SUPERVISION[table]
        with write_transaction(self.db[office]) as conn:
            conn.execute(
                f"UPDATE {table} SET version = ?, {column} = ? WHERE id = ?", (version + 1, label + "改", row_id)
            )
        self.supervision[row_id] = (table, owner, version + 1, label + "改")

    @rule(who=st.integers(0, 50))
    def send_up(self, who: int) -> None:
        office = self._pick(who, self.offices[1:])
        self._import(self.parent[office], self._export(office, "up", None))  # type: ignore[arg-type]

    @rule(who=st.integers(0, 50), to=st.integers(0, 50))
    def send_down(self, who: int, to: int) -> None:
        office = self._pick(who, [u for u in self.offices if self._children(u)])
        child = self._pick(to, self._children(office))
        self._import(child, self._export(office, "down", child))

    @rule(who=st.integers(0, 50))
    def replace_a_leaf_pc(self, who: int) -> None:
        """The leaf's PC is replaced: it sends up once more, its parent revokes the key and provisions it again."""
        leaves = [u for u in self.offices[1:] if not self._children(u)]
        office = self._pick(who, leaves)
        parent = self.parent[office]
        assert parent is not None
        self.send_up(self.offices[1:].index(office))
        with write_transaction(self.db[parent]) as conn:
            provision.revoke_child(conn, office)
            done = provision.provision_child(conn, office, HEAD, __version__, _no_photos)
        new_db = self.dir / f"{office}-{self._id()}.sqlite3"
        new_db.write_bytes(_templates()[0])
        with write_transaction(new_db) as conn:  # the tree as the PC's first setup file brought it
            for row in self._rows(office, "org_unit"):
                _insert(conn, "org_unit", row)
        with mock.patch.object(provision, "decrypt", lambda data, _pw: data):
            contents = provision.open_setup(done.setup_bytes, "-", Limits(), HEAD, KNOWN)
        with write_transaction(new_db) as conn:
            localstate.set_setting(conn, localstate.OFFICE_SETTING, contents.unit_id)
            localstate.save_certificates(conn, [contents.anchor], anchor=True)
            apply_bundle(conn, contents.bundle, contents.trust, "setup.jms", None)
            localstate.save_own_key(conn, contents.unit_id, contents.key)
            localstate.set_setting(conn, localstate.SEQ_SETTING, str(contents.seq))
        self.stolen.append((office, self.db[office]))
        self.db[office] = new_db

    # -- attacks --------------------------------------------------------------------------------------------------
    @precondition(lambda self: bool(self.stolen))
    @rule(which=st.integers(0, 50))
    def revoked_key_speaks(self, which: int) -> None:
        office, old_db = self._pick(which, self.stolen)
        with write_transaction(old_db) as conn:
            data, _info = export_bundle(conn, HEAD, __version__, "up", None, _no_photos)
        parent = self.parent[office]
        assert parent is not None
        self._refused(parent, data)

    @rule(who=st.integers(0, 50), kind=st.sampled_from(ATTACKS), aim=st.integers(0, 50), up=st.booleans())
    def attack(self, who: int, kind: str, aim: int, up: bool) -> None:
        self._attack(who, kind, aim, up)

    @rule(who=st.integers(0, 50), kind=st.sampled_from(ATTACKS), aim=st.integers(0, 50), up=st.booleans())
    def attack_again(self, who: int, kind: str, aim: int, up: bool) -> None:
        """A second rule for the same: attacks then come about as often as all legitimate work together."""
        self._attack(who, kind, aim, up)

    @rule(who=st.integers(0, 50), aim=st.integers(0, 50), up=st.booleans())
    def attack_with_a_finding(self, who: int, aim: int, up: bool) -> None:
        """The attack the 督导 registers opened, on its own rule: it needs an attacker with units outside its subtree,
        so drawn among all kinds it came about in a third of the runs."""
        self._attack(who, "scoped_unit", aim, up)

    def _attack(self, who: int, kind: str, aim: int, up: bool) -> None:
        attacker = self._pick(who, self.offices)
        neighbours = ([self.parent[attacker]] if up and self.parent[attacker] else []) or self._children(attacker)
        if not neighbours:
            return
        receiver = neighbours[0] if up else self._pick(aim, neighbours)
        outside = [u for u in self.offices if not self.paths[u].startswith(self.paths[attacker])]
        if not outside and kind in ("certificate", "foreign_row", "scoped_unit"):
            return
        foreign = self._pick(aim, outside) if outside else ""
        with write_transaction(self.db[attacker]) as conn:
            office, key = attacker, localstate.own_key(conn, attacker)
            assert key is not None
            trust = localstate.load_trust(conn)
            rows = read_owned_rows(conn, office)
            handovers: list[tuple[str, str, str]] = []
            proofs: list[Proof] = []
            certs = certificate_chains(trust, [office])
            if kind in ("reown", "tombstone", "forged_proof"):
                # a record the receiver holds that another office keeps (any office, below the attacker too)
                held = [("person", r) for r in self._rows(receiver, "person", "owner_unit_id != ?", (office,))]
                held += [("org_unit", r) for r in self._rows(receiver, "org_unit", "owner_unit_id != ?", (office,))]
                below = [(t, r) for t, r in held if self._strictly_below(str(r["owner_unit_id"]), office)]
                if below and aim % 3 == 0:
                    held = below  # the holder is an office below us: our handovers to it look plausible
                if not held:
                    return
                table, row = self._pick(aim // 3, held)
                holder = str(row["owner_unit_id"])
                row.update(owner_unit_id=office, version=int(row["version"]) + 5, name="夺")
                if kind == "tombstone":
                    row["deleted"] = 1
                rows.setdefault(table, []).append(_ordered(table, row))
                if kind == "forged_proof":  # "handed over" by the holder (signed by us) and by us to the holder
                    proofs = [
                        Proof.signed(holder, office, [(table, str(row["id"]))], key),
                        Proof.signed(office, holder, [(table, str(row["id"]))], key),
                    ]
                    proofs = proofs[aim % 2 :][:1]
                else:  # self-declared handovers, in both directions
                    handovers = [(table, str(row["id"]), holder)]
            elif kind == "certificate":
                # revoke a foreign office's key and certify a new one, as if it were below us
                current = trust.trusted.get(foreign)
                serial = current.serial if current else 1
                where = f"{self.paths[office]}{foreign}/"
                certs.append(Certificate(foreign, where, REVOKED, office, serial + 1).signed_by(key))
                certs.append(
                    Certificate(foreign, where, KeyPair.generate().public_b64, office, serial + 2).signed_by(key)
                )
            elif kind == "scoped_unit":
                # filed under its own (new) 督导组, so filed where it may write: an inspection of a foreign unit, or
                # an inspection of its own with a 整改 assigned to a foreign unit
                new = self._team_rows(office, "敌督导组")
                team = new[0][1]["id"]
                new += (
                    self._inspection_rows(office, team, foreign, None)
                    if aim % 2
                    else self._inspection_rows(office, team, office, foreign)
                )
                for table, row in new:
                    rows.setdefault(table, []).append(_ordered(table, row))
            else:
                row = dict(_templates()[2])
                row.update(
                    id=self._id(),
                    owner_unit_id=office,
                    branch_id=foreign,
                    version=1,
                    deleted=0,
                    name="外人",
                    id_number=make_id_number(date(1970, 1, 2), sequence=self.counter),
                )
                rows.setdefault("person", []).append(_ordered("person", row))
            seq = localstate.next_own_seq(conn, None)
            segment = OutSegment.signed(office, seq, encode_segment(office, seq, HEAD, rows, handovers), key)
            header = BundleHeader(
                self._id(), "bundle", "up" if up else "down", office, "攻击者", HEAD, __version__, "2026-12-01 00:00:00"
            )
            data = assemble(header, key, [segment], certs, [], None, proofs)
        self._refused(receiver, data)

    # -- checks ---------------------------------------------------------------------------------------------------
    @invariant()
    def stores_are_sound(self) -> None:
        if not self.db:
            return
        for path in self.db.values():
            with sqlite3.connect(path) as conn:
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    def teardown(self) -> None:
        try:
            if self.db:
                self._everyone_syncs_and_agrees()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _everyone_syncs_and_agrees(self) -> None:
        by_depth = sorted(self.offices[1:], key=lambda u: -self.paths[u].count("/"))
        for office in by_depth:
            self._import(self.parent[office], self._export(office, "up", None))  # type: ignore[arg-type]
        for office in reversed(by_depth):
            parent = self.parent[office]
            self._import(office, self._export(parent, "down", office))  # type: ignore[arg-type]
        tree = self._rows(self.offices[0], "org_unit")
        honours = {r["id"]: (r["owner_unit_id"], r["person_id"]) for r in self._rows(self.offices[0], "honor")}
        assert honours == self.honours, "the group does not hold exactly the honours awarded"
        for office in self.offices:
            assert self._rows(office, "org_unit") == tree, "the tree differs between offices"
            people = {
                r["id"]: (r["owner_unit_id"], r["version"], r["name"], r["deleted"])
                for r in self._rows(office, "person")
            }
            below = {p: v for p, v in self.legit.items() if self.paths[v[0]].startswith(self.paths[office])}
            assert {p: people.get(p) for p in below} == below, "a legitimate change was lost"
            assert set(people) <= set(self.legit), "a row no office wrote legitimately was accepted"
            held = {r["id"]: (r["owner_unit_id"], r["person_id"]) for r in self._rows(office, "honor")}
            assert all(self.honours.get(h) == v for h, v in held.items()), "an honour nobody awarded was accepted"
            mine = {h for h, (_o, p) in self.honours.items() if self.legit[p][0] == office}
            assert mine <= set(held), "an honour did not reach the honoured member's office"
            assert {p: v for p, v in people.items() if p not in below} == {
                p: self.legit[p] for p in people if p not in below
            }, "stores disagree on a row"
            self._supervision_agrees(office)
            with sqlite3.connect(self.db[office]) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    def _supervision_agrees(self, office: str) -> None:
        """The office holds every 督导 record of its subtree at its latest version, every inspection and 整改 from
        above that names a unit of its subtree (need to know), and nothing else but such records at their latest
        version (the root: all of them)."""
        held = {
            r["id"]: (table, r["owner_unit_id"], r["version"], r[column])
            for table, column in SUPERVISION.items()
            for r in self._rows(office, table)
        }
        assert all(self.supervision.get(i) == v for i, v in held.items()), "a 督导 record nobody wrote was accepted"
        below = {i for i, v in self.supervision.items() if self.paths[v[1]].startswith(self.paths[office])}
        assert below <= set(held), "a 督导 record of the subtree is missing"
        concerning = {i for i, u in self.named.items() if self.paths[u].startswith(self.paths[office])}
        assert concerning <= set(held), "an inspection or 整改 of a unit of the subtree did not reach its office"
        if office == self.offices[0]:
            assert held == self.supervision, "the group does not hold every 督导 record"


Hierarchy.TestCase.settings = settings(
    max_examples=10,
    stateful_step_count=24,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
TestHierarchy = Hierarchy.TestCase
