"""套打 on pre-printed certificate sheets: the page is the inner sheet, text only, and the printer's measured shift and
scale are undone so the words land where they should."""

from dataclasses import replace
from datetime import date

import pytest

from jiaomei_desktop.reports.certificates import CertificateData
from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError
from jiaomei_desktop.reports.overprint import (
    MARK_INSET,
    SHEET_PRESETS,
    Overprint,
    calibrate,
    render_calibration,
    render_overprint,
)
from tests.reports.pdfcheck import page_sizes_mm, pages_text, text_runs

CERT = CertificateData(
    "荣誉证书",
    "王建国",
    False,
    "在2026年度安全生产工作中成绩突出，被评为",
    "优秀共产党员",
    "中共焦煤集团某某矿委员会",
    date(2026, 11, 23),
)
SHEET = Overprint(*SHEET_PRESETS["12开内芯 285×210"])


def test_text_only_on_the_inner_sheet() -> None:
    pdf = render_overprint([CERT, replace(CERT, recipient="李喆")], SHEET)
    assert page_sizes_mm(pdf) == [(285, 210), (285, 210)]
    text = pages_text(pdf)[0]
    assert "王建国同志：" in text and "“优秀共产党员”" in text and "中共焦煤集团某某矿委员会" in text
    assert "荣誉证书" not in text  # the book has its own printed title


def test_calibration_round_trip() -> None:
    dx, dy, s = 3.0, -2.5, 0.985  # how this printer misplaces the sheet
    true_a = (MARK_INSET, MARK_INSET)
    true_b = (SHEET.width_mm - MARK_INSET, SHEET.height_mm - MARK_INSET)
    measured_a = (dx + true_a[0] * s, dy + true_a[1] * s)
    measured_b = (dx + true_b[0] * s, dy + true_b[1] * s)
    fixed = calibrate(SHEET, measured_a, measured_b)
    assert (fixed.offset_x_mm, fixed.offset_y_mm, fixed.scale) == pytest.approx((dx, dy, s), abs=0.01)
    plain = {r[0]: r for r in text_runs(render_overprint([CERT], SHEET))[0]}
    moved = {r[0]: r for r in text_runs(render_overprint([CERT], fixed))[0]}
    for key in ("王建国同志：", "中共焦煤集团某某矿委员会"):
        # what the printer does to the corrected page puts every word where the uncorrected layout wanted it
        assert dx + moved[key][1] * s == pytest.approx(plain[key][1], abs=0.2)
        assert dy + moved[key][2] * s == pytest.approx(plain[key][2], abs=0.2)


def test_calibration_page_marks_and_instructions() -> None:
    pdf = render_calibration(SHEET)
    assert page_sizes_mm(pdf) == [(285, 210)]
    runs = text_runs(pdf)[0]
    a = next(r for r in runs if r[0] == "A")
    b = next(r for r in runs if r[0] == "B")
    assert (a[1], a[2]) == pytest.approx((MARK_INSET + 4, MARK_INSET - 4), abs=0.1)
    assert (b[1], b[2]) == pytest.approx((285 - MARK_INSET + 4, 210 - MARK_INSET - 4), abs=0.1)
    assert "量出十字A、B的中心" in "".join(r[0] for r in runs)


def test_bad_numbers_and_glyphs_are_refused() -> None:
    with pytest.raises(ReportError, match="校准"):
        calibrate(SHEET, (60.0, 20.0), (265.0, 190.0))
    with pytest.raises(ReportError, match="内芯尺寸"):
        render_calibration(Overprint(50, 40))
    with pytest.raises(MissingGlyphsError, match="第2份证书 姓名"):
        render_overprint([CERT, replace(CERT, recipient="王𰀀")], SHEET)


def test_cli_calibrate_remember_per_printer_and_overprint(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.cli.main import main

    data = ["--data-dir", str(tmp_path)]
    cal = tmp_path / "cal.pdf"
    assert main(["print", "calibration", *data, "--sheet", "285x210", "--out", str(cal)]) == 0
    assert page_sizes_mm(cal.read_bytes()) == [(285, 210)]
    measured = f"{3 + 20 * 0.99},{-2 + 20 * 0.99},{3 + 265 * 0.99},{-2 + 190 * 0.99}"
    assert (
        main(["print", "calibration", *data, "--printer", "办公室HP", "--measured", measured, "--out", str(cal)]) == 0
    )
    said = capsys.readouterr().out
    assert "偏移 +3.0 / -2.0 毫米，缩放 0.990" in said and "办公室HP" in said
    out = tmp_path / "c.pdf"
    base = [
        "print",
        "certificate",
        *data,
        "--recipient",
        "王建国",
        "--title-awarded",
        "优秀共产党员",
        "--issuer",
        "中共某某矿委员会",
        "--overprint",
        "--sheet",
        "285x210",
        "--out",
        str(out),
    ]
    assert main(base) == 0
    plain = {r[0]: r for r in text_runs(out.read_bytes())[0]}
    assert main([*base, "--printer", "办公室HP"]) == 0
    corrected = {r[0]: r for r in text_runs(out.read_bytes())[0]}
    assert 3 + corrected["王建国同志："][1] * 0.99 == pytest.approx(plain["王建国同志："][1], abs=0.2)
    assert main(["print", "calibration", *data, "--measured", "1,2,3", "--out", str(cal)]) == 2
    assert main([*base[:-2], "--sheet", "abc", "--out", str(out)]) == 2
