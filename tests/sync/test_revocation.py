"""A lost or replaced PC (issue 14): the parent revokes the old key and provisions the unit again. The revocation
travels up and down in bundles; whatever the old key signs afterwards is refused with a clear message, everywhere
the revocation has arrived."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.services import bundles, office_keys
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.store import Store
from tests.sync.conftest import add_person, export, person_row, snapshot, unit_id

NEW_PASS = "another pass phrase"


def _revoked(store: Store) -> list[str]:
    with sqlite3.connect(store.db_path) as conn:
        return [r[0] for r in conn.execute("SELECT unit_id FROM sync_revoked_key")]


def test_provisioning_again_without_revoking_is_refused(tree, tmp_path) -> None:
    with pytest.raises(SyncFailed) as err:
        bundles.provision_child(tree.c1, unit_id(tree.c1, "C1-01"), tmp_path / "again.jms", NEW_PASS)
    assert "一矿综采队党支部（C1-01）" in str(err.value) and "吊销" in str(err.value)
    assert not (tmp_path / "again.jms").exists()


def test_only_the_issuing_parent_may_revoke(tree) -> None:
    with pytest.raises(SyncFailed) as err:
        office_keys.revoke_child_key(tree.b1, unit_id(tree.b1, "C1-02"))
    assert "下级单位" in str(err.value)
    with pytest.raises(SyncFailed) as err:
        office_keys.revoke_child_key(tree.group, unit_id(tree.group, "C1-01"))  # C1 issued it, not the group
    assert "一矿党委" in str(err.value) or "下级单位" in str(err.value)
    office_keys.revoke_child_key(tree.c1, unit_id(tree.c1, "C1-01"))
    with pytest.raises(SyncFailed) as err:
        office_keys.revoke_child_key(tree.c1, unit_id(tree.c1, "C1-01"))
    assert "已经吊销" in str(err.value)


def test_revoked_key_is_refused_everywhere_the_revocation_travels(tree, tmp_path) -> None:
    b1 = unit_id(tree.c1, "C1-01")
    kept = add_person(tree.b1, "C1-01", "冯十二", 31)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1-before.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1-before.jmb"))
    office_keys.revoke_child_key(tree.c1, b1)
    # the thief (or the old PC) exports again: refused at the parent with a message saying why
    add_person(tree.b1, "C1-01", "陈十三", 32)
    stolen = export(tree.b1, tmp_path / "stolen.jmb")
    before = snapshot(tree.c1)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, stolen)
    assert "吊销" in str(err.value) and "一矿综采队党支部（C1-01）" in str(err.value)
    assert snapshot(tree.c1) == before
    # up: the group learns the revocation from C1's bundle and refuses the stolen bundle too
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1-up.jmb"))
    assert b1 in _revoked(tree.group)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.group, stolen)
    assert "吊销" in str(err.value)
    # down: the sibling branch learns it from C1's down bundle
    bundles.import_bundle(
        tree.b2, export(tree.c1, tmp_path / "down.jmb", direction="down", recipient_unit_id=unit_id(tree.c1, "C1-02"))
    )
    assert b1 in _revoked(tree.b2)
    # what the old key signed before the revocation stays
    assert person_row(tree.group, kept) is not None


def test_new_pc_after_revocation_carries_on(tree, tmp_path) -> None:
    b1 = unit_id(tree.c1, "C1-01")
    kept = add_person(tree.b1, "C1-01", "褚十四", 33)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    office_keys.revoke_child_key(tree.c1, b1)
    setup = bundles.provision_child(tree.c1, b1, tmp_path / "again.jms", NEW_PASS)
    new_b1, _summary = bundles.setup_from_file(tmp_path / "new-b1", setup.path, NEW_PASS)
    try:
        assert person_row(new_b1, kept).name == "褚十四"
        pid = add_person(new_b1, "C1-01", "卫十五", 34)
        bundles.import_bundle(tree.c1, export(new_b1, tmp_path / "new.jmb"))
        bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
        assert person_row(tree.group, pid) is not None and person_row(tree.group, kept) is not None
        assert b1 in _revoked(tree.group)
        # the old PC, still holding the revoked key, is told why it is refused, at the parent and at the group
        stale = export(tree.b1, tmp_path / "old-pc.jmb")
        for receiver in (tree.c1, tree.group):
            with pytest.raises(SyncFailed) as err:
                bundles.import_bundle(receiver, stale)
            assert "吊销" in str(err.value) and "一矿党委（C1）" in str(err.value)
    finally:
        new_b1.close()


def test_a_new_key_without_revocation_is_refused_at_the_group(tree, tmp_path) -> None:
    """A hostile committee certifies a new key for its branch without revoking the old one (by hand, since the
    app refuses to): the group refuses, naming the committee; the real branch keeps working."""
    from jiaomei_desktop.sync.keys import Certificate, KeyPair
    from tests.sync.forge import office_key, read_entries, resign

    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    unit, key = office_key(tree.c1)
    b1 = unit_id(tree.c1, "C1-01")
    entries = read_entries(export(tree.c1, tmp_path / "c1-again.jmb"))
    certs = json.loads(entries["certificates.json"])
    old = next(c for c in certs if c["unit_id"] == b1)
    fake = Certificate(b1, old["unit_path"], KeyPair.generate().public_b64, unit, old["serial"] + 1).signed_by(key)
    entries["certificates.json"] = json.dumps([c for c in certs if c["unit_id"] != b1] + [fake.as_dict()]).encode()
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.group, resign(entries, (unit, key), tmp_path / "forged.jmb"))
    assert "“一矿党委（C1）”为“一矿综采队党支部（C1-01）”签发了新的密钥，但没有先吊销其旧密钥" in str(err.value)
    pid = add_person(tree.b1, "C1-01", "蒋十六", 35)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1-later.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1-later.jmb"))
    assert person_row(tree.group, pid) is not None


def test_revoke_on_the_command_line(tree, capsys) -> None:  # type: ignore[no-untyped-def]
    tree.c1.close()
    c1 = str(tree.root / "c1")
    assert main(["bundle", "keys", "revoke", "C1-01", "--data-dir", c1, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert payload["unit_name"] == "一矿综采队党支部" and payload["serial"] == 2
    assert main(["bundle", "keys", "revoke", "C1-01", "--data-dir", c1]) != 0
    assert "已经吊销" in capsys.readouterr().err
    assert main(["bundle", "keys", "--data-dir", c1]) == 0
    assert "已吊销" in capsys.readouterr().out
