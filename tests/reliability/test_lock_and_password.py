"""One instance per store (incl. a stale lock), the start-up password, its recovery code and the idle setting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiaomei_desktop.services import security
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.instance_lock import LOCK_FILENAME, InstanceLock, StoreInUse


def test_second_lock_on_the_same_store_is_refused_with_a_chinese_message(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path).acquire()
    with pytest.raises(StoreInUse, match="另一个窗口") as info:
        InstanceLock(tmp_path).acquire()
    assert info.value.owner is not None and info.value.owner.pid is not None
    first.release()
    second = InstanceLock(tmp_path).acquire()
    assert second.held
    second.release()


def test_stale_lock_from_a_crash_does_not_block(tmp_path: Path) -> None:
    # What a crashed process leaves: the file with its (now dead) pid, but no OS lock held on it.
    (tmp_path / LOCK_FILENAME).write_bytes(b"\0" + json.dumps({"pid": 999_999, "host": "x", "started": ""}).encode())
    with InstanceLock(tmp_path) as lock:
        assert lock.held


def test_other_stores_are_independent(tmp_path: Path) -> None:
    with InstanceLock(tmp_path / "a"), InstanceLock(tmp_path / "b") as b:
        assert b.held


def test_password_recovery_code_and_change(store) -> None:  # type: ignore[no-untyped-def]
    assert not security.has_password(store)
    code = security.set_password(store, "mima1234")
    assert security.has_password(store)
    assert security.verify_password(store, "mima1234")
    assert not security.verify_password(store, "wrong")
    stored = store.get_setting(security.PASSWORD_KEY)
    assert stored.startswith("scrypt$") and "mima1234" not in stored
    assert code not in (store.get_setting(security.RECOVERY_KEY) or "")
    with pytest.raises(security.WrongPassword):
        security.set_password(store, "newpass", current_password="wrong")
    with pytest.raises(security.WrongPassword, match="恢复码不正确"):
        security.reset_with_recovery_code(store, "AAAA-BBBB-CCCC-DDDD", "newpass")
    next_code = security.reset_with_recovery_code(store, code.lower().replace("-", ""), "newpass")
    assert security.verify_password(store, "newpass")
    with pytest.raises(security.WrongPassword):  # a used code stops working
        security.reset_with_recovery_code(store, code, "again1")
    security.reset_with_recovery_code(store, next_code, "again1")
    security.clear_password(store, "again1")
    assert not security.has_password(store)


def test_short_password_is_refused_and_nothing_changes(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed, match="至少"):
        security.set_password(store, "12")
    assert not security.has_password(store)


def test_idle_minutes(store) -> None:  # type: ignore[no-untyped-def]
    assert security.idle_minutes(store) == security.DEFAULT_IDLE_MINUTES
    security.set_idle_minutes(store, 0)
    assert security.idle_minutes(store) == 0
    with pytest.raises(ValidationFailed):
        security.set_idle_minutes(store, -1)


def test_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys, time; from pathlib import Path; from jiaomei_desktop.services.instance_lock import "
            "InstanceLock; lock = InstanceLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        with pytest.raises(StoreInUse) as info:
            InstanceLock(tmp_path).acquire()
        assert info.value.owner is not None and info.value.owner.pid == proc.pid
    finally:
        proc.kill()  # a crash: no release, the lock file stays behind
        proc.wait()
    assert (tmp_path / LOCK_FILENAME).exists()
    with InstanceLock(tmp_path) as lock:
        assert lock.held
