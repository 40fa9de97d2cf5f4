"""Paper sizes and the canvas every template draws on (deterministic: same input, same bytes)."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.pagesizes import A3, A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.errors import Cancelled, ReportError
from jiaomei_desktop.reports.fonts import get_fonts

PAPERS: dict[str, tuple[float, float]] = {
    "A4": A4,
    "A3": A3,
    "600x400": (400 * mm, 600 * mm),  # the 60 × 40 cm placard board, stored portrait like the ISO sizes
}

Progress = Callable[[int, int], bool]


def page_size(paper: str, is_landscape: bool) -> tuple[float, float]:
    try:
        size = PAPERS[paper]
    except KeyError:
        raise ReportError(_("不支持的纸张：{paper}（可选 {papers}）").format(
            paper=paper, papers=_("、").join(PAPERS))) from None
    return landscape(size) if is_landscape else portrait(size)


def new_canvas(buffer: io.BytesIO, size: tuple[float, float], title: str) -> Canvas:
    """invariant=1 fixes dates and ids in the file; the initial font is ours so no base-14 font is referenced."""
    canvas = Canvas(buffer, pagesize=size, invariant=1, initialFontName=get_fonts().face("body").name)
    canvas.setTitle(title)
    canvas.setCreator("jiaomei_desktop")
    canvas.setAuthor("")
    return canvas


def report_progress(progress: Progress | None, done: int, total: int) -> None:
    """Call the caller's progress hook; it returns False to cancel the whole batch."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled()
