"""A relay passes segments unchanged (issue 14): a committee that edits a branch's rows in its own store, tries to
provision the branch again and exports upward gets none of its edits accepted at the group, and the real branch is
not refused afterwards. Re-provisioning (after a revocation) starts the new PC from the rows the branch signed."""

from __future__ import annotations

import sqlite3

import pytest

from jiaomei_desktop.services import bundles, office_keys
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.store import Store
from tests.sync.conftest import add_person, edit_person, export, person_row, unit_id

NEW_PASS = "another pass phrase"


def _alter_in_place(store: Store, person_id: str) -> None:
    """The committee's secretary edits the branch's member with sqlite3, keeping the branch as owner."""
    with sqlite3.connect(store.db_path) as conn:
        conn.execute("UPDATE person SET name = '篡改', version = version + 1 WHERE id = ?", (person_id,))


def test_relay_cannot_rewrite_a_branchs_rows(tree, tmp_path) -> None:
    pid = add_person(tree.b1, "C1-01", "韩十七", 41)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    _alter_in_place(tree.c1, pid)
    with pytest.raises(SyncFailed):
        bundles.provision_child(tree.c1, unit_id(tree.c1, "C1-01"), tmp_path / "again.jms", NEW_PASS)
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert person_row(tree.group, pid).name == "韩十七"
    # the real branch keeps working: its next edit reaches the group through the same committee
    edit_person(tree.b1, pid, name="韩十七甲")
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1-later.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1-later.jmb"))
    assert person_row(tree.group, pid).name == "韩十七甲"


def test_reprovisioning_starts_from_the_rows_the_branch_signed(tree, tmp_path) -> None:
    pid = add_person(tree.b1, "C1-01", "杨十八", 42)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    _alter_in_place(tree.c1, pid)
    b1 = unit_id(tree.c1, "C1-01")
    office_keys.revoke_child_key(tree.c1, b1)
    setup = bundles.provision_child(tree.c1, b1, tmp_path / "again.jms", NEW_PASS)
    new_b1, _summary = bundles.setup_from_file(tmp_path / "new-b1", setup.path, NEW_PASS)
    try:
        assert person_row(new_b1, pid).name == "杨十八"
        bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1-after.jmb"))
        assert person_row(tree.group, pid).name == "杨十八"
        bundles.import_bundle(tree.c1, export(new_b1, tmp_path / "new-b1.jmb"))
        bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1-last.jmb"))
        assert person_row(tree.group, pid).name == "杨十八"
    finally:
        new_b1.close()


def test_relayed_segments_arrive_byte_for_byte(tree, tmp_path) -> None:
    from tests.sync.forge import read_entries

    add_person(tree.b1, "C1-01", "朱十九", 43)
    b1 = unit_id(tree.c1, "C1-01")
    sent = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    bundles.import_bundle(tree.c1, tmp_path / "b1.jmb")
    relayed = read_entries(export(tree.c1, tmp_path / "c1.jmb"))
    mine = {n: d for n, d in sent.items() if n.startswith(f"segments/{b1}.")}
    assert mine and all(relayed.get(n) == d for n, d in mine.items())
