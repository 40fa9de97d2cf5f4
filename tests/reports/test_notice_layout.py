"""GB/T 9704-2012 geometry measured in the PDF: page numbers, the signature kept with the body and room for the seal,
titles broken between words, numbers kept with their units, heading numbers and nested quotes."""

import itertools
from datetime import date

import pytest

from jiaomei_desktop.reports.dates import heading_mark
from jiaomei_desktop.reports.linebreak import units
from jiaomei_desktop.reports.notice import (
    BLOCK_H,
    BLOCK_W,
    LEFT,
    NO_MORE_TEXT,
    PITCH,
    TOP,
    Heading,
    NoticeDocument,
    Paragraph,
    Table,
    render_notice,
)
from jiaomei_desktop.reports.study_bulletin import StudyBulletinData, build_study_bulletin
from jiaomei_desktop.reports.text import nest_quotes
from tests.reports.pdfcheck import MM, ink_columns, ink_rows, needs_poppler, render_pages, text_runs

ISSUER = "中共焦煤集团有限责任公司某某矿委员会"
LINE = "党" * 28
BLOCK_BOTTOM_MM = (TOP + BLOCK_H) / MM  # 262 mm from the top edge
PITCH_MM = PITCH / MM


def notice(lines: int, *, tail: list | None = None, title: str = "关于做好安全生产工作的通知") -> bytes:
    """A notice whose body is `lines` full lines of text (after the title, its blank line and the recipients)."""
    blocks = [Paragraph(LINE * lines)] + (tail or [])
    return render_notice(NoticeDocument(title, "各党支部", blocks, ISSUER, date(2026, 6, 1)))


@needs_poppler
@pytest.mark.parametrize("page_index", [0, 1])
def test_page_number_dash_7mm_below_block_one_character_in(page_index: int) -> None:
    dpi = 300
    pdf = notice(40)
    image = render_pages(pdf, dpi)[page_index]
    px = dpi / 25.4
    runs = text_runs(pdf)[page_index]
    number = next(r for r in runs if r[0].startswith("—"))
    assert number[3] == 14  # 4号
    # The left dash alone: from the run's start, a few mm wide, below the block
    x0 = number[1] + 1 if page_index % 2 else number[1] + 0.5
    band = (round(x0 * px), round((BLOCK_BOTTOM_MM + 3) * px), round((x0 + 3) * px), round((BLOCK_BOTTOM_MM + 12) * px))
    rows = ink_rows(image, band)
    assert rows and max(rows) - min(rows) < 1.0 * px  # a thin rule, not a digit
    dash_mm = (min(rows) + max(rows)) / 2 / px
    assert dash_mm - BLOCK_BOTTOM_MM == pytest.approx(7.0, abs=0.3)
    cols = ink_columns(image, (0, round((BLOCK_BOTTOM_MM + 3) * px), image.width, round((BLOCK_BOTTOM_MM + 12) * px)))
    one_char = 14 / MM  # 空一字 of the 4号 page number
    if page_index % 2 == 0:  # odd page number: right, one character in from the block's right edge
        assert (LEFT + BLOCK_W) / MM - max(cols) / px == pytest.approx(one_char, abs=0.8)
    else:
        assert min(cols) / px - LEFT / MM == pytest.approx(one_char, abs=0.8)


def test_page_number_digits_are_half_width() -> None:
    from jiaomei_desktop.reports.text import text_width

    assert text_width("1", "song", 14) <= 14 * 0.6


def _signature_check(pdf: bytes) -> None:
    """The date and the issuer stand on a page with body text above them, and a 42 mm seal fits: its top within one
    line below the body's last line, clear of it, the issuer and date in its lower half, inside the text block."""
    pages = text_runs(pdf)
    last = pages[-1]
    date_run = next(r for r in last if r[0] == "2026年6月1日")
    issuer_runs = [r for r in last if r[0] in ISSUER]
    body = [r for r in last if r[2] < issuer_runs[0][2] - 1 and not r[0].startswith("—")]
    assert body, "the signature stands alone on its page"
    body_bottom = max(r[2] for r in body) + 16 * 0.2 / MM  # baseline plus the descent of a 3号 character
    seal_r = 21.0
    seal_cy = body_bottom + seal_r + 0.5  # just clear of the body
    assert seal_cy - seal_r - body_bottom <= PITCH_MM  # 印章顶端上距正文一行之内
    issuer_mid = issuer_runs[0][2] - 16 * 0.35 / MM
    assert issuer_mid >= seal_cy - 1.0  # the signature sits on the seal's centre or below it (居印章中心偏下)
    assert seal_cy + seal_r <= BLOCK_BOTTOM_MM + 0.5  # the seal stays inside the text block
    assert date_run[2] <= BLOCK_BOTTOM_MM


@pytest.mark.parametrize("lines", [1, 10, 14, 15, 16, 17, 18, 19, 22, 36, 40, 41, 42])
def test_signature_never_alone_and_seal_fits(lines: int) -> None:
    _signature_check(notice(lines))


@pytest.mark.parametrize("rows", range(9, 17))
def test_signature_after_a_table_that_fills_the_page(rows: int) -> None:
    table = Table(["支部", "人数"], [[f"第{i}党支部", "32"] for i in range(rows)])
    pdf = notice(2, tail=[table])
    _signature_check(pdf)
    last = text_runs(pdf)[-1]
    assert any(r[0].startswith("第") for r in last)  # the table's last row came over with the signature


def test_no_more_text_when_nothing_can_move() -> None:
    pdf = notice(2, tail=[Table(["支部"], [["\n".join(["第一党支部"] * 30)]])])  # one row too tall to go over
    pages = text_runs(pdf)
    assert len(pages) == 3
    assert NO_MORE_TEXT in "".join(r[0] for page in pages for r in page)


def test_squeezed_last_page_keeps_the_grid_elsewhere() -> None:
    pdf = notice(18)  # 18 + 3 header lines + signature: slightly too much for one page at the standard pitch
    pages = text_runs(pdf)
    first = [r[2] for r in pages[0] if r[0] == LINE]
    gaps = {round(b - a, 2) for a, b in itertools.pairwise(first)}
    assert len(pages) == 1 or all(g == pytest.approx(PITCH_MM, abs=0.05) for g in gaps)
    assert min(gaps) >= PITCH_MM * 0.9 - 0.05


@pytest.mark.parametrize(
    ("title", "never"),
    [
        ("关于焦煤集团某某矿党委2026年第三季度学习情况的通报", ["第", "度", "告"]),
        ("焦煤集团有限责任公司某某矿党委2026年度党建工作统计报告", ["告", "报告"]),
        ("关于开展2026年“安全生产月”主题党日活动和“三会一课”专项检查工作的通知", []),
    ],
)
def test_titles_break_between_words_in_balanced_lines(title: str, never: list[str]) -> None:
    runs = [r for r in text_runs(notice(1, title=title))[0] if r[3] == 22]
    lines = [r[0] for r in runs]
    assert "".join(lines) == title
    assert len(lines) >= 2
    assert len(lines[-1]) >= 3
    for line in lines:
        assert not any(line.endswith(bad) for bad in ("第", "2026", "年第")) and line not in never
    lengths = [len(line) for line in lines]
    assert max(lengths) - min(lengths) <= 8  # 排列对称，长短适宜
    bounds = set(itertools.accumulate(len(u) for u in units(title)))
    assert set(itertools.accumulate(len(line) for line in lines)) <= bounds  # every break falls between two units


def test_numbers_never_split_from_their_units() -> None:
    text = "全" * 26 + "累计2.3万学时，参学率为97.3%，共开展第三季度学习12次。"
    assert "2.3万学时" in units(text, words=False)
    for shift in range(8):
        pdf = render_notice(
            NoticeDocument("通知", None, [Paragraph("全" * shift + text)], "某矿党委", date(2026, 1, 1))
        )
        lines = [r[0] for r in text_runs(pdf)[0]]
        assert any("2.3万学时" in line for line in lines)
        assert any("97.3%" in line for line in lines)


def test_heading_numbers_go_on_in_chinese() -> None:
    assert [heading_mark(n, 2) for n in (1, 10, 11, 12, 20, 21)] == [
        "（一）",
        "（十）",
        "（十一）",
        "（十二）",
        "（二十）",
        "（二十一）",
    ]
    assert heading_mark(3, 1) == "三、" and heading_mark(3, 3) == "3." and heading_mark(3, 4) == "（3）"
    gaps = [(f"第{i}党支部", "未讲党课") for i in range(1, 13)]
    data = StudyBulletinData("某矿党委", "2026年", {"党课": 4}, 0.95, 1, gaps, "某矿党委", date(2026, 12, 1))
    texts = [getattr(b, "text", "") for b in build_study_bulletin(data).blocks]
    assert any(t.startswith("（十一）第11党支部") for t in texts)
    assert any(t.startswith("（十二）第12党支部") for t in texts)
    assert not any("（11）" in t for t in texts)


def test_nested_quotes() -> None:
    assert nest_quotes("被评为““三会一课”标兵”") == "被评为“‘三会一课’标兵”"
    assert nest_quotes('学习"两学一做"') == "学习“两学一做”"
    assert nest_quotes("“甲“乙“丙”乙”甲”") == "“甲‘乙“丙”乙’甲”"
    pdf = render_notice(
        NoticeDocument("通知", None, [Paragraph("要求开展““三会一课”+安全生产”活动。")], "", date(2026, 1, 1))
    )
    assert "“‘三会一课’+安全生产”" in "".join(r[0] for r in text_runs(pdf)[0])


def test_level_headings_keep_with_their_text() -> None:
    pdf = render_notice(
        NoticeDocument(
            "通知",
            None,
            [Paragraph(LINE * 19), Heading("二、工作要求"), Paragraph(LINE * 3)],
            "某矿党委",
            date(2026, 6, 1),
        )
    )
    first = text_runs(pdf)[0]
    assert not any(r[0] == "二、工作要求" for r in first[-2:])


def test_a_one_row_table_at_the_foot_goes_over_with_the_signature() -> None:
    # the annual report's shape: text, then a small table ending the body near the foot of the page
    for lines in range(14, 19):
        table = Table(["先进集体/个人", "所在单位"], [["九里山矿开拓队党支部", "九里山矿"]])
        pdf = notice(lines, tail=[table])
        _signature_check(pdf)
        assert NO_MORE_TEXT not in "".join(r[0] for page in text_runs(pdf) for r in page)


def test_a_run_of_closing_marks_never_starts_a_line() -> None:
    """ "（9月20日督导发现），" at a line's end: the "）" and "，" both go over with the character before them (a
    single-token carry left "）" opening the next line in the 督导通报)."""
    from jiaomei_desktop.reports.linebreak import NO_LINE_START
    from jiaomei_desktop.reports.notice import BODY_SIZE, CELL, CHAR_SPACE
    from jiaomei_desktop.reports.text import wrap_text

    text = "2.综采一队党支部：班前会流于形式（9月20日督导发现），已于11月5日整改到位（超过整改期限）。"
    starts = set()
    for shift in range(24):
        lines = wrap_text("全" * shift + text, "body", BODY_SIZE, BLOCK_W, first_indent=2 * CELL, char_space=CHAR_SPACE)
        assert "".join(lines) == "全" * shift + text
        starts |= {line[0] for line in lines[1:]}
    assert not starts & NO_LINE_START


def _page_of(pages: list[str], text: str) -> int:
    [found] = [i for i, page in enumerate(pages) if text in page]
    return found


@pytest.mark.parametrize("lines", range(14, 22))
def test_a_heading_never_stays_at_the_foot_without_what_follows(lines: int) -> None:
    """Wherever the body pushes it, a heading shares its page with its table's header and first row, and with the
    first two lines of its paragraph (a heading over a table fell at a page's foot in the October 督导通报)."""
    from tests.reports.pdfcheck import pages_text

    first = "甲" * 20 + "第一行末尾" + "乙" * 3
    tail = [
        Heading("二、各单位发现问题情况"),
        Table(["单位", "问题数"], [["综采一队党支部", "3"], ["掘进二队党支部", "2"]]),
        Heading("三、整改完成情况"),
        Paragraph(first + "丙" * 20 + "第二行末尾" + "丁" * 3 + "戊" * 28),
        Heading("（一）按期整改情况的一个较长标题需要折成两行显示才能放得下这些字"),
        Paragraph("己" * 60),
    ]
    pages = pages_text(notice(lines, tail=tail))
    table_page = _page_of(pages, "二、各单位发现问题情况")
    assert table_page == _page_of(pages, "综采一队党支部") and "单位问题数" in pages[table_page]
    assert _page_of(pages, "三、整改完成情况") == _page_of(pages, "第一行末尾") == _page_of(pages, "第二行末尾")
    assert _page_of(pages, "（一）按期整改情况") == _page_of(pages, "才能放得下这些字") == _page_of(pages, "己" * 28)


@pytest.mark.parametrize("lines", range(15, 20))
def test_a_heading_goes_over_with_the_lines_the_signature_takes(lines: int) -> None:
    """A body ending in a heading and two lines at a page's foot: when the signature takes the two lines over, the
    heading goes with them."""
    from tests.reports.pdfcheck import pages_text

    tail = [Heading("三、工作要求"), Paragraph("甲" * 28 + "乙" * 20)]
    pages = pages_text(notice(lines, tail=tail))
    assert _page_of(pages, "三、工作要求") == _page_of(pages, "甲" * 28) == _page_of(pages, "乙" * 20)
    _signature_check(notice(lines, tail=tail))


@pytest.mark.parametrize("lines", range(12, 20))
def test_a_heading_goes_over_with_a_one_row_table(lines: int) -> None:
    """The annual report's end: a heading over a one-row table near the foot; when the table goes over with the
    signature, its heading goes too."""
    from tests.reports.pdfcheck import pages_text

    table = Table(["先进集体/个人", "所在单位"], [["九里山矿开拓队党支部", "九里山矿"]])
    pdf = notice(lines, tail=[Heading("四、受表彰的先进集体"), table])
    pages = pages_text(pdf)
    assert _page_of(pages, "四、受表彰的先进集体") == _page_of(pages, "九里山矿开拓队党支部")
    _signature_check(pdf)
