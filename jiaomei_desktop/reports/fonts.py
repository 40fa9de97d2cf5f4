"""Fonts by role: the Windows fonts an office PC has, else the open fonts bundled in resources/fonts.

ReportLab embeds TrueType (glyf) fonts as subsets; CFF/OTF files are skipped. Every character is checked against the
glyph maps first: a character the role's font lacks is drawn with the next font of the fallback chain that has it, and
characters no font has raise `MissingGlyphsError` before anything is drawn (rare name characters are real).
Set JIAOMEI_FONTS=bundled to use only the bundled files, so output is identical on every machine (tests, benchmarks).
"""

from __future__ import annotations

import errno
import lzma
import os
import struct
import threading
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports import rl_patches
from jiaomei_desktop.reports.errors import MissingGlyph, MissingGlyphsError, ReportError
from jiaomei_desktop.resources import font_file

ROLES = ("title", "body", "heading1", "heading2", "kai", "sans", "song")
_IGNORED = frozenset("\n\r\t")  # layout characters, never drawn


@dataclass(frozen=True)
class FontFace:
    """One registered ReportLab font (a file, or one face of a .ttc collection)."""

    name: str
    path: Path
    index: int = 0
    fake_bold: bool = False  # a Song face standing in for 小标宋 is stroked slightly to look heavier
    bundled: bool = False


@dataclass(frozen=True)
class _Candidate:
    filename: str
    index: int = 0
    fake_bold: bool = False


# Preference per role: file names as installed on Windows (and copied to Linux font folders), best first.
_SYSTEM: dict[str, tuple[_Candidate, ...]] = {
    "title": (
        _Candidate("FZXBSJW.TTF"),
        _Candidate("方正小标宋简体.ttf"),
        _Candidate("FZXBSK.TTF"),
        _Candidate("方正小标宋_GBK.ttf"),
        _Candidate("simsun.ttc", 0, True),
        _Candidate("simsun.ttf", 0, True),
    ),
    "body": (
        _Candidate("simfang.ttf"),
        _Candidate("FZFSJW.TTF"),
        _Candidate("方正仿宋_GBK.ttf"),
        _Candidate("FZFSK.TTF"),
        _Candidate("simsun.ttc"),
        _Candidate("simsun.ttf"),
    ),
    "heading1": (_Candidate("simhei.ttf"), _Candidate("FZHTJW.TTF"), _Candidate("方正黑体_GBK.ttf")),
    "heading2": (_Candidate("simkai.ttf"), _Candidate("STKAITI.TTF"), _Candidate("FZKTJW.TTF")),
    "kai": (_Candidate("simkai.ttf"), _Candidate("STKAITI.TTF"), _Candidate("FZKTJW.TTF")),
    "sans": (_Candidate("simhei.ttf"), _Candidate("msyh.ttc"), _Candidate("msyh.ttf")),
    "song": (_Candidate("simsun.ttc"), _Candidate("simsun.ttf")),
}

# Rare name characters beyond the BMP: Windows' SimSun-ExtB (CJK Ext. B) and, on Windows 11, SimSun-ExtG (Ext. G/H),
# tried before the bundled fonts for a character the role's font lacks (𠇔 U+201D4, 𬌗 U+2C317).
_SYSTEM_FALLBACKS = (
    _Candidate("simsunb.ttf"),
    _Candidate("SimsunExtG.ttf"),
    _Candidate("SimSun-ExtG.ttf"),
)

_UMING = _Candidate("uming.ttc", 0)  # AR PL UMing CN
_UKAI = _Candidate("ukai.ttc", 0)  # AR PL UKai CN
_DROID = _Candidate("DroidSansFallbackFull.ttf", 0)
# 小标宋 stand-in: Noto Serif SC ExtraBold (OFL), cut to GB2312 — a heavy Song face, not an emboldened book face.
_TITLE = _Candidate("NotoSerifSC-ExtraBold-GB2312.ttf", 0)
_BUNDLED: dict[str, _Candidate] = {
    "title": _TITLE,
    "body": _UMING,
    "heading1": _DROID,
    "heading2": _UKAI,
    "kai": _UKAI,
    "sans": _DROID,
    "song": _UMING,
}
# Tried in this order for a character the role's font lacks; UMing has the widest coverage (Ext. A/B, punctuation).
_FALLBACK_ORDER = (_UMING, _DROID, _UKAI)

_lock = threading.Lock()
rl_patches.apply()


def system_font_dirs() -> list[Path]:
    """Folders where office PCs keep fonts (Windows first), plus the usual Linux ones."""
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")  # Windows env names are case-insensitive
    if windir:
        dirs.append(Path(windir) / "Fonts")
    dirs.append(Path("C:/Windows/Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts"]
    return [d for d in dirs if d.is_dir()]


def _index_files(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-case file name → first path found (Windows names vary in case: SIMHEI.TTF, simhei.ttf)."""
    found: dict[str, Path] = {}
    for root_dir in dirs:
        for root, _dirs, files in os.walk(root_dir):
            for name in files:
                found.setdefault(name.lower(), Path(root) / name)
    return found


def _register(path: Path, cand: _Candidate, bundled: bool) -> FontFace | None:
    """Register a font once with ReportLab; None when the file is not usable TrueType."""
    # Named by file name, not folder, so the same bundled file gives byte-identical PDFs on every machine.
    origin = "B" if bundled else "S"
    name = f"JM{origin}{zlib.crc32(path.name.lower().encode()):08x}-{cand.index}"
    with _lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=cand.index))
            except (TTFError, OSError, ValueError, KeyError):
                return None  # CFF outlines, a damaged file, a .ttc without that face
    return FontFace(name=name, path=path, index=cand.index, fake_bold=cand.fake_bold, bundled=bundled)


@dataclass
class FontSet:
    """The resolved font per role plus the per-character fallback chain."""

    by_role: dict[str, FontFace]
    fallbacks: tuple[FontFace, ...]
    _faces: dict[str, Any] = field(default_factory=dict)  # font name → ReportLab TTFontFace (its cmap and loca)
    _char_face: dict[tuple[str, str], FontFace | None] = field(default_factory=dict)

    def face(self, role: str) -> FontFace:
        return self.by_role[role]

    def chain(self, role: str) -> tuple[FontFace, ...]:
        first = self.by_role[role]
        rest = (*self.fallbacks, *self.by_role.values())
        return tuple(dict.fromkeys((first, *(f for f in rest if f.name != first.name))))

    def has_glyph(self, face: FontFace, char: str) -> bool:
        """True when the font maps the character to a glyph with an outline.

        A cmap entry alone is not enough: format-4 maps send unmapped characters to glyph 0 (.notdef, the box), and
        some fonts map a character to an empty glyph (AR PL UKai's 䶮) which would print as nothing.
        """
        ttf = self._faces.get(face.name)
        if ttf is None:
            ttf = pdfmetrics.getFont(face.name).face
            self._faces[face.name] = ttf
        glyph = ttf.charToGlyph.get(ord(char), 0)
        if glyph == 0:
            return False
        return char.isspace() or ttf.glyphPos[glyph + 1] > ttf.glyphPos[glyph]

    def face_for(self, char: str, role: str) -> FontFace | None:
        key = (role, char)
        if key not in self._char_face:
            self._char_face[key] = next((f for f in self.chain(role) if self.has_glyph(f, char)), None)
        return self._char_face[key]

    def runs(self, text: str, role: str) -> list[tuple[FontFace, str]]:
        """Split text into runs drawable with one font each (callers have checked the glyphs first)."""
        out: list[tuple[FontFace, str]] = []
        for ch in text:
            if ch in _IGNORED:
                continue
            face = self.face_for(ch, role) or self.by_role[role]
            if out and out[-1][0] is face:
                out[-1] = (face, out[-1][1] + ch)
            else:
                out.append((face, ch))
        return out

    def missing(self, fields: Mapping[str, str]) -> list[MissingGlyph]:
        """Characters that no font of any chain can draw, named by field and 1-based position."""
        problems: list[MissingGlyph] = []
        for label, text in fields.items():
            for pos, ch in enumerate(text or "", start=1):
                if ch not in _IGNORED and self.face_for(ch, "song") is None:
                    problems.append(MissingGlyph(ch, label, pos))
        return problems

    def check(self, fields: Mapping[str, str]) -> None:
        problems = self.missing(fields)
        if problems:
            raise MissingGlyphsError(problems)


def bundled_only() -> bool:
    return os.environ.get("JIAOMEI_FONTS", "").strip().lower() == "bundled"


@lru_cache(maxsize=4)
def _resolve(bundled: bool) -> FontSet:
    files = {} if bundled else _index_files(system_font_dirs())
    system = tuple(
        f for c in _SYSTEM_FALLBACKS if (path := files.get(c.filename.lower())) and (f := _register(path, c, False))
    )
    fallbacks = system + tuple(f for c in _FALLBACK_ORDER if (f := _register_bundled(c)))
    by_role: dict[str, FontFace] = {}
    for role in ROLES:
        by_role[role] = _first_system(role, files) or _register_bundled(_BUNDLED[role])
    return FontSet(by_role=by_role, fallbacks=fallbacks)


def _register_bundled(cand: _Candidate) -> FontFace | None:
    try:
        path = font_file(cand.filename)
    except (lzma.LZMAError, EOFError) as exc:  # truncated streams end in EOFError
        raise ReportError(
            _("本程序自带的字体文件“{name}”已损坏，请重新安装本程序。").format(name=cand.filename)
        ) from exc
    except FileNotFoundError as exc:
        raise ReportError(_("本程序自带的字体文件“{name}”缺失，请重新安装本程序。").format(name=cand.filename)) from exc
    except OSError as exc:
        reason = _("磁盘空间不足") if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise ReportError(
            _("无法准备本程序自带的字体（{reason}），请腾出磁盘空间后重试。").format(reason=reason)
        ) from exc
    return _register(path, cand, True)


def _first_system(role: str, files: Mapping[str, Path]) -> FontFace | None:
    for cand in _SYSTEM[role]:
        path = files.get(cand.filename.lower())
        if path is not None and (face := _register(path, cand, False)) is not None:
            return face
    return None


@lru_cache(maxsize=256)
def glyph_ink_band(char: str, role: str) -> tuple[float, float]:
    """The bottom and top of a character's outline in em above the baseline, read from the glyf table (the 一字线 of
    a page number is placed by its ink, not by its box). (0, 0.7) when the font has no TrueType outline for it."""
    fonts = get_fonts()
    face = fonts.face_for(char, role)
    if face is None:
        return (0.0, 0.7)
    ttf = pdfmetrics.getFont(face.name).face
    glyph = ttf.charToGlyph.get(ord(char), 0)
    glyf = ttf.table.get("glyf")
    if not glyph or glyf is None or ttf.glyphPos[glyph + 1] - ttf.glyphPos[glyph] < 10:
        return (0.0, 0.7)
    offset = glyf["offset"] + ttf.glyphPos[glyph]
    _contours, _x_min, y_min, _x_max, y_max = struct.unpack(">hhhhh", ttf._ttf_data[offset : offset + 10])
    return (y_min / ttf.unitsPerEm, y_max / ttf.unitsPerEm)


def get_fonts() -> FontSet:
    """The process-wide font set (resolved and registered once; JIAOMEI_FONTS is read at each call)."""
    return _resolve(bundled_only())


def check_glyphs(fields: Mapping[str, str]) -> None:
    """Raise MissingGlyphsError naming every character no font can draw (call before drawing anything)."""
    get_fonts().check(fields)
