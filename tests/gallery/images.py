"""Synthetic pictures for the photo-store tests: good ones in every accepted format, and every kind of bad one."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def picture(fmt: str = "JPEG", size: tuple[int, int] = (300, 400), color: str = "steelblue", mode: str = "RGB",
            **save: object) -> bytes:
    image = Image.new(mode, size, color)
    # a red block in the top-left corner, so orientation is visible after EXIF rotation
    image.paste(Image.new(mode, (size[0] // 4, size[1] // 8), "red"), (0, 0))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def rotated_jpeg() -> bytes:
    """Stored 400 wide × 300 high, with EXIF orientation 6 (display rotated 90° clockwise → 300 × 400)."""
    image = Image.new("RGB", (400, 300), "white")
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A tiny file that claims 20,000 × 20,000 pixels: decoding it would need 1.2 GB."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 4)  # a few rows; the decoder would want 20,000
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header is rewritten to claim width × height."""
    data = bytearray(picture("JPEG", (16, 16)))
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)
