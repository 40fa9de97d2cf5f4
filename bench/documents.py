"""Benchmark: 135 honour certificates in one PDF (cold process, fonts included), against bare ReportLab canvas calls
drawing the same strings with the same font in the same run; an A3 光荣榜 with 48 photos (now two sheets, names
≥ 21 pt); a 3-page GB/T 9704 notice; the 学习通报 built from a year of a 基层党委's study log (demo store); and the print
path: 135 certificates sent to a PDF QPrinter (time and size of the job).

    python bench/documents.py [--runs 5] [--certificates 135] [--print-runs 1] [--members 400]

Each run is a fresh Python process so font loading and registration are measured cold. Prints a table, then one JSON
line with: certificates, certificates_s, bare_canvas_s, ratio, kb_per_page, honor_board_s, notice_3p_s,
bulletin_year_s, print_135_s, print_135_mb.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, demo_store_dir

CHILD = r"""
import io, json, sys, time
from datetime import date
N = int(sys.argv[1])
t0 = time.perf_counter()
from jiaomei_desktop.reports.certificates import CertificateData, render_certificates
names = ["王建国", "李喆", "张堃", "赵昇", "刘䶮", "王𠇔", "欧阳晓明", "孙伟", "周志强"]
items = [CertificateData("荣誉证书", names[i % len(names)] + str(i), False,
                         "在2026年度“三会一课+安全生产”工作中成绩突出，被评为", "优秀共产党员",
                         "中共焦煤集团某某矿委员会", date(2026, 11, 23), f"JM-2026-{i:03d}") for i in range(N)]
pdf = render_certificates(items)
t1 = time.perf_counter()

# Bare ReportLab: load the same font file afresh, draw the same strings at the same sizes, one page each.
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.pagesizes import A4, landscape
from jiaomei_desktop.reports.fonts import get_fonts
face = get_fonts().face("kai")
t2 = time.perf_counter()
pdfmetrics.registerFont(TTFont("BareBench", str(face.path), subfontIndex=face.index))
buf = io.BytesIO()
c = Canvas(buf, pagesize=landscape(A4), invariant=1)
for it in items:
    c.setFont("BareBench", 50); c.drawCentredString(421, 440, it.kind)
    c.setFont("BareBench", 28); c.drawString(128, 390, it.recipient + "同志：")
    c.setFont("BareBench", 24); c.drawString(176, 340, it.body + "“" + it.title_awarded + "”。")
    c.drawString(176, 300, "特发此证，以资鼓励。"); c.drawString(500, 150, it.issuer)
    c.drawString(520, 115, "二〇二六年十一月二十三日"); c.setFont("BareBench", 11); c.drawString(128, 85, it.number)
    c.showPage()
c.save()
t3 = time.perf_counter()

from PIL import Image, ImageDraw
from jiaomei_desktop.reports.honor_board import HonorBoardData, HonorCard
def photo(i):
    im = Image.new("RGB", (900, 1200), (40 + i * 4 % 200, 90 + i * 7 % 120, 150))
    d = ImageDraw.Draw(im); d.ellipse((300, 200, 600, 560), fill=(228, 196, 168)); d.rectangle((160, 640, 740, 1200), fill=(30, 50, 80))
    out = io.BytesIO(); im.save(out, "JPEG", quality=90); return out.getvalue()
photos = [photo(i) for i in range(48)]
deeds = "扎根井下一线二十年，带领班组连续三年实现安全生产无事故，累计完成技术革新12项。"
cards = [HonorCard(names[i % len(names)], "综采一队 采煤机司机", "优秀共产党员", deeds, photos[i]) for i in range(48)]
from jiaomei_desktop.reports.honor_board import render_honor_board
t4 = time.perf_counter()
board = render_honor_board(HonorBoardData("光荣榜", "焦煤集团某某矿党委", "2026年度", cards, "A3", True))
t5 = time.perf_counter()
from jiaomei_desktop.reports.notice import Heading, NoticeDocument, Paragraph, render_notice
body = "各党支部要认真学习贯彻《安全生产法》，把“三会一课”与班前会、安全例会结合起来，做到学习有记录、整改有落实。"
notice = NoticeDocument("关于焦煤集团某某矿党委2026年第三季度开展“安全生产月”主题党日活动的通知", "各党支部",
                        [Heading("一、活动安排"), Paragraph(body * 10), Heading("（一）学习内容", 2), Paragraph(body * 12)],
                        "中共焦煤集团有限责任公司某某矿委员会", date(2026, 6, 1))
t6 = time.perf_counter()
notice_pdf = render_notice(notice)
t7 = time.perf_counter()
from pypdf import PdfReader
print(json.dumps({"certificates_s": t1 - t0, "bytes": len(pdf), "bare_canvas_s": t3 - t2, "bare_bytes": len(buf.getvalue()),
                  "honor_board_s": t5 - t4, "board_bytes": len(board), "board_pages": len(PdfReader(io.BytesIO(board)).pages),
                  "notice_3p_s": t7 - t6, "notice_pages": len(PdfReader(io.BytesIO(notice_pdf)).pages)}))
"""

BULLETIN = r"""
import json, sys, time
from datetime import date
from jiaomei_desktop.services.store import open_store
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.reports.study_bulletin import render_study_bulletin
from jiaomei_desktop.services.study.bulletin_data import BulletinPeriod, bulletin_data
from pathlib import Path
store = open_store(Path(sys.argv[1]), create=False)
unit = find_unit_by_code(store, "JM-01")
render_study_bulletin(bulletin_data(store, unit.id, BulletinPeriod.quarter(2025, 1)))  # fonts and caches warm
t0 = time.perf_counter()
data = bulletin_data(store, unit.id, BulletinPeriod(2025), "中共九里山矿委员会", date(2026, 1, 10))
pdf = render_study_bulletin(data)
t1 = time.perf_counter()
print(json.dumps({"bulletin_year_s": t1 - t0, "sessions": sum(data.sessions_by_kind.values()), "gaps": len(data.gaps)}))
store.close()
"""

PRINT = r"""
import json, os, sys, tempfile, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from datetime import date
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from jiaomei_desktop.reports.certificates import CertificateData, render_certificates
from jiaomei_desktop.ui.print_job import print_document
app = QApplication([])
N = int(sys.argv[1])
names = ["王建国", "李喆", "张堃", "赵昇", "刘䶮", "王𠇔", "欧阳晓明", "孙伟", "周志强"]
items = [CertificateData("荣誉证书", names[i % len(names)] + str(i), False,
                         "在2026年度“三会一课+安全生产”工作中成绩突出，被评为", "优秀共产党员",
                         "中共焦煤集团某某矿委员会", date(2026, 11, 23), f"JM-2026-{i:03d}") for i in range(N)]
data = QByteArray(render_certificates(items))
buffer = QBuffer(data)
buffer.open(QIODevice.OpenModeFlag.ReadOnly)
document = QPdfDocument()
document.load(buffer)
out = os.path.join(tempfile.mkdtemp(), "job.pdf")
printer = QPrinter(QPrinter.PrinterMode.HighResolution)
printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
printer.setOutputFileName(out)
t0 = time.perf_counter()
report = print_document(printer, document)
t1 = time.perf_counter()
print(json.dumps({"print_s": t1 - t0, "print_bytes": os.path.getsize(out), "pages": report.pages,
                  "tiles_sent": report.tiles_sent, "tiles_reused": report.tiles_reused}))
"""


def run_once(count: int | str, script: str = CHILD) -> dict[str, float]:
    env = {**os.environ, "JIAOMEI_FONTS": os.environ.get("JIAOMEI_FONTS", "bundled")}
    out = subprocess.run(
        [sys.executable, "-c", script, str(count)], capture_output=True, text=True, env=env, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--certificates", type=int, default=135)
    parser.add_argument("--print-runs", type=int, default=1, help="runs of the print path (about 10 s each)")
    parser.add_argument("--members", type=int, default=400, help="demo store size for the bulletin")
    args = parser.parse_args()
    runs = [run_once(args.certificates) for _ in range(args.runs)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    store = demo_store_dir(args.members)
    bulletins = [run_once(str(store), BULLETIN) for _ in range(args.runs)]
    prints = [run_once(135, PRINT) for _ in range(args.print_runs)]
    med |= {k: statistics.median(r[k] for r in bulletins) for k in bulletins[0]}
    med |= {k: statistics.median(r[k] for r in prints) for k in prints[0]}
    figures = {
        "certificates": args.certificates,
        "certificates_s": round(med["certificates_s"], 3),
        "bare_canvas_s": round(med["bare_canvas_s"], 3),
        "ratio": round(med["certificates_s"] / med["bare_canvas_s"], 2),
        "kb_per_page": round(med["bytes"] / args.certificates / 1024, 2),
        "honor_board_s": round(med["honor_board_s"], 3),
        "notice_3p_s": round(med["notice_3p_s"], 3),
        "bulletin_year_s": round(med["bulletin_year_s"], 3),
        "print_135_s": round(med["print_s"], 2),
        "print_135_mb": round(med["print_bytes"] / 1024 / 1024, 2),
    }
    print(
        f"documents benchmark — median of {args.runs} fresh processes (JIAOMEI_FONTS={os.environ.get('JIAOMEI_FONTS', 'bundled')})"
    )
    print(f"{'measure':<44}{'value':>12}{'target':>10}")
    rows = [
        (f"{args.certificates} certificates incl. font loading (s)", figures["certificates_s"], "≤ 1"),
        ("bare ReportLab canvas, same strings/font (s)", figures["bare_canvas_s"], ""),
        ("ratio templates / bare canvas", figures["ratio"], ""),
        ("size per certificate page (KB)", figures["kb_per_page"], ""),
        ("A3 光荣榜, 48 photos (s)", figures["honor_board_s"], "≤ 2"),
        ("A3 光荣榜 file size (KB)", round(med["board_bytes"] / 1024), ""),
        ("A3 光荣榜 sheets (names ≥ 21 pt)", med["board_pages"], ""),
        (f"notice, {med['notice_pages']:.0f} pages (s)", figures["notice_3p_s"], "≤ 1"),
        (f"学习通报 from a year of JM-01's log, {med['sessions']:.0f} sessions (s)", figures["bulletin_year_s"], "≤ 1"),
        ("135 certificates to a PDF QPrinter (s)", figures["print_135_s"], "≤ 10"),
        ("135 certificates, spooled job (MB)", figures["print_135_mb"], "≤ 50"),
    ]
    for name, value, target in rows:
        print(f"{name:<44}{value:>12}{target:>10}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
