"""Progress and cancellation for long jobs, shared by services (which report) and the GUI (which shows and cancels).

A service calls `progress.step(done, total, text)`; if the user pressed 取消 that call raises Cancelled, the service's
transaction rolls back and nothing is written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from jiaomei_desktop.i18n import _


class Cancelled(Exception):
    """The user cancelled; everything the job did was rolled back."""

    def __init__(self) -> None:
        super().__init__(_("已取消，数据未作任何改动"))


class Progress:
    def __init__(self, listener: Callable[[int, int, str], None] | None = None) -> None:
        self._listener = listener
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        if self._listener:
            self._listener(done, total, text)


NO_PROGRESS = Progress()
