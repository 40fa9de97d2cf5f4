"""Passphrase encryption for bundles and setup files: scrypt derives the key, AES-GCM encrypts and authenticates
(a flipped bit anywhere makes decryption fail, so a damaged file is never half-read)."""

from __future__ import annotations

import math
import os
import secrets
import unicodedata
from functools import cache
from importlib import resources

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
# A generated passphrase: GENERATED_WORDS words drawn at random from a list of WORD_COUNT two-character words
# (resources/passphrase_words.txt, built by scripts/build_passphrase_words.py: common characters, no two words
# sounding alike, so it can be read out on the phone). 7 × log2(4096) = 84 bits.
GENERATED_WORDS = 7
MIN_TYPED_BITS = 50  # a typed passphrase must be estimated at least this strong (see estimate_bits)


@cache
def word_list() -> tuple[str, ...]:
    text = resources.files("jiaomei_desktop.resources").joinpath("passphrase_words.txt").read_text("utf-8")
    return tuple(w for w in text.split() if w)


def generated_bits() -> float:
    return GENERATED_WORDS * math.log2(len(word_list()))


def generate_passphrase() -> str:
    """Seven words from the list, chosen with the system's random source, separated by spaces for reading out."""
    words = word_list()
    return " ".join(secrets.choice(words) for _ in range(GENERATED_WORDS))


def normalise(passphrase: str) -> str:
    """What the key is derived from: full-width forms folded (NFKC) and all spaces removed, so the words of a
    generated passphrase may be typed with or without spaces, with a Chinese or an English keyboard."""
    return "".join(unicodedata.normalize("NFKC", passphrase).split())


def estimate_bits(passphrase: str) -> float:
    """A cautious estimate of a passphrase's strength. Words of the list count 12 bits each; otherwise each
    character by its kind (digit 3.3, Latin letter 4.7 whatever its case, other ASCII 5, a Chinese character 7 —
    characters in words follow each other, so far less than the 11.9 bits of one of 3,755), a character repeating
    or continuing the one before (aaaa, 1234, abcd) 1 bit."""
    text = normalise(passphrase)
    words = _as_words(text)
    if words:
        return words * math.log2(len(word_list()))
    bits, previous = 0.0, ""
    for ch in text.lower():
        if previous and abs(ord(ch) - ord(previous)) <= 1:
            bits += 1
        else:
            bits += _char_bits(ch)
        previous = ch
    return bits


def _as_words(text: str) -> int:
    """How many list words `text` is made of exactly (0 when it is not: two characters per word)."""
    if not text or len(text) % 2:
        return 0
    known = set(word_list())
    pieces = [text[i : i + 2] for i in range(0, len(text), 2)]
    return len(pieces) if all(p in known for p in pieces) else 0


def _char_bits(ch: str) -> float:
    if ch.isdigit() and ch.isascii():
        return math.log2(10)
    if ch.isascii() and ch.isalpha():
        return math.log2(26)
    if ch.isascii():
        return 5.0
    if "\u4e00" <= ch <= "\u9fff":
        return 7.0
    return 5.0


def _derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode("utf-8"))


def check_passphrase(passphrase: str) -> None:
    """A passphrase typed for a setup file or an encrypted bundle must be long and hard enough to guess."""
    if len(normalise(passphrase)) < MIN_PASSPHRASE:
        raise BundleError(_("密码至少需要{n}个字符（空格不计）。").format(n=MIN_PASSPHRASE))
    bits = estimate_bits(passphrase)
    if bits < MIN_TYPED_BITS:
        raise BundleError(
            _(
                "密码太容易被猜到（强度约{bits}位，至少需要{need}位）。请使用程序生成的密码，或输入更长、"
                "不易猜到的密码，例如五个以上互不相关的词语。"
            ).format(bits=int(bits), need=MIN_TYPED_BITS)
        )


def encrypt(data: bytes, passphrase: str) -> bytes:
    check_passphrase(passphrase)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = MAGIC + salt + nonce
    return header + AESGCM(_derive(normalise(passphrase), salt)).encrypt(nonce, data, header)


def is_encrypted(data: bytes) -> bool:
    return data.startswith(MAGIC)


def decrypt(data: bytes, passphrase: str | None) -> bytes:
    if not passphrase:
        raise BundleError(_("这个文件已加密，请输入导出时设置的密码。"))
    header_len = len(MAGIC) + SALT_BYTES + NONCE_BYTES
    if len(data) <= header_len:
        raise WrongPassphrase()
    header = data[:header_len]
    salt, nonce = header[len(MAGIC) : len(MAGIC) + SALT_BYTES], header[len(MAGIC) + SALT_BYTES :]
    body = data[header_len:]
    for candidate in dict.fromkeys((normalise(passphrase), passphrase)):  # files written before: as typed
        try:
            return AESGCM(_derive(candidate, salt)).decrypt(nonce, body, header)
        except InvalidTag:
            continue
    raise WrongPassphrase()
