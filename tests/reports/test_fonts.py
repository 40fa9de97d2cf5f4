import shutil
from pathlib import Path

import pytest

from jiaomei_desktop.reports import fonts
from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError
from jiaomei_desktop.resources import default_cjk_font

RARE = "䶮𠇔堃喆昇"


def test_bundled_roles_are_bundled_files() -> None:
    fs = fonts.get_fonts()
    assert all(face.bundled for face in fs.by_role.values())
    assert fs.face("kai").path.name == "ukai.ttc"
    assert fs.face("heading1").path.name == "DroidSansFallbackFull.ttf"


@pytest.mark.parametrize("role", fonts.ROLES)
def test_rare_characters_drawable_in_every_role(role: str) -> None:
    fs = fonts.get_fonts()
    for ch in RARE:
        face = fs.face_for(ch, role)
        assert face is not None and fs.has_glyph(face, ch), (role, ch)


def test_empty_glyph_is_not_a_glyph() -> None:
    """AR PL UKai maps 䶮 to an empty outline: it must fall back, not print nothing."""
    fs = fonts.get_fonts()
    assert not fs.has_glyph(fs.face("kai"), "䶮")
    assert fs.face_for("䶮", "kai").path.name == "uming.ttc"


def test_runs_split_per_font() -> None:
    runs = fonts.get_fonts().runs("张“𠇔”", "heading1")
    assert "".join(text for _, text in runs) == "张“𠇔”"
    assert [f.path.name for f, _ in runs] == ["DroidSansFallbackFull.ttf", "uming.ttc"]


def test_missing_glyph_message_names_char_codepoint_field_and_position() -> None:
    with pytest.raises(MissingGlyphsError) as info:
        fonts.check_glyphs({"姓名": "王𰀀明", "事迹": "好😀"})
    message = str(info.value)
    assert message == "以下字符没有可用字体：“𰀀”(U+30000) 位于 姓名 第2个字；“😀”(U+1F600) 位于 事迹 第2个字"
    assert isinstance(info.value, ReportError)
    assert [(m.char, m.field, m.position) for m in info.value.missing] == [("𰀀", "姓名", 2), ("😀", "事迹", 2)]


def test_system_fonts_preferred_when_not_forced_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Windows-named font in a system folder wins for its role; a broken file is skipped, not fatal."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    shutil.copy(default_cjk_font(), folder / "SIMHEI.TTF")
    (folder / "simfang.ttf").write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [folder])
    monkeypatch.setenv("JIAOMEI_FONTS", "system")
    fonts._resolve.cache_clear()
    try:
        fs = fonts.get_fonts()
        assert fs.face("heading1").path == folder / "SIMHEI.TTF" and not fs.face("heading1").bundled
        assert fs.face("body").bundled  # the broken simfang.ttf was skipped
    finally:
        fonts._resolve.cache_clear()


def test_packed_fonts_unpack_once_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jiaomei_desktop.resources as res

    monkeypatch.setattr(res, "cache_dir", lambda: tmp_path / "cache")
    first = res.font_file("uming.ttc")
    assert first.is_relative_to(tmp_path / "cache") and first.name == "uming.ttc"
    assert first.read_bytes()[:4] == b"ttcf"
    stamp = first.stat().st_mtime_ns
    assert res.font_file("uming.ttc") == first and first.stat().st_mtime_ns == stamp  # not unpacked again
    assert not [p for p in first.parent.iterdir() if p.name.startswith(".unpack-")]
    assert res.font_file("DroidSansFallbackFull.ttf") == res.default_cjk_font()  # small fonts ship as they are


def _resolve_fresh() -> None:
    fonts._resolve.cache_clear()
    try:
        fonts.get_fonts()
    finally:
        fonts._resolve.cache_clear()


def test_a_full_disk_while_unpacking_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import jiaomei_desktop.resources as res

    def full(_packed: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(res, "cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(res, "_unpack", full)
    with pytest.raises(ReportError, match="磁盘空间不足"):
        _resolve_fresh()
    assert not list((tmp_path / "cache").rglob("*.ttc"))


def test_a_damaged_packed_font_asks_for_a_reinstall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jiaomei_desktop.resources as res

    fonts_copy = tmp_path / "fonts"
    shutil.copytree(res.fonts_dir(), fonts_copy)
    damaged = fonts_copy / "ukai.ttc.xz"
    damaged.write_bytes(damaged.read_bytes()[:100_000])  # truncated, as a bad copy from a USB stick would be
    real = res.resource_path
    monkeypatch.setattr(
        res,
        "resource_path",
        lambda *parts: fonts_copy.joinpath(*parts[1:]) if parts[:1] == ("fonts",) else real(*parts),
    )
    monkeypatch.setattr(res, "cache_dir", lambda: tmp_path / "cache")
    with pytest.raises(ReportError, match=r"ukai\.ttc.*已损坏，请重新安装"):
        _resolve_fresh()
    assert not list((tmp_path / "cache").rglob("ukai.ttc"))


def test_a_font_unpacked_meanwhile_by_another_instance_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import jiaomei_desktop.resources as res

    monkeypatch.setattr(res, "cache_dir", lambda: tmp_path / "cache")
    real_replace = os.replace

    def busy(source: str, target: Path) -> None:
        real_replace(source, target)  # the other instance won the race…
        Path(source).write_bytes(b"")
        raise PermissionError(13, "The process cannot access the file")  # …and holds the file open

    monkeypatch.setattr(res.os, "replace", busy)
    path = res.font_file("ukai.ttc")
    assert path.read_bytes()[:4] == b"ttcf"
    assert [p.name for p in path.parent.iterdir()] == ["ukai.ttc"]


def test_windows_extension_fonts_are_tried_for_rare_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SimSun-ExtB / SimSun-ExtG found in the font folder come first in the per-character fallback chain."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    shutil.copy(default_cjk_font(), folder / "simsunb.ttf")
    shutil.copy(default_cjk_font(), folder / "SimsunExtG.ttf")
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [folder])
    monkeypatch.setenv("JIAOMEI_FONTS", "system")
    fonts._resolve.cache_clear()
    try:
        fs = fonts.get_fonts()
        assert [f.path.name for f in fs.fallbacks[:2]] == ["simsunb.ttf", "SimsunExtG.ttf"]
        assert not fs.fallbacks[0].bundled and fs.fallbacks[-1].bundled
    finally:
        fonts._resolve.cache_clear()
