"""`--self-check` runs in-process here (CI also runs it on the frozen build: scripts/build_and_check.sh)."""

from __future__ import annotations

from jiaomei_desktop import app
from jiaomei_desktop.ui.app_shell import selfcheck


def test_self_check_passes_and_reports_each_step(qtbot) -> None:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    assert selfcheck.run(lines.append) == 0
    assert lines[-1] == "self-check passed"
    assert [line.split()[0] for line in lines[:-1]] == ["ok"] * len(selfcheck.CHECKS)
    assert any("bundle round trip" in line for line in lines)


def test_self_check_names_what_failed(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(_root):  # type: ignore[no-untyped-def]
        raise FileNotFoundError("resources/fonts/uming.ttc")

    monkeypatch.setattr(selfcheck, "CHECKS", [("pdf", broken)])
    lines: list[str] = []
    assert selfcheck.run(lines.append) == 1
    assert lines == ["FAIL pdf: FileNotFoundError: resources/fonts/uming.ttc"]


def test_self_check_option_exits_without_a_window(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selfcheck, "run", lambda: 0)
    assert app.main(["--self-check"]) == 0
