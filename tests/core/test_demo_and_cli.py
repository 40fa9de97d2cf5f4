import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain import idnumber
from jiaomei_desktop.services.statistics.headcounts import store_stats


def test_demo_has_the_seed_structure(demo_store) -> None:  # type: ignore[no-untyped-def]
    stats = store_stats(demo_store)
    assert stats.units_by_kind["集团党委"] == 1
    assert stats.units_by_kind["基层党委"] == 24
    assert stats.units_by_kind["党总支"] == 4
    assert stats.units_by_kind["党支部"] == 276
    assert stats.units_by_kind["党小组"] > 276
    assert stats.members == 400


def test_demo_people_have_valid_consistent_id_numbers(demo_store) -> None:  # type: ignore[no-untyped-def]
    with demo_store.reading() as session:
        people = session.execute(select(Person.id_number, Person.birth_date, Person.gender, Person.join_date,
                                        Person.full_member_date)).all()
    assert len({p.id_number for p in people}) == len(people)
    for number, birth, gender, join, full in people:
        info = idnumber.parse(number)
        assert info.birth_date == birth and info.gender.value == gender
        assert join is None or (join - birth).days >= 18 * 365
        assert full is None or full > join
        assert birth < date(2026, 11, 23)


def test_cli_demo_then_stats_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--data-dir", str(tmp_path), "--members", "120", "--json"]) == 0
    capsys.readouterr()
    assert main(["stats", "--data-dir", str(tmp_path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True
    assert payload["members"] == 120
    assert payload["units_by_kind"]["党支部"] == 276
    assert set(payload["people_by_status"]) == {"正式党员", "预备党员", "共青团员", "群众"}


def test_cli_errors_are_clear_and_non_zero(store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["stats", "--data-dir", str(tmp_path / "none"), "--json"]) == 2
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False and "没有找到数据文件" in payload["error"]
    # any store with data is never built over (a finished demo: tests/reliability/test_leftovers.py)
    directory = store.data_dir
    store.close()
    assert main(["demo", "--data-dir", str(directory), "--json"]) == 2
    assert "已经有数据文件" in json.loads(capsys.readouterr().out)["error"]
    assert main(["stats", "--data-dir", str(directory), "--unit", "NOPE"]) == 2
    assert "NOPE" in capsys.readouterr().err


def test_output_into_a_closed_pipe_ends_quietly(demo_store) -> None:  # type: ignore[no-untyped-def]
    """`jiaomei roster list … | head` must not end in a Python traceback when head stops reading."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "jiaomei_desktop.cli.main", "roster", "list", "--data-dir", str(demo_store.data_dir)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line
    error = child.stderr.read().decode()
    assert child.wait(timeout=60) == 141
    assert "Traceback" not in error and "BrokenPipeError" not in error
