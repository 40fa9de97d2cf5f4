"""What a killed program leaves behind is found at the next start: an interrupted demo is built again, a -wal deleted
under a running program is reported, and an exported bundle always carries the name consolidation looks for."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.services import bundles, demo, health
from jiaomei_desktop.services.health import Kind
from jiaomei_desktop.services.store import OPEN_MARKER, Store, open_store
from tests.reliability.faults import unit_codes

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str) -> int:
    """Run `script` in a fresh Python that ends with os._exit: no clean-up of any kind, as when killed."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, timeout=300).returncode


def test_a_killed_demo_build_is_built_again(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    directory = tmp_path / "demo"
    code = _run(f"""
        import os
        from pathlib import Path
        from jiaomei_desktop.services import demo
        def killed(_ctx):
            os._exit(9)
        demo.DEMO_STEPS.insert(1, ("killed", killed))
        demo.create_demo_store(Path({str(directory)!r}), members=30)
    """)
    assert code == 9
    assert (directory / "jiaomei.sqlite3").exists() and demo.demo_unfinished(directory)
    assert main(["demo", "--data-dir", str(directory), "--members", "30", "--json"]) == 0
    capsys.readouterr()
    assert not demo.demo_unfinished(directory) and not (directory / demo.BUILDING_MARKER).exists()
    assert len(unit_codes(directory / "jiaomei.sqlite3")) > 100
    # a finished demo is never built over
    assert main(["demo", "--data-dir", str(directory), "--members", "30"]) != 0
    assert "已经有数据文件" in capsys.readouterr().err


def test_an_empty_store_left_by_an_old_interrupted_demo_counts_as_unfinished(tmp_path: Path) -> None:
    open_store(tmp_path / "demo").close()  # schema only, no marker: a build from before the marker was cut short
    assert demo.demo_unfinished(tmp_path / "demo")


def test_a_store_with_data_is_never_an_unfinished_demo(store: Store) -> None:
    store.close()
    assert not demo.demo_unfinished(store.data_dir)


_EDIT_AND_DIE = """
    import os
    from pathlib import Path
    from jiaomei_desktop.services import org
    from jiaomei_desktop.services.store import open_store
    store = open_store(Path({directory!r}), create=False)
    root = org.find_unit_by_code(store, "T")
    for n in range(30):
        org.add_unit(store, root.id, f"T-7{{n:02d}}", f"第{{n}}党支部", org.UnitKind.BRANCH)
    {between}
    os._exit(0)
"""


def test_a_wal_deleted_under_a_running_program_is_reported_at_the_next_start(store: Store, capsys) -> None:  # type: ignore[no-untyped-def]
    directory = store.data_dir
    store.close()
    wal = f"{directory / 'jiaomei.sqlite3'}-wal"
    assert _run(_EDIT_AND_DIE.format(directory=str(directory), between=f"os.remove({wal!r})")) == 0
    diagnosis = health.diagnose(directory)
    assert diagnosis.kind == Kind.WAL_LOST and diagnosis.can_open and "可能已经丢失" in diagnosis.message
    # the command line says it once, then carries on
    assert main(["org", "list", "--data-dir", str(directory)]) == 0
    assert "可能已经丢失" in capsys.readouterr().err
    assert health.diagnose(directory).ok


def test_a_crash_with_the_wal_in_place_loses_nothing_and_says_nothing(store: Store) -> None:
    directory = store.data_dir
    store.close()
    assert _run(_EDIT_AND_DIE.format(directory=str(directory), between="")) == 0
    assert (directory / OPEN_MARKER).exists()
    assert health.diagnose(directory).ok
    reopened = open_store(directory, create=False)
    reopened.close()
    assert len(unit_codes(directory / "jiaomei.sqlite3")) == 33
    assert not (directory / OPEN_MARKER).exists()  # a clean close leaves no marker


def test_a_replaced_wal_is_reported(store: Store) -> None:
    directory = store.data_dir
    store.close()
    wal = f"{directory / 'jiaomei.sqlite3'}-wal"
    between = f"os.remove({wal!r}); open({wal!r}, 'wb').close()"
    assert _run(_EDIT_AND_DIE.format(directory=str(directory), between=between)) == 0
    assert health.diagnose(directory).kind == Kind.WAL_LOST


@pytest.mark.parametrize(
    ("to", "expected"), [("new-folder", "new-folder/*.jmb"), ("out.zip", "out.zip.jmb"), ("b1.JMB", "b1.JMB")]
)
def test_bundle_export_always_writes_a_jmb_name(store: Store, tmp_path: Path, to: str, expected: str) -> None:
    result = bundles.export_bundle(store, tmp_path / to)
    assert result.path.match(str(tmp_path / expected)) and result.path.is_file()


def test_bundle_export_into_a_missing_parent_folder_says_so(store: Store, tmp_path: Path) -> None:
    with pytest.raises(bundles.SyncFailed, match="不存在"):
        bundles.export_bundle(store, tmp_path / "no-stick" / "b1.jmb")


def test_a_demo_killed_before_its_schema_counts_as_unfinished(tmp_path: Path) -> None:
    directory = tmp_path / "demo"
    directory.mkdir()
    (directory / "jiaomei.sqlite3").write_bytes(b"")
    assert demo.demo_unfinished(directory)
    sqlite3.connect(directory / "other.sqlite3").close()
    (directory / "jiaomei.sqlite3").unlink()
    (directory / "other.sqlite3").rename(directory / "jiaomei.sqlite3")
    assert demo.demo_unfinished(directory)  # a database without our tables yet


def test_a_damaged_demo_store_is_not_rebuilt_over(tmp_path: Path) -> None:
    directory = tmp_path / "demo"
    directory.mkdir()
    (directory / "jiaomei.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert not demo.demo_unfinished(directory)
