"""Pinyin keys for searching ("wjg" finds 王建国) and sorting Chinese names."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any


@cache
def _pypinyin() -> tuple[Callable[..., list[str]], Any]:
    """pypinyin loads a phrase dictionary of ~0.3 s on import; the start-up path never needs it, so it waits."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin, Style


@lru_cache(maxsize=65536)
def full_pinyin(text: str) -> str:
    """'王建国' -> 'wangjianguo' (tone-less, no separators; non-Chinese characters kept lower-cased)."""
    lazy_pinyin, Style = _pypinyin()
    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")).lower().replace(" ", "")


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """'王建国' -> 'wjg'."""
    lazy_pinyin, Style = _pypinyin()
    return "".join(s[:1] for s in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")).lower()


def sort_key(text: str) -> str:
    """Syllables separated by spaces so 'xi an' sorts apart from 'xian'; the text breaks ties between homophones."""
    lazy_pinyin, Style = _pypinyin()
    return " ".join(lazy_pinyin(text, style=Style.TONE3, errors="default")).lower() + "\u0000" + text
