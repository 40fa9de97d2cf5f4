"""The photo store: what is accepted, what is refused (with a clear message and nothing stored), stored once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from jiaomei_desktop.db.models import Photo
from jiaomei_desktop.services import photos
from jiaomei_desktop.services.photos import PhotoRejected
from tests.gallery.images import jpeg_claiming, picture, png_bomb, rotated_jpeg


def _photo_rows(store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(Photo)) or 0


def _stored_files(store) -> list[Path]:
    return [p for p in store.photos_dir.rglob("*") if p.is_file()] if store.photos_dir.exists() else []


def _assert_nothing_stored(store) -> None:
    assert _photo_rows(store) == 0
    assert _stored_files(store) == []


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "BMP", "WEBP"])
def test_accepts_each_supported_format_and_stores_jpeg(store, fmt):
    info = photos.add_photo_bytes(store, picture(fmt))
    path = photos.photo_path(store, info.sha256)
    assert path == store.photos_dir / info.sha256[:2] / f"{info.sha256}.jpg"
    with Image.open(path) as stored:
        assert stored.format == "JPEG" and stored.size == (300, 400)
    assert (info.width, info.height, info.mime) == (300, 400, "image/jpeg")
    assert _photo_rows(store) == 1


def test_same_photo_added_twice_is_stored_once(store, tmp_path):
    data = picture("PNG")
    source = tmp_path / "照片.png"
    source.write_bytes(data)
    first = photos.add_photo_file(store, source)
    second = photos.add_photo_bytes(store, data)
    assert first == second
    assert _photo_rows(store) == 1
    assert len(_stored_files(store)) == 1


def test_exif_orientation_is_applied(store):
    info = photos.add_photo_bytes(store, rotated_jpeg())
    assert (info.width, info.height) == (300, 400)
    with Image.open(photos.photo_path(store, info.sha256)) as stored:
        assert stored.size == (300, 400)
        assert not stored.getexif().get(0x0112)  # no orientation left to apply twice


def test_large_photo_is_scaled_down(store):
    info = photos.add_photo_bytes(store, picture("JPEG", (4000, 3000)))
    assert (info.width, info.height) == (1600, 1200)


def test_transparent_png_is_flattened_on_white(store):
    info = photos.add_photo_bytes(store, picture("PNG", (40, 40), color=(0, 0, 0, 0), mode="RGBA"))
    with Image.open(photos.photo_path(store, info.sha256)) as stored:
        assert stored.convert("RGB").getpixel((30, 30)) > (240, 240, 240)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param(b"\xe5\xa7\x93\xe5\x90\x8d,\xe5\xb2\x97\xe4\xbd\x8d\n" * 20, "文本文件", id="renamed-text"),
        pytest.param(picture("JPEG", (800, 600))[:1500], "不完整", id="truncated-jpeg"),
        pytest.param(picture("PNG", (800, 600), color="orange")[:-40], "不完整", id="truncated-png"),
        pytest.param(png_bomb(), "像素", id="png-20000x20000"),
        pytest.param(jpeg_claiming(20_000, 20_000), "像素", id="jpeg-20000x20000"),
        pytest.param(jpeg_claiming(8_000, 6_000), "8,000 × 6,000", id="jpeg-48-megapixels"),
        pytest.param(picture("GIF"), "GIF", id="gif"),
        pytest.param(picture("TIFF"), "TIFF", id="tiff"),
        pytest.param(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF", id="pdf"),
        pytest.param(b"", "空", id="empty"),
        pytest.param(bytes(range(256)) * 8, "无法识别", id="random-bytes"),
    ],
)
def test_bad_pictures_are_refused_with_a_clear_message_and_nothing_stored(store, data, words):
    with pytest.raises(PhotoRejected) as caught:
        photos.add_photo_bytes(store, data)
    assert words in str(caught.value)
    _assert_nothing_stored(store)


def test_renamed_text_file_by_path(store, tmp_path):
    fake = tmp_path / "劳模.jpg"
    fake.write_text("这不是照片", encoding="utf-8")
    with pytest.raises(PhotoRejected, match="文本文件"):
        photos.add_photo_file(store, fake)
    _assert_nothing_stored(store)


def test_missing_file_and_folder(store, tmp_path):
    with pytest.raises(PhotoRejected, match="找不到文件"):
        photos.add_photo_file(store, tmp_path / "无.jpg")
    with pytest.raises(PhotoRejected, match="文件夹"):
        photos.add_photo_file(store, tmp_path)
    _assert_nothing_stored(store)


def test_thumbnail_is_made_once_beside_the_photo(store):
    info = photos.add_photo_bytes(store, picture("JPEG", (1200, 1600)))
    thumb = photos.ensure_thumbnail(store, info.sha256)
    assert thumb == photos.thumbnail_path(store, info.sha256, 240)
    assert thumb.parent == photos.photo_path(store, info.sha256).parent
    with Image.open(thumb) as image:
        assert image.size == (180, 240)
    mtime = thumb.stat().st_mtime_ns
    assert photos.ensure_thumbnail(store, info.sha256) == thumb
    assert thumb.stat().st_mtime_ns == mtime


def test_thumbnail_of_missing_photo_is_none(store):
    assert photos.ensure_thumbnail(store, "a" * 64) is None


def test_adopting_prepared_bytes_keeps_the_hash(store):
    prepared = photos.prepare_photo(picture("PNG"))
    with store.transaction() as session:
        info = photos.adopt_stored_photo(session, store, prepared.sha256, prepared.data)
    assert info.sha256 == prepared.sha256
    assert photos.read_photo(store, info.sha256) == prepared.data
    with store.transaction() as session, pytest.raises(PhotoRejected, match="校验值"):
        photos.adopt_stored_photo(session, store, "b" * 64, prepared.data)


def test_stored_bytes_are_deterministic():
    data = picture("JPEG", (2000, 1500))
    assert photos.prepare_photo(data).sha256 == photos.prepare_photo(data).sha256


def test_photo_path_refuses_non_hash():
    with pytest.raises(ValueError):
        photos.photo_path(None, "../../etc/passwd")  # type: ignore[arg-type]


def test_metadata_is_stripped(store):
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, "JPEG", exif=exif.tobytes())
    info = photos.add_photo_bytes(store, out.getvalue())
    with Image.open(photos.photo_path(store, info.sha256)) as stored:
        assert 0x010F not in stored.getexif()
