"""Sync at group scale: consolidating 276 branch bundles and 24 committee bundles at the group.

    python bench/sync.py [--members 6419] [--years 3] [--runs 3]

A synthetic group shaped like the seed (24 committees, 4 general branches, 276 branches; 244 branches under the
committees, whose bundles the committees relay, and 32 reporting to the group directly). Each branch has its roster,
three years of 三会一课 with attendance, mentor pairs with logs and honours with photos, signed with its own key.

Targets (issue 7): consolidation at the group from empty ≤ 10 s; re-importing everything (all unchanged) ≤ 3 s;
exporting the whole group ≤ 3 s; consolidation ≤ 4 × a raw sqlite3 executemany insert of the same rows measured in
the same run; bundle size per 1,000 members (reported).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import report

from jiaomei_desktop import __version__
from jiaomei_desktop.db.migrate import head_revision
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.store import Store, open_store
from jiaomei_desktop.sync import localstate
from jiaomei_desktop.sync.bundle import BundleHeader, OutSegment, PhotoFile, assemble
from jiaomei_desktop.sync.connection import CACHE_KIB, write_transaction
from jiaomei_desktop.sync.identity import ensure_identity
from jiaomei_desktop.sync.keys import Certificate, KeyPair
from jiaomei_desktop.sync.segments import encode_segment
from jiaomei_desktop.sync.tables import table_by_name

COMMITTEES, GENERAL, PER_GENERAL, DIRECT, BRANCHES = 24, 4, 3, 20, 276
NOW = "2026-11-23 08:00:00.000000"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国伟强军平明华勇涛磊静丽敏燕红霞刚斌鹏"


class Ids:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def __call__(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def row(table: str, values: dict[str, object]) -> tuple[object, ...]:
    info = table_by_name()[table]
    return tuple(values.get(c.name, c.default) for c in info.columns)


def sync_cols(new_id: Ids, owner: str) -> dict[str, object]:
    return {"id": new_id(), "owner_unit_id": owner, "version": 1, "updated_at": NOW, "deleted": 0}


# -- the organisation -----------------------------------------------------------------------------------------
def build_tree(new_id: Ids) -> tuple[dict, list[dict], list[dict]]:
    root = {"id": new_id(), "code": "JM", "name": "焦煤集团党委", "kind": "集团党委", "parent": None}
    root["path"] = f"/{root['id']}/"
    units, branches = [root], []

    def add(parent: dict, code: str, name: str, kind: str) -> dict:
        unit = {"id": new_id(), "code": code, "name": name, "kind": kind, "parent": parent}
        unit["path"] = f"{parent['path']}{unit['id']}/"
        units.append(unit)
        if kind == "党支部":
            branches.append(unit)
        return unit

    committees = [add(root, f"JM-{c:02d}", f"第{c}矿党委", "基层党委") for c in range(1, COMMITTEES + 1)]
    for d in range(1, DIRECT + 1):
        add(root, f"JM-Z{d:02d}", f"直属第{d}党支部", "党支部")
    for g in range(1, GENERAL + 1):
        general = add(root, f"JM-Y{g:02d}", f"第{g}党总支", "党总支")
        for b in range(1, PER_GENERAL + 1):
            add(general, f"JM-Y{g:02d}-{b:02d}", f"第{g}党总支第{b}党支部", "党支部")
    rest = BRANCHES - DIRECT - GENERAL * PER_GENERAL
    for i in range(rest):
        committee = committees[i % COMMITTEES]
        add(committee, f"{committee['code']}-{i // COMMITTEES + 1:02d}", f"{committee['name']}第{i // COMMITTEES + 1}支部",
            "党支部")
    return root, units, branches


def org_rows(units: list[dict], owner: str) -> list[tuple[object, ...]]:
    return [row("org_unit", {"id": u["id"], "owner_unit_id": owner, "version": 1, "updated_at": NOW, "deleted": 0,
                             "code": u["code"], "name": u["name"], "kind": u["kind"],
                             "parent_id": u["parent"]["id"] if u["parent"] else None, "path": u["path"],
                             "sort_order": i}) for i, u in enumerate(units)]


# -- one branch's records ----------------------------------------------------------------------------------------
def branch_rows(branch: dict, members: int, years: int, new_id: Ids, rng: random.Random,
                photos: dict[str, bytes]) -> dict[str, list[tuple[object, ...]]]:
    owner = branch["id"]
    people, person_ids = [], []
    for _ in range(members):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        values = {**sync_cols(new_id, owner), "name": name, "name_sort": name, "search_text": name,
                  "branch_id": owner, "political_status": "正式党员", "membership_state": "在册", "gender": "男",
                  "ethnicity": "汉族", "birth_date": f"{rng.randint(1965, 2000)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                  "post": "采煤工", "phone": f"139{rng.randint(10**7, 10**8 - 1)}", "join_date": "2010-07-01"}
        people.append(row("person", values))
        person_ids.append(values["id"])
    sessions, attendance = [], []
    start = date(2026, 11, 1) - timedelta(days=365 * years)
    for month in range(12 * years):
        day = start + timedelta(days=30 * month)
        kinds = ["支委会", "党小组会"] + (["支部党员大会", "党课"] if month % 3 == 0 else [])
        for kind in kinds:
            sid = new_id()
            sessions.append(row("study_session", {
                "id": sid, "owner_unit_id": owner, "version": 1, "updated_at": NOW, "deleted": 0, "unit_id": owner,
                "kind": kind, "session_date": day.isoformat(), "topic": f"{day:%Y年%m月}{kind}：学习安全生产规程",
                "content": "传达上级精神，结合本队安全生产实际讨论落实措施。", "hours": 2.0, "safety_flag": 1,
                "host_id": person_ids[0], "host_name": "书记"}))
            present = person_ids[:5] if kind == "支委会" else person_ids
            for pid in present:
                attendance.append(row("attendance", {**sync_cols(new_id, owner), "session_id": sid, "person_id": pid,
                                                     "status": "出席" if rng.random() > 0.05 else "请假"}))
    pairs, logs = [], []
    for p in range(min(3, members // 2)):
        pair = {**sync_cols(new_id, owner), "mentor_id": person_ids[p], "mentee_id": person_ids[-1 - p],
                "unit_id": owner, "start_date": start.isoformat(), "state": "进行中", "trade": "综采"}
        pairs.append(row("mentor_pair", pair))
        for m in range(4 * years):
            logs.append(row("mentor_log", {**sync_cols(new_id, owner), "pair_id": pair["id"], "hours": 4.0,
                                           "log_date": (start + timedelta(days=90 * m)).isoformat(),
                                           "content": "现场指导设备点检与故障处理。"}))
    honors = []
    for h in range(2):
        picture = rng.randbytes(24_000)  # photo bytes are incompressible, like JPEG
        sha = hashlib.sha256(picture).hexdigest()
        photos[sha] = picture
        honors.append(row("honor", {**sync_cols(new_id, owner), "person_id": person_ids[h], "title": "优秀共产党员",
                                    "category": "优秀共产党员", "level": "矿级", "award_date": "2026-07-01",
                                    "deeds": "扎根一线，带头攻坚。", "photo_sha256": sha}))
    return {"person": people, "study_session": sessions, "attendance": attendance, "mentor_pair": pairs,
            "mentor_log": logs, "honor": honors}


# -- stores, keys and bundles ------------------------------------------------------------------------------------
def group_store(directory: Path, root: dict, units: list[dict]) -> Store:
    store = open_store(directory)
    with sqlite3.connect(store.db_path) as conn:
        table = table_by_name()["org_unit"]
        cols = ",".join(table.column_names)
        conn.executemany(f"INSERT INTO org_unit ({cols}) VALUES ({','.join('?' * len(table.column_names))})",
                         org_rows(units, root["id"]))
        conn.execute("INSERT INTO setting (key, value) VALUES ('office_unit_id', ?)", (root["id"],))
    with write_transaction(store.db_path) as conn:
        ensure_identity(conn)
    return store


def group_key(store: Store) -> tuple[KeyPair, Certificate]:
    with write_transaction(store.db_path) as conn:
        office, key, trust = ensure_identity(conn)
        return key, trust.trusted[office]


def make_bundles(args: argparse.Namespace, folder: Path, store: Store, root: dict, units: list[dict],
                 branches: list[dict]) -> tuple[int, int, int]:
    """Writes the 300 bundle files; returns (rows, members, bytes of the branch bundles)."""
    new_id, rng = Ids(args.seed), random.Random(args.seed)
    g_key, g_cert = group_key(store)
    schema = head_revision()
    committees = [u for u in units if u["kind"] == "基层党委"]
    keys: dict[str, KeyPair] = {}
    certs: dict[str, Certificate] = {root["id"]: g_cert}
    committee_certs = []
    for c in committees:
        keys[c["id"]] = KeyPair.generate()
        certs[c["id"]] = Certificate(c["id"], c["path"], keys[c["id"]].public_b64, root["id"], 1).signed_by(g_key)
        committee_certs.append(certs[c["id"]])
    with write_transaction(store.db_path) as conn:  # the group provisioned its committees
        localstate.save_certificates(conn, committee_certs)
    per_branch = [args.members // BRANCHES + (1 if i < args.members % BRANCHES else 0) for i in range(BRANCHES)]
    relayed: dict[str, list[tuple[OutSegment, list[PhotoFile]]]] = {c["id"]: [] for c in committees}
    total_rows, branch_bytes = 0, 0
    for branch, members in zip(branches, per_branch, strict=True):
        parent = branch["parent"]
        issuer = parent["id"] if parent["kind"] == "基层党委" else root["id"]
        issuer_key = keys.get(issuer, g_key)
        keys[branch["id"]] = KeyPair.generate()
        certs[branch["id"]] = Certificate(branch["id"], branch["path"], keys[branch["id"]].public_b64, issuer,
                                          1).signed_by(issuer_key)
        photos: dict[str, bytes] = {}
        rows = branch_rows(branch, members, args.years, new_id, rng, photos)
        total_rows += sum(len(r) for r in rows.values())
        segment = OutSegment.signed(branch["id"], 1, encode_segment(branch["id"], 1, schema, rows), keys[branch["id"]])
        files = [PhotoFile(sha, {"mime": "image/jpeg", "width": 600, "height": 800, "size_bytes": len(data)}, data)
                 for sha, data in photos.items()]
        chain = [certs[root["id"]], *([certs[issuer]] if issuer != root["id"] else []), certs[branch["id"]]]
        data = assemble(_header(branch, schema), keys[branch["id"]], [segment], chain, files)
        (folder / f"branch-{branch['code']}.jmb").write_bytes(data)
        branch_bytes += len(data)
        if issuer in relayed:
            relayed[issuer].append((segment, files))
    for c in committees:
        own = OutSegment.signed(c["id"], 1, encode_segment(c["id"], 1, schema, {}), keys[c["id"]])
        segs = [own, *(s for s, _p in relayed[c["id"]])]
        files = [p for _s, ps in relayed[c["id"]] for p in ps]
        chain = [certs[root["id"]], certs[c["id"]], *(certs[s.owner_unit_id] for s, _p in relayed[c["id"]])]
        (folder / f"committee-{c['code']}.jmb").write_bytes(assemble(_header(c, schema), keys[c["id"]], segs, chain,
                                                                     files))
    return total_rows, args.members, branch_bytes


def _header(unit: dict, schema: str) -> BundleHeader:
    return BundleHeader(str(uuid.uuid4()), "bundle", "up", unit["id"], unit["name"], schema, __version__, NOW[:19])


# -- the baseline ------------------------------------------------------------------------------------------------
def raw_insert(db_path: Path, folder: Path) -> float:
    """The same rows, already parsed, inserted with sqlite3 executemany in one transaction (foreign keys on)."""
    import zipfile

    from jiaomei_desktop.sync.segments import decode_segment

    tables: dict[str, list[tuple[object, ...]]] = {}
    for path in sorted(folder.glob("branch-*.jmb")):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.endswith(".jsonl"):
                    segment = decode_segment(zf.read(name), name)
                    for table, (_cols, rows) in segment.tables.items():
                        tables.setdefault(table, []).extend(tuple(r) for r in rows)
    order = [t for t in ("person", "study_session", "attendance", "mentor_pair", "mentor_log", "honor") if t in tables]
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # the same cache the import uses: a fair baseline
    started = time.perf_counter()
    conn.execute("BEGIN")
    for table in order:
        cols = table_by_name()[table].column_names
        conn.executemany(f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", tables[table])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=6419)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jiaomei-bench-sync-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    root, units, branches = build_tree(Ids(args.seed + 1))
    template = group_store(work / "empty-group", root, units)
    folder = work / "stick"
    folder.mkdir()
    started = time.perf_counter()
    rows, members, branch_bytes = make_bundles(args, folder, template, root, units, branches)
    generate_s = time.perf_counter() - started
    template.close()
    consolidate, reimport, export, raw = [], [], [], []
    report_rows = 0
    for n in range(args.runs):
        target = work / f"group-{n}"
        shutil.copytree(work / "empty-group", target)
        store = open_store(target, create=False)
        started = time.perf_counter()
        result = bundles.consolidate(store, folder)
        consolidate.append(time.perf_counter() - started)
        assert result.failed == 0, result.as_dict()
        report_rows = result.totals()["new"]
        started = time.perf_counter()
        again = bundles.consolidate(store, folder)
        reimport.append(time.perf_counter() - started)
        assert again.totals()["new"] == again.totals()["updated"] == 0
        started = time.perf_counter()
        bundles.export_bundle(store, work / f"group-{n}.jmb")
        export.append(time.perf_counter() - started)
        store.close()
        baseline = work / f"raw-{n}"
        shutil.copytree(work / "empty-group", baseline)
        raw.append(raw_insert(baseline / "jiaomei.sqlite3", folder))
        shutil.rmtree(target)
        shutil.rmtree(baseline)
    med = statistics.median
    figures = {
        "bundles": len(list(folder.glob("*.jmb"))), "rows": report_rows,
        "consolidate_s": round(med(consolidate), 2), "reimport_s": round(med(reimport), 2),
        "export_s": round(med(export), 2), "raw_insert_s": round(med(raw), 2),
        "ratio": round(med(consolidate) / med(raw), 2),
        "kb_per_1000_members": round(branch_bytes / 1024 / (members / 1000), 1),
    }
    assert report_rows >= rows, (report_rows, rows)
    report(f"Sync benchmark: {len(branches)} branch + {COMMITTEES} committee bundles, {members} members, "
           f"{args.years} years ({rows} branch rows; bundles generated in {generate_s:.1f} s; median of {args.runs})",
           [("consolidate at the group (from empty)", f"{figures['consolidate_s']} s", "≤ 10 s"),
            ("re-import everything (unchanged)", f"{figures['reimport_s']} s", "≤ 3 s"),
            ("export the whole group", f"{figures['export_s']} s", "≤ 3 s"),
            ("raw sqlite3 executemany, same rows", f"{figures['raw_insert_s']} s", "baseline"),
            ("consolidate / raw insert", figures["ratio"], "≤ 4"),
            ("branch bundles per 1,000 members", f"{figures['kb_per_1000_members']} KB", "reported")],
           figures)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
