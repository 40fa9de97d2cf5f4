"""bench/_common.py's demo cache: keyed by schema head and version, interrupted builds never measured, a killed
program's open marker removed (a live one kept). The demo build itself is replaced by a stub: building one takes
minutes and is tested in tests/core/test_demo_and_cli.py."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jiaomei_desktop import __version__
from jiaomei_desktop.db.migrate import LATEST_REVISION
from jiaomei_desktop.services.demo import BUILDING_MARKER
from jiaomei_desktop.services.store import DB_FILENAME, OPEN_MARKER

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def common(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_common_under_test", ROOT / "bench" / "_common.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CACHE", tmp_path / "cache")
    builds: list[Path] = []

    def fake_demo(command: list[str], **_kwargs: object) -> None:
        folder = Path(command[command.index("--data-dir") + 1])
        folder.mkdir(parents=True)
        (folder / DB_FILENAME).write_bytes(b"SQLite format 3\x00")
        builds.append(folder)

    monkeypatch.setattr(module.subprocess, "run", fake_demo)
    module.builds = builds
    return module


def test_names_are_the_services_own() -> None:
    text = (ROOT / "bench" / "_common.py").read_text(encoding="utf-8")
    for name, value in (("DB_FILENAME", DB_FILENAME), ("BUILDING_MARKER", BUILDING_MARKER)):
        assert f'{name} = "{value}"' in text
    assert OPEN_MARKER == DB_FILENAME + ".open"
    assert 'OPEN_MARKER = DB_FILENAME + ".open"' in text


def test_the_cache_is_keyed_by_schema_head_and_version_and_built_once(common) -> None:  # type: ignore[no-untyped-def]
    first = common.demo_store_dir(50)
    assert first.name == f"demo-50-r{LATEST_REVISION}-v{__version__}"
    assert common.demo_store_dir(50) == first
    assert common.demo_store_dir(50, roster_only=True).name == f"demo-50-roster-r{LATEST_REVISION}-v{__version__}"
    assert len(common.builds) == 2  # each built in a private folder, then renamed into place
    assert all(".building-" in b.name for b in common.builds)


def test_an_interrupted_build_is_moved_aside_and_built_again(common) -> None:  # type: ignore[no-untyped-def]
    folder = common.CACHE / f"demo-50-r{LATEST_REVISION}-v{__version__}"
    folder.mkdir(parents=True)
    (folder / DB_FILENAME).write_bytes(b"half")
    (folder / BUILDING_MARKER).write_text("interrupted")
    assert common.demo_store_dir(50) == folder
    assert not (folder / BUILDING_MARKER).exists()
    assert (folder / DB_FILENAME).read_bytes() == b"SQLite format 3\x00"
    aside = [p for p in common.CACHE.iterdir() if ".interrupted-" in p.name]
    assert len(aside) == 1 and (aside[0] / BUILDING_MARKER).exists()  # moved, not deleted under a reader


def test_a_dead_programs_open_marker_is_removed_a_live_ones_kept(common) -> None:  # type: ignore[no-untyped-def]
    folder = common.demo_store_dir(50)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (folder / OPEN_MARKER).write_text(json.dumps({"wal": [1, 2], "pid": dead.pid}), encoding="utf-8")
    common.demo_store_dir(50)
    assert not (folder / OPEN_MARKER).exists()

    (folder / OPEN_MARKER).write_text(json.dumps({"wal": [1, 2], "pid": os.getppid()}), encoding="utf-8")
    common.demo_store_dir(50)
    assert (folder / OPEN_MARKER).exists()

    (folder / OPEN_MARKER).write_text("not json", encoding="utf-8")
    common.demo_store_dir(50)
    assert not (folder / OPEN_MARKER).exists()
