"""Package data: fonts, icons, translations. Read through importlib.resources so frozen builds behave alike."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A real filesystem path to a bundled resource (fonts and Qt need paths, not streams)."""
    ref = resources.files("jiaomei_desktop.resources").joinpath(*parts)
    return Path(str(ref))


def fonts_dir() -> Path:
    return resource_path("fonts")


def default_cjk_font() -> Path:
    return resource_path("fonts", "DroidSansFallbackFull.ttf")
