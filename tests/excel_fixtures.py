"""Excel files shaped like the ones secretaries keep, built in code (made-up names, synthetic ID numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.helpers import make_id_number

ID_A = make_id_number(date(1985, 6, 12), male=True, sequence=11)
ID_B = make_id_number(date(1990, 3, 5), male=False, sequence=12)
ID_C = make_id_number(date(1978, 11, 30), male=True, sequence=13)
ID_D = make_id_number(date(1995, 1, 20), male=True, sequence=14)
ID_E = make_id_number(date(1982, 8, 8), male=True, sequence=15)


def write_sheet(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]],
                titles: Sequence[str] = ("测试矿党委党员花名册", "填报单位：测试矿党委    2026年11月"),
                text_columns: Sequence[int] = ()) -> Path:
    """Title rows, a header row, data rows. Columns in `text_columns` (0-based) are formatted as text like WPS does."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    for title in titles:
        sheet.append([title])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
        for index in text_columns:
            sheet.cell(row=sheet.max_row, column=index + 1).number_format = "@"
    workbook.save(path)
    return path


MESSY_HEADER = ("序号", "姓 名", "性别", "民族", "出生年月", "公民身份号码", "文化程度", "人员类别", "入党时间",
                "转正时间", "所在党支部", "岗位", "工种", "联系电话", "备注")


def messy_roster(path: Path) -> Path:
    """A good-and-bad roster as it arrives from a mine: two title rows, spaced headers, mixed dates, errors, 合计."""
    rows = [
        # 4, 5: good rows with every date style and the short forms
        (1, " 张 建国 ", "男", "汉", "1985.06", ID_A, "本科", "正式", "2008年7月", "2009-07-01", "综采一队党支部",
         "采煤机司机", "综采工", 13800000001, ""),
        (2, "李秀英", "女", "回族", datetime(1990, 3, 5), ID_B, "大专", "预备", datetime(2026, 3, 1), None,
         "综采一队", "检修工", "机电工", "13800000002", ""),
        # 6: bad checksum
        (3, "王志强", "男", "汉族", "1978.11", ID_C[:-1] + ("0" if ID_C[-1] != "0" else "1"), "高中", "正式党员",
         "2001.07", "2002.07", "掘进二队党支部", "掘进工", "掘进工", "13800000003", ""),
        # 7: ID stored as a number (Excel lost the last digits)
        (4, "赵海涛", "男", "汉族", "1995.01", float(ID_D), "中专", "正式党员", "2016.05", "2017.05",
         "掘进二队党支部", "电工", "电工", "13800000004", ""),
        # 8: impossible date
        (5, "孙立军", "男", "汉族", "1982.08", ID_E, "高中", "正式党员", "2006年2月30日", "2007.03",
         "综采一队党支部", "支架工", "综采工", "13800000005", ""),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, None, None),  # 9: blank
        # 10: missing name
        (6, "  ", "男", "汉族", "1980.01", None, "高中", "正式党员", "2005.01", "2006.01", "综采一队党支部",
         "", "", "", ""),
        # 11: 转正 before 入党
        (7, "周国庆", "男", "汉族", "1975.10", None, "初中", "正式党员", "2010.05", "2009.05", "综采一队党支部",
         "", "", "", ""),
        # 12: unknown branch
        (8, "吴小明", "男", "汉族", "1988.02", None, "本科", "积极分子", None, None, "通风三队党支部",
         "", "", "", ""),
        # 13, 14: the same ID number twice
        (9, "郑伟", "男", "汉族", "1982.08", ID_E, "本科", "正式党员", "2006.02", "2007.03",
         "掘进二队党支部", "", "", "", ""),
        (10, "郑 伟", "男", "汉族", "1982.08", ID_E, "本科", "正式党员", "2006.02", "2007.03",
         "掘进二队党支部", "", "", "", ""),
        ("合计", "10人", None, None, None, None, None, None, None, None, None, None, None, None, None),
    ]
    # Row 8 (孙立军) uses ID_E too: give it its own so the duplicate case stays about rows 13 and 14.
    rows[4] = (*rows[4][:5], make_id_number(date(1982, 8, 8), male=True, sequence=40), *rows[4][6:])
    return write_sheet(path, MESSY_HEADER, rows, text_columns=(5,))
