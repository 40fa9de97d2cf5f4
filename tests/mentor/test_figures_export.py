"""Per-unit figures, Excel export, 出师证书."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jiaomei_desktop.domain.mentor import LogData
from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.mentor import PairQuery
from jiaomei_desktop.services.store import Store
from tests.mentor.conftest import TODAY, People, make_pair


def _pairs(store: Store, people: People) -> dict[str, str]:
    done = make_pair(store, people.wang, people.sun, start=date(2025, 9, 1), end=date(2026, 9, 1))
    mentor.add_log(store, LogData(done, date(2025, 10, 1), "讲解采煤机操作规程", 2.5, "良好"), today=TODAY)
    mentor.add_log(store, LogData(done, date(2026, 8, 1), "独立操作考核", 4.0, "优秀"), today=TODAY)
    mentor.complete_pair(store, done, date(2026, 9, 1), "已能独立操作采煤机", today=TODAY)
    stopped = make_pair(store, people.li, people.zhou)
    mentor.terminate_pair(store, stopped, date(2026, 6, 1), "调岗", today=TODAY)
    active = make_pair(store, people.zhao, people.wu, start=date(2026, 1, 1), end=date(2026, 11, 1))
    mentor.add_log(store, LogData(active, date(2026, 2, 1), "通风知识", 1.5), today=TODAY)
    return {"done": done, "stopped": stopped, "active": active}


def test_figures(store: Store, people: People) -> None:
    _pairs(store, people)
    report = mentor.unit_figures(store, people.root, TODAY)
    total = report.total
    assert total.by_state == {"进行中": 1, "已出师": 1, "终止": 1}
    assert total.total == 3
    assert total.completion_rate == 0.5
    assert total.hours == 8.0 and total.logs == 3
    assert (total.overdue, total.stale, total.mentor_left) == (1, 1, 0)
    by_unit = {f.unit_name: f for f in report.children}
    assert by_unit["综采一队党支部"].by_state == {"进行中": 0, "已出师": 1, "终止": 1}
    assert by_unit["掘进二队党支部"].hours == 1.5
    whole = mentor.unit_figures(store, None, TODAY)
    assert whole.total.total == 3 and whole.total.unit_name == "测试矿党委"  # the single top unit
    assert len(whole.children) == 2
    branch = mentor.unit_figures(store, people.t02, TODAY)
    assert branch.total.total == 1 and branch.children == []
    assert branch.total.as_dict()["completion_rate"] is None


def test_export_excel(store: Store, people: People, tmp_path: Path) -> None:
    pairs = _pairs(store, people)
    target = tmp_path / "结对.xlsx"
    steps: list[tuple[int, int]] = []
    result = mentor.export_excel(store, PairQuery(sort="mentee", descending=False, today=TODAY), target,
                                 Progress(lambda d, t, _text: steps.append((d, t))))
    assert (result.pairs, result.logs) == (3, 3)
    assert steps
    book = load_workbook(target)
    pair_rows = list(book["结对名单"].iter_rows(values_only=True))
    assert pair_rows[0][:4] == ("序号", "所属单位", "师傅", "徒弟")
    assert [r[3] for r in pair_rows[1:]] == ["孙小兵", "吴俊", "周新宇"]
    sun = pair_rows[1]
    assert sun[9] == "已出师" and sun[11] == "已能独立操作采煤机" and sun[14] == 6.5
    wu = pair_rows[2]
    assert "逾期未出师" in wu[16] and "60天无辅导记录" in wu[16]
    log_rows = list(book["辅导记录"].iter_rows(values_only=True))
    assert len(log_rows) == 4
    assert log_rows[1][2] == "孙小兵" and log_rows[1][5] == "讲解采煤机操作规程"
    assert not list(tmp_path.glob("*.part"))
    assert pairs


def test_export_cancelled_writes_no_file(store: Store, people: People, tmp_path: Path) -> None:
    _pairs(store, people)
    progress = Progress()
    progress.cancel()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        mentor.export_excel(store, PairQuery(today=TODAY), out / "x.xlsx", progress)
    assert list(out.iterdir()) == []


def test_certificate_items(store: Store, people: People) -> None:
    pairs = _pairs(store, people)
    (item,) = mentor.certificate_items(store, [pairs["done"]])
    assert item.kind == "出师证书"
    assert item.recipient == "孙小兵" and not item.is_collective
    assert item.body == "你于2025年9月至2026年9月参加“传帮带”结对帮扶，师从王建国同志学习采煤机司机技能，经考核合格，"
    assert item.title_awarded == "准予出师"
    assert item.issuer == "测试矿党委"
    assert item.issue_date == date(2026, 9, 1)


def test_certificates_refused_for_unfinished_pairs(store: Store, people: People) -> None:
    pairs = _pairs(store, people)
    with pytest.raises(ServiceError) as info:
        mentor.certificate_items(store, [pairs["done"], pairs["active"]])
    assert str(info.value) == "以下结对尚未出师，不能打印出师证书：吴俊（师傅赵强，进行中）"
    with pytest.raises(ServiceError):
        mentor.certificate_items(store, [])


def test_render_certificates_pdf(store: Store, people: People) -> None:
    pairs = _pairs(store, people)
    steps: list[int] = []
    pdf = mentor.render_pair_certificates(store, [pairs["done"], pairs["done"]],
                                          Progress(lambda d, _t, _x: steps.append(d)))
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert "出" in text and "孙小兵" in text and "准予出师" in text
    assert steps == [1, 2]


def test_render_certificates_cancel(store: Store, people: People) -> None:
    pairs = _pairs(store, people)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        mentor.render_pair_certificates(store, [pairs["done"]], progress)
