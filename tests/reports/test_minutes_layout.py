"""会议记录 layout measured in the PDF: paragraphs indented two characters, long content filling page 1."""

from dataclasses import replace

from jiaomei_desktop.reports.minutes import MARGIN, RULE, render_meeting_record
from tests.reports.pdfcheck import MM, text_runs
from tests.reports.test_minutes_placard import CONTENT, MEETING

INDENT = "\u3000\u3000"


def test_first_line_of_each_paragraph_indented_two_characters() -> None:
    content = "\n".join([CONTENT * 2, "会议要求：" + CONTENT, "全体党员表示赞同。"])
    runs = [r for page in text_runs(render_meeting_record(replace(MEETING, content=content))) for r in page]
    starts = [r for r in runs if r[0].startswith(INDENT)]
    assert [r[0].strip()[:4] for r in starts][:3] == ["支部书记", "会议要求", "全体党员"]
    body_x = min(r[1] for r in runs if r[0].startswith("《安全生产法》") or r[0].startswith("王"))
    assert all(abs(r[1] - body_x) < 0.5 for r in starts)  # the indent is in the text, from the same left edge


def test_long_content_fills_page_one_without_a_blank_band() -> None:
    pdf = render_meeting_record(replace(MEETING, content=(CONTENT * 3 + "\n") * 6))
    pages = text_runs(pdf)
    assert len(pages) >= 2
    page_h = 297
    content_first = [r for r in pages[0] if CONTENT[:4] in r[0] or "安全生产法" in r[0] or "王" in r[0]]
    lowest = max(r[2] for r in content_first)
    assert page_h - MARGIN / MM - lowest <= 2 * RULE / MM  # text runs to the last ruled line of page 1
    assert not any("会议决议" in r[0] for r in pages[0])  # the resolutions follow the content, on page 2


def test_short_content_keeps_resolutions_and_signatures_on_page_one() -> None:
    pages = text_runs(render_meeting_record(MEETING))
    assert len(pages) == 1
    text = "".join(r[0] for r in pages[0])
    assert "主持人签字" in text and "全体党员签订安全承诺书" in text
