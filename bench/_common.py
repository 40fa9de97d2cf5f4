"""Helpers shared by the benchmark scripts: demo stores cached between runs, medians, printing the figures."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "jiaomei-bench"


def demo_store_dir(members: int, roster_only: bool = False) -> Path:
    """A demo store of `members` members, generated once (in a separate process, so its memory is not ours)."""
    directory = CACHE / f"demo-{members}{'-roster' if roster_only else ''}"
    if not (directory / "jiaomei.sqlite3").exists():
        directory.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "jiaomei_desktop.cli.main", "demo", "--data-dir", str(directory),
                        "--members", str(members), "--json", *(["--roster-only"] if roster_only else [])], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return directory


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
    import shutil

    target = directory.with_name(directory.name + "-encrypted")
    if not (target / "jiaomei.key").exists():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(directory, target, ignore=shutil.ignore_patterns("backups", "*.lock", "*-wal", "*-shm"))
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from jiaomei_desktop.services.encryption import encrypt_store; "
                        "encrypt_store(Path(sys.argv[1]), sys.argv[2], 'BENC-HMAR-KCOD-E234')",
                        str(target), BENCH_PASSWORD], check=True, cwd=ROOT)
    return target
