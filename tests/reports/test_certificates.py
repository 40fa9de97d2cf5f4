from dataclasses import replace
from datetime import date

import pytest

from jiaomei_desktop.reports.certificates import CertificateData, render_certificates
from jiaomei_desktop.reports.errors import Cancelled, MissingGlyphsError, ReportError
from tests.reports.pdfcheck import (
    assert_fonts_embedded,
    edge_is_blank,
    needs_poppler,
    page_sizes_mm,
    pages_text,
    render_pages,
    text_of,
)

CERT = CertificateData(
    kind="荣誉证书",
    recipient="王𠇔䶮",
    is_collective=False,
    body="在2026年度安全生产工作中成绩突出，被评为",
    title_awarded="优秀共产党员",
    issuer="中共焦煤集团某某矿委员会",
    issue_date=date(2026, 11, 23),
    number="JM-2026-001",
)


def test_text_as_given_with_rare_characters() -> None:
    text = text_of(render_certificates([CERT]))
    for expected in (
        "荣誉证书",
        "王𠇔䶮同志：",
        "在2026年度安全生产工作中成绩突出，被评为“优秀共产党员”。",
        "特发此证，以资鼓励。",
        "中共焦煤集团某某矿委员会",
        "二〇二六年十一月二十三日",
        "证书编号：JM-2026-001",
    ):
        assert expected in text


def test_collective_arabic_and_other_kinds() -> None:
    items = [
        replace(CERT, recipient="综采一队党支部", is_collective=True, date_style="arabic", number=None),
        replace(
            CERT, kind="出师证书", recipient="李喆", body="在“传帮带”师徒结对中经考核合格，", title_awarded="准予出师"
        ),
        replace(
            CERT,
            kind="结业证书",
            recipient="张堃昇",
            body="参加2026年党员轮训班，完成全部课程，",
            title_awarded="准予结业",
        ),
    ]
    pages = pages_text(render_certificates(items))
    assert len(pages) == 3
    assert "综采一队党支部：" in pages[0] and "同志" not in pages[0] and "2026年11月23日" in pages[0]
    assert "证书编号" not in pages[0]
    assert "出师证书" in pages[1] and "李喆同志：" in pages[1] and "经考核合格，准予出师。" in pages[1]
    assert "结业证书" in pages[2] and "张堃昇同志：" in pages[2]


def test_a4_landscape_and_deterministic() -> None:
    pdf = render_certificates([CERT, CERT])
    assert page_sizes_mm(pdf) == [(297, 210), (297, 210)]
    assert pdf == render_certificates([CERT, CERT])


@needs_poppler
def test_fonts_embedded_and_nothing_at_the_edge() -> None:
    pdf = render_certificates(
        [CERT, replace(CERT, recipient="某某煤业有限责任公司综采一队党支部" * 2, is_collective=True)]
    )
    assert_fonts_embedded(pdf)
    for page in render_pages(pdf, dpi=40):
        assert edge_is_blank(page, 40, margin_mm=5)


def test_long_name_and_title_still_fit() -> None:
    long_unit = "焦煤集团某某煤业有限责任公司综采一队机电二班党小组暨青年安全生产示范岗"
    long_title = "安全生产标准化建设暨“三会一课+安全生产”深度融合工作先进集体"
    pdf = render_certificates([replace(CERT, recipient=long_unit, is_collective=True, title_awarded=long_title)])
    text = text_of(pdf)
    nested = long_title.replace("“", "‘").replace("”", "’")  # quotes inside the quoted title become ‘…’
    assert f"{long_unit}：" in text and f"“{nested}”。" in text


def test_body_beyond_limits_is_refused_before_writing() -> None:
    with pytest.raises(ReportError, match="正文太长"):
        render_certificates([replace(CERT, body="在安全生产工作中成绩突出，" * 60)])


def test_missing_glyph_reported_with_certificate_and_field() -> None:
    with pytest.raises(MissingGlyphsError) as info:
        render_certificates([CERT, replace(CERT, recipient="王𰀀")])
    assert str(info.value) == "以下字符没有可用字体：“𰀀”(U+30000) 位于 第2份证书 姓名 第2个字"


def test_bad_kind_and_empty_batch() -> None:
    with pytest.raises(ReportError, match="证书种类"):
        render_certificates([replace(CERT, kind="奖状")])
    with pytest.raises(ReportError):
        render_certificates([])


def test_progress_and_cancel() -> None:
    seen: list[tuple[int, int]] = []
    render_certificates([CERT] * 3, progress=lambda d, t: seen.append((d, t)) is None)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(Cancelled):
        render_certificates([CERT] * 5, progress=lambda done, total: done < 2)
