"""The frozen build: its size, and its start-up time to a shown main window, against the source tree's.

    python bench/package.py [--runs 5] [--members 6419] [--rebuild] [--dist dist/jiaomei-desktop]

Builds dist/jiaomei-desktop with packaging/pyinstaller.spec unless it exists (or --rebuild). dist_mb is the folder's
total size in MiB (target ≤ 200 MB). frozen_startup_ms is the median over fresh processes of the built program
opening the demo store and showing its window offscreen (`--startup-probe`: it prints "shown" and quits); the same
is measured from the source tree as a baseline in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, demo_store_dir, median_ms, report

EXE_NAME = "jiaomei-desktop.exe" if sys.platform == "win32" else "jiaomei-desktop"


def build(dist_root: Path) -> None:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist_root), "--workpath", str(ROOT / "build" / "pyinstaller"),
                    str(ROOT / "packaging" / "pyinstaller.spec")], check=True, cwd=ROOT)


def folder_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return round(total / 1024 / 1024, 1)


def time_start(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "shown":
            elapsed = time.perf_counter() - started
            break
    else:
        proc.wait()
        raise SystemExit(f"{command[0]} did not show its window (exit {proc.returncode})")
    proc.wait(timeout=60)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=6419)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "jiaomei-desktop")
    args = parser.parse_args()
    exe = args.dist / EXE_NAME
    if args.rebuild or not exe.exists():
        build(args.dist.parent)
    store = demo_store_dir(args.members)
    with tempfile.TemporaryDirectory() as config:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": config, "JIAOMEI_FONTS": "bundled"}
        frozen_cmd = [str(exe), "--data-dir", str(store), "--startup-probe"]
        source_cmd = [sys.executable, "-m", "jiaomei_desktop", "--data-dir", str(store), "--startup-probe"]
        time_start(frozen_cmd, env)  # warm the file cache; the first start of a day also makes the daily backup
        frozen = [time_start(frozen_cmd, env) for _ in range(args.runs)]
        source = [time_start(source_cmd, env) for _ in range(args.runs)]
    size = folder_mb(args.dist)
    frozen_ms, source_ms = median_ms(frozen), median_ms(source)
    report(f"Frozen build ({args.dist}, {args.runs} starts, demo store with {args.members} members)", [
        ("dist_mb", size, "target ≤ 200"),
        ("frozen_startup_ms", frozen_ms, "median, to a shown window"),
        ("source_startup_ms", source_ms, "same, from the source tree"),
        ("frozen / source", round(frozen_ms / source_ms, 2), ""),
    ], {"dist_mb": size, "frozen_startup_ms": frozen_ms, "source_startup_ms": source_ms,
        "frozen_vs_source": round(frozen_ms / source_ms, 2)})


if __name__ == "__main__":
    main()
