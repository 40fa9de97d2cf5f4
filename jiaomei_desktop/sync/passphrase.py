"""Passphrase encryption for bundles and setup files: scrypt derives the key, AES-GCM encrypts and authenticates
(a flipped bit anywhere makes decryption fail, so a damaged file is never half-read)."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync.errors import BundleError, WrongPassphrase

MAGIC = b"JMENC1\n"
SALT_BYTES = 16
NONCE_BYTES = 12
# scrypt cost: about 0.1 s on an office PC, so guessing passphrases from a lost stick is slow.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 8


def _derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BundleError(_("密码至少需要{n}个字符。").format(n=MIN_PASSPHRASE))


def encrypt(data: bytes, passphrase: str) -> bytes:
    check_passphrase(passphrase)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = MAGIC + salt + nonce
    return header + AESGCM(_derive(passphrase, salt)).encrypt(nonce, data, header)


def is_encrypted(data: bytes) -> bool:
    return data.startswith(MAGIC)


def decrypt(data: bytes, passphrase: str | None) -> bytes:
    if not passphrase:
        raise BundleError(_("这个文件已加密，请输入导出时设置的密码。"))
    header_len = len(MAGIC) + SALT_BYTES + NONCE_BYTES
    if len(data) <= header_len:
        raise WrongPassphrase()
    header = data[:header_len]
    salt, nonce = header[len(MAGIC):len(MAGIC) + SALT_BYTES], header[len(MAGIC) + SALT_BYTES:]
    try:
        return AESGCM(_derive(passphrase, salt)).decrypt(nonce, data[header_len:], header)
    except InvalidTag as exc:
        raise WrongPassphrase() from exc
