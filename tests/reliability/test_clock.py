"""A wrong clock: backups rotate by their sequence number, not their time; years outside the records are refused at
the boundaries with a message; statistics of a year without data are zeros."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.db import migrate
from jiaomei_desktop.domain import years
from jiaomei_desktop.services import backups
from jiaomei_desktop.services.statistics.figures import dashboard
from jiaomei_desktop.services.store import Store


class _Clock(datetime):
    now_value = datetime(2035, 6, 1, 8, 0, 0)

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        return cls.now_value


@pytest.fixture
def clock(monkeypatch) -> type[_Clock]:  # type: ignore[no-untyped-def]
    """The clock backup names are stamped with (db/migrate.py)."""
    monkeypatch.setattr(migrate, "datetime", _Clock)
    return _Clock


def test_backups_made_under_a_2035_clock_do_not_push_out_newer_ones(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    clock.now_value = datetime(2035, 6, 1, 8, 0, 0)
    future = [backups.backup_now(store, backups.REASON_DAILY) for _ in range(backups.KEEP_BACKUPS)]
    clock.now_value = datetime(2026, 12, 3, 9, 0, 0)  # the clock put right
    now = [backups.backup_now(store, backups.REASON_DAILY) for _ in range(3)]
    kept = backups.list_backups(store.data_dir)
    assert [b.path for b in kept[:3]] == now[::-1]  # newest first, whatever their stamp says
    assert all(p.exists() for p in now)
    assert [p.exists() for p in future] == [False] * 3 + [True] * (backups.KEEP_BACKUPS - 3)  # the oldest went
    assert len(kept) == backups.KEEP_BACKUPS


def test_a_manual_backup_is_never_rotated_away_by_automatic_ones(store: Store) -> None:
    manual = backups.backup_now(store, backups.REASON_MANUAL)
    for _ in range(backups.KEEP_BACKUPS + 3):
        backups.backup_now(store, backups.REASON_DAILY)
    kept = backups.list_backups(store.data_dir)
    assert manual.exists() and manual in [b.path for b in kept]
    assert sum(b.reason == backups.REASON_DAILY for b in kept) == backups.KEEP_BACKUPS


def test_rotation_never_deletes_the_last_good_backup(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    good = backups.backup_now(store, backups.REASON_DAILY)
    copy = backups._copy_db

    def failing_disk(source: Path, target: Path) -> None:  # every later copy comes out damaged
        copy(source, target)
        data = bytearray(target.read_bytes())
        data[4096:8192] = b"\xff" * 4096
        target.write_bytes(bytes(data))

    monkeypatch.setattr(backups, "_copy_db", failing_disk)
    bad = [backups.backup_now(store, backups.REASON_DAILY) for _ in range(backups.KEEP_BACKUPS + 2)]
    assert good.exists()  # the only good one stays, however many damaged copies came after it
    assert all(backups.quick_check(p) for p in bad[-3:])
    assert [b.path for b in backups.good_backups(store.data_dir)] == [good]


def test_old_unnumbered_backups_count_as_older_than_numbered_ones(store: Store) -> None:
    folder = backups.backup_dir(store.data_dir)
    numbered = backups.backup_now(store, backups.REASON_DAILY)
    old = folder / "jiaomei-20351231-235959-daily.sqlite3.gz"  # an old-style name from a 2035 clock
    old.write_bytes(numbered.read_bytes())
    assert [b.path for b in backups.list_backups(store.data_dir)] == [numbered, old]


@pytest.mark.parametrize("today", [date(1999, 6, 1), date(2035, 1, 1), date(2026, 12, 3)])
def test_statistics_under_any_clock(demo_store: Store, today: date) -> None:
    board = dashboard(demo_store, None, today.year, today=today)
    assert board.groups


def test_statistics_for_a_year_without_data_are_zeros(demo_store: Store) -> None:
    board = dashboard(demo_store, None, 1950, today=date(2026, 12, 3))  # before any record
    # Units are not dated and non-members are counted as the roll holds them today (statistics/figures.py): every
    # other figure describes records of that year, and there are none.
    structural = ("by_status.", "study.branches_missed", "brands.branches", "brands.without_brand", "standards.branches")
    values = {f.key: f.value for g in board.groups for f in g.figures if isinstance(f.value, int | float)}
    assert values["members.total"] == 0
    assert {k: v for k, v in values.items() if v and not k.startswith(structural)} == {}


def test_year_bounds() -> None:
    assert years.year_range(date(2026, 12, 3)) == (1990, 2027)
    assert years.year_range(date(1999, 6, 1)) == (1990, 2027)  # a clock before the release is not believed
    assert years.year_range(date(2035, 1, 1)) == (1990, 2036)
    assert years.default_year(date(1985, 1, 1)) == 1990
    assert years.year_problem(2000) is None
    assert "1990" in (years.year_problem(1989) or "") and years.year_problem(2500)


def test_cli_refuses_a_year_outside_the_records(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for year in ("1800", "3000"):
        assert main(["stats", "--data-dir", str(tmp_path), "--year", year]) == 2
        err = capsys.readouterr().err
        assert "不在" in err and "Traceback" not in err


def test_a_clock_that_cannot_be_right_is_named() -> None:
    from jiaomei_desktop.services import health

    assert health.clock_warning(date(2026, 12, 3)) is None
    for wrong in (date(1999, 6, 1), date(2099, 1, 1)):
        warning = health.clock_warning(wrong)
        assert warning and wrong.isoformat() in warning and "校正" in warning


def test_the_command_line_warns_about_a_wrong_clock(store: Store, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import health

    monkeypatch.setattr(health.years, "clock_plausible", lambda _today=None: False)
    directory = store.data_dir
    store.close()
    assert main(["org", "list", "--data-dir", str(directory)]) == 0
    assert "看起来不对" in capsys.readouterr().err
