"""Refusals name people and offices by name (and code), never by UUID, and name the right row."""

from __future__ import annotations

import json
import re

import pytest

from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import SyncFailed
from tests.sync.conftest import add_person, export, unit_id
from tests.sync.forge import read_entries, resign, resign_segment, segment_name

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_a_missing_reference_names_the_row_that_has_it_not_an_earlier_valid_one(tree, tmp_path) -> None:
    """Rows are written in id order; the bad row comes after valid new ones. The report used to re-run the batch
    from its start, hit the rows already written and blame the first valid one for a duplicate id."""
    unit = unit_id(tree.b1, "C1-01")
    people = {
        add_person(tree.b1, "C1-01", name, n): name for n, name in enumerate(("甲一", "乙二", "丙三", "丁四"), 30)
    }
    bad = max(people)  # the last by id: every other new row is written before it
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    name = segment_name(entries, unit)
    lines, columns = entries[name].decode().split("\n"), None
    for i, line in enumerate(lines):
        if line.startswith('{"table":"person"'):
            columns = json.loads(line)["columns"]
        elif columns and line.startswith(f'["{bad}"'):
            row = dict(zip(columns, json.loads(line), strict=True))
            row["branch_id"] = "00000000-0000-4000-8000-000000000000"
            lines[i] = json.dumps(list(row.values()), ensure_ascii=False, separators=(",", ":"))
        elif line.startswith("{"):
            columns = None
    entries[name] = "\n".join(lines).encode()
    resign_segment(entries, tree.b1)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, resign(entries, tree.b1, tmp_path / "bad.jmb"))
    message = str(err.value)
    assert [r.row_id for r in err.value.rejections] == [bad]
    assert people[bad] in message and "组织机构" in message and "不存在" in message and "重复" not in message
    assert "一矿综采队党支部（C1-01）" in message
    assert not UUID.search(message), message


def test_a_bad_segment_signature_names_the_office(tree, tmp_path) -> None:
    unit = unit_id(tree.b1, "C1-01")
    add_person(tree.b1, "C1-01", "李四", 2)
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    name = segment_name(entries, unit)
    entries[name] = entries[name].replace("李四".encode(), "王五".encode())  # altered, not signed again
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, resign(entries, tree.b1, tmp_path / "bad.jmb"))
    message = str(err.value)
    assert "一矿综采队党支部（C1-01）" in message and not UUID.search(message), message


def test_a_preview_names_the_offices_it_counts(tree, tmp_path) -> None:
    add_person(tree.b1, "C1-01", "李四", 2)
    summary = bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"), dry_run=True)
    b1 = unit_id(tree.c1, "C1-01")
    assert summary.by_unit[b1]["new"] == 1
    assert summary.unit_labels[b1] == "一矿综采队党支部（C1-01）"
