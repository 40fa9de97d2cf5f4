"""One program per store: a lock file in the data folder, held with an operating-system file lock.

The OS releases the lock when the process ends, however it ends, so a crash or a power cut never leaves a lock that
blocks the next start: a lock file that is present but not locked is simply taken over. The file also says who holds
it (process id, computer, time) so a second start can tell the user.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError

LOCK_FILENAME = "jiaomei.lock"


@dataclass(frozen=True)
class LockOwner:
    pid: int | None
    host: str
    started: str


class StoreInUse(ServiceError):
    def __init__(self, data_dir: Path, owner: LockOwner | None) -> None:
        self.owner = owner
        where = ""
        if owner and owner.host and owner.host != socket.gethostname():
            where = _("（在计算机 {host} 上）").format(host=owner.host)
        super().__init__(_("这份数据已经在另一个窗口中打开{where}。请切换到那个窗口继续工作；"
                           "如果找不到，请先关闭它再重新打开本程序。").format(where=where))
        self.data_dir = data_dir


def _try_lock(fh: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass


def read_owner(data_dir: Path) -> LockOwner | None:
    try:
        # Byte 0 is the locked byte on Windows and cannot be read while held; the info starts after it.
        with (data_dir / LOCK_FILENAME).open("rb") as fh:
            fh.seek(1)
            info = json.loads(fh.read().decode("utf-8"))
        return LockOwner(int(info.get("pid") or 0) or None, str(info.get("host", "")), str(info.get("started", "")))
    except (OSError, ValueError, AttributeError):
        return None


class InstanceLock:
    """Held while the program has the store open. `acquire()` raises StoreInUse if another process holds it."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_FILENAME
        self._fh: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self) -> InstanceLock:
        if self._fh is not None:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+b")
        if not _try_lock(fh):
            fh.close()
            raise StoreInUse(self.data_dir, read_owner(self.data_dir))
        # Ours now (a file left by a crashed process is taken over here): write who holds it.
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": datetime.now().isoformat(timespec="seconds")}
        fh.seek(1)
        fh.truncate()
        fh.write(json.dumps(info).encode("utf-8"))
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        _unlock(fh)
        fh.close()
        # The file stays: deleting it could let two later starts lock two different files. An unlocked file
        # means "free", exactly like the one a crash leaves behind.

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()
