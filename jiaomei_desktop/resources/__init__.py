"""Package data: fonts, icons, translations. Read through importlib.resources so frozen builds behave alike."""

from __future__ import annotations

import lzma
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import platformdirs

from jiaomei_desktop import __version__


def resource_path(*parts: str) -> Path:
    """A real filesystem path to a bundled resource (fonts and Qt need paths, not streams)."""
    ref = resources.files("jiaomei_desktop.resources").joinpath(*parts)
    return Path(str(ref))


def fonts_dir() -> Path:
    return resource_path("fonts")


def default_cjk_font() -> Path:
    return resource_path("fonts", "DroidSansFallbackFull.ttf")


def cache_dir() -> Path:
    """Files the app can recreate at any time (unpacked fonts); never the user's data."""
    return Path(platformdirs.user_cache_dir("jiaomei_desktop", appauthor=False))


PACKED_FONTS = ("uming.ttc", "ukai.ttc")


def font_file(name: str) -> Path:
    """A bundled font as a real file ReportLab can open.

    The two Arphic collections are shipped xz-compressed (38 MB → 15 MB keeps the installed app under 200 MB) and
    unpacked once into the cache folder, under the app version and the packed size, so an update brings its own
    copy without reading 15 MB at every start to tell.
    Raises OSError (full or read-only disk), lzma.LZMAError or EOFError (a damaged installation).
    """
    plain = resource_path("fonts", name)
    if plain.is_file():
        return plain
    packed = resource_path("fonts", name + ".xz")
    target = cache_dir() / "fonts" / f"{__version__}-{packed.stat().st_size}" / name
    if not target.is_file():
        _unpack(packed, target)
    return target


def _unpack(packed: Path, target: Path) -> None:
    """Decompress beside the target and rename, so an interrupted unpack never leaves a truncated font behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".unpack-")
    try:
        with os.fdopen(fd, "wb") as out, lzma.open(packed, "rb") as source:
            shutil.copyfileobj(source, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.replace(tmp_name, target)
        except OSError:
            if not target.is_file():
                raise
            # another instance unpacked it meanwhile and has it open (Windows refuses the rename): use theirs
        Path(tmp_name).unlink(missing_ok=True)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
