"""Placards read from 3 m: body text never below 10 mm of ink, digits as heavy as the characters around them,
long duties moved to a second panel (and the user told so), and the 示范岗 / 先锋岗 kinds."""

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.fonts import glyph_ink_band
from jiaomei_desktop.reports.placard import MIN_INK_MM, PlacardData, placard_notes, render_placard
from jiaomei_desktop.reports.text import draw_text
from tests.reports.pdfcheck import MM, needs_poppler, pages_text, render_pages, text_runs

DUTY = "每班开展一次隐患排查，发现问题立即整改并向班组长报告"


def placard(duties: int, paper: str = "A4", kind: str = "党员责任区") -> PlacardData:
    return PlacardData(
        "王建国",
        "综采一队 8101综采工作面",
        "工作面采煤机、刮板输送机及班组12名职工",
        [DUTY] * duties,
        "综采一队党支部",
        "red",
        paper,
        kind=kind,
    )


@pytest.mark.parametrize(("duties", "paper"), [(1, "A4"), (2, "A4"), (6, "A4"), (6, "A3"), (12, "600x400")])
def test_body_text_never_below_10mm_of_ink(duties: int, paper: str) -> None:
    pdf = render_placard(placard(duties, paper))
    low, high = glyph_ink_band("责", "heading1")
    for page in text_runs(pdf):
        body = [r for r in page if "综采一队党支部" not in r[0]]  # the unit's small footer line is not read from 3 m
        assert body
        for _text, _x, _y, size in body:
            assert size * (high - low) / MM >= MIN_INK_MM - 0.05
    text = "".join(pages_text(pdf))
    assert text.count("隐患排查") == duties  # every duty printed, none cut


def test_long_duties_go_to_a_second_panel_and_say_so() -> None:
    data = placard(6, "A4")
    pdf = render_placard(data)
    pages = pages_text(pdf)
    assert len(pages) >= 2
    assert "党员责任区（1/" in pages[0] and "（续）" in pages[1]
    notes = placard_notes(data)
    assert notes and "第2块" in notes[0] and "10毫米" in notes[0]
    assert placard_notes(placard(1, "A3")) == []


def test_text_too_long_even_alone_is_refused() -> None:
    with pytest.raises(ReportError, match="10毫米"):
        render_placard(PlacardData("王建国", "综采一队" * 40, "范围", [], "", "red", "A4"))


@pytest.mark.parametrize("kind", ["党员示范岗", "党员先锋岗"])
def test_post_kinds(kind: str) -> None:
    text = "".join(pages_text(render_placard(placard(1, "A3", kind))))
    assert (kind in text and "岗　　位" in text.replace(" ", "")) or "岗位" in text
    assert "承诺内容" in text
    with pytest.raises(ReportError, match="标牌种类"):
        render_placard(placard(1, "A3", "党员模范岗"))


def _stem_width(image, box) -> float:  # type: ignore[no-untyped-def]
    """Median length of the dark horizontal runs in the box: the thickness of vertical strokes."""
    gray = image.convert("L").crop(box)
    w, h = gray.size
    px = gray.load()
    runs = []
    for y in range(h):
        run = 0
        for x in range(w):
            if px[x, y] < 110:
                run += 1
            elif run:
                runs.append(run)
                run = 0
    runs.sort()
    return runs[len(runs) // 2]


@needs_poppler
def test_digits_as_heavy_as_the_text() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(600, 200))
    draw_text(canvas, 20, 80, "8101", "heading1", 80)
    draw_text(canvas, 300, 80, "工作面", "heading1", 80)
    canvas.save()
    image = render_pages(buffer.getvalue(), dpi=150)[0]
    k = 150 / 72
    digits = _stem_width(image, (round(20 * k), round(40 * k), round(260 * k), round(180 * k)))
    han = _stem_width(image, (round(300 * k), round(40 * k), round(560 * k), round(180 * k)))
    assert digits >= 0.7 * han, (digits, han)


def test_cli_placard_kind_and_panel_note(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.cli.main import main

    out = tmp_path / "p.pdf"
    args = [
        "print",
        "placard",
        "--member",
        "王建国",
        "--zone",
        "综采一队 8101综采工作面",
        "--scope",
        "采煤机",
        "--kind",
        "党员先锋岗",
        "--out",
        str(out),
    ]
    duties = [part for _ in range(5) for part in ("--duty", DUTY)]
    assert main([*args, *duties]) == 0
    said = capsys.readouterr().out
    assert "第2块" in said
    assert "党员先锋岗" in "".join(pages_text(out.read_bytes()))
