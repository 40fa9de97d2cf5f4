"""`jiaomei roster list` reads a store in order through sqlite3 (services/roster_listing.py), without SQLAlchemy;
anything unusual goes the full way through open_store. Both ways must list exactly the same people."""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from jiaomei_desktop.cli import roster_cmd
from jiaomei_desktop.cli.common import CliError
from jiaomei_desktop.cli.main import main
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.services import roster_listing
from jiaomei_desktop.services.roster_listing import quick_listing
from jiaomei_desktop.services.store import DB_FILENAME, OPEN_MARKER, open_store

FILTERS = [
    {},
    {"unit": "JM-01"},
    {"status": ["预备党员"]},  # the demo plants 预备党员 past their 预备期: probation_overdue both ways
    {"status": ["正式党员", "预备党员"], "search": "李", "limit": 3},
    {"search": "wang", "limit": 5},
    {"search": "_%\\"},  # LIKE's own characters are searched for, not matched as patterns
    {"unit": "JM-01", "search": "0", "limit": 1},
    {"stage": ["入党积极分子"]},  # 发展阶段 apart from 政治面貌 (issue 17)
    {"stage": ["发展对象", "入党申请人"], "status": ["共青团员"], "limit": 4},
]


@pytest.fixture
def closed_demo(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo store that no program has open (no jiaomei.sqlite3.open marker)."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    assert not (target / OPEN_MARKER).exists()
    return target


def _args(data_dir: Path, **chosen: object) -> argparse.Namespace:
    values = {"unit": None, "status": None, "stage": None, "search": "", "limit": 0, **chosen}
    return argparse.Namespace(data_dir=data_dir, **values)


@pytest.mark.parametrize("chosen", FILTERS, ids=[json.dumps(f, ensure_ascii=False) for f in FILTERS])
def test_the_quick_read_lists_what_the_store_lists(closed_demo: Path, chosen: dict[str, object]) -> None:
    args = _args(closed_demo, **chosen)
    statuses = [PoliticalStatus(s) for s in args.status or ()]
    assert quick_listing(closed_demo, unit_code=args.unit, statuses=statuses, text=args.search, limit=args.limit)
    quick = roster_cmd.run_list(args)
    full = roster_cmd._listing(*roster_cmd._read_through_store(args))
    assert quick == full and quick.text == full.text
    assert len(quick["people"]) == (min(quick["total"], args.limit) if args.limit else quick["total"])


def test_overdue_probation_is_flagged_by_the_quick_read(closed_demo: Path) -> None:
    listing = quick_listing(closed_demo, statuses=[PoliticalStatus.PROBATIONARY])
    assert listing is not None and any(p.probation_overdue for p in listing.people)
    assert not all(p.probation_overdue for p in listing.people)
    # the same people on a day before any 预备期 ended: none overdue
    early = quick_listing(closed_demo, statuses=[PoliticalStatus.PROBATIONARY], today=date(2026, 1, 1))
    assert early is not None and early.total == listing.total


def test_roster_list_loads_none_of_the_heavy_libraries(closed_demo: Path) -> None:
    code = (
        "import sys; from jiaomei_desktop.cli.main import main; "
        f"rc = main(['roster', 'list', '--json', '--data-dir', {str(closed_demo)!r}]); "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'openpyxl', 'stdnum', "
        "'cryptography')); "
        "print(rc, heavy, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "0 []", done.stderr
    assert json.loads(done.stdout)["total"] > 0


def test_the_key_file_is_named_as_encryption_names_it() -> None:
    from jiaomei_desktop.services import encryption, store_paths

    assert store_paths.KEY_FILENAME == encryption.KEY_FILENAME


def test_a_store_open_elsewhere_is_read_the_full_way(closed_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(closed_demo, create=False)  # the GUI running: its marker names the -wal it writes to
    try:
        assert (closed_demo / OPEN_MARKER).exists()
        assert quick_listing(closed_demo) is None
        assert main(["roster", "list", "--json", "--data-dir", str(closed_demo)]) == 0
        assert json.loads(capsys.readouterr().out)["total"] > 0
    finally:
        store.close()


def test_an_older_schema_is_upgraded_by_the_full_open(closed_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(closed_demo / DB_FILENAME) as conn:
        (head,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        conn.execute("UPDATE alembic_version SET version_num = 'older'")
    conn.close()
    assert quick_listing(closed_demo) is None
    with sqlite3.connect(closed_demo / DB_FILENAME) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (head,))
    conn.close()
    assert quick_listing(closed_demo) is not None


def test_no_store_is_the_full_ways_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert quick_listing(tmp_path / "nothing") is None
    assert main(["roster", "list", "--json", "--data-dir", str(tmp_path / "nothing")]) == 2
    assert "没有找到数据文件" in json.loads(capsys.readouterr().out)["error"]


def test_a_damaged_file_is_the_full_ways_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert quick_listing(folder) is None
    assert main(["roster", "list", "--json", "--data-dir", str(folder)]) != 0
    assert json.loads(capsys.readouterr().out)["ok"] is False


def test_an_unknown_unit_code_is_refused_both_ways(closed_demo: Path) -> None:
    with pytest.raises(roster_listing.UnknownUnit):
        quick_listing(closed_demo, unit_code="NOPE")
    with pytest.raises(CliError, match="没有代码为“NOPE”的单位"):
        roster_cmd.run_list(_args(closed_demo, unit="NOPE"))
    store = open_store(closed_demo, create=False)
    try:
        with pytest.raises(CliError, match="没有代码为“NOPE”的单位"):
            roster_cmd.run_list(_args(closed_demo, unit="NOPE"))
    finally:
        store.close()


def test_a_wrong_clock_goes_the_full_way_to_be_warned_of(closed_demo: Path) -> None:
    assert quick_listing(closed_demo, today=date(1999, 1, 1)) is None
