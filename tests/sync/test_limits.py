"""Verify first, parse after, back up last: hostile bytes are refused with a Chinese message before any JSON is
parsed or any backup made, JSON is read under depth and size limits, and memory stays bounded."""

from __future__ import annotations

import hashlib
import json
import random
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from jiaomei_desktop.domain.text import has_unsafe
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.health import list_backups
from jiaomei_desktop.sync.container import TRAILER_LEN, TRAILER_MAGIC, build_zip, signing_message
from jiaomei_desktop.sync.keys import KeyPair
from tests.sync.conftest import add_person, export, snapshot, unit_id
from tests.sync.forge import office_key, read_entries, resign, resign_segment, segment_name

CHINESE = "数据包"


def _raw_resign(
    entries: dict[str, bytes],
    signer: tuple[str, KeyPair],
    out: Path,
    manifest: bytes | None = None,
    fix_hashes: bool = True,
) -> Path:
    """Like forge.resign, but the manifest bytes are written as given (they may not even be JSON)."""
    entries = dict(entries)
    if manifest is None:
        doc = json.loads(entries["manifest.json"])
        if fix_hashes:
            doc["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in entries.items() if n != "manifest.json"}
        manifest = json.dumps(doc, ensure_ascii=False).encode()
    entries.pop("manifest.json")
    out.write_bytes(build_zip([("manifest.json", manifest), *entries.items()], signer[0], signer[1]))
    return out


def _backups(store) -> int:  # type: ignore[no-untyped-def]
    return len(list_backups(store.data_dir))


def _refused(store, path: Path, *words: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(store, path)
    message = str(err.value)
    assert all(w in message for w in words), message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    return message


NESTED = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    "manifest",
    [
        NESTED,
        b'{"format": "jiaomei-bundle", "x": ' + NESTED + b"}",
        b'{"format": "jiaomei-bundle", "format_version": 1e400}',
        b'{"format": "jiaomei-bundle", "n": NaN}',
        b'{"format": "jiaomei-bundle", "n": -Infinity}',
        b'{"format": "jiaomei-bundle", "n": ' + b"9" * 4000 + b"}",
        b'{"format": "jiaomei-bundle", "n": ' + b"9" * 5000 + b"}",
        b"\xff\xfe not utf-8",
        b"",
    ],
)
def test_hostile_manifest_is_refused_in_chinese(tree, tmp_path, manifest) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    path = _raw_resign(entries, office_key(tree.b1), tmp_path / "bad.jmb", manifest)
    before = snapshot(tree.c1)
    _refused(tree.c1, path)
    assert snapshot(tree.c1) == before


def test_hostile_manifest_signed_by_nobody_known_makes_no_backup(tree, tmp_path) -> None:
    """A stranger's file with a correct trailer hash: refused at the signature, before the manifest is read and
    before a backup; fifteen tries leave the backups (and so a manual one) as they were."""
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    stranger = (unit_id(tree.b1, "C1-01"), KeyPair.generate())
    path = _raw_resign(entries, stranger, tmp_path / "junk.jmb", NESTED)
    before = _backups(tree.c1)
    for _ in range(15):
        _refused(tree.c1, path, "签名")
    assert _backups(tree.c1) == before


def test_refusals_before_the_merge_make_no_backup(tree, tmp_path) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    junk = [_raw_resign(entries, office_key(tree.b1), tmp_path / "nested.jmb", NESTED), tmp_path / "random.jmb"]
    junk[1].write_bytes(random.Random(1).randbytes(5000))
    before = _backups(tree.c1)
    for _ in range(8):
        for path in junk:
            _refused(tree.c1, path)
    assert _backups(tree.c1) == before
    bundles.import_bundle(tree.c1, tmp_path / "b1.jmb")  # a good bundle still backs up first
    assert _backups(tree.c1) == before + 1


def _patch_sizes(data: bytes, name: str, uncompressed: int) -> bytes:
    """Make the zip's local header and central directory claim `uncompressed` bytes for entry `name`."""
    out = bytearray(data)
    encoded = name.encode()
    local = out.find(b"PK\x03\x04" + b"\x14\x00")
    while local != -1:
        name_len = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30 : local + 30 + name_len] == encoded:
            struct.pack_into("<I", out, local + 22, uncompressed)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_len] == encoded:
            struct.pack_into("<I", out, central + 24, uncompressed)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def test_a_manifest_that_inflates_to_a_gigabyte_is_refused_fast_and_small(tree, tmp_path) -> None:
    """14 MB on the stick whose manifest says it inflates to 1 GB (ratio 72:1, under the bomb ratio): refused from
    the zip directory in under a second, with under 100 MB allocated."""
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    body = random.Random(2).randbytes(14 * 1024**2)
    unit, key = office_key(tree.b1)
    entries.pop("manifest.json")
    raw = build_zip([("manifest.json", body), *entries.items()], unit, key)
    patched = _patch_sizes(raw[:-TRAILER_LEN], "manifest.json", 1024**3)
    path = tmp_path / "giant.jmb"
    # the trailer is computed again over the patched bytes, as a hostile office would
    path.write_bytes(_resign_raw(patched, unit, key))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("manifest.json").file_size == 1024**3
    before = _backups(tree.c1)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        _refused(tree.c1, path, "过大")
        elapsed = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    # the 14 MB file itself is read whole (and decrypted, when it is encrypted): that is the bounded part
    assert peak < 100 * 1024**2, f"{peak / 1024**2:.0f} MB"
    assert _backups(tree.c1) == before


def _resign_raw(zip_without_comment: bytes, unit: str, key: KeyPair) -> bytes:
    data = bytearray(zip_without_comment + b"0" * TRAILER_LEN)
    struct.pack_into("<H", data, len(zip_without_comment) - 2, TRAILER_LEN)  # the comment length field
    digest = hashlib.sha256(data[:-TRAILER_LEN]).hexdigest()
    trailer = b" ".join([TRAILER_MAGIC, digest.encode(), unit.encode(), key.sign(signing_message(digest)).encode()])
    data[-TRAILER_LEN:] = trailer
    return bytes(data)


def test_a_manifest_lying_about_its_size_is_read_no_further(tree, tmp_path) -> None:
    """The directory says 2 kB; the deflate stream would give 32 MB. Reading stops at what was declared."""
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    unit, key = office_key(tree.b1)
    entries.pop("manifest.json")
    huge = b"[" * (32 * 1024**2)
    raw = build_zip([("manifest.json", huge), *entries.items()], unit, key)
    del huge
    patched = _patch_sizes(raw[:-TRAILER_LEN], "manifest.json", 2048)
    path = tmp_path / "liar.jmb"
    path.write_bytes(_resign_raw(patched, unit, key))
    tracemalloc.start()
    try:
        _refused(tree.c1, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024**2


def _plant_segment(tree, tmp_path, change) -> Path:  # type: ignore[no-untyped-def]
    """b1 validly signs a segment whose text was changed by `change(lines) -> lines`."""
    unit = unit_id(tree.b1, "C1-01")
    add_person(tree.b1, "C1-01", "李四", 2)
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    name = segment_name(entries, unit)
    entries[name] = "\n".join(change(entries[name].decode().split("\n"))).encode()
    resign_segment(entries, tree.b1)
    return resign(entries, tree.b1, tmp_path / "planted.jmb")


def _person_lines(lines: list[str], edit) -> list[str]:  # type: ignore[no-untyped-def]
    columns = None
    out = []
    for line in lines:
        if line.startswith('{"table":"person"'):
            columns = json.loads(line)["columns"]
        elif columns and line.startswith("["):
            line = edit(dict(zip(columns, json.loads(line), strict=True)))  # every person row
        elif line.startswith("{"):
            columns = None
        out.append(line)
    return out


def _one_column(lines: list[str]) -> list[str]:
    out, in_person = [], False
    for line in lines:
        if line.startswith('{"table":"person"'):
            meta = json.loads(line)
            meta["columns"] = ["id"]
            line, in_person = json.dumps(meta, separators=(",", ":")), True
        elif in_person and line.startswith("["):
            line = json.dumps(json.loads(line)[:1])
        else:
            in_person = False
        out.append(line)
    return out


def _row(values: dict[str, object]) -> str:
    return json.dumps(list(values.values()), ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize(
    "change",
    [
        _one_column,
        lambda lines: _person_lines(lines, lambda r: _row({**r, "name": {"x": 1}})),
        lambda lines: _person_lines(lines, lambda r: _row({**r, "version": 2**70})),
        lambda lines: _person_lines(lines, lambda r: _row({**r, "version": 9 * 10**3000})),
        lambda lines: _person_lines(lines, lambda r: _row(r).replace('"李四"', "[" * 5000 + "]" * 5000)),
        lambda lines: _person_lines(lines, lambda r: _row(r).replace('"李四"', "1e400")),
        lambda lines: _person_lines(lines, lambda r: _row(r).replace('"李四"', "NaN")),
        lambda lines: [lines[0].replace('"seq":', '"seq":99999999999999999999999'), *lines[1:]],
        lambda lines: [lines[0], '{"table":"person","columns":"id","rows":0}', *lines[1:]],
        lambda lines: [lines[0], "[" * 50_000, *lines[1:]],
    ],
)
def test_signed_but_malformed_segment_is_refused_in_chinese(tree, tmp_path, change) -> None:
    path = _plant_segment(tree, tmp_path, change)
    before = snapshot(tree.c1)
    _refused(tree.c1, path)
    assert snapshot(tree.c1) == before


@pytest.mark.parametrize(
    "meta", [{"width": "abc"}, {"width": 2**40}, {"width": -1}, {"height": None}, {"mime": ["x"]}, "x"]
)
def test_signed_photo_with_bad_metadata_is_refused_in_chinese(tree, tmp_path, meta) -> None:
    photo = b"\xff\xd8\xff\xe0 not really a jpeg"
    sha = hashlib.sha256(photo).hexdigest()
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    entries[f"photos/{sha}"] = photo
    doc = json.loads(entries["manifest.json"])
    base = {"mime": "image/jpeg", "width": 10, "height": 10, "size_bytes": len(photo)}
    doc["photos"] = {sha: {**base, **meta} if isinstance(meta, dict) else meta}
    entries["manifest.json"] = json.dumps(doc).encode()
    path = resign(entries, tree.b1, tmp_path / "photo.jmb")
    before = snapshot(tree.c1)
    _refused(tree.c1, path, "照片")
    assert snapshot(tree.c1) == before


def test_a_junk_file_in_a_consolidation_folder_is_reported_and_skipped(tree, tmp_path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    add_person(tree.b1, "C1-01", "李四", 2)
    add_person(tree.b2, "C1-02", "赵六", 3)
    export(tree.b1, folder / "a-b1.jmb")
    export(tree.b2, folder / "c-b2.jmb")
    entries = read_entries(folder / "a-b1.jmb")
    _raw_resign(entries, office_key(tree.b1), folder / "b-nested.jmb", NESTED)
    _raw_resign(entries, office_key(tree.b1), folder / "b-number.jmb", b'{"format_version": 1e400}')
    (folder / "b-random.jmb").write_bytes(random.Random(3).randbytes(3000))
    report = bundles.consolidate(tree.c1, folder)
    results = {name: (summary is not None, error) for name, summary, error in report.files}
    assert results["a-b1.jmb"][0] and results["c-b2.jmb"][0]
    for name in ("b-nested.jmb", "b-number.jmb", "b-random.jmb"):
        ok, error = results[name]
        assert not ok and any("\u4e00" <= ch <= "\u9fff" for ch in error), (name, error)
    assert report.imported == 2 and report.failed == 3


def test_a_consolidation_of_junk_only_makes_no_backup(tree, tmp_path) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    _raw_resign(entries, office_key(tree.b1), folder / "nested.jmb", NESTED)
    (folder / "random.jmb").write_bytes(random.Random(4).randbytes(3000))
    before = _backups(tree.c1)
    for _ in range(3):
        report = bundles.consolidate(tree.c1, folder)
        assert report.imported == 0 and report.failed == 2
    assert _backups(tree.c1) == before


@pytest.mark.parametrize("certs", [NESTED, b"[" + b"{}," * 10 + b"1e400]", b'[{"unit_id": NaN}]', b"{}"])
def test_hostile_certificates_from_an_unknown_signer_are_refused(tree, tmp_path, certs) -> None:
    """A signer this office does not know yet: certificates.json is the one file read before the signature,
    under the same limits."""
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    entries["certificates.json"] = certs
    stranger = ("0" * 8 + "-0000-4000-8000-" + "0" * 12, KeyPair.generate())
    path = _raw_resign(entries, stranger, tmp_path / "certs.jmb")
    before = _backups(tree.c1)
    _refused(tree.c1, path)
    assert _backups(tree.c1) == before


@pytest.mark.parametrize(
    "name,kind", [("李\u202e四", "文字方向控制符"), ("李\u200b四", "零宽字符"), ("李\x1b[2J四", "控制字符")]
)
def test_a_name_with_hidden_characters_is_refused_at_import(tree, tmp_path, name, kind) -> None:
    """Another office's text is checked like a form's: a name with a control, direction-override or zero-width
    character is refused with the record named (so `jiaomei roster export` above never meets it)."""
    path = _plant_segment(
        tree,
        tmp_path,
        lambda lines: _person_lines(lines, lambda r: _row({**r, "name": name}) if r["name"] == "李四" else _row(r)),
    )
    before = snapshot(tree.c1)
    message = _refused(tree.c1, path, kind)
    assert "name" in message or "姓名" in message
    assert not has_unsafe(message)  # the refused name itself is shown escaped
    assert snapshot(tree.c1) == before
