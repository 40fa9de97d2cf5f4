"""The diagnostic package: what it holds, that ID numbers and phone numbers never get into it or into the log, and
its error paths. All data is synthetic."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest

from jiaomei_desktop import __version__
from jiaomei_desktop.services import diagnostics
from jiaomei_desktop.services.diagnostics import ID_MASK, PHONE_MASK, ScrubbingFormatter, build_package, scrub
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import Store

# Synthetic: made-up numbers in the valid shapes.
IDS = ("11010519491231002X", "110105194912310021", "41080219800101001x", "110105491231002")
PHONES = ("13800138000", "+86 13912345678", "8615012345678", "138-0013-8000", "139 1234 5678")


@pytest.mark.parametrize("number", IDS)
def test_id_numbers_are_scrubbed_wherever_they_stand(number: str) -> None:
    for text in (number, f"身份证号{number}重复", f"id={number}, row 3", f"'{number}'"):
        cleaned = scrub(text)
        assert number not in cleaned and ID_MASK in cleaned


@pytest.mark.parametrize("number", PHONES)
def test_phone_numbers_are_scrubbed(number: str) -> None:
    cleaned = scrub(f"联系电话：{number}。")
    assert number not in cleaned and cleaned == f"联系电话：{PHONE_MASK}。"


def test_other_numbers_stay() -> None:
    """Dates, sizes, a masked ID, hashes and unit codes are what a fault is found by: they stay as they were."""
    text = (
        "2026-12-03 12:00:01,123 size 412345678 masked 410802********0012 sha 9f86d081884c7d659a2feaa0c55ad015a3 "
        "unit 1001-02-03 count 12345678901234567890 landline 0351-1234567 version 0.9.0"
    )
    assert scrub(text) == text


def test_the_log_formatter_scrubs_messages_and_tracebacks() -> None:
    formatter = ScrubbingFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError(f"重复的身份证号 {IDS[0]}")
    except ValueError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "导入 %s 失败", (PHONES[0],), sys.exc_info())
    line = formatter.format(record)
    assert IDS[0] not in line and PHONES[0] not in line and ID_MASK in line and PHONE_MASK in line
    assert "Traceback" in line


def test_the_package_holds_version_platform_check_logs_and_error_without_ids(store: Store, tmp_path: Path) -> None:
    data_dir = store.data_dir
    (data_dir / "jiaomei.log").write_text(f"INFO 导入 {IDS[0]} 电话 {PHONES[0]}\nERROR boom\n", "utf-8")
    (data_dir / "jiaomei.log.1").write_text(f"INFO old {IDS[1]}\n", "utf-8")
    stick = tmp_path / "U盘"
    stick.mkdir()
    error = f"Traceback …\nValueError: 身份证号 {IDS[2]} 手机 {PHONES[3]}\n"
    path = build_package(data_dir, stick, error=error, extra={"qt": "6.11"})
    assert path.parent == stick and path.suffix == ".zip" and not list(stick.glob("*.part"))
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        texts = {name: zf.read(name).decode("utf-8") for name in names}
    assert {
        "README.txt",
        "environment.json",
        "store_check.json",
        "error.txt",
        "logs/jiaomei.log",
        "logs/jiaomei.log.1",
    } <= names
    everything = "\n".join(texts.values())
    for number in IDS + PHONES:
        assert number not in everything
    assert "ERROR boom" in texts["logs/jiaomei.log"] and ID_MASK in texts["error.txt"]
    env = json.loads(texts["environment.json"])
    assert env["version"] == __version__ and env["qt"] == "6.11" and env["platform"]
    check = json.loads(texts["store_check.json"])
    assert check["quick_check"] == ["ok"] and check["revision"] and check["rows"]["org_unit"] == 3


def test_no_record_content_goes_into_the_package(store: Store, tmp_path: Path) -> None:
    """Names stay in the store: the check counts rows, it does not copy them."""
    path = build_package(store.data_dir, tmp_path)
    with zipfile.ZipFile(path) as zf:
        everything = "\n".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    assert "综采一队党支部" not in everything and "测试矿党委" not in everything


def test_a_damaged_store_is_reported_not_raised(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "jiaomei.sqlite3").write_bytes(b"this is not a database at all, just junk bytes" * 50)
    path = build_package(data_dir, tmp_path)
    with zipfile.ZipFile(path) as zf:
        check = json.loads(zf.read("store_check.json"))
    assert check["quick_check"] != ["ok"] and "rows" not in check


def test_a_missing_folder_is_a_clear_message(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="找不到文件夹"):
        build_package(store.data_dir, tmp_path / "拔掉的U盘")


def test_a_write_failure_leaves_no_half_file(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(diagnostics.os, "replace", full)
    with pytest.raises(ServiceError, match=r"无法在.*保存诊断包"):
        build_package(store.data_dir, tmp_path)
    assert not list(tmp_path.glob("*.zip*"))


def test_the_check_reads_without_writing(store: Store, tmp_path: Path) -> None:
    before = sqlite3.connect(store.db_path).execute("PRAGMA data_version").fetchone()
    diagnostics.store_check(store.data_dir)
    assert sqlite3.connect(store.db_path).execute("PRAGMA data_version").fetchone() == before
