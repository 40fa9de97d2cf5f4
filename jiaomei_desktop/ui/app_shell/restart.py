"""Reopening the store inside the same process (after a restore, or a language change): the main window closes,
app.main closes the store, does the pending work and opens a fresh window. The instance lock stays held."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

EXIT_RESTART = 1_000_001

_pending_restore: list[Path] = []


def request_restart(restore_from: Path | None = None) -> None:
    _pending_restore.clear()
    if restore_from is not None:
        _pending_restore.append(Path(restore_from))
    QApplication.exit(EXIT_RESTART)


def take_pending_restore() -> Path | None:
    return _pending_restore.pop() if _pending_restore else None
