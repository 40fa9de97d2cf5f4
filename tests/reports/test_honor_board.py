import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError
from jiaomei_desktop.reports.honor_board import MIN_NAME_PT, HonorBoardData, HonorCard, render_honor_board
from tests.reports.pdfcheck import (
    assert_fonts_embedded,
    edge_is_blank,
    needs_poppler,
    page_sizes_mm,
    render_pages,
    text_of,
    text_runs,
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
    assert set(page_sizes_mm(pdf)) == {size}
    assert_fonts_embedded(pdf)
    text = text_of(pdf)
    assert text.count("优秀共产党员") == n
    for page in render_pages(pdf, dpi=30):
        assert edge_is_blank(page, 30, margin_mm=3)


NAMES = {"王建国", "李喆", "张堃", "赵昇", "欧阳晓明", "孙伟"}  # one font run each (no rare characters)


def plain_cards(n: int) -> list[HonorCard]:
    names = sorted(NAMES)
    return [HonorCard(names[i % 6], "综采一队 采煤机司机", "优秀共产党员", DEEDS, photo(i)) for i in range(n)]


@pytest.mark.parametrize(("n", "paper"), [(48, "A3"), (24, "A4"), (20, "A4"), (13, "A3"), (6, "A4")])
def test_names_legible_from_two_metres_split_rather_than_shrunk(n: int, paper: str) -> None:
    pdf = render_honor_board(HonorBoardData("光荣榜", "某矿党委", "2026年度", plain_cards(n), paper, True))
    pages = text_runs(pdf)
    sizes = [r[3] for page in pages for r in page if r[0] in NAMES]
    assert len(sizes) == n
    assert min(sizes) >= MIN_NAME_PT
    assert len(set(sizes)) == 1  # equal cards on every sheet
    if len(pages) > 1:
        assert "（第1张，共" in "".join(r[0] for r in pages[0])
        counts = [sum(r[0] in NAMES for r in page) for page in pages]
        assert max(counts) - min(counts) <= max(counts) // 2 + 1  # sheets are filled evenly, not 24 + 1


def test_long_collective_name_wraps_instead_of_ellipsis() -> None:
    name = "焦煤集团某某煤矿综采一队机电维修班党支部"
    board = [HonorCard(name, "", "先进基层党组织", ""), *plain_cards(11)]
    pdf = render_honor_board(HonorBoardData("光荣榜", "某矿党委", "2026年度", board, "A3", True))
    lines = [r for r in text_runs(pdf)[0] if r[0] in name and len(r[0]) >= 2]
    assert "".join(r[0] for r in lines) == name
    assert len(lines) >= 2 and all(r[3] >= MIN_NAME_PT for r in lines)
    assert "…" not in "".join(r[0] for r in lines)


@needs_poppler
@pytest.mark.parametrize("n", [1, 2])
def test_one_or_two_entries_fill_the_sheet(n: int) -> None:
    pdf = render_honor_board(HonorBoardData("光荣榜", "某矿党委", "2026年度", plain_cards(n), "A3", True))
    names = [r for r in text_runs(pdf)[0] if r[0] in NAMES]
    assert min(r[3] for r in names) >= 40
    image = render_pages(pdf, dpi=20)[0].convert("L")
    height = image.height
    lower = image.crop((0, height // 2, image.width, height))  # the cards reach well into the lower half
    assert sum(1 for v in lower.get_flattened_data() if v < 255) > 0.5 * lower.width * lower.height


def test_group_photo_keeps_its_landscape_shape() -> None:
    wide = Image.new("RGB", (1200, 800), (90, 120, 150))
    out = io.BytesIO()
    wide.save(out, "JPEG")
    board = [HonorCard("综采一队党支部", "", "先进集体", "", out.getvalue()), *plain_cards(3)]
    pdf = render_honor_board(HonorBoardData("光荣榜", "某矿党委", "2026年度", board, "A3", True))
    images = list(PdfReader(io.BytesIO(pdf)).pages[0].images)
    shapes = [im.image.width / im.image.height for im in images]
    assert any(1.3 < s < 1.7 for s in shapes)  # 3:2, not cropped to a 3:4 portrait
    assert any(abs(s - 0.75) < 0.02 for s in shapes)


def test_long_deeds_trimmed_with_ellipsis() -> None:
    pdf = render_honor_board(
        HonorBoardData("光荣榜", "某矿", "2026年", [HonorCard("李喆", "队长", "劳动模范", DEEDS * 40)])
    )
    text = text_of(pdf)
    assert text.endswith("…") and DEEDS * 30 not in text


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
