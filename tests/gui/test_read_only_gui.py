"""Records another office keeps, in the tabs: the marker names the office, Edit and Delete are off, and the forms
open read-only. Also the roster's links to a member's study record and zones.

The store is the committee T; branch T-01 (综采一队党支部) gets its own office by a real setup file, which hands
over everything T had entered for it. T-02 stays with T.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton

from jiaomei_desktop.db.models import Honor
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.honor import HonorData
from jiaomei_desktop.domain.mentor import PairData
from jiaomei_desktop.services import bundles, deeds, honors, mentor, ownership, roster, study, zones
from jiaomei_desktop.services.study.model import AttendanceEntry, SessionData
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.gallery.tab import GalleryTab
from jiaomei_desktop.ui.mentor.tab import MentorTab
from jiaomei_desktop.ui.registers.ledger_tab import LedgerTab
from jiaomei_desktop.ui.registers.zones_tab import ZonesTab
from jiaomei_desktop.ui.roster.tab import RosterTab
from jiaomei_desktop.ui.roster.zones_dialog import MemberZonesDialog
from jiaomei_desktop.ui.study.member_dialog import MemberRecordDialog
from jiaomei_desktop.ui.study.tab import StudyTab
from tests.conftest import unit_id
from tests.core.test_roster import person

MARKER = "由“综采一队党支部”维护 · 只读"
TODAY = date.today()
DAY = date(TODAY.year, 1, 1)  # this year (the member record opens on it), never in the future


@dataclass
class Office:
    wang: str  # T-01: handed over, read-only here
    li: str  # T-02: this office's
    zhao: str  # T-02, no zones
    foreign_session: str
    own_session: str
    foreign_pair: str
    own_pair: str
    foreign_honour: str


@pytest.fixture
def office(ctx: AppContext, tmp_path) -> Office:  # type: ignore[no-untyped-def]
    store = ctx.store
    b1, b2 = unit_id(store, "T-01"), unit_id(store, "T-02")
    wang = roster.save_person(store, person(b1, "王建国", 1))
    sun = roster.save_person(store, person(b1, "孙小兵", 5, political_status=PoliticalStatus.MASSES, join_date=None,
                                           full_member_date=None))
    li = roster.save_person(store, person(b2, "李明", 2))
    zhao = roster.save_person(store, person(b2, "赵强", 3))

    def session(unit: str, topic: str, who: str) -> str:
        return study.save_session(store, SessionData(unit_id=unit, kind="支委会", session_date=DAY, topic=topic,
                                                     attendance=(AttendanceEntry(who),)), today=TODAY)

    def pair(mentor_id: str, mentee_id: str) -> str:
        return mentor.create_pair(store, PairData(mentor_id, mentee_id, DAY, date(TODAY.year + 1, 1, 1),
                                                  trade="采煤机司机"), today=TODAY)

    found = Office(wang=wang, li=li, zhao=zhao, foreign_session=session(b1, "学习安全规程", wang),
                   own_session=session(b2, "学习岗位责任制", li), foreign_pair=pair(wang, sun), own_pair=pair(li, zhao),
                   foreign_honour="")
    zones.save_zone(store, zones.ZoneData(person_id=wang, zone_name="8101综采工作面"))
    zones.save_zone(store, zones.ZoneData(person_id=li, zone_name="南翼掘进巷道"))
    deeds.save_deed(store, deeds.DeedData(item="为一线职工配发保温水壶", unit_id=b1, deed_date=DAY), today=TODAY)
    deeds.save_deed(store, deeds.DeedData(item="维修职工浴室", unit_id=b2, deed_date=DAY), today=TODAY)
    honour = honors.save_honor(store, HonorData(title="优秀共产党员", category="优秀共产党员", level="矿级",
                                                award_date=DAY, person_id=li, awarding_body="测试矿党委"), today=TODAY)
    bundles.provision_child(store, b1, tmp_path / "t01.jms", "correct horse battery")
    with store.transaction() as s:  # an honour the branch awarded, as its bundle would bring it here
        s.info[ownership.UNCHECKED] = True
        s.get(Honor, honour).owner_unit_id = b1
    found.foreign_honour = honour
    return found


def _select(table, model_row: int) -> None:  # type: ignore[no-untyped-def]
    table.selectRow(model_row)
    table.setCurrentIndex(table.model().index(model_row, 0))


def _save_hidden(dialog) -> bool:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    return all(not b.isVisibleTo(dialog) for b in box.buttons()
               if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)


def test_roster_marks_a_handed_over_member_read_only(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_unit(None)
    _select(tab.table, tab.model.row_of(office.wang))
    assert tab.owner_marker.isVisible() and tab.owner_marker.text() == MARKER
    assert not tab.edit_button.isEnabled() and not tab.change_button.isEnabled()
    assert tab.history_button.isEnabled() and tab.study_button.isEnabled() and tab.zones_button.isEnabled()
    tab.resize(1280, 420)
    form = tab.open_form(office.wang)  # what a double-click opens: the same form, read-only
    qtbot.addWidget(form)
    assert form._fields["name"].isReadOnly() and not form._fields["branch_id"].isEnabled()
    assert _save_hidden(form) and "只读" in form.windowTitle()
    form.reject()

    _select(tab.table, tab.model.row_of(office.li))
    assert not tab.owner_marker.isVisible()
    assert tab.edit_button.isEnabled() and tab.change_button.isEnabled()
    own = tab.open_form(office.li)
    qtbot.addWidget(own)
    assert not own._fields["name"].isReadOnly() and not _save_hidden(own)
    own.reject()


def test_roster_opens_a_members_study_record_and_zones(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(None)
    assert not tab.study_button.isEnabled() and not tab.zones_button.isEnabled()  # nobody selected yet
    assert tab.show_study_record() is None and tab.show_zones() is None
    _select(tab.table, tab.model.row_of(office.wang))
    qtbot.mouseClick(tab.study_button, Qt.MouseButton.LeftButton)
    record = tab.findChild(MemberRecordDialog)
    assert record is not None and record.windowTitle() == "王建国的学习记录"
    assert record.model.rowCount() == 1
    record.close()
    qtbot.mouseClick(tab.zones_button, Qt.MouseButton.LeftButton)
    shown = tab.findChild(MemberZonesDialog)
    assert shown is not None and shown.windowTitle() == "王建国的责任区"
    assert shown.model.rowCount() == 1 and shown.model.data(shown.model.index(0, 1)) == "8101综采工作面"
    shown.close()

    _select(tab.table, tab.model.row_of(office.zhao))
    dialog = tab.show_zones()
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and not dialog.empty.isHidden() and "还没有责任区" in dialog.empty.text()


def test_study_tab_marks_a_handed_over_session(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = StudyTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_unit(None)
    tab.wait_idle()
    _select(tab.table, tab.model.row_of(office.foreign_session))
    assert tab.owner_marker.isVisible() and tab.owner_marker.text() == MARKER
    assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()
    assert tab.print_button.isEnabled()
    dialog = tab.open_editor(office.foreign_session)
    assert _save_hidden(dialog)
    assert all(edit.isReadOnly() for edit in dialog.findChildren(QLineEdit))
    buttons = {b.text(): b.isEnabled() for b in dialog.findChildren(QPushButton)}
    assert buttons["个人记录"] and not buttons["按应到人员重新生成"]  # looking up stays, changing goes
    dialog.reject()
    _select(tab.table, tab.model.row_of(office.own_session))
    assert not tab.owner_marker.isVisible() and tab.edit_button.isEnabled() and tab.delete_button.isEnabled()


def test_mentor_tab_marks_a_handed_over_pair(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = MentorTab(ctx, None, TODAY)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_unit(None)
    tab.wait_idle()
    assert tab.select_pair(office.foreign_pair)
    assert tab.owner_marker.isVisible() and tab.owner_marker.text() == MARKER
    for button in (tab.edit_button, tab.log_button, tab.complete_button, tab.terminate_button, tab.add_log_button):
        assert not button.isEnabled(), button.text()
    dialog = tab.edit_current()
    assert dialog is not None and _save_hidden(dialog)
    dialog.reject()
    assert tab.select_pair(office.own_pair)
    assert not tab.owner_marker.isVisible()
    assert tab.edit_button.isEnabled() and tab.log_button.isEnabled() and tab.add_log_button.isEnabled()


def test_register_panels_mark_handed_over_rows(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = ZonesTab(ctx, today=TODAY)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_unit(None)
    tab.wait_idle()
    panel = tab.panel
    names = [r.person_name for r in panel.model.rows()]
    _select(panel.table, names.index("王建国"))
    assert panel.owner_marker.isVisible() and panel.owner_marker.text() == MARKER
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    panel.table.selectAll()  # one foreign row in the selection is enough to keep Delete off
    assert not panel.delete_button.isEnabled()
    _select(panel.table, names.index("李明"))
    assert not panel.owner_marker.isVisible() and panel.edit_button.isEnabled() and panel.delete_button.isEnabled()

    ledger = LedgerTab(ctx, today=TODAY)
    qtbot.addWidget(ledger)
    ledger.show()
    ledger.set_unit(None)
    items = [r.item for r in ledger.deeds.model.rows()]
    _select(ledger.deeds.table, items.index("为一线职工配发保温水壶"))
    assert ledger.deeds.owner_marker.isVisible() and not ledger.deeds.edit_button.isEnabled()
    _select(ledger.deeds.table, items.index("维修职工浴室"))
    assert not ledger.deeds.owner_marker.isVisible() and ledger.deeds.edit_button.isEnabled()


def test_gallery_marks_an_honour_another_office_awarded(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = GalleryTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.wait_idle()
    try:
        tab.select_row(tab.model.row_of(honors.card_key(office.li, None)))
        detail = tab.detail
        assert detail.owner_marker.isVisible() and detail.owner_marker.text() == MARKER
        assert not detail.edit_button.isEnabled() and not detail.delete_button.isEnabled()
        assert detail.add_button.isEnabled()  # this office may still award its own honours to the member
        dialog = tab.open_editor(honour_id=office.foreign_honour)
        assert _save_hidden(dialog)
        dialog.reject()
    finally:
        tab.shutdown()
