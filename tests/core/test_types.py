"""mypy over the package, held to a baseline that may only shrink (mypy-baseline.json at the repository root).

The baseline counts mypy's errors and the `type: ignore` comments in jiaomei_desktop/. A change that adds either fails
here; a change that removes some fails too until the baseline is lowered to match, so the gain is kept.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "mypy-baseline.json"
SUMMARY = re.compile(r"Found (\d+) errors? in \d+ files?|Success: no issues found")


def _type_ignores() -> int:
    return sum(path.read_text(encoding="utf-8").count("type: ignore")
               for path in (ROOT / "jiaomei_desktop").rglob("*.py"))


def _mypy_errors() -> tuple[int, str]:
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    match = SUMMARY.search(run.stdout)
    assert match, run.stdout[-2000:] + run.stderr[-2000:]
    return int(match.group(1) or 0), run.stdout


def test_mypy_errors_and_ignores_never_grow() -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    errors, report = _mypy_errors()
    ignores = _type_ignores()
    assert errors <= baseline["errors"], f"mypy: {errors} errors, baseline {baseline['errors']}:\n{report[-4000:]}"
    assert ignores <= baseline["type_ignores"], f"{ignores} `type: ignore` comments, baseline {baseline['type_ignores']}"
    assert (errors, ignores) == (baseline["errors"], baseline["type_ignores"]), (
        f"fewer than the baseline ({errors} errors, {ignores} ignores): lower mypy-baseline.json to keep the gain")
