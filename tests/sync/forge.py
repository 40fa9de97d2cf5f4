"""Tools for building hostile or damaged bundles in tests: an office re-signs a container it altered."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from jiaomei_desktop.services.store import Store
from jiaomei_desktop.sync.container import TRAILER_LEN, build_zip
from jiaomei_desktop.sync.keys import KeyPair

Entries = list[tuple[str | zipfile.ZipInfo, bytes]]


def office_key(store: Store) -> tuple[str, KeyPair]:
    with sqlite3.connect(store.db_path) as conn:
        unit, raw = conn.execute("SELECT unit_id, private_key FROM sync_office_key").fetchone()
    return unit, KeyPair(bytes(raw))


def read_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def resign(entries: dict[str, bytes], signer: Store | tuple[str, KeyPair], out: Path,
           fix_hashes: bool = True, extra: Entries | None = None) -> Path:
    """Write `entries` as a bundle signed by `signer` (the exporting office), with the manifest's file hashes
    updated so that only the checks we want to exercise can fail."""
    unit, key = office_key(signer) if isinstance(signer, Store) else signer
    entries = dict(entries)
    manifest = json.loads(entries["manifest.json"])
    if fix_hashes:
        manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in entries.items() if n != "manifest.json"}
    entries["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    ordered: Entries = [("manifest.json", entries.pop("manifest.json")), *entries.items(), *(extra or [])]
    out.write_bytes(build_zip(ordered, unit, key))
    return out


def segment_name(entries: dict[str, bytes], owner: str) -> str:
    (name,) = [n for n in entries if n.startswith(f"segments/{owner}.") and n.endswith(".jsonl")]
    return name


def edit_segment(entries: dict[str, bytes], owner: str, change: Callable[[bytes], bytes]) -> None:
    name = segment_name(entries, owner)
    entries[name] = change(entries[name])


def resign_segment(entries: dict[str, bytes], owner_store: Store) -> None:
    """The segment's owner signs its (changed) segment again: what an honest owner would produce."""
    from jiaomei_desktop.sync.segments import sign_segment

    unit, key = office_key(owner_store)
    name = segment_name(entries, unit)
    entries[name.removesuffix(".jsonl") + ".sig.json"] = json.dumps(sign_segment(entries[name], key)).encode()


__all__ = ["TRAILER_LEN", "edit_segment", "office_key", "read_entries", "resign", "resign_segment"]
