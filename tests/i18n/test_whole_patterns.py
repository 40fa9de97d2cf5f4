"""What the window shows is built from whole patterns in the catalogue: an f-string that puts full-width brackets,
colons or commas round a value (“廖霞巧（Leader）”, “{name}（{unit}，{status}）”) cannot be translated, so English
showed Chinese punctuation round English words. Reads the source; no Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import jiaomei_desktop

FULL_WIDTH = set("（），：；、")
PACKAGE = Path(jiaomei_desktop.__file__).parent
# services whose text reaches the window (choices, tooltips, placards, exports in the UI language)
SHOWN_SERVICES = ("services/studios.py", "services/posts.py", "services/mentor/query.py")


def _patched_together(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if FULL_WIDTH & set(text):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.get_source_segment(source, node)}")
    return found


def test_no_window_text_is_an_f_string_with_chinese_punctuation() -> None:
    paths = [*sorted((PACKAGE / "ui").rglob("*.py")), *(PACKAGE / name for name in SHOWN_SERVICES)]
    found = [line for path in paths for line in _patched_together(path)]
    assert not found, "\n".join(found)
