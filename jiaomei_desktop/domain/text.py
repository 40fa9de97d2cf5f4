"""Text hygiene at every boundary: characters no one can see or type on purpose are not let into the store.

- control characters (C0 and C1, DEL) other than tab and line breaks: they break terminals, Excel files and XML;
- bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C): they make a name
  read differently from how it is stored ("Trojan Source", CVE-2021-42574);
- zero-width characters (U+200B–U+200D, U+2060, U+FEFF, U+180E, U+00AD): two names that look the same would be
  different records, and a search would not find them.

`text_problem` says in Chinese what is wrong (for a form or a refused record); `clean_text` removes them (for an
Excel import, which then reports what it removed). Ordinary Chinese text, including ideographic spaces and
punctuation, is never touched.
"""

from __future__ import annotations

import re

from jiaomei_desktop.i18n import N_, _

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # tab, line feed and carriage return are text
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u00ad\u180e\u200b-\u200d\u2060\ufeff"
UNSAFE = re.compile(f"[{_CONTROL}{_BIDI}{_ZERO_WIDTH}]")
_ONE_LINE_BREAKS = re.compile("[\t\n\r]")
_KINDS = (
    (re.compile(f"[{_CONTROL}]"), N_("控制字符")),
    (re.compile(f"[{_BIDI}]"), N_("文字方向控制符")),
    (re.compile(f"[{_ZERO_WIDTH}]"), N_("零宽字符")),
)
# Excel and other spreadsheets read a cell starting with one of these as a formula (CSV/formula injection)
FORMULA_START = ("=", "+", "-", "@")


def has_unsafe(text: str, multiline: bool = True) -> bool:
    return bool(UNSAFE.search(text)) or (not multiline and bool(_ONE_LINE_BREAKS.search(text)))


def text_problem(text: str, label: str, multiline: bool = False) -> str | None:
    """None when the text is fine; otherwise a Chinese sentence naming the field and the kind of character."""
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return _("“{label}”含有不可见的{kind}，请删除后重新输入").format(label=label, kind=_(kind))
    if not multiline and _ONE_LINE_BREAKS.search(text):
        return _("“{label}”不能包含换行或制表符").format(label=label)
    return None


def clean_text(text: str, multiline: bool = False) -> str:
    """The text without unsafe characters; in a one-line field, tabs and line breaks become spaces."""
    text = UNSAFE.sub("", text)
    return text if multiline else _ONE_LINE_BREAKS.sub(" ", text)


def escape_for_terminal(text: str) -> str:
    r"""Every unsafe character shown as a visible escape (\x1b, \u202e): what a terminal prints is what is stored,
    and no escape sequence from another office's data reaches the terminal."""
    return UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)
