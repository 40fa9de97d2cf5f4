"""发展阶段 across offices (issue 17): the new columns travel, and a bundle from an office still on revision 0017 —
no development_stage column, 入党积极分子 written as 政治面貌 — merges into the rows that office will have once it
upgrades (its migration keeps the versions), so the later bundle from the upgraded office changes nothing."""

from __future__ import annotations

import json
from datetime import date

from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import bundles, roster
from jiaomei_desktop.services.store import Store
from tests.sync.conftest import add_person, export, person_row, unit_id
from tests.sync.forge import edit_segment, read_entries, resign, resign_segment

NEW_COLUMNS = ("development_stage", "application_date", "activist_date", "target_date")


def _on_the_way(store: Store, name: str, status: PoliticalStatus, stage: DevelopmentStage, **more: object) -> str:
    data = PersonData(
        name=name,
        branch_id=unit_id(store, "C1-01"),
        political_status=status,
        development_stage=stage,
        birth_date=date(1998, 2, 2),
        **more,
    )  # type: ignore[arg-type]
    return roster.save_person(store, data)


def _as_revision_0017(seg: bytes, head: str) -> bytes:
    """The segment as an office at 0017 writes it: no new columns, the stage in 政治面貌."""
    lines = seg.decode().split("\n")
    lines[0] = lines[0].replace(f'"schema_revision":"{head}"', '"schema_revision":"0017"')
    for i, line in enumerate(lines):
        if not line.startswith('{"table":"person"'):
            continue
        meta = json.loads(line)
        columns = meta["columns"]
        stage_at, status_at = columns.index("development_stage"), columns.index("political_status")
        drop = sorted((columns.index(c) for c in NEW_COLUMNS), reverse=True)
        for j in range(i + 1, i + 1 + meta["rows"]):
            row = json.loads(lines[j])
            if row[stage_at]:
                row[status_at] = row[stage_at]
            for at in drop:
                row.pop(at)
            lines[j] = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        for at in drop:
            columns.pop(at)
        lines[i] = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    return "\n".join(lines).encode()


def test_stage_and_dates_travel_in_a_bundle(tree, tmp_path) -> None:
    pid = _on_the_way(
        tree.b1,
        "李娜",
        PoliticalStatus.YOUTH_LEAGUE,
        DevelopmentStage.TARGET,
        application_date=date(2022, 3, 1),
        activist_date=date(2022, 6, 1),
        target_date=date(2023, 9, 1),
    )
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    row = person_row(tree.c1, pid)
    assert (row.political_status, row.development_stage, row.target_date) == ("共青团员", "发展对象", date(2023, 9, 1))


def test_bundle_from_an_office_at_0017_reads_the_old_status_as_a_stage(tree, tmp_path) -> None:
    from jiaomei_desktop.db.migrate import head_revision

    unit = unit_id(tree.b1, "C1-01")
    pid = _on_the_way(tree.b1, "孙强", PoliticalStatus.MASSES, DevelopmentStage.ACTIVIST)
    league = _on_the_way(tree.b1, "周杰", PoliticalStatus.YOUTH_LEAGUE, DevelopmentStage.TARGET, position="团支部书记")
    member = add_person(tree.b1, "C1-01", "王建国", 6)
    path = export(tree.b1, tmp_path / "b1.jmb")
    entries = read_entries(path)
    edit_segment(entries, unit, lambda seg: _as_revision_0017(seg, head_revision()))
    resign_segment(entries, tree.b1)
    manifest = json.loads(entries["manifest.json"])
    manifest["schema_revision"] = "0017"
    entries["manifest.json"] = json.dumps(manifest).encode()
    summary = bundles.import_bundle(tree.c1, resign(entries, tree.b1, tmp_path / "older.jmb"))
    assert summary.upgraded and not summary.rejections
    got = {
        p: (r.political_status, r.development_stage)
        for p in (pid, league, member)
        if (r := person_row(tree.c1, p)) is not None
    }
    assert got == {pid: ("群众", "入党积极分子"), league: ("共青团员", "发展对象"), member: ("正式党员", None)}
    # The same office, upgraded, sends the same rows at the same versions: nothing to change, nothing in conflict.
    again = bundles.import_bundle(tree.c1, path).totals()
    assert again["conflicts"] == 0 and again["updated"] == 0 and again["new"] == 0
