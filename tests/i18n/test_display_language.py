"""Text that never reached the English catalogue (issue 15: 忘记密码？用恢复码重设 and 查看此人 stayed Chinese).
Fixed choices shown in the UI language are checked in tests/gui/test_display_language.py."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "jiaomei_desktop"
TRANSLATORS = {"_", "N_", "ngettext"}


def translated_literals_in_f_strings() -> list[str]:
    """`f"…{_('文字')}…"`: the code translates it, but the catalogue extractor (Python 3.11's tokenizer reads an
    f-string as one token) never sees the message, so it is never translated."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in TRANSLATORS \
                        and any(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in inner.args):
                    found.append(f"{path.relative_to(PACKAGE)}:{inner.lineno}: {ast.unparse(inner)}")
    return found


def test_no_message_hides_inside_an_f_string() -> None:
    found = translated_literals_in_f_strings()
    assert not found, "move these _() calls out of the f-string:\n" + "\n".join(found)


def test_the_check_finds_a_hidden_message(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bad.py").write_text("label = f'<a>{_(\"查看此人\")}</a>'\nok = f'{_(name)}'\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "PACKAGE", tmp_path)
    assert translated_literals_in_f_strings() == ["bad.py:1: _('查看此人')"]
