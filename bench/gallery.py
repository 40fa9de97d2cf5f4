"""Gallery benchmark: 5,000 honours with photos.

Measures (medians of several runs):
- open_ms: a new 先进典型 tab, from construction to the first screen painted (cards with placeholders);
- filter_ms_median: one filter or search change, to the screen repainted;
- the longest GUI-thread stall while thumbnails are made and loaded in worker threads (the view is scrolled through
  the gallery meanwhile, with every thumbnail file deleted first so each one is really made), against the baseline
  of making the first screen's thumbnails on the GUI thread (what the workers spare it).

Run: python bench/gallery.py [--honors 5000] [--photos 400] [--runs 5]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import CACHE, median_ms, report

# PySide6 6.12.0 on Python 3.11 drops a reference to None/True/False on every Python override of a void virtual
# (paint, run, paintEvent…) and every signal emit; a few thousand calls abort the interpreter ("none_dealloc").
# Until the app runs on a PySide6 without that bug, keep enough references here so the benchmark can finish.
_SINGLETON_GUARD: list[object] = []
ctypes.pythonapi.Py_IncRef(ctypes.py_object(_SINGLETON_GUARD))  # never freed, so never hands those references back


def guard_singletons() -> None:
    for obj in (None, True, False):
        if sys.getrefcount(obj) < 200_000:
            _SINGLETON_GUARD.extend([obj] * 500_000)


TARGET_OPEN_MS = 300
TARGET_FILTER_MS = 100
TARGET_STALL_MS = 100


def build_store(directory: Path, honors_total: int, distinct_photos: int) -> None:
    """A demo store (seed structure) topped up with honours until there are `honors_total`, each with a photo."""
    import io
    import random
    from datetime import date, timedelta

    from PIL import Image, ImageDraw
    from sqlalchemy import func, insert, select, update

    from jiaomei_desktop.db.base import new_id, utcnow
    from jiaomei_desktop.db.models import Honor, Person
    from jiaomei_desktop.domain.honor import LEVELS
    from jiaomei_desktop.services import photos
    from jiaomei_desktop.services.demo import create_demo_store
    from jiaomei_desktop.services.demo.honors import _portrait

    store = create_demo_store(directory, members=3000)
    rng = random.Random(5000)
    shas = []
    with store.transaction() as session:
        for i in range(distinct_photos):
            base = Image.open(io.BytesIO(_portrait(i))).resize((900, 1200))
            ImageDraw.Draw(base).text((20, 20), f"#{i}", fill="black")  # distinct bytes, distinct hash
            out = io.BytesIO()
            base.save(out, "PNG")
            shas.append(photos.save_prepared(session, store, photos.prepare_photo(out.getvalue())).sha256)
        existing = session.scalar(select(func.count()).select_from(Honor)) or 0
        people = list(session.scalars(select(Person.id)))
        owner = session.scalar(select(Honor.owner_unit_id).limit(1))
        rows = []
        for _ in range(max(0, honors_total - existing)):
            level = rng.choice(LEVELS[2:] + LEVELS[3:] * 3)
            rows.append({"id": new_id(), "owner_unit_id": owner, "version": 1, "updated_at": utcnow(),
                         "deleted": False, "person_id": rng.choice(people), "unit_id": None,
                         "title": "优秀共产党员", "category": "优秀共产党员", "level": level,
                         "awarding_body": "焦煤集团党委",
                         "award_date": date(2024, 1, 1) + timedelta(days=rng.randrange(1000)),
                         "deeds": "坚持安全生产，积极开展传帮带。", "photo_sha256": None})
        if rows:
            session.execute(insert(Honor), rows)
        ids = list(session.scalars(select(Honor.id)))
        session.execute(update(Honor), [{"id": i, "photo_sha256": rng.choice(shas)} for i in ids])  # all with photo
    store.close()
    (directory / "bench-ready").write_text("ok")


def clear_filters(tab) -> None:  # type: ignore[no-untyped-def]
    """What a 清空 would do: reset the three combos, then filter once."""
    for combo in (tab.year_filter, tab.level_filter, tab.category_filter):
        combo.blockSignals(True)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)
    tab.apply_filters()


def delete_thumbnails(photos_dir: Path) -> int:
    removed = 0
    for path in photos_dir.rglob("*.t*.jpg"):
        path.unlink()
        removed += 1
    return removed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--honors", type=int, default=5000)
    parser.add_argument("--photos", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    directory = CACHE / f"gallery-{args.honors}-{args.photos}"
    if not (directory / "bench-ready").exists():
        import shutil

        shutil.rmtree(directory, ignore_errors=True)
        directory.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        build_store(directory, args.honors, args.photos)
        print(f"built benchmark store in {time.perf_counter() - started:.1f} s: {directory}")

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from jiaomei_desktop.services import honors, org, photos
    from jiaomei_desktop.services.honors import HonorQuery
    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
    from jiaomei_desktop.ui.gallery.tab import GalleryTab
    from jiaomei_desktop.ui.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    store = open_store(directory, create=False)
    ctx = AppContext(store, UnitSelection(), DataChanged())
    total = honors.count_honors(store, HonorQuery())
    with_photo = sum(1 for r in honors.list_honors(store, HonorQuery()) if r.photo_sha256)

    def spin() -> None:
        """Handle the pending events once. (Not app.processEvents(): in PySide6 6.12 each call drops a reference
        to None, and a few thousand calls abort the interpreter; an event loop driven by timers does not.)"""
        guard_singletons()
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()

    def paint(tab: GalleryTab) -> None:
        spin()
        tab.view.viewport().repaint()

    # -- open: construction to first screen painted --------------------------------------------------------------
    open_samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        tab = GalleryTab(ctx)
        tab.resize(1400, 900)
        tab.show()
        paint(tab)
        open_samples.append(time.perf_counter() - started)
        cards = tab.model.rowCount()
        tab.shutdown()
        tab.close()
        tab.deleteLater()
        spin()

    # -- filters -------------------------------------------------------------------------------------------------
    tab = GalleryTab(ctx)
    tab.resize(1400, 900)
    tab.show()
    paint(tab)
    committee = next(u for u in org.list_units(store) if u.kind.value == "基层党委")
    steps = [
        ("year 2025", lambda: tab.year_filter.setCurrentIndex(tab.year_filter.findData(2025))),
        ("level 集团级", lambda: tab.level_filter.setCurrentIndex(tab.level_filter.findData("集团级"))),
        ("category 优秀共产党员", lambda: tab.category_filter.setCurrentIndex(
            tab.category_filter.findData("优秀共产党员"))),
        ("clear filters", lambda: clear_filters(tab)),
        ("unit subtree", lambda: tab.set_unit(committee.id)),
        ("whole store", lambda: tab.set_unit(None)),
        ("search name initials", lambda: (tab.search.setText("wj"), tab.apply_filters())),
        ("search deeds 传帮带", lambda: (tab.search.setText("传帮带"), tab.apply_filters())),
        ("clear search", lambda: (tab.search.setText(""), tab.apply_filters())),
    ]
    filter_samples: dict[str, list[float]] = {name: [] for name, _ in steps}
    for _ in range(args.runs):
        for name, action in steps:
            started = time.perf_counter()
            action()
            paint(tab)
            filter_samples[name].append(time.perf_counter() - started)
    tab.shutdown()
    tab.close()
    spin()
    all_filters = [s for samples in filter_samples.values() for s in samples]

    # -- thumbnails off the GUI thread: the longest stall while they load ---------------------------------------
    deleted = delete_thumbnails(store.photos_dir)
    tab = GalleryTab(ctx)
    tab.resize(1400, 900)
    tab.show()
    paint(tab)
    bar = tab.view.verticalScrollBar()
    # A 1 ms timer on the GUI thread: the gap between two ticks is how long the thread was busy with something
    # else (painting, thumbnails arriving, rows fetched). It also scrolls about ten screens a second.
    state = {"last": time.perf_counter(), "longest": 0.0, "next_scroll": 0.0}
    gaps: list[float] = []

    def tick() -> None:
        guard_singletons()
        now = time.perf_counter()
        gaps.append(now - state["last"])
        state["longest"] = max(state["longest"], now - state["last"])
        state["last"] = now
        if now >= state["next_scroll"] and bar.value() < bar.maximum():
            bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep() // 3))
            state["next_scroll"] = now + 0.03

    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.timeout.connect(tick)
    loop = QEventLoop()
    QTimer.singleShot(6000, loop.quit)
    state["last"] = time.perf_counter()
    ticker.start(1)
    loop.exec()
    ticker.stop()
    longest = state["longest"]
    slow_gaps = sum(1 for g in gaps if g > 0.05)
    p99 = sorted(gaps)[int(len(gaps) * 0.99)] if gaps else 0.0
    made = sum(1 for _ in store.photos_dir.rglob("*.t240.jpg"))
    tab.shutdown()
    tab.close()
    spin()

    # baseline: what one screen of thumbnails would cost if made on the GUI thread
    delete_thumbnails(store.photos_dir)
    from PySide6.QtGui import QImage

    first_screen = honors.fetch_cards(store, honors.find_card_keys(store, HonorQuery())[:40])
    started = time.perf_counter()
    for card in first_screen.values():
        if card.photo_sha256:
            path = photos.ensure_thumbnail(store, card.photo_sha256)
            QImage(str(path))
    sync_ms = round((time.perf_counter() - started) * 1000, 1)
    store.close()

    open_ms = median_ms(open_samples)
    filter_ms = median_ms(all_filters)
    worst_filter = max((median_ms(s), n) for n, s in filter_samples.items())
    stall_ms = round(longest * 1000, 1)
    rows = [
        ("honours (with photo)", f"{total} ({with_photo})", ""),
        ("gallery cards", cards, ""),
        ("open, first screen (median)", f"{open_ms} ms", f"target ≤ {TARGET_OPEN_MS} ms"),
        ("filter/search (median)", f"{filter_ms} ms", f"target ≤ {TARGET_FILTER_MS} ms"),
        ("slowest filter (median)", f"{worst_filter[0]} ms", worst_filter[1]),
        ("thumbnails made while scrolling", f"{made}", f"worker threads; cache emptied first ({deleted} files)"),
        ("longest GUI stall meanwhile", f"{stall_ms} ms", f"target ≤ {TARGET_STALL_MS} ms"),
        ("stalls > 50 ms / 99th percentile gap", f"{slow_gaps} / {p99 * 1000:.1f} ms", f"{len(gaps)} timer ticks"),
        ("baseline: 40 thumbnails on GUI thread", f"{sync_ms} ms", "what the workers spare the GUI"),
    ]
    report("Gallery benchmark", rows, {
        "honors": total, "cards": cards, "open_ms": open_ms, "filter_ms_median": filter_ms,
        "filter_ms_worst_median": worst_filter[0], "thumbnail_stall_ms": stall_ms, "stalls_over_50ms": slow_gaps, "thumbnails_made": made,
        "sync_first_screen_thumbnails_ms": sync_ms,
    })


if __name__ == "__main__":
    main()
