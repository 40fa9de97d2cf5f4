"""Helpers shared by the benchmark scripts: demo stores cached between runs, medians, printing the figures."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from jiaomei_desktop import __version__
from jiaomei_desktop.db.migrate import LATEST_REVISION

# services.store DB_FILENAME / OPEN_MARKER and services.demo BUILDING_MARKER, spelled out: importing those modules
# would load SQLAlchemy and every model into each benchmark process before it measures anything.
DB_FILENAME = "jiaomei.sqlite3"
OPEN_MARKER = DB_FILENAME + ".open"
BUILDING_MARKER = "demo.building"

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "jiaomei-bench"


def demo_store_dir(members: int, roster_only: bool = False) -> Path:
    """A demo store of `members` members, generated once (in a separate process, so its memory is not ours).

    The folder is named after the schema head and the package version, so a store built by an older schema is never
    measured (and folders other runs are using are never touched). A build goes into a private folder first and is
    renamed into place when it has finished: a killed build leaves no half-built store under the final name, and one
    left by an older version of this helper (its `demo.building` marker still there) is moved aside and built again.
    """
    directory = CACHE / f"demo-{members}{'-roster' if roster_only else ''}-r{LATEST_REVISION}-v{__version__}"
    with _build_lock(directory):
        if _unfinished(directory):
            directory.rename(directory.with_name(f"{directory.name}.interrupted-{os.getpid()}-{time.time_ns()}"))
        if not (directory / DB_FILENAME).exists():
            building = directory.with_name(f"{directory.name}.building-{os.getpid()}")
            shutil.rmtree(building, ignore_errors=True)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "jiaomei_desktop.cli.main",
                    "demo",
                    "--data-dir",
                    str(building),
                    "--members",
                    str(members),
                    "--json",
                    *(["--roster-only"] if roster_only else []),
                ],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            if _unfinished(building):
                raise RuntimeError(f"the demo build in {building} did not finish")
            building.rename(directory)
    remove_stale_open_marker(directory)
    return directory


def _unfinished(directory: Path) -> bool:
    """The folder holds a build that never finished (services/demo BUILDING_MARKER) or a folder without a store."""
    return directory.exists() and ((directory / BUILDING_MARKER).exists() or not (directory / DB_FILENAME).exists())


@contextlib.contextmanager
def _build_lock(directory: Path) -> Iterator[None]:
    """One build per folder at a time: two benchmarks started together wait for the same store instead of building
    it twice over each other."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.with_name(directory.name + ".lock"), "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no lock; builds go to private folders, so the worst case is building twice
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_stale_open_marker(directory: Path) -> None:
    """A program killed while it had the store open leaves `jiaomei.sqlite3.open` behind; the next start would then
    report a lost journal (a message, a dialog in the GUI) and measure that instead. A marker whose process is still
    running belongs to a benchmark using the store now and is left alone."""
    marker = directory / OPEN_MARKER
    try:
        pid = int(json.loads(marker.read_text(encoding="utf-8")).get("pid", 0))
    except (OSError, ValueError, AttributeError, TypeError):
        pid = 0
    if not marker.exists() or (pid and pid != os.getpid() and _running(pid)):
        return
    marker.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def report(title: str, rows: list[tuple[str, object, str]], figures: dict[str, object]) -> None:
    print(title)
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"  {name:<{width}}  {value!s:>12}  {target}")
    print(json.dumps(figures, ensure_ascii=False))


BENCH_PASSWORD = "bench-mima-1234"


def encrypted_copy(directory: Path) -> Path:
    """The same store encrypted with BENCH_PASSWORD (services/encryption.py), made once beside it; not unlocked."""
    target = directory.with_name(directory.name + "-encrypted")
    if not (target / "jiaomei.key").exists():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(directory, target, ignore=shutil.ignore_patterns("backups", "*.lock", "*-wal", "*-shm"))
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; "
                "from jiaomei_desktop.services.encryption import encrypt_store; "
                "encrypt_store(Path(sys.argv[1]), sys.argv[2], 'BENC-HMAR-KCOD-E234')",
                str(target),
                BENCH_PASSWORD,
            ],
            check=True,
            cwd=ROOT,
        )
    return target
