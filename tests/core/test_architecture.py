"""The layer rules of docs/design.md §2, checked the way CI sees them."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_are_kept() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "broken" in result.stdout and "0 broken" in result.stdout


# One fresh interpreter imports every module outside ui/ and app.py, one after another, and names the first whose
# import brought PySide6 in (import-linter allows indirect imports, so this is the check that catches them at run
# time). One start-up instead of one per module.
NO_QT_CHECK = """
import importlib, json, pkgutil, sys
names = []
for layer in ("domain", "db", "reports", "sync", "services", "cli"):
    package = importlib.import_module("jiaomei_desktop." + layer)
    names.append(package.__name__)
    names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
              if ".migrations." not in m.name]
first = None
for name in names:
    importlib.import_module(name)
    if any(m == "PySide6" or m.startswith(("PySide6.", "shiboken6")) for m in sys.modules):
        first = name
        break
print(json.dumps({"checked": names, "first_with_qt": first}))
"""


def test_core_modules_do_not_load_qt() -> None:
    result = subprocess.run([sys.executable, "-c", NO_QT_CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert {
        "jiaomei_desktop.services.roster",
        "jiaomei_desktop.cli.main",
        "jiaomei_desktop.services.demo",
        "jiaomei_desktop.sync.importer",
    } <= set(report["checked"])
    assert report["first_with_qt"] is None, f"importing {report['first_with_qt']} loads Qt"


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "jiaomei_desktop", "tests", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]
