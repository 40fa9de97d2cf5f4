import re
from dataclasses import replace
from datetime import datetime

import pytest

from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError
from jiaomei_desktop.reports.minutes import MeetingRecordData, render_meeting_record
from jiaomei_desktop.reports.placard import PlacardData, render_placard
from tests.reports.pdfcheck import (
    assert_fonts_embedded,
    edge_is_blank,
    needs_poppler,
    page_sizes_mm,
    pages_text,
    render_pages,
    text_of,
)

CONTENT = "支部书记李喆主持会议。王𠇔同志结合综采工作面现场实际，讲解了《安全生产法》有关条款，分析了近期两起典型事故。"

MEETING = MeetingRecordData(
    unit="综采一队党支部",
    kind="党课",
    lecture_form="现场",
    topic="学习贯彻安全生产法，争做安全生产排头兵",
    start=datetime(2026, 11, 23, 14, 30),
    end=datetime(2026, 11, 23, 16, 0),
    place="综采一队学习室",
    host="李喆",
    recorder="张堃",
    lecturer="王𠇔",
    expected=32,
    present=29,
    absentees=[("赵昇", "请假", "下井值班"), ("孙伟", "缺席", "")],
    content=CONTENT,
    resolutions="全体党员签订安全承诺书。",
    safety_flag=True,
    hours=1.5,
)


def test_meeting_record_fields() -> None:
    pdf = render_meeting_record(MEETING)
    text = text_of(pdf)
    for expected in (
        "综采一队党支部会议记录",
        "党课（现场党课）",
        "1.5学时",
        "2026年11月23日14:30—16:00",
        "综采一队学习室",
        "李喆",
        "张堃",
        "王𠇔",
        "应到32人，实到29人，出席率90.6%",
        "赵昇（请假：下井值班）；孙伟（缺席）",
        "学习贯彻安全生产法，争做安全生产排头兵",
        CONTENT,
        "全体党员签订安全承诺书。",
        "主持人签字：",
        "记录人签字：",
    ):
        assert expected in text
    assert page_sizes_mm(pdf) == [(210, 297)]


def test_long_content_continues_on_more_pages() -> None:
    pdf = render_meeting_record(replace(MEETING, content=CONTENT * 40))
    pages = pages_text(pdf)
    assert len(pages) >= 2 and "会议记录（续）" in pages[1]
    flowing = re.sub(r"第\d+页(综采一队党支部党课会议记录（续）会议内容)?", "", text_of(pdf))
    assert flowing.count(CONTENT) == 40


@needs_poppler
def test_meeting_fonts_and_edges() -> None:
    pdf = render_meeting_record(replace(MEETING, content=CONTENT * 40))
    assert_fonts_embedded(pdf)
    assert all(edge_is_blank(p, 30, margin_mm=8) for p in render_pages(pdf, 30))


def test_meeting_bad_input() -> None:
    with pytest.raises(ReportError, match="实到人数"):
        render_meeting_record(replace(MEETING, present=40))
    with pytest.raises(ReportError, match="结束时间"):
        render_meeting_record(replace(MEETING, end=datetime(2026, 11, 23, 9, 0)))
    with pytest.raises(MissingGlyphsError, match="会议内容 第3个字"):
        render_meeting_record(replace(MEETING, content="会议𰀀"))


PLACARD = PlacardData(
    "王𠇔",
    "综采一队 8101综采工作面",
    "工作面采煤机、刮板输送机及班组12名职工",
    ["监督落实“手指口述”安全确认制度", "每班开展一次隐患排查"],
    "焦煤集团某某矿综采一队党支部",
)


@pytest.mark.parametrize(("paper", "size"), [("A4", (297, 210)), ("A3", (420, 297)), ("600x400", (600, 400))])
def test_placard_text_and_size(paper: str, size: tuple[int, int]) -> None:
    pdf = render_placard(replace(PLACARD, paper=paper))
    text = text_of(pdf)
    for expected in (
        "党员责任区",
        "王𠇔",
        "综采一队8101综采工作面",
        "工作面采煤机、刮板输送机及班组12名职工",
        "1.监督落实“手指口述”安全确认制度",
        "2.每班开展一次隐患排查",
        "焦煤集团某某矿综采一队党支部",
    ):
        assert expected in text
    assert set(page_sizes_mm(pdf)) == {size}  # A4 may need a second panel to keep 10 mm letters


@needs_poppler
def test_placard_colours_and_fonts() -> None:
    red = render_placard(PLACARD)
    white = render_placard(replace(PLACARD, scheme="white"))
    assert_fonts_embedded(red)
    red_page, white_page = render_pages(red, 20)[0], render_pages(white, 20)[0]
    r, g, b = red_page.getpixel((red_page.width // 2, red_page.height - 30))
    assert r > 180 and g < 60 and b < 80  # red ground
    assert white_page.getpixel((white_page.width // 2, white_page.height - 30)) == (255, 255, 255)
    assert edge_is_blank(white_page, 20, margin_mm=5)


def test_placard_emblem_only_from_user(tmp_path) -> None:
    from PIL import Image

    emblem = tmp_path / "emblem.png"
    Image.new("RGBA", (100, 100), (255, 215, 0, 255)).save(emblem)
    with_image = render_placard(replace(PLACARD, emblem=emblem))
    assert b"/Subtype /Image" in with_image and b"/Subtype /Image" not in render_placard(PLACARD)
    (tmp_path / "bad.png").write_bytes(b"nope")
    with pytest.raises(ReportError, match="党徽"):
        render_placard(replace(PLACARD, emblem=tmp_path / "bad.png"))


def test_placard_bad_input() -> None:
    with pytest.raises(ReportError, match="配色"):
        render_placard(replace(PLACARD, scheme="blue"))
    with pytest.raises(ReportError, match="内容太多"):
        render_placard(replace(PLACARD, duties=["每班开展一次隐患排查，发现问题立即整改"] * 40))
