"""Start-up time: from launching the process to a shown main window on the 6,419-member demo store, against a bare
PySide6 window shown the same way in the same run.

    python bench/startup.py [--runs 5] [--members 6419]

Target (issue 2): ≤ 1.5 s median. Each sample is a fresh process, timed from spawn until it prints that its window
was shown (interpreter start, imports, locking, checking and opening the store, and building the window all count;
the other tabs are built when first clicked). When dist/ holds a build (scripts/build_and_check.sh), the built
program is timed the same way.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import BENCH_PASSWORD, ROOT, demo_store_dir, encrypted_copy, median_ms, report

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1360, 820); w.show()
app.processEvents()
print("shown", flush=True)
"""

# The real entry point, as a double-click runs it: logging, the single-instance lock, the open-time quick_check, the
# translations, the theme, the main window with the reliability menu; `--startup-probe` prints "shown" once the
# window is on screen and quits.
APP = """
import sys
from jiaomei_desktop.app import main
sys.exit(main(["--data-dir", sys.argv[1], "--startup-probe"]))
"""


# The same, on the encrypted copy of the store: the password is unwrapped (scrypt) where the dialog would do it. Its
# quick_check (every page decrypted and authenticated: 2–3 s here) ends after the window is shown (services/health.py
# PendingCheck); a plain store's is awaited before showing.
APP_ENCRYPTED = """
import sys
from pathlib import Path
from jiaomei_desktop.app import main
from jiaomei_desktop.services.encryption import unlock
unlock(Path(sys.argv[1]), sys.argv[2])
sys.exit(main(["--data-dir", sys.argv[1], "--startup-probe"]))
"""


FROZEN = ROOT / "dist" / "jiaomei-desktop" / ("jiaomei-desktop.exe" if sys.platform == "win32" else "jiaomei-desktop")


def time_process(code: str, *args: str) -> float:
    return time_command([sys.executable, "-c", code, *args])


def time_command(command: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    # a program that stops at a message box instead (a stale build refusing a newer store) would wait forever
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    watchdog.cancel()
    if line.strip() != "shown":
        raise SystemExit(f"{command[0]} did not show its window within 60 s (exit {proc.returncode})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=6419)
    args = parser.parse_args()
    store_dir = demo_store_dir(args.members)
    encrypted_dir = encrypted_copy(store_dir)
    time_process(APP, str(store_dir))  # warm the OS file cache once, as a second start would be
    time_process(APP_ENCRYPTED, str(encrypted_dir), BENCH_PASSWORD)
    frozen = FROZEN if FROZEN.exists() else None  # the built program too, when scripts/build_and_check.sh made one
    if frozen is not None:
        time_command([str(frozen), "--data-dir", str(store_dir), "--startup-probe"])
    app_samples, bare_samples, frozen_samples, encrypted_samples = [], [], [], []
    for _ in range(args.runs):
        bare_samples.append(time_process(BARE))
        app_samples.append(time_process(APP, str(store_dir)))
        encrypted_samples.append(time_process(APP_ENCRYPTED, str(encrypted_dir), BENCH_PASSWORD))
        if frozen is not None:
            frozen_samples.append(time_command([str(frozen), "--data-dir", str(store_dir), "--startup-probe"]))
    app_ms, bare_ms = median_ms(app_samples), median_ms(bare_samples)
    encrypted_ms = median_ms(encrypted_samples)
    figures = {"startup_ms_median": app_ms, "bare_qt_ms_median": bare_ms, "ratio": round(app_ms / bare_ms, 2),
               "encrypted_startup_ms_median": encrypted_ms, "encrypted_ratio": round(encrypted_ms / app_ms, 2)}
    rows = [
        ("jiaomei-desktop, demo store (ms)", app_ms, "target ≤ 1500"),
        ("bare PySide6 window (ms)", bare_ms, ""),
        ("ratio", figures["ratio"], ""),
        ("same store encrypted, incl. unwrapping the key (ms)", encrypted_ms, ""),
        ("encrypted / plain", figures["encrypted_ratio"], "target ≤ 1.3"),
    ]
    if frozen_samples:
        figures["frozen_startup_ms_median"] = median_ms(frozen_samples)
        rows.append(("built program, dist/ (ms)", figures["frozen_startup_ms_median"], "target ≤ 1500"))
    report(f"Start-up to a shown main window ({args.runs} runs, medians)", rows, figures)


if __name__ == "__main__":
    main()
