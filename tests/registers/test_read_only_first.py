"""Another office's record is refused with "本机只读" before any rule of the record's own (services.register_common.
live_row): the rules that would speak first — a 督导组 with inspections, a self-assessment already accepted — are
the keeper's to act on, and would send the user the wrong way. Nothing is written."""

from __future__ import annotations

import pytest

from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services.errors import ReadOnlyRecord, ValidationFailed
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from tests.registers.known import TODAY
from tests.registers.test_inspections import _inspection, _team


def test_a_team_with_inspections_kept_by_another_office_is_read_only_first(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    store.set_setting(OFFICE_UNIT_KEY, k.root)
    team = ins.save_team(store, _team(k))
    ins.save_inspection(store, _inspection(k, team), today=TODAY)
    with pytest.raises(ValidationFailed, match="该督导组已有1条督导检查记录，不能删除"):  # at the keeper's office
        ins.delete_team(store, team)
    store.set_setting(OFFICE_UNIT_KEY, k.b1)  # the branch's office reads the 党委's team
    with pytest.raises(ReadOnlyRecord, match=r"^该记录由“测试矿党委”维护，本机只读。$"):
        ins.delete_team(store, team)
    assert [t.id for t in ins.list_teams(store)] == [team]


def test_a_studio_with_output_kept_by_another_office_is_read_only_first(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import innovation
    from jiaomei_desktop.services import studios as st
    from tests.registers.test_studios import _item, _studio

    store, k = known
    store.set_setting(OFFICE_UNIT_KEY, k.b2)
    studio = st.save_studio(store, _studio(k), TODAY)
    innovation.save_item(store, _item(k, studio, year=2025), TODAY)
    store.set_setting(OFFICE_UNIT_KEY, k.b1)
    with pytest.raises(ReadOnlyRecord, match=r"^该记录由“掘进二队党支部”维护，本机只读。$"):
        st.delete_studio(store, studio)
    assert st.get_studio(store, studio).id == studio
