"""Errors raised below the UI reach the user in a message box: they are translated like the UI's own text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "jiaomei_desktop"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
TRANSLATORS = {"_", "N_", "ngettext"}
LAYERS = ("domain", "services", "sync", "reports")
SKIPPED = ("services/demo/",)  # demo data is Chinese content, never an error message


def _translated(node: ast.AST) -> set[int]:
    inside: set[int] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in TRANSLATORS:
            inside |= {id(n) for n in ast.walk(sub)}
    return inside


def untranslated_raises() -> list[str]:
    found = []
    for layer in LAYERS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            rel = path.relative_to(PACKAGE).as_posix()
            if rel.startswith(SKIPPED):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Raise) or node.exc is None:
                    continue
                wrapped = _translated(node.exc)
                for sub in ast.walk(node.exc):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and CJK.search(sub.value) \
                            and id(sub) not in wrapped:
                        found.append(f"{rel}:{sub.lineno}: {sub.value!r}")
    return found


def test_raised_messages_are_marked_for_translation() -> None:
    offenders = untranslated_raises()
    assert not offenders, "Chinese error text raised without _():\n  " + "\n  ".join(offenders)


def test_the_check_sees_an_unmarked_message(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "jiaomei_desktop"
    (fake / "services").mkdir(parents=True)
    (fake / "services" / "bad.py").write_text('def f(x):\n    raise ValueError(f"数据包已损坏：{x}")\n'
                                               'def g():\n    raise ValueError(_("数据包已损坏"))\n', encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert untranslated_raises() == ["services/bad.py:2: '数据包已损坏：'"]
