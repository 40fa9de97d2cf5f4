from datetime import date

import pytest

from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError
from jiaomei_desktop.reports.notice import CHARS_PER_LINE, Heading, NoticeDocument, Paragraph, Table, render_notice
from jiaomei_desktop.reports.study_bulletin import StudyBulletinData, build_study_bulletin, render_study_bulletin
from tests.reports.pdfcheck import (
    assert_fonts_embedded,
    edge_is_blank,
    needs_poppler,
    page_sizes_mm,
    pages_text,
    render_pages,
    text_of,
)

BODY = "各党支部要认真学习贯彻《安全生产法》，把“三会一课”与班前会、安全例会结合起来，做到学习有记录、整改有落实。"


def doc(paragraphs: int = 2) -> NoticeDocument:
    return NoticeDocument(
        title="关于开展2026年“安全生产月”主题党日活动的通知",
        recipients="各党支部",
        blocks=[
            Heading("一、活动安排"),
            Paragraph(BODY * paragraphs),
            Heading("（一）学习内容", 2),
            Table(["支部", "书记", "参会人数"], [["综采一队", "王𠇔", "32"], ["机电队", "刘䶮", "28"]]),
        ],
        issuer="中共焦煤集团某某矿委员会",
        issue_date=date(2026, 6, 1),
    )


def test_text_layout_and_page_numbers() -> None:
    pdf = render_notice(doc(12))
    pages = pages_text(pdf)
    assert len(pages) >= 2
    text = "".join(pages)
    for expected in (
        "关于开展2026年“安全生产月”主题党日活动的通知",
        "各党支部：",
        "一、活动安排",
        "（一）学习内容",
        "王𠇔",
        "刘䶮",
        "中共焦煤集团某某矿委员会",
        "2026年6月1日",
    ):
        assert expected in text
    for number, page in enumerate(pages, start=1):
        assert f"—{number}—" in page
    assert set(page_sizes_mm(pdf)) == {(210, 297)}


def test_28_characters_per_line_22_lines_per_page() -> None:
    """A page of plain body text holds 22 lines of 28 characters, as GB/T 9704 prescribes."""
    line = "党" * CHARS_PER_LINE
    pdf = render_notice(NoticeDocument("标题", None, [Paragraph(line * 60)], "某矿党委", date(2026, 6, 1)))
    from io import BytesIO

    from pypdf import PdfReader

    first = PdfReader(BytesIO(pdf)).pages[0].extract_text().splitlines()
    body_lines = [s.strip() for s in first if set(s.strip()) == {"党"}]
    assert max(len(s) for s in body_lines) == CHARS_PER_LINE
    assert len(body_lines) == 22 - 2  # the title line and the blank line under it use two of the 22


@needs_poppler
def test_fonts_embedded_and_margins() -> None:
    pdf = render_notice(doc(12))
    assert_fonts_embedded(pdf)
    for image in render_pages(pdf, dpi=30):
        assert edge_is_blank(image, 30, margin_mm=20)  # the GB/T margins are all ≥ 26 mm (page numbers excepted)


def test_bad_table_and_missing_glyph() -> None:
    with pytest.raises(ReportError, match="表格"):
        render_notice(NoticeDocument("标题", None, [Table(["a", "b"], [["1"]])], "", date(2026, 1, 1)))
    with pytest.raises(MissingGlyphsError, match="第2段"):
        render_notice(NoticeDocument("标题", None, [Paragraph("好"), Paragraph("坏𰀀")], "", date(2026, 1, 1)))


BULLETIN = StudyBulletinData(
    unit_name="焦煤集团某某矿党委",
    period_label="2026年第三季度",
    sessions_by_kind={"支部党员大会": 24, "支委会": 72, "党课": 24},
    attendance_rate=0.873,
    safety_sessions=60,
    gaps=[("综采一队党支部", "9月未召开支部党员大会"), ("机电队党支部", "第三季度未讲党课。")],
    issuer="中共焦煤集团某某矿委员会",
    issue_date=date(2026, 10, 9),
)


def test_study_bulletin_sentences() -> None:
    text = text_of(render_study_bulletin(BULLETIN))
    for expected in (
        "关于焦煤集团某某矿党委2026年第三季度学习情况的通报",
        "共开展“三会一课”及各类学习120次，其中支部党员大会24次、支委会72次、党课24次。",
        "党员平均参会率为87.3%。",
        "结合安全生产开展学习60次，占50%。",
        "（一）综采一队党支部：9月未召开支部党员大会。",
        "（二）机电队党支部：第三季度未讲党课。",
        "切实提高参会率",
        "2026年10月9日",
    ):
        assert expected in text


def test_study_bulletin_without_gaps() -> None:
    data = StudyBulletinData("某矿党委", "2026年", {"党课": 4}, 0.95, 0, [], "某矿党委", date(2026, 12, 1))
    blocks = build_study_bulletin(data).blocks
    texts = "".join(getattr(b, "text", "") for b in blocks)
    assert "未发现应开未开的情况" in texts and "提高参会率" not in texts
