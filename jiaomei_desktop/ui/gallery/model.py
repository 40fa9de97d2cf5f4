"""Gallery list model: the ordered card keys of the current filter, cards fetched a block at a time.

Filtering and sorting happen in SQL (services.honors) on a worker thread: the keys and the honour count of a new
filter are swapped in when ready (`loaded`), the newest request winning. The model holds keys plus a bounded cache of
card blocks, and asks the ThumbnailLoader for pictures, which arrive later and are announced with dataChanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import QWidget

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import honors
from jiaomei_desktop.services.honors import GalleryCard, HonorQuery
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.gallery.thumbnails import ThumbnailLoader
from jiaomei_desktop.ui.row_blocks import RowBlocks
from jiaomei_desktop.ui.tasks import Latest, Op

BLOCK = 64  # a little more than a full screen of cards: the first screen costs one small query
MAX_CACHED_BLOCKS = 80
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
PHOTO_BOX = QSize(144, 192)

Index = QModelIndex | QPersistentModelIndex


class GalleryModel(QAbstractListModel):
    loaded = Signal()  # the keys of the newest query are shown

    def __init__(self, store: Store, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._store = store
        self._query = HonorQuery()
        self._keys: list[str] = []
        self.honor_count = 0  # the honours behind the cards shown
        self._loads = Latest(self)
        self._rows: dict[str, int] = {}
        self._blocks: RowBlocks[str, GalleryCard] = RowBlocks(BLOCK, MAX_CACHED_BLOCKS)
        self._rows_by_photo: dict[str, set[int]] = defaultdict(set)
        self.thumbnails = ThumbnailLoader(store, PHOTO_BOX, parent=self)
        self.thumbnails.ready.connect(self._on_thumbnail)

    # -- the view's questions ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self._keys)) or index.column() != 0:
            return None
        row = index.row()
        if role == KEY_ROLE:
            return self._keys[row]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
                        CARD_ROLE, Qt.ItemDataRole.AccessibleTextRole):
            return None
        card = self.card_at(row)
        if card is None:
            return None
        if role == CARD_ROLE:
            return card
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return card.name
        if role == Qt.ItemDataRole.ToolTipRole:
            more = _("，共 {n} 项荣誉").format(n=card.honor_count) if card.honor_count > 1 else ""
            who = _("{name}（{unit}）").format(name=card.name, unit=card.unit_name)
            return f"{who}\n{card.honor_level} · {card.honor_title}{more}"
        return self.photo(row, card)

    def photo(self, row: int, card: GalleryCard):  # type: ignore[no-untyped-def]
        """The card's thumbnail, or the placeholder while it loads (or when there is none)."""
        if card.photo_sha256:
            pixmap = self.thumbnails.pixmap(card.photo_sha256)
            if pixmap is not None:
                return pixmap
            self._rows_by_photo[card.photo_sha256].add(row)
        return self.thumbnails.placeholder

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # -- the tab's controls ------------------------------------------------------------------------------------
    @property
    def query(self) -> HonorQuery:
        return self._query

    def set_query(self, query: HonorQuery) -> None:
        """Asks for `query`'s cards; `query` is the newest request at once, its keys arrive with `loaded`."""
        self._query = query
        self._loads.run_soon(self._load_op)

    def _load_op(self) -> Op[tuple[list[str], int, Mapping[str, GalleryCard]]]:
        store, query = self._store, self._query

        def load(_progress: object) -> tuple[list[str], int, Mapping[str, GalleryCard]]:
            keys = honors.find_card_keys(store, query)
            # the first screen's cards too: fetched on the GUI thread when first painted, they held it ~30 ms
            first = honors.fetch_cards(store, keys[:BLOCK], query) if keys else {}
            return keys, honors.count_honors(store, query) if keys else 0, first

        # Owned by the tab: a tab closed while its keys load drops the result instead of filling a deleted model.
        parent = self.parent()
        owner = parent if isinstance(parent, QWidget) else None
        return Op(owner, load).success(self._swap_in)

    @property
    def loading(self) -> bool:
        return self._loads.busy

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the newest query's cards are shown."""
        self._loads.wait(msecs)

    def _swap_in(self, loaded: tuple[list[str], int, Mapping[str, GalleryCard]]) -> None:
        keys, self.honor_count, first = loaded
        self.beginResetModel()
        self._keys = keys
        self._rows = {key: row for row, key in enumerate(keys)}
        self._blocks.seed(first)
        self._rows_by_photo.clear()
        self.thumbnails.clear_queue()
        self.endResetModel()
        self.loaded.emit()

    def refresh(self) -> None:
        self.set_query(self._query)

    def key(self, row: int) -> str | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: str) -> int:
        return self._rows.get(key, -1)

    def card_at(self, row: int) -> GalleryCard | None:
        return self._blocks.get(self._keys, row, lambda keys: honors.fetch_cards(self._store, keys, self._query))

    def _on_thumbnail(self, sha: str) -> None:
        for row in sorted(self._rows_by_photo.pop(sha, ())):
            if row < len(self._keys):
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def shutdown(self) -> None:
        self.thumbnails.shutdown()
