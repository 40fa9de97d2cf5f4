"""Translation entry point shared by every layer.

Source strings are written in Chinese, the users' language; the en catalog translates them. Until a catalog is
installed, `_` returns the Chinese text unchanged.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from importlib import resources

DOMAIN = "jiaomei"
DEFAULT_LANGUAGE = "zh_CN"
_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


def current_language() -> str:
    return _language


def install(language: str = DEFAULT_LANGUAGE) -> None:
    """Load the compiled catalog for `language`; unknown languages fall back to the Chinese source text."""
    global _translations, _language
    _language = language
    locale_dir = resources.files("jiaomei_desktop") / "resources" / "locale"
    mo = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as fh:
            _translations = gettext.GNUTranslations(fh)
    else:
        _translations = gettext.NullTranslations()


def join_list(items: Iterable[str]) -> str:
    """Items named in running text: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return _("、").join(items)


def join_phrases(items: Iterable[str]) -> str:
    """Phrases of one sentence: 新增 3，更新 2 in Chinese, "new 3, updated 2" in English."""
    return _("，").join(items)


def join_clauses(items: Iterable[str]) -> str:
    """Separate statements, e.g. error messages: 甲错；乙错 in Chinese, "a is wrong; b is wrong" in English."""
    return _("；").join(items)
