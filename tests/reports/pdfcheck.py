"""Checks on PDFs as a reader sees them: extracted text, embedded fonts, page sizes, what is printed near the edges."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

HAS_POPPLER = shutil.which("pdffonts") is not None and shutil.which("pdftoppm") is not None
needs_poppler = pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils (pdffonts, pdftoppm) not installed")
MM = 72 / 25.4


def text_of(pdf: bytes) -> str:
    """All pages' text with whitespace removed (extraction splits lines where the layout does)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def pages_text(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in reader.pages]


def fonts_table(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts rows as dicts: name, type, emb, sub, uni."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type…] encoding emb sub uni object ID
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def assert_fonts_embedded(pdf: bytes) -> None:
    rows = fonts_table(pdf)
    assert rows, "no fonts at all"
    for row in rows:
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row


def render_pages(pdf: bytes, dpi: int = 30) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(Path(tmp) / "p")], check=True)
        return [Image.open(p).convert("RGB").copy() for p in sorted(Path(tmp).glob("p*.png"))]


def edge_is_blank(
    image: Image.Image, dpi: int, margin_mm: float = 1.0, ground: tuple[int, int, int] = (255,) * 3, tolerance: int = 8
) -> bool:
    """True when the outer `margin_mm` band of the page is the paper colour (nothing printed there)."""
    band = max(1, round(margin_mm / 25.4 * dpi))
    w, h = image.size
    px = image.load()
    for x in range(w):
        for y in (*range(band), *range(h - band, h)):
            if max(abs(a - b) for a, b in zip(px[x, y], ground, strict=True)) > tolerance:
                return False
    for y in range(h):
        for x in (*range(band), *range(w - band, w)):
            if max(abs(a - b) for a, b in zip(px[x, y], ground, strict=True)) > tolerance:
                return False
    return True


def text_runs(pdf: bytes) -> list[list[tuple[str, float, float, float]]]:
    """Per page, every shown text run as (text, x mm from the left, y mm from the TOP, font size pt), in order."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        runs: list[tuple[str, float, float, float]] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            _font: object,
            size: float,
            runs: list = runs,
            height: float = height,
        ) -> None:
            if text.strip():
                x = tm[4] * cm[0] + cm[4]
                y = tm[5] * cm[3] + cm[5]
                runs.append((text, x / MM, (height - y) / MM, size * tm[3]))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def ink_rows(image: Image.Image, box: tuple[int, int, int, int], threshold: int = 128) -> list[int]:
    """The pixel rows (image coordinates) inside box=(left, top, right, bottom) that hold dark ink."""
    gray = image.convert("L").crop(box)
    px = gray.load()
    w, h = gray.size
    return [box[1] + y for y in range(h) if any(px[x, y] < threshold for x in range(w))]


def ink_columns(image: Image.Image, box: tuple[int, int, int, int], threshold: int = 128) -> list[int]:
    gray = image.convert("L").crop(box)
    px = gray.load()
    w, h = gray.size
    return [box[0] + x for x in range(w) if any(px[x, y] < threshold for y in range(h))]
