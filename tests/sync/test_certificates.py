"""Key certificates are judged by the receiver's own tree (issue 14): only an office above a unit there may certify
it. A branch or committee that signs a certificate for its parent, a sibling, a cousin or the root is refused with
its name, and the victim keeps working (it is never told its key is wrong)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.sync.keys import Certificate, KeyPair
from tests.sync.conftest import add_person, export, person_row, snapshot, unit_id
from tests.sync.forge import office_key, read_entries, resign


def _trusted_keys(store: Store) -> dict[str, str]:
    with sqlite3.connect(store.db_path) as conn:
        return dict(conn.execute("SELECT unit_id, public_key FROM sync_trusted_key").fetchall())


def _forge(forger: Store, victim_code: str, tmp_path, bundle=None):  # type: ignore[no-untyped-def]
    """The forger's normal bundle plus a certificate it signed for the victim, placing it under the forger."""
    unit, key = office_key(forger)
    victim = unit_id(forger, victim_code)
    entries = read_entries(bundle or export(forger, tmp_path / "honest.jmb"))
    certs = json.loads(entries["certificates.json"])
    own_path = next(c["unit_path"] for c in certs if c["unit_id"] == unit)
    rogue = KeyPair.generate()
    fake = Certificate(victim, f"{own_path}{victim}/", rogue.public_b64, unit, 99).signed_by(key)
    entries["certificates.json"] = json.dumps([*certs, fake.as_dict()]).encode()
    return resign(entries, (unit, key), tmp_path / "forged.jmb"), rogue


@pytest.mark.parametrize(
    "victim,name",
    [
        ("C1-02", "一矿掘进队党支部（C1-02）"),
        ("C1", "一矿党委（C1）"),
        ("G", "测试集团党委（G）"),
        ("C2-01", "二矿机电队党支部（C2-01）"),
    ],
)
def test_branch_cannot_certify_a_sibling_parent_root_or_cousin(tree, tmp_path, victim, name) -> None:
    forged, _rogue = _forge(tree.b1, victim, tmp_path)
    before, keys = snapshot(tree.c1), _trusted_keys(tree.c1)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, forged)
    message = str(err.value)
    assert "“一矿综采队党支部（C1-01）”" in message and f"“{name}”" in message and "不是它的下级单位" in message
    assert "密钥错误" not in message
    assert snapshot(tree.c1) == before and _trusted_keys(tree.c1) == keys


def test_the_victim_keeps_working_after_a_refused_forgery(tree, tmp_path) -> None:
    forged, _rogue = _forge(tree.b1, "C1-02", tmp_path)
    with pytest.raises(SyncFailed):
        bundles.import_bundle(tree.c1, forged)
    pid = add_person(tree.b2, "C1-02", "吴十", 21)
    bundles.import_bundle(tree.c1, export(tree.b2, tmp_path / "b2.jmb"))
    assert person_row(tree.c1, pid) is not None


def test_committee_cannot_certify_a_cousin_at_the_group(tree, tmp_path) -> None:
    """C1 relays its branches' bundles to the group with a certificate for C2's branch tucked in."""
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    forged, rogue = _forge(tree.c1, "C2-01", tmp_path)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.group, forged)
    assert "“一矿党委（C1）”为“二矿机电队党支部（C2-01）”签发了密钥证书" in str(err.value)
    assert rogue.public_b64 not in _trusted_keys(tree.group).values()


def test_claimed_path_of_a_new_unit_must_agree_with_the_tree(tree, tmp_path) -> None:
    """A certificate for a unit the receiver does not know yet, placed under a sibling branch by its claimed path."""
    unit, key = office_key(tree.b1)
    sibling = unit_id(tree.b1, "C1-02")
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    certs = json.loads(entries["certificates.json"])
    own_path = next(c["unit_path"] for c in certs if c["unit_id"] == unit)
    parent_path = own_path.removesuffix(f"{unit}/")
    ghost = "00000000-0000-4000-8000-00000000abcd"
    fake = Certificate(
        ghost, f"{parent_path}{sibling}/{unit}/{ghost}/", KeyPair.generate().public_b64, unit, 1
    ).signed_by(key)
    entries["certificates.json"] = json.dumps([*certs, fake.as_dict()]).encode()
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, resign(entries, (unit, key), tmp_path / "forged.jmb"))
    assert "不是它的下级单位" in str(err.value)


def test_legitimate_chains_still_pass_through_every_level(tree, tmp_path) -> None:
    pid = add_person(tree.b1, "C1-01", "郑十一", 22)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert summary.keys_new >= 2  # C1 and its branch
    assert person_row(tree.group, pid) is not None
