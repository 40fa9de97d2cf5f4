"""Closing the app while work in the background still reads the store (issue 15: a rare hang of the suite)."""

from __future__ import annotations

import sqlite3
import threading

from jiaomei_desktop import app
from jiaomei_desktop.services import health
from jiaomei_desktop.services.store import OPEN_MARKER, Store, wal_lost


def test_a_backup_still_reading_when_the_window_closes_leaves_no_false_warning(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The daily backup reads the store on its own connection. Closed before it had ended, the store kept its open
    marker; the backup's connection, closing last, removed the -wal, and the next start warned that changes may be
    lost — a modal dialog that also hung offscreen test runs."""
    directory = store.data_dir
    store.close()
    reading, window_gone = threading.Event(), threading.Event()
    started: list[threading.Thread] = []
    still_reading_at_close: list[bool] = []

    def slow_backup(opened) -> threading.Thread:  # type: ignore[no-untyped-def]
        def run() -> None:
            conn = sqlite3.connect(opened.db_path)  # as backups._copy_db reads the open store
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                reading.set()
                window_gone.wait(timeout=60)  # still copying when the user closes the window
            finally:
                conn.close()

        thread = threading.Thread(target=run, name="backup", daemon=True)
        thread.start()
        started.append(thread)
        return thread

    def close(self) -> None:  # type: ignore[no-untyped-def]
        still_reading_at_close.append(any(t.is_alive() for t in started))
        real_close(self)

    def run_window(*args, **kwargs) -> int:  # type: ignore[no-untyped-def]
        code = real_run_window(*args, **kwargs)
        assert reading.wait(timeout=60)
        window_gone.set()
        return code

    real_run_window, real_close = app.run_window, Store.close
    monkeypatch.setattr(Store, "close", close)
    monkeypatch.setattr(app.health, "backup_in_background", slow_backup)
    monkeypatch.setattr(app, "run_window", run_window)
    assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 0
    assert started and still_reading_at_close == [False]
    assert not wal_lost(directory) and not (directory / OPEN_MARKER).exists()
    assert health.diagnose(directory, deep=False).kind == health.Kind.OK  # the next start opens without a warning
