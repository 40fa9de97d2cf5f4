"""Data at rest: with a start-up password the store and its backups are SQLCipher files (AES-256, page HMAC).

One random 32-byte data key encrypts the store and every backup. It is kept only wrapped, in `jiaomei.key` beside
the store: once under a key derived from the password and once under a key derived from the printed recovery code
(scrypt n=2^15, r=8, p=1, then AES-256-GCM; the wrap's name is the associated data, so the two cannot be swapped).
Either secret unwraps the data key; nothing else does. A changed password or a new recovery code only rewrites the
key file; the store is not re-encrypted.

Converting (password set → encrypted, password removed → plain) writes a converted copy of the store and of every
backup with sqlcipher_export, fsyncs them, and only when all are ready moves each over its old file (os.replace: a
power cut leaves the old or the new file). A full disk or 取消 while the copies are written leaves every file as it
was. The key file is written before an encrypting swap and removed after a decrypting one, and a store is treated
as encrypted only when its first bytes are not SQLite's header, so an interrupted conversion never leaves a file
without its key.

Old plain backups are converted the same way and the plain file is overwritten with zeros before it is deleted.
On an SSD or a journaling file system the old sectors may still survive until the disk reuses them: the only way
to be sure no plain copy survives is to set the password before entering real data (docs/design.md §3).
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from jiaomei_desktop.db.sqlite_connect import (
    KEY_BYTES,
    database_errors,
    export_file,
    is_plain_sqlite,
    key_for,
    lock_folder,
    unlock_folder,
)
from jiaomei_desktop.domain.progress import NO_PROGRESS, Cancelled, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.storage_errors import as_storage_error

log = logging.getLogger(__name__)

KEY_FILENAME = "jiaomei.key"
DB_FILENAME = "jiaomei.sqlite3"  # = services.store.DB_FILENAME (store imports this module's users, not the reverse)
PASSWORD_WRAP = "password"
RECOVERY_WRAP = "recovery"
# ~0.1 s per unwrap on an office PC: cheap once at start-up, slow for guessing a short password.
_N, _R, _P = 2**15, 8, 1
_CONVERTING = ".converting-"


class WrongSecret(ServiceError):
    pass


def key_file(data_dir: Path) -> Path:
    return data_dir / KEY_FILENAME


def is_encrypted(data_dir: Path) -> bool:
    db_path = data_dir / DB_FILENAME
    return (
        key_file(data_dir).is_file()
        and db_path.is_file()
        and db_path.stat().st_size > 0
        and not is_plain_sqlite(db_path)
    )


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _kek(secret: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret.encode("utf-8"))


def _wrap(data_key: bytes, secret: str, name: str) -> dict[str, object]:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_kek(secret, salt)).encrypt(nonce, data_key, name.encode())
    b64 = base64.b64encode
    return {
        "kdf": "scrypt",
        "n": _N,
        "r": _R,
        "p": _P,
        "salt": b64(salt).decode(),
        "nonce": b64(nonce).decode(),
        "sealed": b64(sealed).decode(),
    }


def _unwrap(wrap: dict[str, object], secret: str, name: str) -> bytes | None:
    try:
        b64d = base64.b64decode
        kek = _kek(secret, b64d(str(wrap["salt"])), int(str(wrap["n"])), int(str(wrap["r"])), int(str(wrap["p"])))
        key = AESGCM(kek).decrypt(b64d(str(wrap["nonce"])), b64d(str(wrap["sealed"])), name.encode())
    except (InvalidTag, KeyError, ValueError, TypeError):
        return None
    return key if len(key) == KEY_BYTES else None


def _write_key_file(data_dir: Path, data_key: bytes, password: str, recovery_code: str) -> None:
    content = {
        "version": 1,
        "cipher": "sqlcipher4-raw-key",
        "wraps": {
            PASSWORD_WRAP: _wrap(data_key, password, PASSWORD_WRAP),
            RECOVERY_WRAP: _wrap(data_key, normalise_code(recovery_code), RECOVERY_WRAP),
        },
    }
    fd, name = tempfile.mkstemp(dir=data_dir, prefix=_CONVERTING, suffix=".key")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(content, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(name, key_file(data_dir))


def read_data_key(data_dir: Path, secret: str) -> bytes:
    """The data key, from the password or the recovery code (either is tried). WrongSecret otherwise."""
    return _unwrap_any(data_dir, secret)[0]


def _unwrap_any(data_dir: Path, secret: str) -> tuple[bytes, str]:
    try:
        wraps = json.loads(key_file(data_dir).read_text(encoding="utf-8"))["wraps"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WrongSecret(_("密钥文件 {name} 缺失或已损坏，无法打开加密的数据文件").format(name=KEY_FILENAME)) from exc
    for name, candidate in ((PASSWORD_WRAP, secret), (RECOVERY_WRAP, normalise_code(secret))):
        if name in wraps and (key := _unwrap(wraps[name], candidate, name)) is not None:
            return key, name
    raise WrongSecret(_("密码或恢复码不正确，无法打开加密的数据文件"))


def unlock(data_dir: Path, secret: str) -> str:
    """Check the secret and let every connection to this folder use the data key from now on. Returns which secret
    it was (PASSWORD_WRAP or RECOVERY_WRAP: after the recovery code the user sets a new password)."""
    key, name = _unwrap_any(data_dir, secret)
    unlock_folder(data_dir, key)
    return name


def rewrap(data_dir: Path, secret: str, new_password: str, new_recovery_code: str) -> None:
    """A changed password or a new recovery code: the same data key, wrapped anew (the store is not rewritten)."""
    _write_key_file(data_dir, read_data_key(data_dir, secret), new_password, new_recovery_code)


def _database_files(data_dir: Path) -> list[Path]:
    from jiaomei_desktop.services.backups import list_backups

    return [data_dir / DB_FILENAME, *(b.path for b in list_backups(data_dir))]


class _Bar:
    """The conversion's progress as one bar over all files: a file's share grows with the bytes its export wrote."""

    def __init__(self, progress: Progress, files: list[Path], text: str) -> None:
        self._progress = progress
        self._text = text
        self._sizes = [max(1, _size(path)) for path in files]
        self._total = sum(self._sizes)
        self._before = 0
        self._index = 0

    def file(self, index: int) -> None:
        self._index = index
        self._before = sum(self._sizes[:index])
        self.step(0)

    def step(self, written: int) -> None:
        done = self._before + min(written, self._sizes[self._index])
        self._progress.step(done * 1000 // self._total, 1000, self._text)

    def end(self) -> None:
        self._progress.step(1000, 1000, self._text)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _convert_all(
    files: list[Path],
    source_key: bytes | None,
    target_key: bytes | None,
    progress: Progress,
    text: str,
    before_swap: Callable[[], None] | None = None,
) -> None:
    """Rewrite the store and its backups with another key, all or nothing.

    Every converted copy is written (and fsynced) beside its file first; only when all are ready does anything
    change: `before_swap` (the key file of an encryption), then each copy moved over its file. A full disk, a read
    error or 取消 while the copies are made discards them and leaves every file as it was. This needs room for all
    copies at once (about the size of the store and its backups)."""
    bar = _Bar(progress, files, text)
    ready: list[tuple[Path, Path]] = []
    try:
        for index, path in enumerate(files):
            bar.file(index)
            ready.append((path, _prepare(path, source_key, target_key, bar, progress)))
        bar.end()  # the last moment 取消 is honoured
        if before_swap is not None:
            before_swap()
    except BaseException as exc:
        for _path, temp in ready:
            _discard(temp, plain=target_key is None)
        if isinstance(exc, database_errors(also=(OSError,))):
            folder = files[0].parent if files else None
            storage = as_storage_error(exc, folder)
            if storage is not None:
                raise storage from exc
            raise ServiceError(_("转换数据文件失败，数据文件没有改动：{error}").format(error=exc)) from exc
        raise
    for path, temp in ready:
        _swap(path, temp, source_key)


def _prepare(path: Path, source_key: bytes | None, target_key: bytes | None, bar: _Bar, progress: Progress) -> Path:
    """The converted copy of one store or backup file (plain or .gz), written beside it; nothing else changes."""
    temp = path.with_name(f"{_CONVERTING}{path.name}.new")
    expanded = path.with_name(f"{_CONVERTING}{path.name}.expanded")
    exported = expanded.with_name(expanded.name + ".db")
    for leftover in (temp, expanded, exported):
        if leftover.exists():
            _discard(leftover, plain=True)

    def written() -> bool:  # SQLite's progress handler: True stops the export
        if progress.cancelled:
            return True
        bar.step(_size(exported if source is expanded else temp))
        return False

    try:
        source = path
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as packed, expanded.open("wb") as out:
                shutil.copyfileobj(packed, out, 1 << 20)
            source = expanded
        export_file(source, exported if source is expanded else temp, source_key, target_key, written)
        if source is expanded:
            with exported.open("rb") as raw, temp.open("wb") as out:
                # level 1 as for every backup; an encrypted file hardly shrinks (its pages look random)
                with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=1, mtime=0) as gz:
                    shutil.copyfileobj(raw, gz, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
    except BaseException:
        if temp.exists():
            _discard(temp, plain=target_key is None)
        if progress.cancelled:
            raise Cancelled() from None
        raise
    finally:
        for leftover in (expanded, exported):
            if leftover.exists():
                _discard(leftover, plain=True)
    return temp


def _swap(path: Path, temp: Path, source_key: bytes | None) -> None:
    """Move a converted copy over its file; the old plain bytes are then overwritten."""
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)  # empty: the store was closed and checkpointed
    # A second name for the old file, so its plain bytes can be zeroed after the swap (zeroing first would leave
    # nothing if the power failed in between).
    old = path.with_name(f"{_CONVERTING}{path.name}.old")
    old.unlink(missing_ok=True)
    linked = _try_link(path, old)
    try:
        os.replace(temp, path)
    except BaseException:
        if linked:
            old.unlink()  # still the current file's other name: removed, never zeroed
        raise
    if linked:
        _discard(old, plain=source_key is None)


def _try_link(path: Path, link: Path) -> bool:
    try:
        os.link(path, link)
    except OSError:  # a file system without hard links (FAT): the old file is simply replaced
        return False
    return True


def _discard(path: Path, plain: bool) -> None:
    if plain:
        _overwrite(path)
    path.unlink()


def _overwrite(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for _start in range(0, size, 1 << 20):
            fh.write(b"\0" * min(1 << 20, size - fh.tell()))
        fh.flush()
        os.fsync(fh.fileno())


def _checkpoint(db_path: Path, key: bytes | None) -> None:
    from jiaomei_desktop.db.sqlite_connect import connect

    conn = connect(db_path, key=key) if key is not None else connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def encrypt_store(data_dir: Path, password: str, recovery_code: str, progress: Progress = NO_PROGRESS) -> None:
    """Encrypt the (closed) store and every backup with a new data key wrapped by the password and the recovery
    code, and unlock the folder for this process. All or nothing (see _convert_all): a failure leaves the plain
    files and no key file."""
    if is_encrypted(data_dir):
        raise ServiceError(_("数据文件已经加密"))
    data_key = secrets.token_bytes(KEY_BYTES)
    lock_folder(data_dir)
    db_path = data_dir / DB_FILENAME
    _checkpoint(db_path, None)
    files = [path for path in _database_files(data_dir) if path == db_path or not _backup_is_encrypted(path)]
    # The key file is written once every copy is ready and before any swap: never an encrypted file without its key.
    _convert_all(
        files,
        None,
        data_key,
        progress,
        _("正在加密数据文件和备份…"),
        before_swap=lambda: _write_key_file(data_dir, data_key, password, recovery_code),
    )
    unlock_folder(data_dir, data_key)
    log.info("store and backups encrypted")


def decrypt_store(data_dir: Path, secret: str, progress: Progress = NO_PROGRESS) -> None:
    """Back to plain SQLite (the password was removed): the store and every backup, all or nothing; the key file
    goes last."""
    data_key = read_data_key(data_dir, secret)
    db_path = data_dir / DB_FILENAME
    _checkpoint(db_path, data_key)
    files = [path for path in _database_files(data_dir) if path == db_path or _backup_is_encrypted(path)]
    _convert_all(files, data_key, None, progress, _("正在解密数据文件和备份…"))
    lock_folder(data_dir)
    key_file(data_dir).unlink(missing_ok=True)
    log.info("store and backups decrypted")


def _backup_is_encrypted(path: Path) -> bool:
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as fh:
            return fh.read(16) != b"SQLite format 3\x00"
    return not is_plain_sqlite(path)


def folder_is_unlocked(data_dir: Path) -> bool:
    return key_for(data_dir / DB_FILENAME) is not None
