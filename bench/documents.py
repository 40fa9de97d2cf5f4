"""Benchmark: 135 honour certificates in one PDF (cold process, fonts included), against bare ReportLab canvas calls
drawing the same strings with the same font in the same run; and an A3 光荣榜 with 48 photos.

    python bench/documents.py [--runs 5] [--certificates 135]

Each run is a fresh Python process so font loading and registration are measured cold. Prints a table, then one JSON
line with: certificates, certificates_s, bare_canvas_s, ratio, kb_per_page, honor_board_s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

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
print(json.dumps({"certificates_s": t1 - t0, "bytes": len(pdf), "bare_canvas_s": t3 - t2, "bare_bytes": len(buf.getvalue()),
                  "honor_board_s": t5 - t4, "board_bytes": len(board)}))
"""


def run_once(count: int) -> dict[str, float]:
    env = {**os.environ, "JIAOMEI_FONTS": os.environ.get("JIAOMEI_FONTS", "bundled")}
    out = subprocess.run([sys.executable, "-c", CHILD, str(count)], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--certificates", type=int, default=135)
    args = parser.parse_args()
    runs = [run_once(args.certificates) for _ in range(args.runs)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    figures = {
        "certificates": args.certificates,
        "certificates_s": round(med["certificates_s"], 3),
        "bare_canvas_s": round(med["bare_canvas_s"], 3),
        "ratio": round(med["certificates_s"] / med["bare_canvas_s"], 2),
        "kb_per_page": round(med["bytes"] / args.certificates / 1024, 2),
        "honor_board_s": round(med["honor_board_s"], 3),
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
    ]
    for name, value, target in rows:
        print(f"{name:<44}{value:>12}{target:>10}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
