"""A demo store shaped like the seed organisation (24 基层党委, 4 党总支, 276 党支部, 6,419 members):
made-up people, real structure and proportions.

Each later feature adds its own demo content as a step in DEMO_STEPS, so `jiaomei demo` always shows everything.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

from jiaomei_desktop.db.models import Setting
from jiaomei_desktop.db.sqlite_connect import connect as connect_db
from jiaomei_desktop.db.sqlite_connect import database_errors
from jiaomei_desktop.services.audit import DEMO_TODAY_KEY, PLANTED_KEY
from jiaomei_desktop.services.demo.contests import build_contests
from jiaomei_desktop.services.demo.context import DemoContext
from jiaomei_desktop.services.demo.honors import build_honors
from jiaomei_desktop.services.demo.inspections import build_inspections
from jiaomei_desktop.services.demo.mentor import build_mentor_pairs
from jiaomei_desktop.services.demo.org import build_org
from jiaomei_desktop.services.demo.people import build_people
from jiaomei_desktop.services.demo.posts import build_posts
from jiaomei_desktop.services.demo.registers import build_registers
from jiaomei_desktop.services.demo.standards import build_standards
from jiaomei_desktop.services.demo.studios import build_studios
from jiaomei_desktop.services.demo.study import build_study
from jiaomei_desktop.services.demo.supervision import build_supervision
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import DB_FILENAME, OPEN_MARKER, Store, open_store, store_exists

Progress = Callable[[str], None]

# (label, step): each step adds its rows inside the single demo transaction.
DEMO_STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("组织机构", build_org),
    ("党员名册", build_people),
    ("学习记录", build_study),
    ("先进典型", build_honors),
    ("传帮带结对", build_mentor_pairs),
    ("一加一加三台账", build_registers),
    ("13710督办", build_supervision),
    ("纪律作风督导", build_inspections),
    ("技术比武", build_contests),
    ("亮明身份", build_posts),
    ("创新工作室", build_studios),  # after the honours (leaders) and the innovation register (output)
    ("标准化建设", build_standards),  # after the records its system-judged items read
]

SEED_MEMBERS = 6419


ROSTER_STEPS = ("组织机构", "党员名册")


# Present while a demo is being built: a folder that still has it was interrupted (killed, power cut) and holds a
# store with the schema but without the demo's rows; it is built again rather than refused or opened empty.
BUILDING_MARKER = "demo.building"


def demo_unfinished(data_dir: Path) -> bool:
    """True for a folder whose demo build was interrupted: the marker is still there, or (a build from before the
    marker) the store has no units and no people at all."""
    if (data_dir / BUILDING_MARKER).exists():
        return True
    db_path = data_dir / DB_FILENAME
    if not db_path.is_file():
        return False
    if db_path.stat().st_size == 0:
        return True  # killed before the schema was written
    try:
        conn = connect_db(f"{db_path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            return not any(conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in ("org_unit", "person"))
        finally:
            conn.close()
    except database_errors("OperationalError") as exc:
        return "no such table" in str(exc)  # killed while the schema was being written
    except database_errors():
        return False  # damaged or not ours: never rebuilt over; the start-up diagnosis reports it


def _discard_unfinished(data_dir: Path) -> None:
    for name in (DB_FILENAME, f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm", f"{DB_FILENAME}-journal", OPEN_MARKER):
        (data_dir / name).unlink(missing_ok=True)


def create_demo_store(data_dir: Path, members: int = SEED_MEMBERS, seed: int = 20261123,
                      progress: Progress | None = None, only: tuple[str, ...] | None = None) -> Store:
    """Create a new demo store in `data_dir` (refuses to touch an existing store; an interrupted demo build in that
    folder is thrown away and built again).

    `only` limits the steps by label, e.g. ROSTER_STEPS for a 100,000-member roster benchmark without the
    millions of attendance rows the full demo would generate for it.
    """
    if store_exists(data_dir):
        if not demo_unfinished(data_dir):
            raise ServiceError(f"{data_dir} 中已经有数据文件，演示数据只能生成到空文件夹")
        _discard_unfinished(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    marker = data_dir / BUILDING_MARKER
    marker.write_text("a demo store is being built here; if this file stays, the build was interrupted\n")
    store = open_store(data_dir, create=True)
    try:
        with store.transaction() as session:
            ctx = DemoContext(store=store, session=session, members=members, seed=seed)
            for label, step in DEMO_STEPS:
                if only is not None and label not in only:
                    continue
                if progress:
                    progress(label)
                step(ctx)
            # what the audit reports apart as planted on purpose, and the demo's own "today" (services/audit.py)
            session.merge(Setting(key=PLANTED_KEY, value=json.dumps(ctx.planted, ensure_ascii=False)))
            session.merge(Setting(key=DEMO_TODAY_KEY, value=ctx.today.isoformat()))
    except BaseException:
        store.close()
        raise
    with contextlib.suppress(OSError):
        marker.unlink()
    return store
