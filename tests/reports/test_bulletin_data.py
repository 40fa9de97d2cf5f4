"""学习通报 from the study log: figures counted from the sessions, gaps from the compliance grid, set as a notice."""

from collections import Counter
from datetime import date

import pytest

from jiaomei_desktop.domain.study import CellState
from jiaomei_desktop.reports.study_bulletin import render_study_bulletin
from jiaomei_desktop.services.errors import NotFoundError, ServiceError
from jiaomei_desktop.services.study import SessionQuery, compliance_grid, fetch_rows, find_ids
from jiaomei_desktop.services.study.bulletin_data import BulletinPeriod, bulletin_data
from tests.conftest import unit_id
from tests.reports.pdfcheck import text_of


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (BulletinPeriod(2025), "2025年度"),
        (BulletinPeriod.quarter(2026, 3), "2026年第三季度"),
        (BulletinPeriod(2026, 9, 9), "2026年9月"),
        (BulletinPeriod(2026, 1, 6), "2026年1—6月"),
    ],
)
def test_figures_are_counted_from_the_log(demo_store, period: BulletinPeriod, label: str) -> None:
    committee = unit_id(demo_store, "JM-01")
    data = bulletin_data(demo_store, committee, period, issuer="中共九里山矿委员会", issue_date=date(2026, 10, 9))
    assert data.period_label == label
    ids = find_ids(demo_store, SessionQuery(unit_id=committee, date_from=period.start, date_to=period.end))
    rows = fetch_rows(demo_store, ids).values()
    assert data.sessions_by_kind == dict(Counter(r.kind for r in rows))
    assert data.safety_sessions == sum(r.safety_flag for r in rows)
    assert data.hours == pytest.approx(sum(r.hours for r in rows), abs=0.1)
    assert 0 < data.attendance_rate <= 1
    assert data.issuer == "中共九里山矿委员会"


def test_gaps_are_the_grids_missed_periods_inside_the_period(demo_store) -> None:
    committee = unit_id(demo_store, "JM-01")
    data = bulletin_data(demo_store, committee, BulletinPeriod(2025))
    grid = compliance_grid(demo_store, committee, 2025)
    missed_branches = {
        r.branch_name
        for r in grid.rows
        if any(c.state is CellState.MISSED for cell in (*r.months, r.year) for c in cell.checks)
    }
    assert {unit for unit, _rule in data.gaps} == missed_branches
    assert len(data.gaps) == len(set(data.gaps))  # a quarterly miss is named once, not in each of its months
    for _unit, rule in data.gaps:
        assert rule.startswith(("全年", "上半年", "下半年", "第")) or rule.split("月")[0].isdigit()


def test_bulletin_from_the_log_renders_as_a_notice(demo_store) -> None:
    committee = unit_id(demo_store, "JM-01")
    data = bulletin_data(demo_store, committee, BulletinPeriod.quarter(2025, 4), issuer="中共九里山矿委员会")
    text = text_of(render_study_bulletin(data))
    assert "关于九里山矿党委2025年第四季度学习情况的通报" in text
    assert f"共开展“三会一课”及各类学习{sum(data.sessions_by_kind.values())}次" in text
    assert "学时" in text and "中共九里山矿委员会" in text


def test_bad_period_and_unit(demo_store) -> None:
    with pytest.raises(ServiceError, match="1—12"):
        bulletin_data(demo_store, unit_id(demo_store, "JM-01"), BulletinPeriod(2026, 7, 3))
    with pytest.raises(NotFoundError):
        bulletin_data(demo_store, "no-such-unit", BulletinPeriod(2026))


@pytest.fixture
def demo_dir(demo_template, tmp_path):  # type: ignore[no-untyped-def]
    import shutil

    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


def test_cli_bulletin_from_the_log_and_back_from_edited_json(demo_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from jiaomei_desktop.cli.main import main

    out, saved = tmp_path / "b.pdf", tmp_path / "b.json"
    args = ["print", "bulletin", "--data-dir", str(demo_dir), "--unit", "JM-01", "--year", "2025", "--quarter", "4"]
    assert main([*args, "--issuer", "中共九里山矿委员会", "--save-json", str(saved), "--out", str(out)]) == 0
    assert "2025年第四季度" in text_of(out.read_bytes())
    edited = json.loads(saved.read_text(encoding="utf-8"))
    edited["recipients"] = "各党支部、各党总支"  # the secretary edits the figures' wording before printing
    saved.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    assert main(["print", "bulletin", "--input", str(saved), "--out", str(out)]) == 0
    assert "各党支部、各党总支：" in text_of(out.read_bytes())
    assert (
        main(["print", "bulletin", "--data-dir", str(demo_dir), "--unit", "XX", "--year", "2025", "--out", str(out)])
        == 2
    )
    assert "XX" in capsys.readouterr().err


def test_cli_stats_report(demo_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.cli.main import main

    out = tmp_path / "r.pdf"
    assert (
        main(["stats", "report", "--data-dir", str(demo_dir), "--unit", "JM-01", "--year", "2025", "--out", str(out)])
        == 0
    )
    text = text_of(out.read_bytes())
    assert "九里山矿党委2025年度党建工作统计报告" in text
    assert (
        main(
            [
                "stats",
                "report",
                "--data-dir",
                str(demo_dir),
                "--unit",
                "NOPE",
                "--year",
                "2025",
                "--out",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 2
    )
    assert "NOPE" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert main(["stats", "--data-dir", str(demo_dir), "--unit", "JM-01"]) == 0  # plain stats still works
