"""Render every document template with sample data to ./out/samples/*.pdf and 60 dpi PNGs (pdftoppm) to look at.

JIAOMEI_FONTS=bundled python scripts/render_samples.py
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

from PIL import Image, ImageDraw

from jiaomei_desktop.reports.certificates import CertificateData, render_certificates
from jiaomei_desktop.reports.honor_board import HonorBoardData, HonorCard, render_honor_board
from jiaomei_desktop.reports.minutes import MeetingRecordData, render_meeting_record
from jiaomei_desktop.reports.notice import Heading, NoticeDocument, Paragraph, render_notice
from jiaomei_desktop.reports.overprint import Overprint, render_calibration, render_overprint
from jiaomei_desktop.reports.placard import PlacardData, render_placard
from jiaomei_desktop.reports.study_bulletin import StudyBulletinData, render_study_bulletin

OUT = Path("out/samples")
NOTICE_BODY = (
    "各党支部要认真学习贯彻《安全生产法》，把“三会一课”与班前会、安全例会结合起来，做到学习有记录、整改有落实。"
)
NAMES = ["王建国", "李喆", "张堃", "赵昇", "刘䶮", "王𠇔", "欧阳晓明"]
DEEDS = (
    "扎根井下一线二十年，带领班组连续三年实现安全生产无事故，累计完成技术革新12项，为矿井安全高效生产作出了突出贡献。"
)


def _photo(i: int) -> bytes:
    image = Image.new("RGB", (600, 800), (60 + i * 9 % 160, 110, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 150, 400, 400), fill=(230, 200, 170))
    draw.rectangle((120, 450, 480, 800), fill=(40, 60, 90))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def samples() -> dict[str, bytes]:
    cert = CertificateData(
        "荣誉证书",
        "王𠇔",
        False,
        "在2026年度安全生产工作中成绩突出，被评为",
        "优秀共产党员",
        "中共焦煤集团某某矿委员会",
        date(2026, 11, 23),
        "JM-2026-001",
    )
    cards = [
        HonorCard(NAMES[i % 7], "综采一队 采煤机司机", "优秀共产党员", DEEDS, _photo(i) if i % 5 else None)
        for i in range(48)
    ]
    notice = NoticeDocument(
        "关于焦煤集团某某矿党委2026年第三季度开展“安全生产月”主题党日活动的通知",
        "各党支部",
        [
            Heading("一、活动安排"),
            Paragraph(NOTICE_BODY * 5),
            Heading("（一）学习内容", 2),
            Paragraph("全年累计学习2.3万学时，党员人均学时达到48.5小时，参学率为97.3%。" + NOTICE_BODY * 3),
            Heading("（二）工作要求", 2),
            Paragraph(NOTICE_BODY * 14),
        ],
        "中共焦煤集团有限责任公司某某矿委员会",
        date(2026, 6, 1),
    )
    return {
        "notice_3_pages": render_notice(notice),
        "certificates": render_certificates(
            [
                cert,
                CertificateData(
                    "荣誉证书",
                    "综采一队党支部",
                    True,
                    "在2026年度“三会一课+安全生产”工作中表现突出，被评为",
                    "先进基层党组织",
                    "中共焦煤集团有限责任公司委员会",
                    date(2026, 7, 1),
                    None,
                    "arabic",
                ),
                CertificateData(
                    "出师证书",
                    "李喆",
                    False,
                    "在“传帮带”师徒结对活动中跟随师傅张堃学习综采维修电工技能，经考核合格，",
                    "准予出师",
                    "中共焦煤集团某某矿委员会",
                    date(2026, 11, 23),
                ),
            ]
        ),
        "honor_board_A3_48": render_honor_board(
            HonorBoardData("光荣榜", "焦煤集团某某矿党委", "2026年度", cards, "A3", True)
        ),
        "honor_board_A3_2": render_honor_board(
            HonorBoardData("光荣榜", "焦煤集团某某矿党委", "2026年度", cards[1:3], "A3", True)
        ),
        "overprint_12k": render_overprint([cert], Overprint(285, 210)),
        "overprint_calibration": render_calibration(Overprint(285, 210)),
        "placard_pioneer_A3": render_placard(
            PlacardData("李喆", "综采一队 8101综采工作面", "采煤机司机", ["带头落实“手指口述”", "每班巡检3次"],
                        "综采一队党支部", "red", "A3", kind="党员先锋岗")
        ),
        "honor_board_A4_6": render_honor_board(
            HonorBoardData("光荣榜", "焦煤集团某某矿党委", "2026年度", cards[:6], "A4", False)
        ),
        "study_bulletin": render_study_bulletin(
            StudyBulletinData(
                "焦煤集团某某矿党委",
                "2026年第三季度",
                {"支部党员大会": 24, "支委会": 72, "党小组会": 96, "党课": 24},
                0.873,
                118,
                [("综采一队党支部", "9月未召开支部党员大会"), ("机电队党支部", "第三季度未讲党课")],
                "中共焦煤集团某某矿委员会",
                date(2026, 10, 9),
            )
        ),
        "minutes": render_meeting_record(
            MeetingRecordData(
                "综采一队党支部",
                "党课",
                "现场",
                "学习贯彻安全生产法，争做安全生产排头兵",
                datetime(2026, 11, 23, 14, 30),
                datetime(2026, 11, 23, 16, 0),
                "综采一队学习室",
                "李喆",
                "张堃",
                "王𠇔",
                32,
                29,
                [("赵昇", "请假", "下井值班"), ("孙伟", "缺席", "")],
                "支部书记李喆主持会议。王𠇔同志结合综采工作面现场实际，讲解了《安全生产法》有关条款。" * 4,
                "全体党员签订安全承诺书。",
                True,
                1.5,
            )
        ),
        "placard_red_A4": render_placard(
            PlacardData(
                "王𠇔",
                "综采一队 8101综采工作面",
                "工作面采煤机、刮板输送机及班组12名职工",
                ["监督落实“手指口述”安全确认制度", "每班开展一次隐患排查，发现问题立即整改"],
                "焦煤集团某某矿综采一队党支部",
            )
        ),
        "placard_white_A3": render_placard(
            PlacardData(
                "张堃",
                "掘进二队 3号掘进工作面",
                "掘进机及班组8名职工",
                ["落实敲帮问顶制度"],
                "掘进二队党支部",
                "white",
                "A3",
            )
        ),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, pdf in samples().items():
        path = OUT / f"{name}.pdf"
        path.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(OUT / name)], check=True)
        print(path)


if __name__ == "__main__":
    main()
