"""Branch committees and 留党察看 records travel in bundles like every other synced record: a branch's 书记 entered at
the branch office reaches its committee and the group, and a 换届 there follows."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain.committee import RoleRecord
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.study.committees import add_probation, committee, save_committee
from tests.sync.conftest import add_person, export, unit_id

TODAY = date(2026, 11, 23)


def test_committee_and_probation_reach_the_group(tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    secretary = add_person(tree.b1, "C1-01", "李四", 2, political_status=PoliticalStatus.FULL_MEMBER)
    branch = unit_id(tree.b1, "C1-01")
    save_committee(tree.b1, branch, [RoleRecord(secretary, "书记", date(2024, 1, 10), date(2027, 1, 10))], TODAY)
    add_probation(tree.b1, secretary, date(2026, 1, 5), date(2027, 1, 5))
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert summary.totals()["rejected"] == 0
    at_group = committee(tree.group, unit_id(tree.group, "C1-01"), TODAY)
    assert [(r.role, r.name) for r in at_group.roles] == [("书记", "李四")]
    # The branch ends the term: the change follows the same way.
    role = committee(tree.b1, branch, TODAY).roles[0]
    ended = RoleRecord(role.person_id, role.role, role.term_start, role.term_end, date(2026, 10, 1), role.id)
    save_committee(tree.b1, branch, [ended], TODAY)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1v2.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1v2.jmb"))
    assert committee(tree.group, unit_id(tree.group, "C1-01"), TODAY).roles[0].left_on == date(2026, 10, 1)
