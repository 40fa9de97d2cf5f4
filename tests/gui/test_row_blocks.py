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


def test_a_row_past_either_end_is_none_without_fetching() -> None:
    fetched: list[list[int]] = []

    def fetch(keys):  # type: ignore[no-untyped-def]
        fetched.append(list(keys))
        return {k: k * 10 for k in keys}

    rows = RowBlocks(block=3, max_blocks=2)
    assert rows.get([1, 2], 2, fetch) is None and rows.get([1, 2], -1, fetch) is None  # -1 once gave the last row
    assert rows.get([], 0, fetch) is None and fetched == []


def test_mentor_and_study_lists_give_none_past_the_end(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.mentor import PairQuery
    from jiaomei_desktop.services.study import SessionQuery
    from jiaomei_desktop.ui.mentor.model import PairsModel
    from jiaomei_desktop.ui.study.models import SessionListModel

    pairs = PairsModel(demo_ctx.store)
    pairs.set_query(PairQuery())
    pairs.wait_idle()
    sessions = SessionListModel(demo_ctx.store)
    sessions.set_query(SessionQuery())
    sessions.wait_idle()
    for model in (pairs, sessions):
        count = model.rowCount()
        assert count > 0 and model.row_at(count - 1) is not None
        assert model.row_at(count) is None and model.row_at(-1) is None
    assert pairs.row_at(pairs.row_of("no such pair")) is None


def test_a_seeded_first_block_needs_no_fetch() -> None:
    fetched: list[list[int]] = []

    def fetch(keys):  # type: ignore[no-untyped-def]
        fetched.append(list(keys))
        return {k: k * 10 for k in keys}

    rows = RowBlocks(block=3, max_blocks=2)
    rows.get([0, 1, 2, 3], 3, fetch)
    rows.seed({0: "read ahead", 1: "b", 2: "c"})  # the gallery's first screen, read with its keys on a worker
    assert rows.get([0, 1, 2, 3], 0, fetch) == "read ahead" and len(fetched) == 1 and len(rows) == 1
