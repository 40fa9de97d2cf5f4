"""The optional start-up password of a shared office PC, its printed recovery code, and the idle lock.

Both the password and the recovery code are stored only as scrypt hashes in the local settings (never synced).
The recovery code is shown once when the password is set; with it the secretary sets a new password without
asking the upper level. With a password the store and its backups are also encrypted (services/encryption.py): the data key is wrapped by
the password and by the recovery code, so each change here rewraps it, and removing the password decrypts the files.
The encryption step comes first; the hashes are written only once it has succeeded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import cast

from sqlalchemy.orm import Session, sessionmaker

from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import encryption
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.store import Store, StoreError

PASSWORD_KEY = "security.password_hash"
RECOVERY_KEY = "security.recovery_hash"
IDLE_KEY = "security.idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15
MIN_PASSWORD_LENGTH = 4
# scrypt cost: ~50 ms on an office PC, enough to make guessing a short password slow.
_N, _R, _P = 2**14, 8, 1
# No 0/O, 1/I/L: the code is read off paper.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class WrongPassword(ServiceError):
    pass


def _hash(secret: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def make_hash(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _hash(secret, salt)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_hash(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _hash(secret, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(actual, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def _normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def has_password(store: Store) -> bool:
    return bool(store.get_setting(PASSWORD_KEY))


def _check_new(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed({"password": _("密码至少需要{n}个字符").format(n=MIN_PASSWORD_LENGTH)})


def verify_password(store: Store, password: str) -> bool:
    stored = store.get_setting(PASSWORD_KEY)
    return bool(stored) and check_hash(password, stored or "")


def set_password(
    store: Store, new_password: str, current_password: str | None = None, progress: Progress = NO_PROGRESS
) -> str:
    """Set or change the start-up password. Returns the new recovery code, to be shown (and printed) once.
    Setting the first password encrypts the store and its backups (seconds on a large store: run it as a job)."""
    if has_password(store) and not verify_password(store, current_password or ""):
        raise WrongPassword(_("当前密码不正确"))
    _check_new(new_password)
    code = new_recovery_code()
    _protect_at_rest(store, current_password or "", new_password, code, progress)
    store.set_setting(PASSWORD_KEY, make_hash(new_password))
    store.set_setting(RECOVERY_KEY, make_hash(_normalise_code(code)))
    return code


def clear_password(store: Store, current_password: str, progress: Progress = NO_PROGRESS) -> None:
    """Remove the start-up password; the store and its backups are decrypted (all or nothing)."""
    if not verify_password(store, current_password):
        raise WrongPassword(_("当前密码不正确"))
    if encryption.is_encrypted(store.data_dir):
        _while_closed(store, lambda: encryption.decrypt_store(store.data_dir, current_password, progress))
    store.set_setting(PASSWORD_KEY, "")
    store.set_setting(RECOVERY_KEY, "")


def reset_with_recovery_code(store: Store, code: str, new_password: str, progress: Progress = NO_PROGRESS) -> str:
    """A forgotten password: the printed recovery code sets a new one. Returns the next recovery code (the used one
    stops working)."""
    stored = store.get_setting(RECOVERY_KEY)
    if not stored or not check_hash(_normalise_code(code), stored):
        raise WrongPassword(_("恢复码不正确。请核对打印的恢复码（不区分大小写，横线可省略）"))
    _check_new(new_password)
    next_code = new_recovery_code()
    _protect_at_rest(store, code, new_password, next_code, progress)
    store.set_setting(PASSWORD_KEY, make_hash(new_password))
    store.set_setting(RECOVERY_KEY, make_hash(_normalise_code(next_code)))
    return next_code


def _protect_at_rest(
    store: Store, old_secret: str, new_password: str, new_code: str, progress: Progress = NO_PROGRESS
) -> None:
    """Encrypt a plain store under the new secrets, or rewrap the key of an encrypted one (old_secret: the current
    password or the recovery code, already checked against the hashes)."""
    if encryption.is_encrypted(store.data_dir):
        encryption.rewrap(store.data_dir, old_secret, new_password, new_code)
    else:
        _while_closed(store, lambda: encryption.encrypt_store(store.data_dir, new_password, new_code, progress))


def _while_closed(store: Store, convert: Callable[[], None]) -> None:
    """The file is replaced: every pooled connection goes first, and a new engine opens the new file (also after a
    failed conversion, which leaves the old file as it was). Meanwhile a read from another thread (a timer, a view
    reloading) gets a message instead of opening the file being replaced."""
    store.close()
    store.session_factory = cast("sessionmaker[Session]", _converting)
    try:
        convert()
    finally:
        store.reconnect()


def _converting() -> None:
    raise StoreError(_("正在转换数据文件（设置或取消启动密码），请等它完成后再试。"))


def idle_minutes(store: Store) -> int:
    """Minutes without keyboard or mouse before the window locks; 0 = never. Only applies with a password."""
    try:
        return max(0, int(store.get_setting(IDLE_KEY) or DEFAULT_IDLE_MINUTES))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_minutes(store: Store, minutes: int) -> None:
    if not 0 <= minutes <= 24 * 60:
        raise ValidationFailed({"idle": _("请输入0到1440之间的分钟数（0表示不自动锁定）")})
    store.set_setting(IDLE_KEY, str(minutes))
