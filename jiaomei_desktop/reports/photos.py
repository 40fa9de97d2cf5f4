"""Photos for documents: read with Pillow, cropped to 3:4 portrait, downscaled and re-encoded as JPEG.

Re-encoding keeps a 48-photo 光荣榜 small (phone photos are 4000 px wide) and lets ReportLab embed the JPEG bytes as
they are (DCTDecode) instead of inflating raw pixels.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.errors import ReportError

PHOTO_ASPECT = 3 / 4  # width / height of a 一寸/二寸 style portrait
_MAX_DPI = 200


def read_photo_bytes(photo: Path | bytes) -> bytes:
    if isinstance(photo, bytes):
        return photo
    try:
        return Path(photo).read_bytes()
    except OSError as exc:
        raise ReportError(_("照片文件无法读取：{path}").format(path=photo)) from exc


@lru_cache(maxsize=128)
def portrait_jpeg(data: bytes, width_pt: float, height_pt: float) -> bytes:
    """Centre-crop to the box's aspect and scale to at most 200 dpi at the printed size."""
    try:
        with Image.open(io.BytesIO(data)) as raw:
            image = ImageOps.exif_transpose(raw).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReportError(_("照片不是可识别的图片格式（支持 JPEG、PNG 等）")) from exc
    aspect = width_pt / height_pt
    crop_w = min(image.width, round(image.height * aspect))
    crop_h = min(image.height, round(image.width / aspect))
    target = (max(1, round(width_pt / 72 * _MAX_DPI)), max(1, round(height_pt / 72 * _MAX_DPI)))
    size = target if crop_w > target[0] else (max(1, crop_w), max(1, crop_h))  # never upscale a small photo
    fitted = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fitted.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


@lru_cache(maxsize=128)
def photo_aspect(data: bytes) -> float:
    """Width / height as the photo is meant to be seen (EXIF rotation applied)."""
    try:
        with Image.open(io.BytesIO(data)) as raw:
            w, h = raw.size
            if raw.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # rotated a quarter turn
                w, h = h, w
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReportError(_("照片不是可识别的图片格式（支持 JPEG、PNG 等）")) from exc
    return w / h if h else PHOTO_ASPECT


def check_image(data: bytes) -> None:
    """Fail early (before any page is drawn) on bytes Pillow cannot read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReportError(_("照片不是可识别的图片格式（支持 JPEG、PNG 等）")) from exc
