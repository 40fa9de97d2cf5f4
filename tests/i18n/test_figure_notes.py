"""Text the statistics compute (a figure's tooltip with its counts) is looked up in the installed language, with
named placeholders: an f-string in Chinese never reached the catalogue (issue 15)."""

from __future__ import annotations

import gettext
from collections.abc import Iterator

import pytest

from jiaomei_desktop import i18n
from jiaomei_desktop.services.statistics.figures import dashboard
from jiaomei_desktop.services.store import Store


class _Marked(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"EN:{message}"


@pytest.fixture
def marked() -> Iterator[None]:
    i18n._translations = _Marked()
    try:
        yield
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)


def test_the_compliance_rate_note_is_translated_with_its_counts(demo_store: Store, marked: None) -> None:
    figures = {f.key: f for group in dashboard(demo_store, None, 2026).groups for f in group.figures}
    note = figures["study.compliance_rate"].note
    assert note.startswith("EN:按学习制度规则：达标") and "{" not in note
