"""Pinyin keys for searching ("wjg" finds 王建国) and sorting Chinese names."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def full_pinyin(text: str) -> str:
    """'王建国' -> 'wangjianguo' (tone-less, no separators; non-Chinese characters kept lower-cased)."""
    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")).lower().replace(" ", "")


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """'王建国' -> 'wjg'."""
    return "".join(s[:1] for s in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")).lower()


def sort_key(text: str) -> str:
    """Syllables separated by spaces so 'xi an' sorts apart from 'xian'; the text breaks ties between homophones."""
    return " ".join(lazy_pinyin(text, style=Style.TONE3, errors="default")).lower() + "\u0000" + text
