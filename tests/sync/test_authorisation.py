"""One authorisation rule, decided by the receiver's own view (issue 14): a hostile secretary edits her own store with
sqlite3 and exports with the normal command; the receiver refuses every write beyond her office's subtree, names
the office and the record, and keeps its data as it was."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services import bundles, org
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.sync.passphrase import decrypt
from tests.sync.conftest import PASS, add_person, edit_person, export, person_row, snapshot, unit_id
from tests.sync.forge import read_entries, resign


def sql(store: Store, statement: str, params: tuple[object, ...] = ()) -> None:
    """What a hostile secretary can do with sqlite3 on her own PC, around every check of the app."""
    with sqlite3.connect(store.db_path) as conn:
        conn.execute(statement, params)


def path_of(store: Store, unit: str) -> str:
    with sqlite3.connect(store.db_path) as conn:
        return str(conn.execute("SELECT path FROM org_unit WHERE id = ?", (unit,)).fetchone()[0])


def refused(receiver: Store, bundle: Path) -> str:
    before = snapshot(receiver)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(receiver, bundle)
    assert snapshot(receiver) == before
    return str(err.value)


def test_self_declared_handover_cannot_take_over_the_root(tree, tmp_path) -> None:
    """The branch re-owns and renames the group's root unit and declares a handover of it (both directions)."""
    b1, root = unit_id(tree.b1, "C1-01"), unit_id(tree.b1, "G")
    sql(
        tree.b1,
        "UPDATE org_unit SET owner_unit_id = ?, name = '被夺走的集团', version = version + 5 WHERE id = ?",
        (b1, root),
    )
    for frm, to in ((b1, root), (root, b1)):
        sql(
            tree.b1,
            "INSERT OR IGNORE INTO sync_handover (table_name, row_id, from_unit_id, to_unit_id) "
            "VALUES ('org_unit', ?, ?, ?)",
            (root, frm, to),
        )
    message = refused(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    assert "测试集团党委（G）" in message and "一矿综采队党支部（C1-01）" in message and "无权" in message
    # the group can still rename its own root
    org.rename_unit(tree.group, unit_id(tree.group, "G"), "测试集团党委（改名）")


def test_branch_cannot_tombstone_its_parents_unit(tree, tmp_path) -> None:
    b1, c1 = unit_id(tree.b1, "C1-01"), unit_id(tree.b1, "C1")
    sql(tree.b1, "UPDATE org_unit SET owner_unit_id = ?, deleted = 1, version = version + 1 WHERE id = ?", (b1, c1))
    sql(
        tree.b1,
        "INSERT INTO sync_handover (table_name, row_id, from_unit_id, to_unit_id) VALUES ('org_unit', ?, ?, ?)",
        (c1, b1, c1),
    )
    message = refused(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    assert "一矿党委（C1）" in message


@pytest.mark.parametrize("target", ["C1-02", "C2-01"])
def test_branch_cannot_file_members_under_a_sibling_or_another_mine(tree, tmp_path, target) -> None:
    pid = add_person(tree.b1, "C1-01", "钱七", 11)
    sql(tree.b1, "UPDATE person SET branch_id = ? WHERE id = ?", (unit_id(tree.b1, target), pid))
    message = refused(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    assert "不能在单位" in message and f"（{target}）" in message and "“钱七”" in message
    assert person_row(tree.c1, pid) is None


def test_branch_cannot_add_a_committee_under_the_root(tree, tmp_path) -> None:
    b1, root = unit_id(tree.b1, "C1-01"), unit_id(tree.b1, "G")
    new = "0d7c0c0e-5a57-4c1b-9c1e-000000000001"
    with sqlite3.connect(tree.b1.db_path) as conn:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(org_unit)")]
        row = dict(zip(cols, conn.execute("SELECT * FROM org_unit WHERE id = ?", (b1,)).fetchone(), strict=True))
        row.update(
            id=new,
            parent_id=root,
            path=f"/{root}/{new}/",
            code="FAKE",
            name="伪造矿党委",
            kind="基层党委",
            owner_unit_id=b1,
            version=1,
        )
        conn.execute(
            f"INSERT INTO org_unit ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols]
        )
    message = refused(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    assert "“伪造矿党委（FAKE）”" in message and "测试集团党委（G）" in message


def test_branch_cannot_move_its_party_group_under_another_mine(tree, tmp_path) -> None:
    group = org.add_unit(tree.b1, unit_id(tree.b1, "C1-01"), "C1-01-1", "第一党小组", UnitKind.PARTY_GROUP)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))  # filed under its own branch: fine
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    c2 = unit_id(tree.b1, "C2")
    sql(
        tree.b1,
        "UPDATE org_unit SET parent_id = ?, path = ?, version = version + 1 WHERE id = ?",
        (c2, f"{path_of(tree.b1, c2)}{group.id}/", group.id),
    )
    message = refused(tree.c1, export(tree.b1, tmp_path / "moved.jmb"))
    assert "二矿党委（C2）" in message and "第一党小组" in message


def test_a_unit_path_that_contradicts_its_parent_is_refused(tree, tmp_path) -> None:
    """A unit filed under the branch but with a path placing it under the root, to escape subtree checks."""
    group = org.add_unit(tree.b1, unit_id(tree.b1, "C1-01"), "C1-01-2", "第二党小组", UnitKind.PARTY_GROUP)
    sql(
        tree.b1,
        "UPDATE org_unit SET path = ? WHERE id = ?",
        (f"{path_of(tree.b1, unit_id(tree.b1, 'G'))}{group.id}/", group.id),
    )
    message = refused(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    assert "路径与其上级单位不符" in message


def test_branch_cannot_tombstone_a_siblings_member(tree, tmp_path) -> None:
    pid = add_person(tree.b2, "C1-02", "孙八", 12)
    bundles.import_bundle(tree.c1, export(tree.b2, tmp_path / "b2.jmb"))
    b1 = unit_id(tree.c1, "C1-01")
    # b1 has never seen the row: it files a tombstone of that id as its own new row under the sibling
    with sqlite3.connect(tree.c1.db_path) as conn:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(person)")]
        row = conn.execute("SELECT * FROM person WHERE id = ?", (pid,)).fetchone()
    values = dict(zip(cols, row, strict=True))
    values.update(owner_unit_id=b1, deleted=1, version=values["version"] + 1)
    with sqlite3.connect(tree.b1.db_path) as conn:
        conn.execute(
            f"INSERT INTO person ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [values[c] for c in cols]
        )
    message = refused(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    assert "“孙八”" in message and "一矿掘进队党支部（C1-02）" in message
    assert not person_row(tree.c1, pid).deleted


def test_handover_chain_is_followed_downwards_only(tree, tmp_path) -> None:
    """王建国 went group → C1 → C1-01 by provisioning: the branch's edit is accepted at the group; the committee,
    a former owner, may no longer change him (its older copy is merely stale)."""
    pid = next(p for p in _people(tree.group) if p[1] == "王建国")[0]
    edit_person(tree.b1, pid, name="王建国甲")
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert person_row(tree.group, pid).name == "王建国甲"
    c1 = unit_id(tree.c1, "C1")
    sql(tree.c1, "UPDATE person SET owner_unit_id = ?, name = '改名', version = version + 3 WHERE id = ?", (c1, pid))
    message = refused(tree.group, export(tree.c1, tmp_path / "c1-again.jmb"))
    assert "已由“一矿党委（C1）”移交给“一矿综采队党支部（C1-01）”" in message


def test_former_owners_older_copy_is_stale_not_refused(tree, tmp_path) -> None:
    """C1's first segment (from its setup file, when 王建国 was still its own) reaches the group late, relayed after
    the branch's edit: it is stale, not a reason to refuse the bundle."""
    pid = next(p for p in _people(tree.group) if p[1] == "王建国")[0]
    edit_person(tree.b1, pid, name="王建国乙")
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    c1 = unit_id(tree.c1, "C1")
    with zipfile.ZipFile(io.BytesIO(decrypt((tree.root / "c1.jms").read_bytes(), PASS))) as setup:
        old = {n: setup.read(n) for n in setup.namelist() if n.startswith(f"segments/{c1}.")}
    assert len(old) == 2 and any(f'"{pid}","{c1}"'.encode() in d for d in old.values())
    entries = read_entries(export(tree.c1, tmp_path / "c1-again.jmb"))
    late = resign({**entries, **old}, tree.c1, tmp_path / "late.jmb")
    result = bundles.import_bundle(tree.group, late)
    assert result.rejections == [] and result.totals()["stale"] >= 1
    assert person_row(tree.group, pid).name == "王建国乙"


def _people(store: Store) -> list[tuple[str, str]]:
    with sqlite3.connect(store.db_path) as conn:
        return conn.execute("SELECT id, name FROM person ORDER BY name").fetchall()


def test_a_parent_cannot_file_records_under_a_unit_its_child_office_keeps(tree, tmp_path) -> None:
    """Once the group knows the branch's office, the committee can no longer add members there (it could otherwise
    squat ids and block the branch's own records); the branch's own new member is accepted."""
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    pid = add_person(tree.c1, "C1", "秦二十", 51)
    sql(tree.c1, "UPDATE person SET branch_id = ? WHERE id = ?", (unit_id(tree.c1, "C1-01"), pid))
    message = refused(tree.group, export(tree.c1, tmp_path / "c1-squat.jmb"))
    assert "该单位的记录由“一矿综采队党支部（C1-01）”维护" in message and "“一矿党委（C1）”" in message
