from jiaomei_desktop.ui.row_blocks import RowBlocks


def test_blocks_are_fetched_once_and_the_least_recently_used_dropped() -> None:
    fetched: list[list[int]] = []

    def fetch(keys):  # type: ignore[no-untyped-def]
        fetched.append(list(keys))
        return {k: k * 10 for k in keys}

    keys = list(range(10))
    rows = RowBlocks(block=3, max_blocks=2)
    assert rows.get(keys, 4, fetch) == 40 and fetched == [[3, 4, 5]]
    assert rows.get(keys, 5, fetch) == 50 and len(fetched) == 1  # same block: cached
    rows.get(keys, 0, fetch)
    rows.get(keys, 3, fetch)  # block 1 used again: block 0 is now the oldest
    rows.get(keys, 9, fetch)  # a third block pushes out block 0
    assert len(rows) == 2 and fetched[-1] == [9]
    rows.get(keys, 1, fetch)
    assert fetched[-1] == [0, 1, 2]
    rows.clear()
    assert len(rows) == 0
    assert rows.get(keys, 4, fetch) == 40 and fetched[-1] == [3, 4, 5]
