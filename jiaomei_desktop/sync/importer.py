"""Applying a verified bundle inside one transaction: merge the segments not merged before, add photos, record
the keys, handovers, relayed segments and the import-log line. The caller commits (or, for a dry run, discards)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace

from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync import handover, localstate
from jiaomei_desktop.sync.bundle import PhotoFile, VerifiedBundle, segment_counts, segment_seq
from jiaomei_desktop.sync.errors import BundleRejected
from jiaomei_desktop.sync.keys import TrustStore
from jiaomei_desktop.sync.merge import MergeContext, PresentIds, merge_segments
from jiaomei_desktop.sync.summary import ImportSummary

PhotoSink = Callable[[PhotoFile], None]


def apply_bundle(
    conn: sqlite3.Connection,
    bundle: VerifiedBundle,
    trust: TrustStore,
    file_name: str,
    photo_sink: PhotoSink | None,
    progress: Progress = NO_PROGRESS,
    present: PresentIds | None = None,
) -> ImportSummary:
    header = bundle.header
    summary = ImportSummary(
        bundle_id=header.bundle_id,
        source_unit_id=header.source_unit_id,
        source_name=header.source_name,
        schema_revision=header.schema_revision,
        upgraded=bundle.older_schema,
        segments=len(bundle.segments),
    )
    own_unit = localstate.office_unit(conn)
    todo = []
    for seg in bundle.segments:
        if localstate.is_applied(conn, seg.sha256):
            summary.segments_skipped += 1
            for table, n in segment_counts(seg.raw).items():
                summary.count(table, seg.owner_unit_id, "unchanged", n)
        else:
            todo.append(seg)
    progress.step(0, 3, _("正在核对记录…"))
    ctx = MergeContext(
        older_schema=bundle.older_schema,
        present=present,
        cert_paths={unit: cert.unit_path for unit, cert in trust.trusted.items()},
    )
    for proof in bundle.proofs:
        for table, row_id in proof.rows:
            ctx.add_handover(table, row_id, proof.from_unit_id, proof.to_unit_id)
        handover.save(conn, proof)
    try:
        merge_segments(conn, [s.data for s in todo], ctx, summary)
    except BundleRejected as exc:  # name the submitting offices as this office knows them
        raise BundleRejected(
            [
                replace(r, owner_name=trust.name(r.owner_unit_id)) if r.owner_unit_id not in ("", "-") else r
                for r in exc.rejections
            ]
        ) from None
    summary.unit_labels = _unit_labels(conn, list(summary.by_unit))
    progress.step(1, 3, _("正在保存照片…"))
    summary.photos_new = _add_photos(conn, bundle.photos, photo_sink)
    progress.step(2, 3, _("正在记录…"))
    summary.keys_new = len(trust.accepted)
    localstate.save_revocations(conn, trust.accepted_revocations)
    localstate.save_certificates(conn, trust.accepted)
    localstate.record_handovers(conn, ctx.new_handovers)
    for seg in todo:
        localstate.mark_applied(conn, seg.sha256, seg.owner_unit_id, seg.data.seq, seg.data.row_count)
    for seg in todo:  # an already merged segment was offered for relaying when it was merged
        if seg.owner_unit_id != own_unit:  # kept even at the root: its up-export is the whole group's data
            localstate.keep_segment(conn, seg.owner_unit_id, segment_seq(seg.raw), seg.signature, seg.raw)
    localstate.log_import(
        conn, header.bundle_id, header.source_unit_id, header.source_name, file_name, summary.as_dict()
    )
    progress.step(3, 3, "")
    return summary


def _add_photos(conn: sqlite3.Connection, photos: list[PhotoFile], sink: PhotoSink | None) -> int:
    added = 0
    for photo in photos:
        if conn.execute("SELECT 1 FROM photo WHERE sha256 = ?", (photo.sha256,)).fetchone():
            continue
        meta = photo.meta
        width, height = meta.get("width", 0), meta.get("height", 0)
        assert isinstance(width, int) and isinstance(height, int)  # bundle._photo_meta_ok let only whole numbers in
        conn.execute(
            "INSERT INTO photo (sha256, mime, width, height, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                photo.sha256,
                str(meta.get("mime", "image/jpeg"))[:40],
                width,
                height,
                len(photo.data),
                localstate._now(),
            ),
        )
        if sink is not None:
            sink(photo)  # written before the commit; an orphan file after a rollback is harmless (content-addressed)
        added += 1
    return added


def _unit_labels(conn: sqlite3.Connection, units: list[str]) -> dict[str, str]:
    """Names (and codes) of the offices a summary counts by, read after the merge so that offices new to this
    store are named too: previews and reports never show a UUID."""
    labels = {}
    for unit in units:
        row = conn.execute("SELECT name, code FROM org_unit WHERE id = ?", (unit,)).fetchone()
        if row:
            labels[unit] = f"{row[0]}（{row[1]}）" if row[1] else str(row[0])
    return labels
