"""Rows of a long list fetched a block at a time, the least recently used blocks dropped: a list of 100,000 ids
costs one small query per screenful as the user scrolls, never one query of everything."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Generic, TypeVar

K = TypeVar("K")
R = TypeVar("R")


class RowBlocks(Generic[K, R]):
    def __init__(self, block: int, max_blocks: int) -> None:
        self._block = block
        self._max_blocks = max_blocks
        self._blocks: OrderedDict[int, Mapping[K, R]] = OrderedDict()

    def __len__(self) -> int:
        """How many blocks are cached."""
        return len(self._blocks)

    def clear(self) -> None:
        """Forget every fetched row (the list or the rows behind it changed)."""
        self._blocks.clear()

    def seed(self, rows: Mapping[K, R]) -> None:
        """The first block, read ahead (on a worker thread, say) so the first screen needs no query."""
        self._blocks.clear()
        self._blocks[0] = rows

    def get(self, keys: Sequence[K], row: int, fetch: Callable[[Sequence[K]], Mapping[K, R]]) -> R | None:
        """The row for `keys[row]`, fetching its whole block when it is not cached. `fetch` is passed here rather
        than kept, so the cache holds no reference back to its model (a cycle would keep dropped models alive).
        None past either end (a row number from a view of an older list, or -1 for "not found")."""
        if not 0 <= row < len(keys):
            return None
        number = row // self._block
        block = self._blocks.get(number)
        if block is None:
            block = fetch(keys[number * self._block:(number + 1) * self._block])
            self._blocks[number] = block
            while len(self._blocks) > self._max_blocks:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(number)
        return block.get(keys[row])
