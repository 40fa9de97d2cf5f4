import io
from pathlib import Path

import pytest
from PIL import Image

from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError
from jiaomei_desktop.reports.honor_board import HonorBoardData, HonorCard, render_honor_board
from tests.reports.pdfcheck import (
    assert_fonts_embedded,
    edge_is_blank,
    needs_poppler,
    page_sizes_mm,
    render_pages,
    text_of,
)

DEEDS = (
    "扎根井下一线二十年，带领班组连续三年实现安全生产无事故，累计完成技术革新12项，为矿井安全高效生产作出了突出贡献。"
)


def photo(seed: int) -> bytes:
    image = Image.new("RGB", (300, 400), (60 + seed * 4 % 180, 110, 160))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def cards(n: int) -> list[HonorCard]:
    names = ["王建国", "李喆", "张堃", "赵昇", "刘䶮", "王𠇔"]
    return [
        HonorCard(names[i % 6], "综采一队 采煤机司机", "优秀共产党员", DEEDS, photo(i) if i % 3 else None)
        for i in range(n)
    ]


def test_text_names_and_rare_characters() -> None:
    pdf = render_honor_board(HonorBoardData("光荣榜", "焦煤集团某某矿党委", "2026年度", cards(6), "A4", False))
    text = text_of(pdf)
    for expected in ("光荣榜", "焦煤集团某某矿党委", "2026年度", "王建国", "刘䶮", "王𠇔", "优秀共产党员"):
        assert expected in text
    assert page_sizes_mm(pdf) == [(210, 297)]


@needs_poppler
@pytest.mark.parametrize(
    ("n", "paper", "landscape", "size"),
    [(48, "A3", True, (420, 297)), (1, "A4", True, (297, 210)), (13, "A3", False, (297, 420))],
)
def test_layouts_fit_the_page(n: int, paper: str, landscape: bool, size: tuple[int, int]) -> None:
    pdf = render_honor_board(HonorBoardData("光荣榜", "焦煤集团某某矿党委", "2026年度", cards(n), paper, landscape))
    assert page_sizes_mm(pdf) == [size]
    assert_fonts_embedded(pdf)
    text = text_of(pdf)
    assert text.count("优秀共产党员") == n
    assert edge_is_blank(render_pages(pdf, dpi=30)[0], 30, margin_mm=3)


def test_long_deeds_trimmed_with_ellipsis() -> None:
    pdf = render_honor_board(
        HonorBoardData("光荣榜", "某矿", "2026年", [HonorCard("李喆", "队长", "劳动模范", DEEDS * 10)])
    )
    text = text_of(pdf)
    assert text.endswith("…") and DEEDS * 4 not in text


def test_photo_from_path_and_bad_photo(tmp_path: Path) -> None:
    good = tmp_path / "a.jpg"
    good.write_bytes(photo(1))
    render_honor_board(HonorBoardData("光荣榜", "某矿", "2026年", [HonorCard("李喆", "队长", "劳模", "", good)]))
    with pytest.raises(ReportError, match="李喆"):
        render_honor_board(HonorBoardData("光荣榜", "某矿", "2026年", [HonorCard("李喆", "队长", "劳模", "", b"xx")]))
    with pytest.raises(ReportError, match="李喆"):
        render_honor_board(
            HonorBoardData("光荣榜", "某矿", "2026年", [HonorCard("李喆", "队长", "劳模", "", tmp_path / "none.jpg")])
        )


def test_limits_and_glyphs() -> None:
    with pytest.raises(ReportError, match="最多"):
        render_honor_board(HonorBoardData("光荣榜", "某矿", "2026年", cards(49)))
    with pytest.raises(ReportError):
        render_honor_board(HonorBoardData("光荣榜", "某矿", "2026年", []))
    with pytest.raises(MissingGlyphsError, match="第1人 姓名"):
        render_honor_board(HonorBoardData("光荣榜", "某矿", "2026年", [HonorCard("王𰀀", "", "", "")]))
