"""Translations: both catalogs complete and loadable, placeholders intact, and no Chinese UI text bypasses `_`."""

from __future__ import annotations

import ast
import gettext
import re
import string
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from jiaomei_desktop import i18n

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "jiaomei_desktop" / "resources" / "locale"
LANGUAGES = ("zh_CN", "en")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
TRANSLATORS = {"_", "N_", "ngettext"}

# CJK constants in ui/ that are data, not text shown to people (compared with stored values, file names the
# user never sees, format patterns). Each entry: (path relative to jiaomei_desktop/ui, the string).
ALLOWLIST: set[tuple[str, str]] = {
    ("app_shell/attach.py", "中文（简体）"),  # a language's own name is never translated
    ("app_shell/selfcheck.py", "荣誉证书"),  # self-check sample data, never shown
    ("app_shell/selfcheck.py", "王建国"),
    ("app_shell/selfcheck.py", "在2026年度安全生产工作中成绩突出，被评为"),
    ("app_shell/selfcheck.py", "优秀共产党员"),
    ("app_shell/selfcheck.py", "焦煤集团党委"),
    ("app_shell/selfcheck.py", "自检党委"),
    ("app_shell/selfcheck.py", "自检支部"),
    ("app_shell/selfcheck.py", "关于"),
    ("app_shell/selfcheck.py", "2026年11月23日"),  # a msgid looked up to prove the English catalog translates
    ("roster/tab.py", "党小组"),  # compared with UnitKind's stored value
    ("study/tab.py", "党支部"),
    ("study/tab.py", "党小组"),
}


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (LOCALE / language / "LC_MESSAGES" / "jiaomei.po").open("rb") as fh:
        return read_po(fh, locale=language)


def _fields(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(re.split(r"[.\[]", field)[0])
    return names


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    catalog = _catalog(language)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:5]}"


def test_catalogs_cover_the_template_and_zh_cn_is_the_source() -> None:
    with (LOCALE / "jiaomei.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    for language in LANGUAGES:
        ids = {m.id for m in _catalog(language) if m.id}
        assert template <= ids, f"{language} lacks {sorted(template - ids)[:5]}: run scripts/update_translations.sh"
    for message in _catalog("zh_CN"):
        if message.id and isinstance(message.id, str):
            assert message.string == message.id


def test_english_keeps_every_placeholder() -> None:
    for message in _catalog("en"):
        if message.id and isinstance(message.id, str):
            assert _fields(message.id) == _fields(message.string), message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_loads_and_matches_the_po(language: str) -> None:
    mo = resources.files("jiaomei_desktop") / "resources" / "locale" / language / "LC_MESSAGES" / "jiaomei.mo"
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for message in _catalog(language):
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, f"{language}: stale .mo for {message.id!r}"


def test_install_switches_language() -> None:
    try:
        i18n.install("en")
        assert i18n._("关于") == "About"
        assert i18n.current_language() == "en"
        i18n.install("zh_CN")
        assert i18n._("关于") == "关于"
        i18n.install("xx")  # unknown: the Chinese source text
        assert i18n._("关于") == "关于"
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _translated_args(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in TRANSLATORS:
            for arg in node.args:
                ids.add(id(arg))
    return ids


def untranslated_ui_strings() -> list[tuple[str, int, str]]:
    ui = ROOT / "jiaomei_desktop" / "ui"
    found = []
    for path in sorted(ui.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstring_nodes(tree) | _translated_args(tree)
        rel = path.relative_to(ui).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                    and CJK.search(node.value) and (rel, node.value) not in ALLOWLIST:
                found.append((rel, node.lineno, node.value))
    return found


def test_no_chinese_ui_text_bypasses_translation() -> None:
    offenders = untranslated_ui_strings()
    assert not offenders, "Chinese text in ui/ not wrapped in _()/N_():\n" + "\n".join(
        f"  ui/{path}:{line}: {text!r}" for path, line, text in offenders)


def test_joined_text_follows_the_language() -> None:
    try:
        assert (i18n.join_list(["甲", "乙"]), i18n.join_phrases(["a 1", "b 2"]), i18n.join_clauses(["x", "y"])) \
            == ("甲、乙", "a 1，b 2", "x；y")
        i18n.install("en")
        assert (i18n.join_list(["a", "b"]), i18n.join_phrases(["a 1", "b 2"]), i18n.join_clauses(["x", "y"])) \
            == ("a, b", "a 1, b 2", "x; y")
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)
