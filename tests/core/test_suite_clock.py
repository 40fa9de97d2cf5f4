""".ci/run reports the suite's wall time (issue 15: ≤ 120 s on 2 cores) just above pytest's summary line, which stays
the last line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONE_TEST = "tests/core/test_bench_cache.py::test_names_are_the_services_own"


def _pytest(env_start: str | None, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "JIAOMEI_SUITE_START"}
    if env_start is not None:
        env["JIAOMEI_SUITE_START"] = env_start
    command = [sys.executable, "-m", "pytest", "-n", "0", "-p", "no:cacheprovider", "-q", *extra]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)


def test_the_wall_time_comes_just_above_the_summary_line() -> None:
    done = _pytest(str(time.time() - 100), ONE_TEST)
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in lines[-1]
    clock = next(line for line in lines if line.startswith("test suite wall time"))
    assert lines.index(clock) < len(lines) - 1
    seconds = float(clock.split()[4])
    assert 100 <= seconds < 400  # measured from the moment .ci/run started pytest
    assert "tests' own time" in clock and "setup" in clock and "call" in clock


def test_without_ci_run_nothing_is_added(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tests.conftest as root

    lines: list[str] = []
    reporter = type("Reporter", (), {"write_line": lambda self, line: lines.append(line)})()
    monkeypatch.delenv(root.SUITE_START, raising=False)
    root.pytest_terminal_summary(reporter, 0, type("Config", (), {})())
    assert lines == []
    monkeypatch.setenv(root.SUITE_START, str(time.time() - 5))
    root.pytest_terminal_summary(reporter, 0, type("Config", (), {})())
    assert len(lines) == 1 and lines[0].startswith("test suite wall time")
    root.pytest_terminal_summary(reporter, 0, type("Config", (), {"workerinput": {}})())  # an xdist worker: silent
    assert len(lines) == 1
