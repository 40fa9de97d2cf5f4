"""The photo store for the whole app (roster portraits, honours, sync): pictures stored once by content hash.

A picture is decoded and checked with Pillow before anything is written: only JPEG, PNG, BMP and WebP (judged by the
decoded content, never the file name), at most 40 megapixels (a 20,000 × 20,000 "decompression bomb" is refused
before its pixels are decoded), complete files only. It is turned upright (EXIF orientation), scaled down to at most
1600 px and re-encoded as JPEG (which also drops EXIF metadata such as GPS positions). The stored bytes are named by
their SHA-256 in `photos/ab/<sha>.jpg`, written through a temporary file, fsync and rename, and recorded in the
`photo` table. Thumbnails are made on demand and cached beside the photo (`<sha>.t240.jpg`).

`prepare_photo` and the thumbnail functions do no database work, so the GUI can run them in worker threads.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import Photo
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import Store

log = logging.getLogger(__name__)

ACCEPTED_FORMATS = ("JPEG", "PNG", "BMP", "WEBP")  # the JPEG opener also takes MPO, the multi-picture JPEG of cameras
MAX_PIXELS = 40_000_000
MAX_FILE_BYTES = 60 * 1024 * 1024
STORED_MAX_SIDE = 1600
JPEG_QUALITY = 88
THUMB_SIZE = 240
THUMB_QUALITY = 82
MIME = "image/jpeg"

# Never decode a half file as if it were whole (Pillow's default; set here so nobody flips it elsewhere unnoticed).
ImageFile.LOAD_TRUNCATED_IMAGES = False

_SUPPORTED = N_("支持的格式：JPEG、PNG、BMP、WebP")


class PhotoRejected(ServiceError):
    """The file is not a picture we can store; the message says why and what to do. Nothing was stored."""


@dataclass(frozen=True)
class PhotoInfo:
    sha256: str
    mime: str
    width: int
    height: int
    size_bytes: int


@dataclass(frozen=True)
class PreparedPhoto:
    """Checked, upright, scaled JPEG bytes ready to store; `sha256` names them."""

    data: bytes
    sha256: str
    width: int
    height: int

    @property
    def info(self) -> PhotoInfo:
        return PhotoInfo(self.sha256, MIME, self.width, self.height, len(self.data))


# -- checking and preparing ---------------------------------------------------------------------------------------
def read_photo_file(path: Path | str) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PhotoRejected(_("文件太大（{size} MB），照片文件不能超过 {limit} MB").format(
                size=f"{size / 1024 / 1024:.0f}", limit=MAX_FILE_BYTES // 1024 // 1024))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise PhotoRejected(_("找不到文件：{name}").format(name=path.name)) from exc
    except IsADirectoryError as exc:
        raise PhotoRejected(_("“{name}”是文件夹，不是照片文件").format(name=path.name)) from exc
    except OSError as exc:
        raise PhotoRejected(_("无法读取文件“{name}”：{error}").format(name=path.name, error=exc.strerror or exc)) from exc


def _not_a_picture_message(data: bytes) -> str:
    """A specific reason where the first bytes tell us, so the secretary knows what to do next."""
    head = data[:64]
    supported = _(_SUPPORTED)
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _("这是 GIF 动图，不能作为照片。{supported}").format(supported=supported)
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return _("这是 TIFF 图片，请先另存为 JPEG 再添加。{supported}").format(supported=supported)
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        return _("这是手机的 HEIC 照片，请先在手机或电脑上导出为 JPEG 再添加")
    if head.startswith(b"%PDF"):
        return _("这是 PDF 文件，不是照片。{supported}").format(supported=supported)
    if head.startswith(b"PK\x03\x04"):
        return _("这是压缩包或 Office 文档，不是照片。{supported}").format(supported=supported)
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _("这是一个文本文件（可能只是改了扩展名），不是照片。{supported}").format(supported=supported)
    return _("无法识别为图片，文件可能已损坏或不是照片。{supported}").format(supported=supported)


def _open_checked(data: bytes) -> Image.Image:
    """Open (header only), then refuse wrong formats and oversized pictures before any pixel is decoded."""
    if not data:
        raise PhotoRejected(_("文件是空的（0 字节），不是照片"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejected(_too_big_message(None)) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise PhotoRejected(_not_a_picture_message(data)) from exc
    width, height = image.size
    if width <= 0 or height <= 0:
        raise PhotoRejected(_("图片尺寸无效，文件可能已损坏"))
    if width * height > MAX_PIXELS:
        raise PhotoRejected(_too_big_message((width, height)))
    return image


def _too_big_message(size: tuple[int, int] | None) -> str:
    limit = MAX_PIXELS // 10_000  # in 万 (ten thousands), as the Chinese message counts
    if size is None:
        return _("图片像素太多，无法安全打开（最多 {n} 万像素）。请先用看图软件缩小后再添加").format(n=limit)
    return _("图片太大（{width} × {height} 像素，最多 {n} 万像素）。请先用看图软件缩小后再添加").format(
        width=f"{size[0]:,}", height=f"{size[1]:,}", n=limit)


def _decoded_rgb(image: Image.Image) -> Image.Image:
    """Decode fully (a truncated file fails here), turn upright, flatten transparency onto white."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejected(_too_big_message(image.size)) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise PhotoRejected(_("图片文件不完整或已损坏（可能没有复制完整），请换一个文件")) from exc
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if upright.mode in ("I;16", "I;16B", "I;16L", "I"):
        upright = upright.point(lambda v: v / 256).convert("L")  # 16-bit greyscale PNG
    return upright.convert("RGB")


def prepare_photo(data: bytes) -> PreparedPhoto:
    """Check and normalise picture bytes (no storage). Raises PhotoRejected with a clear message."""
    if len(data) > MAX_FILE_BYTES:
        raise PhotoRejected(_("文件太大，照片文件不能超过 {limit} MB").format(limit=MAX_FILE_BYTES // 1024 // 1024))
    image = _open_checked(data)
    with image:
        rgb = _decoded_rgb(image)
    if max(rgb.size) > STORED_MAX_SIDE:
        rgb = ImageOps.contain(rgb, (STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    stored = out.getvalue()
    return PreparedPhoto(stored, hashlib.sha256(stored).hexdigest(), rgb.width, rgb.height)


# -- where files live -------------------------------------------------------------------------------------------
def _check_sha(sha: str) -> str:
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ValueError("not a SHA-256 hex digest")
    return sha


def photo_path(store: Store, sha: str) -> Path:
    sha = _check_sha(sha)
    return store.photos_dir / sha[:2] / f"{sha}.jpg"


def thumbnail_path(store: Store, sha: str, size: int = THUMB_SIZE) -> Path:
    sha = _check_sha(sha)
    return store.photos_dir / sha[:2] / f"{sha}.t{int(size)}.jpg"


def _write_atomically(target: Path, data: bytes) -> None:
    """Temp file in the same folder → fsync → rename, so a crash never leaves half a photo under a good name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _file_is_intact(path: Path, sha: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha
    except OSError:
        return False


# -- storing ------------------------------------------------------------------------------------------------------
def save_prepared(session: Session, store: Store, prepared: PreparedPhoto) -> PhotoInfo:
    """Write the file (once) and the photo row (once) inside the caller's transaction.

    The file is written first: if the transaction later rolls back, an unreferenced file is left, which is harmless
    (content-addressed, reused if the same picture comes again); a row without its file never happens.
    """
    path = photo_path(store, prepared.sha256)
    if not path.exists() or not _file_is_intact(path, prepared.sha256):
        _write_atomically(path, prepared.data)
    if session.get(Photo, prepared.sha256) is None:
        session.add(Photo(sha256=prepared.sha256, mime=MIME, width=prepared.width, height=prepared.height,
                          size_bytes=len(prepared.data)))
        session.flush()
    return prepared.info


def add_photo_bytes(store: Store, data: bytes) -> PhotoInfo:
    """Check, normalise and store picture bytes; the same picture added twice is stored once."""
    prepared = prepare_photo(data)
    with store.transaction() as session:
        info = save_prepared(session, store, prepared)
    log.info("photo stored %s (%dx%d, %d bytes)", info.sha256[:12], info.width, info.height, info.size_bytes)
    return info


def add_photo_file(store: Store, path: Path | str) -> PhotoInfo:
    return add_photo_bytes(store, read_photo_file(path))


def adopt_stored_photo(session: Session, store: Store, sha: str, data: bytes) -> PhotoInfo:
    """Keep bytes that another office already prepared (sync): verified by hash and decoded, never re-encoded,
    so the hash and the file name stay the same everywhere."""
    if hashlib.sha256(data).hexdigest() != _check_sha(sha):
        raise PhotoRejected(_("照片内容与其校验值不符，文件已损坏"))
    image = _open_checked(data)
    with image:
        if image.format not in ("JPEG", "MPO"):
            raise PhotoRejected(_("照片库中的照片应为 JPEG 格式"))
        _decoded_rgb(image)
        width, height = image.size
    return save_prepared(session, store, PreparedPhoto(data, sha, width, height))


# -- reading ------------------------------------------------------------------------------------------------------
def photo_info(store: Store, sha: str) -> PhotoInfo | None:
    with store.reading() as session:
        row = session.get(Photo, sha)
        return PhotoInfo(row.sha256, row.mime, row.width, row.height, row.size_bytes) if row else None


def has_photo_file(store: Store, sha: str) -> bool:
    return photo_path(store, sha).is_file()


def read_photo(store: Store, sha: str) -> bytes:
    try:
        return photo_path(store, sha).read_bytes()
    except OSError as exc:
        raise PhotoRejected(_("照片文件缺失，请重新添加照片")) from exc


def make_thumbnail(source: bytes, size: int = THUMB_SIZE) -> bytes:
    with Image.open(io.BytesIO(source), formats=["JPEG"]) as image:
        image.draft("RGB", (size, size))  # let libjpeg decode at 1/2, 1/4, 1/8 scale: much faster for big photos
        thumb = ImageOps.contain(image.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=THUMB_QUALITY)
    return out.getvalue()


def ensure_thumbnail(store: Store, sha: str, size: int = THUMB_SIZE) -> Path | None:
    """The cached thumbnail, made now if missing; None if the photo file itself is missing or unreadable.

    Safe to call from worker threads (file work only); two threads making the same thumbnail both write whole
    files and the last rename wins.
    """
    target = thumbnail_path(store, sha, size)
    if target.is_file():
        return target
    try:
        source = photo_path(store, sha).read_bytes()
        _write_atomically(target, make_thumbnail(source, size))
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("thumbnail for %s failed: %s", sha[:12], exc)
        return None
    return target
