"""三会一课 and study: sessions with attendance, member records, compliance against the rules, exports.

Modules: `model` (the dataclasses), `sessions` (save/get/copy/delete, kinds), `attendance` (who should attend),
`query` (the session list), `rules`, `compliance`, `member`, `minutes` (会议记录 PDF), `export` (Excel).
"""

from jiaomei_desktop.services.study.attendance import candidates, expected_attendees
from jiaomei_desktop.services.study.compliance import ComplianceGrid, cell_sessions, compliance_grid
from jiaomei_desktop.services.study.member import MemberRecord, member_record
from jiaomei_desktop.services.study.model import AttendanceEntry, SessionData, SessionRow
from jiaomei_desktop.services.study.query import SessionQuery, count, fetch_rows, find_ids
from jiaomei_desktop.services.study.rules import RuleSetting, reset_rules, rule_settings, save_rules
from jiaomei_desktop.services.study.sessions import (
    add_kind,
    check_session,
    copy_as_new,
    delete_session,
    get_session,
    known_kinds,
    remove_kind,
    save_session,
)

__all__ = [
    "AttendanceEntry", "ComplianceGrid", "MemberRecord", "RuleSetting", "SessionData", "SessionQuery", "SessionRow",
    "add_kind", "candidates", "cell_sessions", "check_session", "compliance_grid", "copy_as_new", "count",
    "delete_session", "expected_attendees", "fetch_rows", "find_ids", "get_session", "known_kinds", "member_record",
    "remove_kind", "reset_rules", "rule_settings", "save_rules", "save_session",
]
