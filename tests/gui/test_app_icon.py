"""The application icon: one SVG in the party-red accent, on every window, built into the .exe's .ico, named by the
Linux .desktop file (issue 15)."""

from __future__ import annotations

import configparser
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image
from PySide6.QtSvg import QSvgRenderer

from jiaomei_desktop.resources import resource_path
from jiaomei_desktop.ui.app_icon import ICON_FILE, app_icon, apply_app_icon
from jiaomei_desktop.ui.theme import PARTY_RED

ROOT = Path(__file__).resolve().parents[2]


def test_the_svg_is_valid_and_in_the_party_red_accent() -> None:
    svg = resource_path(*ICON_FILE)
    root = ET.parse(svg).getroot()
    fills = {element.get("fill", "").upper() for element in root.iter()}
    assert PARTY_RED.upper() in fills
    assert QSvgRenderer(str(svg)).isValid()


def test_every_window_gets_the_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    icon = app_icon()
    assert not icon.isNull() and not icon.pixmap(32, 32).isNull()
    before = qapp.windowIcon()
    try:
        apply_app_icon(qapp)
        assert not qapp.windowIcon().isNull()
    finally:
        qapp.setWindowIcon(before)


def test_the_build_makes_a_multi_size_ico(tmp_path) -> None:  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_icon", ROOT / "packaging" / "make_icon.py")
    assert spec is not None and spec.loader is not None
    make_icon = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icon)
    ico, png = make_icon.build_icons(tmp_path)
    with Image.open(ico) as image:
        assert {16, 32, 48, 256} <= {w for w, _h in image.info["sizes"]}
    with Image.open(png) as image:
        assert image.size == (256, 256)
        red = image.convert("RGB").getpixel((128, 30))
        assert red == tuple(int(PARTY_RED[i:i + 2], 16) for i in (1, 3, 5))
    assert "icon=str(ICON)" in (ROOT / "packaging" / "pyinstaller.spec").read_text(encoding="utf-8")


def test_the_linux_desktop_file_names_the_program_and_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging" / "jiaomei-desktop.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"].startswith("jiaomei-desktop")
    assert desktop["Icon"] == "jiaomei-desktop" and desktop["Terminal"] == "false"
