"""Thumbnails loaded off the GUI thread: a placeholder first, the picture when a worker has it ready.

Workers (QRunnable on a private QThreadPool) make or read the cached thumbnail file with Pillow (services.photos)
and decode it into a QImage, already cropped to the card's photo box; the GUI thread only turns the small QImage
into a QPixmap. Nothing that touches the disk or decodes a JPEG ever runs on the GUI thread.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QRect, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from jiaomei_desktop.services import photos
from jiaomei_desktop.services.store import Store

MAX_CACHED = 600


class _Signals(QObject):
    # A QImage (null when the picture is missing), never a Python object: Qt copies the value safely between threads.
    loaded = Signal(str, int, QImage)  # sha, box width, image


class _LoadJob(QRunnable):
    def __init__(self, store: Store, sha: str, box: QSize, source_size: int, signals: _Signals) -> None:
        super().__init__()
        self._store, self._sha, self._box, self._source_size, self._signals = store, sha, box, source_size, signals

    def run(self) -> None:
        image = QImage()
        try:
            path = photos.ensure_thumbnail(self._store, self._sha, self._source_size)
            if path is not None:
                loaded = QImage(str(path))
                if not loaded.isNull():
                    image = cover(loaded, self._box)
        finally:
            self._signals.loaded.emit(self._sha, self._box.width(), image)


def cover(image: QImage, box: QSize) -> QImage:
    """Scale to fill the box and crop the overflow from the centre (faces are near the top-centre: keep the top)."""
    scaled = image.scaled(box, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                          Qt.TransformationMode.SmoothTransformation)
    x = max(0, (scaled.width() - box.width()) // 2)
    y = max(0, min((scaled.height() - box.height()) // 4, scaled.height() - box.height()))
    return scaled.copy(QRect(x, y, box.width(), box.height()))


def placeholder(box: QSize, dark: str = "#B9B3AC", light: str = "#ECE7E1") -> QPixmap:
    """A neutral head-and-shoulders outline: 'no photo yet' (or 'still loading'), never mistaken for a person."""
    pixmap = QPixmap(box)
    pixmap.fill(QColor(light))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(dark))
    w, h = box.width(), box.height()
    head = int(w * 0.36)
    painter.drawEllipse(int(w / 2 - head / 2), int(h * 0.22), head, head)
    painter.drawEllipse(int(w * 0.12), int(h * 0.22 + head * 1.05), int(w * 0.76), int(h * 0.7))
    painter.end()
    return pixmap


class ThumbnailLoader(QObject):
    """Pixmaps by (photo hash, box width); `ready(sha)` fires on the GUI thread when a requested one arrives."""

    ready = Signal(str)

    def __init__(self, store: Store, box: QSize, source_size: int = photos.THUMB_SIZE, threads: int = 2,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._box = QSize(box)
        self._source_size = source_size
        self._cache: OrderedDict[str, QPixmap | None] = OrderedDict()
        self._pending: set[str] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._on_loaded)
        self.placeholder = placeholder(self._box)

    @property
    def box(self) -> QSize:
        return QSize(self._box)

    def pixmap(self, sha: str | None) -> QPixmap | None:
        """The thumbnail if ready; otherwise None (and a load is queued) — the caller shows the placeholder."""
        if not sha:
            return None
        if sha in self._cache:
            self._cache.move_to_end(sha)
            return self._cache[sha]
        if sha not in self._pending:
            self._pending.add(sha)
            self._pool.start(_LoadJob(self._store, sha, self._box, self._source_size, self._signals))
        return None

    def is_pending(self, sha: str) -> bool:
        return sha in self._pending

    def pending_count(self) -> int:
        return len(self._pending)

    def _on_loaded(self, sha: str, width: int, image: QImage) -> None:
        if width != self._box.width():
            return
        self._pending.discard(sha)
        self._cache[sha] = None if image.isNull() else QPixmap.fromImage(image)
        while len(self._cache) > MAX_CACHED:
            self._cache.popitem(last=False)
        self.ready.emit(sha)

    def clear_queue(self) -> None:
        """Drop loads not started yet (after a filter change the old screen's pictures are not needed)."""
        self._pool.clear()
        self._pending.clear()

    def shutdown(self, msecs: int = 5000) -> None:
        self._pool.clear()
        self._pool.waitForDone(msecs)
