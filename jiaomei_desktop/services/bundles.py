"""File sync use cases (docs/design.md §4): export, import with preview or dry run, consolidate a folder, provision a
child office, set up a new installation from a setup file, keys, conflicts and the import history.

Every function takes the Store first and returns plain data. Errors a user can cause come back as SyncFailed with a
Chinese message (and, for bad records, the list naming them); the store is then exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.pool import StaticPool

from jiaomei_desktop import __version__
from jiaomei_desktop.db import migrate
from jiaomei_desktop.db.base import Base
from jiaomei_desktop.db.models import ImportLog, OfficeKey, OrgUnit, SyncConflict, TrustedKey
from jiaomei_desktop.db.sqlite_connect import database_errors
from jiaomei_desktop.domain.idnumber import mask
from jiaomei_desktop.domain.progress import NO_PROGRESS, Cancelled, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import ownership, photos
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.health import REASON_IMPORT, backup_now
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from jiaomei_desktop.services.storage_errors import as_storage_error
from jiaomei_desktop.services.store import Store, open_store
from jiaomei_desktop.sync import exporter, localstate, merge, provision
from jiaomei_desktop.sync.bundle import BUNDLE_SUFFIX, SETUP_SUFFIX, PhotoFile, VerifiedBundle, verify_bundle
from jiaomei_desktop.sync.connection import plain_indexes_deferred, scratch_copy, write_transaction
from jiaomei_desktop.sync.container import Container, Limits, open_container, write_safely
from jiaomei_desktop.sync.duplicates import DUPLICATE_KEY
from jiaomei_desktop.sync.errors import BundleError, Rejection
from jiaomei_desktop.sync.exporter import PhotoSource
from jiaomei_desktop.sync.identity import ensure_identity
from jiaomei_desktop.sync.importer import PhotoSink, apply_bundle
from jiaomei_desktop.sync.keys import TrustStore, fingerprint
from jiaomei_desktop.sync.passphrase import check_passphrase, decrypt, encrypt, generate_passphrase, is_encrypted
from jiaomei_desktop.sync.summary import ImportSummary
from jiaomei_desktop.sync.tables import table_by_name

log = logging.getLogger(__name__)

__all__ = [
    "BUNDLE_SUFFIX",
    "SETUP_SUFFIX",
    "ConflictData",
    "ConsolidationReport",
    "ExportResult",
    "ImportLogEntry",
    "ImportSummary",
    "KeyInfo",
    "Limits",
    "ProvisionResult",
    "SyncFailed",
    "consolidate",
    "ensure_office_key",
    "export_bundle",
    "import_bundle",
    "import_history",
    "is_owned_here",
    "key_info",
    "list_conflicts",
    "provision_child",
    "provisionable_units",
    "resolve_conflict",
    "setup_from_file",
    "unit_names",
]


class SyncFailed(ServiceError):
    """The bundle or file was refused; nothing was written. `rejections` names bad records, if that was the cause."""

    def __init__(self, message: str, rejections: list[Rejection] | None = None) -> None:
        super().__init__(message)
        self.rejections = rejections or []


@cache
def _schema() -> tuple[str, frozenset[str]]:
    return migrate.head_revision(), frozenset(migrate.known_revisions())


# What hostile or damaged content could still raise beyond the checks that name the problem, while a bundle is
# read and decoded (only the bundle's bytes are at work there): refused, never a traceback. The log keeps the
# details for a bug report.
_MALFORMED = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError)
# While merging, rows have passed the column checks; what a value could still do is fail to bind.
_UNBINDABLE = (OverflowError, RecursionError, UnicodeError)  # and the driver's InterfaceError, ProgrammingError


@contextlib.contextmanager
def _failing_clearly() -> Iterator[None]:
    try:
        yield
    except BundleError as exc:
        raise SyncFailed(str(exc), getattr(exc, "rejections", None)) from exc
    except database_errors("OperationalError", also=(OSError,)) as exc:
        storage = as_storage_error(exc, None)  # a full or read-only disk: said plainly; the transaction rolled back
        if storage is not None:
            raise SyncFailed(str(storage)) from exc
        if isinstance(exc, OSError):
            raise
        if "locked" in str(exc):
            raise SyncFailed(_("数据文件正被另一个程序使用，请稍后再试。")) from exc
        raise SyncFailed(_("读写数据文件出错：{error}").format(error=exc)) from exc


def _photo_bytes(store: Store) -> PhotoSource:
    def read(sha: str) -> bytes | None:
        try:
            return photos.photo_path(store, sha).read_bytes()
        except (OSError, ValueError):
            return None

    return read


class _PhotoWriter:
    """Writes imported photos (temp file → rename) and makes them durable in one go before the import commits:
    one sync for hundreds of pictures instead of one fsync each. A crash before the commit leaves at most unused
    files, which are harmless (content-addressed)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.written: list[Path] = []

    def __call__(self, photo: PhotoFile) -> None:
        target = photos.photo_path(self.store, photo.sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(photo.data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self.written.append(target)

    def flush(self) -> None:
        if not self.written:
            return
        if hasattr(os, "sync"):
            os.sync()
        else:  # Windows: no global sync; flush each file
            for path in self.written:
                with path.open("rb+") as fh:
                    os.fsync(fh.fileno())
        self.written.clear()


# -- export -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    segments: int
    rows: int
    photos: int
    size_bytes: int
    encrypted: bool
    direction: str

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "path": str(self.path)}


def default_bundle_name(store: Store, direction: str) -> str:
    code = _office_code(store)
    pattern = _("{code}-上报-{time}{suffix}") if direction == "up" else _("{code}-下发-{time}{suffix}")
    return pattern.format(code=code, time=f"{datetime.now():%Y%m%d-%H%M%S}", suffix=BUNDLE_SUFFIX)


def _office_code(store: Store) -> str:
    office = store.get_setting(OFFICE_UNIT_KEY)
    with store.reading() as session:
        unit = session.get(OrgUnit, office) if office else None
        return "".join(c for c in (unit.code if unit else "office") if c.isalnum() or c in "-_") or "office"


def _target(store: Store, dest: Path, direction: str) -> Path:
    dest = Path(dest)
    if dest.is_dir():
        return dest / default_bundle_name(store, direction)
    if not dest.parent.is_dir():
        raise SyncFailed(_("文件夹 {folder} 不存在（U盘是否已插好？）").format(folder=dest.parent))
    if dest.suffix.lower() == BUNDLE_SUFFIX:
        return dest
    if not dest.suffix:
        # A name without an extension is a folder to make (`--to E:\\汇总`), never a file consolidation would skip.
        dest.mkdir()
        return dest / default_bundle_name(store, direction)
    return dest.with_name(dest.name + BUNDLE_SUFFIX)  # always a .jmb name, which consolidation picks up


def export_bundle(
    store: Store,
    dest: Path,
    passphrase: str | None = None,
    direction: str = "up",
    recipient_unit_id: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> ExportResult:
    """Write what this office owns (and relays) to `dest` (a file, or a folder for a default name).

    direction "up" goes to the parent: own records + the children's signed segments. "down" goes to the children:
    the tree and this office's records that concern them (`recipient_unit_id` narrows it to one child's subtree).
    """
    if direction not in ("up", "down"):
        raise SyncFailed(_("方向只能是上报（up）或下发（down）"))
    if passphrase:
        check_passphrase_or_fail(passphrase)
    target = _target(store, dest, direction)
    head, _known = _schema()
    progress.step(0, 3, _("正在整理数据…"))
    with _failing_clearly(), write_transaction(store.db_path) as conn:
        data, info = exporter.export_bundle(conn, head, __version__, direction, recipient_unit_id, _photo_bytes(store))
        progress.step(1, 3, _("正在写入文件…"))
        if passphrase:
            data = encrypt(data, passphrase)
        write_safely(target, data)  # inside the transaction: a failed write also forgets the new segment number
        progress.step(2, 3, _("正在核对…"))
        _verify_written(target, data, passphrase)
    progress.step(3, 3, "")
    log.info("bundle exported: %s segments, %s rows", info.segments, info.rows)
    return ExportResult(
        target, info.bundle_id, info.segments, info.rows, info.photos, len(data), bool(passphrase), direction
    )


def _verify_written(target: Path, data: bytes, passphrase: str | None) -> None:
    """Re-read from the stick and open it as an importer would (the bytes were already compared)."""
    written = target.read_bytes()
    plain = decrypt(written, passphrase) if passphrase else written
    open_container(plain, Limits())
    if written != data:
        target.unlink(missing_ok=True)
        raise SyncFailed(_("写入后核对不一致，文件已删除。请换一个U盘重试。"))


def check_passphrase_or_fail(passphrase: str) -> None:
    with _failing_clearly():
        check_passphrase(passphrase)


def passphrase_problem(passphrase: str) -> str | None:
    """Why a typed passphrase is not good enough (too short, too easy to guess), or None."""
    try:
        check_passphrase(passphrase)
    except BundleError as exc:
        return str(exc)
    return None


def new_passphrase() -> str:
    """A generated passphrase: seven common two-character words, about 84 bits (sync.passphrase)."""
    return generate_passphrase()


# -- import -----------------------------------------------------------------------------------------------------
def _load(path: Path, passphrase: str | None, limits: Limits) -> bytes:
    data = _read_raw(path, limits)
    if is_encrypted(data):
        with _failing_clearly():
            data = decrypt(data, passphrase)
    return data


def _read_raw(path: Path, limits: Limits) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise SyncFailed(_("文件过大，不是本程序生成的数据包。"))
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SyncFailed(_("找不到文件 {path}").format(path=path)) from exc
    except OSError as exc:
        raise SyncFailed(
            _("无法读取 {name}（U盘是否已拔出？）：{error}").format(name=path.name, error=exc.strerror or exc)
        ) from exc
    return data


def is_encrypted_file(path: Path) -> bool:
    try:
        with Path(path).open("rb") as fh:
            return is_encrypted(fh.read(16))
    except OSError:
        return False


def import_bundle(
    store: Store,
    path: Path,
    passphrase: str | None = None,
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
    limits: Limits | None = None,
) -> ImportSummary:
    """Check and merge one bundle, all or nothing. With dry_run the store file is not even opened for writing:
    the same import runs on a throw-away copy, so the preview is exactly what the real import will do."""
    limits = limits or Limits()
    progress.step(0, 1, _("正在检查数据包…"))
    data = _load(path, passphrase, limits)
    head, known = _schema()
    with _failing_clearly():
        container = open_container(data, limits)
        opener = scratch_copy if dry_run else write_transaction
        with opener(store.db_path) as conn:
            trust = localstate.load_trust(conn)
            bundle = _verified(conn, container, trust, head, known)
            if bundle.header.kind != "bundle":
                raise BundleError(_("这是开通文件，应在新安装的程序中选择“用开通文件设置本机”。"))
            if not dry_run:
                # Last, once the bundle is known good: junk never makes a backup (nor rotates a manual one away).
                # We hold the write lock and have written nothing, so the copy is the store as committed.
                backup_now(store, REASON_IMPORT, compress_later=True)
            writer = _PhotoWriter(store)
            summary = _apply(conn, bundle, trust, Path(path).name, None if dry_run else writer, None, progress)
            writer.flush()
    if not dry_run:
        store._settings_cache.clear()
        log.info("bundle imported: %s", summary.totals())
    return summary


def _verified(
    conn: sqlite3.Connection, container: Container, trust: TrustStore, head: str, known: frozenset[str]
) -> VerifiedBundle:
    """Signature, manifest, files, and the segments not merged before decoded: every check that needs no write,
    so that a bundle refused by any of them has cost no backup. A malformed value is a BundleError."""
    try:
        bundle = verify_bundle(container, trust, head, set(known))
        for segment in bundle.segments:
            if not localstate.is_applied(conn, segment.sha256):
                segment.data  # decoded once, kept for the merge  # noqa: B018
    except BundleError:
        raise
    except _MALFORMED as exc:
        log.warning("bundle content refused: %s", type(exc).__name__, exc_info=True)
        raise BundleError(_("数据包内容格式不正确，已拒绝，没有导入任何数据。")) from exc
    return bundle


@dataclass
class ConsolidationReport:
    files: list[tuple[str, ImportSummary | None, str]] = field(default_factory=list)  # name, summary, error

    @property
    def imported(self) -> int:
        return sum(1 for _n, s, _e in self.files if s is not None)

    @property
    def failed(self) -> int:
        return sum(1 for _n, s, _e in self.files if s is None)

    def totals(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for _n, summary, _e in self.files:
            for key, value in (summary.totals() if summary else {}).items():
                total[key] = total.get(key, 0) + value
        return total

    def as_dict(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "failed": self.failed,
            "totals": self.totals(),
            "files": [
                {"file": n, "ok": s is not None, "error": e, "totals": s.totals() if s else None}
                for n, s, e in self.files
            ],
        }


def bundle_files(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() == BUNDLE_SUFFIX and p.is_file())


_BATCH = 16  # bundles merged under one savepoint (see _merge_batch)
Opener = Callable[[sqlite3.Connection, Path], tuple[VerifiedBundle, TrustStore]]
FileResult = tuple[str, ImportSummary | None, str]


def consolidate(
    store: Store,
    folder: Path,
    passphrase: str | None = None,
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
    limits: Limits | None = None,
) -> ConsolidationReport:
    """Merge every bundle in a folder in one transaction. A bad bundle is skipped (its own changes undone) and
    reported; cancelling undoes everything."""
    limits = limits or Limits()
    files = bundle_files(folder)
    if not files:
        raise SyncFailed(_("文件夹 {folder} 中没有数据包（*{suffix}）").format(folder=folder, suffix=BUNDLE_SUFFIX))
    head, known = _schema()
    report = ConsolidationReport()
    writer = _PhotoWriter(store)
    sink = None if dry_run else writer
    position = {path: number for number, path in enumerate(files)}
    backed_up = dry_run

    def open_verified(conn: sqlite3.Connection, path: Path) -> tuple[VerifiedBundle, TrustStore]:
        nonlocal backed_up
        number = position[path]
        progress.step(
            number,
            len(files),
            _("正在汇总 {name}（{n}/{total}）").format(name=path.name, n=number + 1, total=len(files)),
        )
        trust = localstate.load_trust(conn)
        with _failing_clearly():
            bundle = _verified(conn, open_container(_load(path, passphrase, limits), limits), trust, head, known)
        if not backed_up:
            # Before the first write of a good bundle: a folder of junk makes no backup. What we changed so far
            # in this transaction (deferred indexes) is not committed, so the copy is the store as it was.
            backup_now(store, REASON_IMPORT, compress_later=True)
            backed_up = True
        return bundle, trust

    opener = scratch_copy if dry_run else write_transaction
    with _failing_clearly(), opener(store.db_path) as conn:
        present = merge.PresentIds.of_small_tables(conn)
        with plain_indexes_deferred(conn, present.tables):
            for start in range(0, len(files), _BATCH):
                batch = files[start : start + _BATCH]
                results = _merge_batch(conn, batch, open_verified, sink, present)
                report.files.extend(
                    results if results is not None else _merge_each(conn, batch, open_verified, sink, present)
                )
        progress.step(len(files), len(files), _("正在提交…"))
        writer.flush()
    store._settings_cache.clear()
    return report


def _merge_batch(
    conn: sqlite3.Connection,
    paths: list[Path],
    open_verified: Opener,
    sink: PhotoSink | None,
    present: merge.PresentIds,
) -> list[FileResult] | None:
    """Merge several bundles under one savepoint. A bundle refused before it wrote anything (unreadable, a bad
    signature…) is just reported; if one is refused while merging, the whole batch is undone and None returned,
    so that the caller merges it again one savepoint per bundle (the same bundles in the same order give the same
    result). Why: a savepoint copies aside every page it changes that existed before it, and new rows with random
    ids touch most pages of every index, so one savepoint per bundle cost a large consolidation seconds."""
    results: list[FileResult] = []
    conn.execute("SAVEPOINT batch")
    for path in paths:
        try:
            bundle, trust = open_verified(conn, path)
        except (BundleError, SyncFailed) as exc:
            results.append((path.name, None, str(exc)))
            continue
        try:
            summary = _apply(conn, bundle, trust, path.name, sink, present)
        except (BundleError, SyncFailed):
            conn.execute("ROLLBACK TO batch")
            conn.execute("RELEASE batch")
            return None
        results.append((path.name, summary, ""))
    conn.execute("RELEASE batch")
    return results


def _apply(
    conn: sqlite3.Connection,
    bundle: VerifiedBundle,
    trust: TrustStore,
    name: str,
    sink: PhotoSink | None,
    present: merge.PresentIds | None,
    progress: Progress = NO_PROGRESS,
) -> ImportSummary:
    try:
        return apply_bundle(conn, bundle, trust, name, sink, progress, present=present)
    except database_errors("InterfaceError", "ProgrammingError", also=_UNBINDABLE) as exc:
        log.warning("bundle content refused: %s", type(exc).__name__, exc_info=True)
        raise BundleError(_("数据包内容格式不正确，已拒绝，没有导入任何数据。")) from exc


def _merge_each(
    conn: sqlite3.Connection,
    paths: list[Path],
    open_verified: Opener,
    sink: PhotoSink | None,
    present: merge.PresentIds,
) -> list[FileResult]:
    """One savepoint per bundle: a bundle refused while merging is undone alone."""
    results: list[FileResult] = []
    for path in paths:
        conn.execute("SAVEPOINT bundle")
        try:
            bundle, trust = open_verified(conn, path)
            summary = _apply(conn, bundle, trust, path.name, sink, present)
        except (BundleError, SyncFailed) as exc:
            conn.execute("ROLLBACK TO bundle")
            results.append((path.name, None, str(exc)))
        else:
            results.append((path.name, summary, ""))
        conn.execute("RELEASE bundle")
    return results


# -- provisioning -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProvisionResult:
    path: Path
    unit_id: str
    unit_name: str
    fingerprint: str
    handed_over: int

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "path": str(self.path)}


def provision_child(store: Store, unit_id: str, dest: Path, passphrase: str) -> ProvisionResult:
    """Write the setup file for a child office. Its records go with it and become read-only here."""
    check_passphrase_or_fail(passphrase)
    head, _known = _schema()
    with store.reading() as session:
        unit = session.get(OrgUnit, unit_id)
        if unit is None or unit.deleted:
            raise SyncFailed(_("单位不存在或已删除"))
        name, code = unit.name, unit.code
    dest = Path(dest)
    target = dest / _("{code}-开通文件{suffix}").format(code=code, suffix=SETUP_SUFFIX) if dest.is_dir() else dest
    with _failing_clearly(), write_transaction(store.db_path) as conn:
        done = provision.provision_child(conn, unit_id, head, __version__, _photo_bytes(store))
        sealed = encrypt(done.setup_bytes, passphrase)
        _check_setup_applies(sealed, passphrase, target.name)
        write_safely(target, sealed)  # inside the transaction: all or nothing with the handover it records
    store._settings_cache.clear()
    log.info("office provisioned; %d records handed over", done.handed_over)
    return ProvisionResult(target, unit_id, name, fingerprint(done.certificate.public_key), done.handed_over)


def _check_setup_applies(sealed: bytes, passphrase: str, name: str) -> None:
    """Set up a throw-away empty store from the setup file, as the child's new installation will. If that fails,
    the caller's transaction (new key, re-owned records, handover proof) is undone and no file is written: a
    parent never hands records to a child that cannot take them."""
    head, known = _schema()
    try:
        contents = provision.open_setup(sealed, passphrase, Limits(), head, set(known))
        with _empty_schema() as conn:
            localstate.set_setting(conn, OFFICE_UNIT_KEY, contents.unit_id)
            localstate.save_certificates(conn, [contents.anchor], anchor=True)
            apply_bundle(conn, contents.bundle, contents.trust, name, None)
    except BundleError as exc:
        raise BundleError(
            _("开通文件无法在下级单位使用，已取消开通，没有移交任何记录，也没有写入文件：{reason}").format(reason=exc)
        ) from exc


@contextlib.contextmanager
def _empty_schema() -> Iterator[sqlite3.Connection]:
    """An in-memory store with this version's tables and nothing in them, inside an open transaction."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
        Base.metadata.create_all(engine)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        yield conn
    finally:
        conn.close()


def setup_from_file(data_dir: Path, path: Path, passphrase: str) -> tuple[Store, ImportSummary]:
    """A new installation becomes the unit named in the setup file: its key, the tree, its records."""
    head, known = _schema()
    data = _read_raw(path, Limits())
    store = open_store(Path(data_dir))
    try:
        if store.get_setting(OFFICE_UNIT_KEY):
            raise SyncFailed(_("本机已经设置了所属单位，不能再用开通文件设置。"))
        with _failing_clearly():
            contents = provision.open_setup(data, passphrase, Limits(), head, set(known))
            with write_transaction(store.db_path) as conn:
                localstate.set_setting(conn, OFFICE_UNIT_KEY, contents.unit_id)
                localstate.save_certificates(conn, [contents.anchor], anchor=True)
                writer = _PhotoWriter(store)
                summary = apply_bundle(conn, contents.bundle, contents.trust, Path(path).name, writer)
                writer.flush()
                localstate.save_own_key(conn, contents.unit_id, contents.key)
                localstate.set_setting(conn, localstate.SEQ_SETTING, str(contents.seq))
    except BaseException:
        store.close()
        raise
    store._settings_cache.clear()
    return store, summary


# -- keys -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrustedKeyData:
    unit_id: str
    unit_name: str
    fingerprint: str
    issuer_name: str
    serial: int
    anchor: bool


@dataclass(frozen=True)
class KeyInfo:
    office_unit_id: str
    office_name: str
    fingerprint: str | None
    trusted: list[TrustedKeyData]


def ensure_office_key(store: Store) -> None:
    with _failing_clearly(), write_transaction(store.db_path) as conn:
        ensure_identity(conn)


def key_info(store: Store) -> KeyInfo:
    office = store.get_setting(OFFICE_UNIT_KEY) or ""
    with store.reading() as session:
        names = dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())
        own = session.get(OfficeKey, office) if office else None
        rows = session.scalars(select(TrustedKey).order_by(TrustedKey.unit_path)).all()
        trusted = [
            TrustedKeyData(
                r.unit_id,
                names.get(r.unit_id, r.unit_id),
                fingerprint(r.public_key),
                names.get(r.issuer_unit_id, r.issuer_unit_id),
                r.serial,
                r.anchor,
            )
            for r in rows
        ]
    return KeyInfo(office, names.get(office, ""), fingerprint(own.public_key) if own else None, trusted)


def provisionable_units(store: Store) -> list[tuple[str, str, str]]:
    """(id, code, name) of the units below this office that can get their own office (not 党小组)."""
    office = store.get_setting(OFFICE_UNIT_KEY)
    with store.reading() as session:
        path = session.scalar(select(OrgUnit.path).where(OrgUnit.id == office)) if office else None
        if path is None:
            return []
        rows = session.execute(
            select(OrgUnit.id, OrgUnit.code, OrgUnit.name)
            .where(
                OrgUnit.path.startswith(path),
                OrgUnit.id != office,
                OrgUnit.deleted.is_(False),
                OrgUnit.kind != "党小组",
            )
            .order_by(OrgUnit.path)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def unit_names(store: Store) -> dict[str, str]:
    with store.reading() as session:
        return dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())


def is_owned_here(store: Store, owner_unit_id: str) -> bool:
    """Whether this office may edit a row: only rows it owns (a standalone store owns everything it has)."""
    return ownership.foreign_owner(store, owner_unit_id) is None


# -- conflicts --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConflictData:
    id: int
    table: str
    row_id: str
    owner_unit_id: str
    owner_name: str
    version: int
    status: str
    detected_at: datetime
    other: dict[str, object]  # the losing side
    current: dict[str, object]  # the row as it is now
    editable: bool  # this office owns the row and may resolve
    description: str = ""  # in words, naming people and offices (a duplicate ID number names both sides)


def list_conflicts(store: Store, status: str | None = "open") -> list[ConflictData]:
    office = store.get_setting(OFFICE_UNIT_KEY)
    with store.reading() as session:
        names = dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())
        stmt = select(SyncConflict).order_by(SyncConflict.detected_at.desc(), SyncConflict.id.desc())
        if status:
            stmt = stmt.where(SyncConflict.status == status)
        rows = session.scalars(stmt).all()
        conn = session.connection().connection.driver_connection
        assert conn is not None  # an open session's pool connection always holds its sqlite3 connection
        result = []
        codes = dict(session.execute(select(OrgUnit.id, OrgUnit.code)).all())
        for r in rows:
            current = _current_row(conn, r.table_name, r.row_id)
            result.append(
                ConflictData(
                    r.id,
                    r.table_name,
                    r.row_id,
                    r.owner_unit_id,
                    names.get(r.owner_unit_id, r.owner_unit_id),
                    r.version,
                    r.status,
                    r.detected_at,
                    json.loads(r.loser_data),
                    current,
                    current.get("owner_unit_id") == office,
                    _describe(conn, r.table_name, json.loads(r.loser_data), names, codes),
                )
            )
    return result


def _describe(
    conn: sqlite3.Connection, table: str, other: dict[str, object], names: dict[str, str], codes: dict[str, str]
) -> str:
    """A held-back duplicate (sync.duplicates) in words: both people, both offices, the masked ID number."""
    holder_id = other.get(DUPLICATE_KEY)
    if not isinstance(holder_id, str):
        return ""
    holder = _current_row(conn, table, holder_id)

    def office(unit: object) -> str:
        name = names.get(str(unit), _("未知单位"))
        return f"{name}（{codes[str(unit)]}）" if codes.get(str(unit)) else name

    return _(
        "身份证号 {number} 已由“{name1}”（{unit1}，{office1}维护）使用，“{name2}”（{unit2}，{office2}维护）"
        "的记录暂未导入。若是组织关系转接，请原单位办理转出，再由转入单位重新保存该党员。"
    ).format(
        number=mask(str(other.get("id_number") or "")),
        name1=holder.get("name", "?"),
        unit1=office(holder.get("branch_id")),
        office1=office(holder.get("owner_unit_id")),
        name2=other.get("name", "?"),
        unit2=office(other.get("branch_id")),
        office2=office(other.get("owner_unit_id")),
    )


def _current_row(conn: sqlite3.Connection, table: str, row_id: str) -> dict[str, object]:
    info = table_by_name().get(table)
    if info is None:
        return {}
    cols = ", ".join(f'"{c}"' for c in info.column_names)
    row = conn.execute(f'SELECT {cols} FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
    return dict(zip(info.column_names, row, strict=True)) if row else {}


def resolve_conflict(store: Store, conflict_id: int, keep: str) -> None:
    """keep="current": confirm the row as it is; keep="other": take the losing side's content. Either way the
    owner writes a new version, which every other office then accepts."""
    if keep not in ("current", "other"):
        raise SyncFailed(_("请选择保留当前内容或另一方内容"))

    with _failing_clearly(), write_transaction(store.db_path) as conn:
        row = conn.execute(
            "SELECT table_name, row_id, loser_data, status FROM sync_conflict WHERE id = ?", (conflict_id,)
        ).fetchone()
        if row is None or row[3] != "open":
            raise SyncFailed(_("该冲突不存在或已处理"))
        table, row_id, loser = row[0], row[1], json.loads(row[2])
        info = table_by_name()[table]
        current = _current_row(conn, table, row_id)
        if current.get("owner_unit_id") != localstate.office_unit(conn):
            raise SyncFailed(_("这条记录属于其他单位，只能由该单位处理冲突"))
        values = (
            dict(current) if keep == "current" else {**loser, "id": row_id, "owner_unit_id": current["owner_unit_id"]}
        )
        version = current["version"]
        assert isinstance(version, int)  # the version column is INTEGER (db/base.py), read back as int
        values["version"] = version + 1
        values["updated_at"] = datetime.now().isoformat(sep=" ")
        cols = [c for c in info.column_names if c != "id"]
        conn.execute(
            f'UPDATE "{table}" SET {", ".join(f"{c} = ?" for c in cols)} WHERE id = ?',
            [values.get(c) for c in cols] + [row_id],
        )
        conn.execute("UPDATE sync_conflict SET status = 'resolved' WHERE id = ?", (conflict_id,))
        conn.execute(
            "UPDATE sync_conflict SET status = 'superseded' WHERE table_name = ? AND row_id = ? AND status = 'open'",
            (table, row_id),
        )


# -- history ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportLogEntry:
    id: int
    imported_at: datetime
    source_name: str
    file_name: str
    totals: dict[str, int]


def import_history(store: Store, limit: int = 500) -> list[ImportLogEntry]:
    with store.reading() as session:
        rows = session.scalars(select(ImportLog).order_by(ImportLog.id.desc()).limit(limit)).all()
        return [
            ImportLogEntry(r.id, r.imported_at, r.source_name, r.file_name, json.loads(r.summary).get("totals", {}))
            for r in rows
        ]


def is_cancel(exc: BaseException) -> bool:
    return isinstance(exc, Cancelled)
