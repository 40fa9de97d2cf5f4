import json
from pathlib import Path

import pytest

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.reports.settings import DocumentSettings, load_settings, save_settings
from tests.reports.pdfcheck import text_of


def test_settings_per_unit_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "documents.json"
    assert load_settings(path, "T-01") == DocumentSettings()
    save_settings(path, "T-01", DocumentSettings("中共某矿委员会", "arabic", "A3"))
    save_settings(path, "T-02", DocumentSettings("另一个单位"))
    assert load_settings(path, "T-01") == DocumentSettings("中共某矿委员会", "arabic", "A3")
    assert load_settings(path, "T-02").issuer == "另一个单位"


def test_damaged_settings_give_defaults(tmp_path: Path) -> None:
    path = tmp_path / "documents.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path, "T-01") == DocumentSettings()
    path.write_text(json.dumps({"T-01": {"date_style": "roman", "paper": "B5", "issuer": "某矿", "x": 1}}), "utf-8")
    assert load_settings(path, "T-01") == DocumentSettings(issuer="某矿")


def test_cli_certificate_from_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.pdf"
    code = main(
        [
            "print",
            "certificate",
            "--recipient",
            "王𠇔",
            "--body",
            "在2026年度工作中成绩突出，被评为",
            "--title-awarded",
            "优秀共产党员",
            "--issuer",
            "中共某矿委员会",
            "--date",
            "2026-11-23",
            "--date-style",
            "arabic",
            "--out",
            str(out),
            "--json",
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["pages"] == 1
    assert "王𠇔同志：" in text_of(out.read_bytes()) and "2026年11月23日" in text_of(out.read_bytes())


@pytest.mark.parametrize(
    ("document", "payload", "expected"),
    [
        (
            "certificate",
            [{"recipient": "李喆", "title_awarded": "优秀共产党员", "issuer": "某矿党委", "issue_date": "2026-07-01"}]
            * 2,
            "李喆同志：",
        ),
        (
            "bulletin",
            {
                "unit_name": "某矿党委",
                "period_label": "2026年",
                "sessions_by_kind": {"党课": 4},
                "attendance_rate": 0.9,
                "safety_sessions": 2,
                "issuer": "某矿党委",
                "issue_date": "2026-12-01",
            },
            "关于某矿党委2026年学习情况的通报",
        ),
        (
            "notice",
            {
                "title": "关于召开党员大会的通知",
                "recipients": "各党支部",
                "blocks": [
                    {"type": "heading", "text": "一、时间"},
                    {"type": "paragraph", "text": "12月1日。"},
                    {"type": "table", "columns": ["支部", "人数"], "rows": [["综采一队", "32"]]},
                ],
                "issuer": "某矿党委",
                "issue_date": "2026-11-23",
            },
            "关于召开党员大会的通知",
        ),
        (
            "minutes",
            {
                "unit": "综采一队党支部",
                "kind": "支委会",
                "topic": "研究发展党员",
                "start": "2026-11-23T14:30",
                "expected": 5,
                "present": 5,
                "content": "会议研究了发展对象人选。",
            },
            "研究发展党员",
        ),
        ("placard", {"member_name": "张堃", "zone": "8101工作面", "scope": "采煤机", "duties": ["巡检"]}, "张堃"),
    ],
)
def test_cli_each_document_from_json(tmp_path: Path, document: str, payload: object, expected: str) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert main(["print", document, "--input", str(source), "--out", str(out)]) == 0
    assert expected in text_of(out.read_bytes())


def test_cli_errors_are_clear_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert (
        main(
            [
                "print",
                "certificate",
                "--recipient",
                "王𰀀",
                "--title-awarded",
                "劳模",
                "--issuer",
                "某矿",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "“𰀀”(U+30000) 位于 姓名 第2个字" in capsys.readouterr().err
    assert main(["print", "bulletin", "--out", str(out)]) == 2
    assert "--input" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["print", "notice", "--input", str(bad), "--out", str(out)]) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err
    bad.write_text(json.dumps({"title": "x"}), encoding="utf-8")
    assert main(["print", "minutes", "--input", str(bad), "--out", str(out)]) == 2
    assert "输入数据有误" in capsys.readouterr().err
    assert not out.exists()
