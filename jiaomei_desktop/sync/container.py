"""The bundle file: a zip with a signed trailer, read under strict limits and written to removable media safely.

The zip comment holds `JMB1 <sha256 of every byte before it> <signer unit id> <Ed25519 signature>`. Zip's own
checks miss flips in timestamps, attributes or padding; the trailer catches every changed or missing byte before
anything is parsed, and its signature makes the manifest the exporting office's word.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import math
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync.errors import BundleError, WriteFailed
from jiaomei_desktop.sync.keys import KeyPair

TRAILER_MAGIC = b"JMB1"
_TRAILER = re.compile(rb"JMB1 ([0-9a-f]{64}) ([0-9a-f-]{36}) ([A-Za-z0-9+/]{86}==)")
TRAILER_LEN = 4 + 1 + 64 + 1 + 36 + 1 + 88
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # entry times carry no information; the same content gives the same bytes
SAFE_NAME = re.compile(
    r"manifest\.json|certificates\.json|secret\.json"
    r"|segments/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[0-9a-f]{16}\.(?:jsonl|sig\.json)"
    r"|photos/[0-9a-f]{64}"
    r"|handovers/[0-9a-f-]{36}\.[0-9a-f-]{36}\.json"
)


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 2 * 1024**3
    max_entries: int = 200_000
    max_entry_bytes: int = 1024**3  # a segment (the group's relayed snapshot of a large committee)
    max_total_bytes: int = 4 * 1024**3
    max_ratio: int = 200  # uncompressed / compressed, for entries above 1 MB
    # The JSON files are read whole and parsed: each kind has its own ceiling, far above what the group's largest
    # bundle holds (a 300-segment manifest listing 20,000 photos is about 6 MB), so memory stays bounded.
    max_manifest_bytes: int = 64 * 1024**2
    max_certificates_bytes: int = 4 * 1024**2
    max_handover_bytes: int = 64 * 1024**2
    max_small_json_bytes: int = 64 * 1024  # a segment signature, secret.json
    max_photo_bytes: int = 64 * 1024**2
    max_json_depth: int = 16

    def entry_cap(self, name: str) -> int:
        if name == "manifest.json":
            return self.max_manifest_bytes
        if name == "certificates.json":
            return self.max_certificates_bytes
        if name.startswith("handovers/"):
            return self.max_handover_bytes
        if name.startswith("photos/"):
            return self.max_photo_bytes
        if name.endswith(".sig.json") or name == "secret.json":
            return self.max_small_json_bytes
        return self.max_entry_bytes


def signing_message(digest_hex: str) -> bytes:
    return b"jiaomei-bundle-v1\n" + digest_hex.encode("ascii")


def build_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]], signer_unit_id: str, signer: KeyPair) -> bytes:
    """Entries in the given order, deflated, fixed times; then the trailer is computed and put in the comment."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                info = name
            else:
                info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, data)
        zf.comment = b"0" * TRAILER_LEN  # placeholder of the final length, so the bytes before it stay the same
    signed = bytearray(buffer.getvalue())
    digest = hashlib.sha256(signed[:-TRAILER_LEN]).hexdigest()
    signature = signer.sign(signing_message(digest))
    trailer = b" ".join([TRAILER_MAGIC, digest.encode(), signer_unit_id.encode(), signature.encode()])
    assert len(trailer) == TRAILER_LEN
    signed[-TRAILER_LEN:] = trailer
    return bytes(signed)


@dataclass
class Container:
    """An opened bundle whose bytes are intact; names are safe and sizes within limits. Not yet trusted."""

    zf: zipfile.ZipFile
    digest: str
    signer_unit_id: str
    signature: str
    limits: Limits
    # Every entry is read at least twice (hashed against the manifest, then used): inflate it once. What is kept
    # is what the import holds in memory anyway (segments and photos are passed on whole).
    _read: dict[str, bytes] = field(default_factory=dict, repr=False)

    def names(self) -> list[str]:
        return self.zf.namelist()

    def read(self, name: str) -> bytes:
        data = self._read.get(name)
        if data is None:
            info = self.zf.getinfo(name)
            try:
                with self.zf.open(info) as fh:
                    data = fh.read(info.file_size + 1)  # a header lying about the size cannot make us read more
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
                raise BundleError(_("数据包内文件 {name} 无法解压，文件已损坏。").format(name=name[:80])) from exc
            if len(data) != info.file_size:
                raise BundleError(_("数据包内文件 {name} 的长度与目录不符，文件已损坏。").format(name=name))
            self._read[name] = data
        return data

    def json(self, name: str) -> object:
        """An entry parsed as JSON under the limits (depth, numbers); any problem is a BundleError."""
        return parse_json(self.read(name), name, self.limits.max_json_depth)


class _BadNumber(ValueError):
    pass


def _constant(text: str) -> object:
    raise _BadNumber(text)  # NaN, Infinity, -Infinity: not JSON, and nothing we write


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 parses as inf
        raise _BadNumber(text)
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 19:  # SQLite stores 64 bits; longer ones only serve to slow the parser down
        raise _BadNumber(text)
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise _BadNumber(text)
    return value


_DECODER = json.JSONDecoder(parse_float=_float, parse_int=_int, parse_constant=_constant)


def parse_json(data: bytes, name: str, max_depth: int = 16) -> object:
    """Strict JSON: UTF-8, finite numbers within 64 bits, at most `max_depth` levels of nesting. Depth beyond the
    interpreter's recursion limit is caught as it happens; the exact limit is checked on the result, without
    recursion."""
    try:
        value = _DECODER.decode(data.decode("utf-8"))
    except _BadNumber as exc:
        raise BundleError(
            _("数据包内文件 {name} 含有无效的数字（过大、无穷或非数字），已拒绝。").format(name=name[:80])
        ) from exc
    except RecursionError as exc:
        raise BundleError(_("数据包内文件 {name} 嵌套层数过多，已拒绝。").format(name=name[:80])) from exc
    except ValueError as exc:  # includes UnicodeDecodeError and JSONDecodeError
        raise BundleError(_("数据包内文件 {name} 不是有效的 JSON，文件可能已损坏。").format(name=name[:80])) from exc
    if json_depth(value) > max_depth:
        raise BundleError(_("数据包内文件 {name} 嵌套层数过多，已拒绝。").format(name=name[:80]))
    return value


def json_depth(value: object) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item if isinstance(child, dict | list))
    return deepest


def open_container(data: bytes, limits: Limits) -> Container:
    if len(data) > limits.max_file_bytes:
        raise BundleError(_("文件过大，不是本程序生成的数据包。"))
    match = _TRAILER.fullmatch(data[-TRAILER_LEN:]) if len(data) > TRAILER_LEN else None
    if match is None:
        raise BundleError(_("这不是完整的数据包文件（可能未复制完整或已损坏）。"))
    digest = hashlib.sha256(data[:-TRAILER_LEN]).hexdigest()
    if digest != match.group(1).decode():
        raise BundleError(_("数据包文件已损坏（校验值不符），请重新导出后再导入。"))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BundleError(_("数据包文件已损坏，无法打开。")) from exc
    if zf.comment != data[-TRAILER_LEN:]:
        raise BundleError(_("数据包文件结构不正确。"))
    _check_entries(zf.infolist(), limits)
    return Container(zf, digest, match.group(2).decode(), match.group(3).decode(), limits)


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise BundleError(_("数据包内文件数量过多（{n}个），已拒绝。").format(n=len(infos)))
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if not SAFE_NAME.fullmatch(name):
            raise BundleError(_("数据包内有不安全或不认识的文件名“{name}”，已拒绝。").format(name=name[:80]))
        if name in seen:
            raise BundleError(_("数据包内文件“{name}”重复出现，已拒绝。").format(name=name))
        seen.add(name)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or stat.S_ISDIR(mode) or info.flag_bits & 0x1:
            raise BundleError(_("数据包内“{name}”不是普通文件，已拒绝。").format(name=name))
        if info.file_size > limits.entry_cap(name):
            raise BundleError(_("数据包内文件“{name}”过大，已拒绝。").format(name=name))
        if info.file_size > 1024**2 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise BundleError(_("数据包内文件“{name}”压缩比异常（疑似压缩炸弹），已拒绝。").format(name=name))
        total += info.file_size
        if total > limits.max_total_bytes:
            raise BundleError(_("数据包解压后过大（疑似压缩炸弹），已拒绝。"))
    if "manifest.json" not in seen:
        raise BundleError(_("数据包缺少清单文件 manifest.json。"))


def write_safely(target: Path, data: bytes) -> None:
    """Temp file beside the target → fsync → rename → re-read and compare. On any failure the temp file is removed
    and no file that looks like a bundle is left behind."""
    temp = target.with_name(f".{target.name}.part")
    try:
        with temp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
        _fsync_dir(target.parent)
        if hashlib.sha256(target.read_bytes()).digest() != hashlib.sha256(data).digest():
            target.unlink(missing_ok=True)
            raise WriteFailed(_("写入后核对不一致：U盘可能有故障，文件已删除。请换一个U盘重试。"))
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise WriteFailed(_write_message(exc, target)) from exc


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows has no directory fsync; os.replace is already atomic there
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_message(exc: OSError, target: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("{folder} 空间不足，文件没有写入。请腾出空间或换一个U盘后重试。").format(folder=target.parent)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("没有权限写入 {folder}（U盘可能有写保护）。文件没有写入。").format(folder=target.parent)
    if exc.errno in (errno.EIO, errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return _("写入失败：U盘可能已被拔出或有故障。文件没有写入，请重新插好后再试。")
    return _("写入 {name} 失败（{error}），文件没有写入。").format(name=target.name, error=exc.strerror or exc)
