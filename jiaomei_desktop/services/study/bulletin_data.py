"""The 学习通报 built from the study log: a unit's subtree over a period of one year (a month, a quarter, the year) —
sessions held by kind, attendance, 学时, sessions combined with 安全生产, and every branch that missed a rule of the
compliance grid in a period that ended inside it. The result is a `StudyBulletinData` the user may edit before it is
set as a GB/T 9704 notice (`reports.study_bulletin`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from jiaomei_desktop.db.models import Attendance, OrgUnit, StudySession
from jiaomei_desktop.domain.enums import AttendanceStatus
from jiaomei_desktop.domain.study import SECRETARY_LECTURE, CellState, Period, RuleCheck
from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.study_bulletin import StudyBulletinData
from jiaomei_desktop.services.errors import NotFoundError, ServiceError
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.compliance import compliance_grid

_MONTHS_OF = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


@dataclass(frozen=True)
class BulletinPeriod:
    year: int
    first_month: int = 1
    last_month: int = 12

    @classmethod
    def quarter(cls, year: int, quarter: int) -> BulletinPeriod:
        return cls(year, 3 * quarter - 2, 3 * quarter)

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        nxt = date(self.year + 1, 1, 1) if self.last_month == 12 else date(self.year, self.last_month + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)

    @property
    def label(self) -> str:
        """2026年度 / 2026年第三季度 / 2026年9月 / 2026年1—6月, as the group's bulletins name their period."""
        if (self.first_month, self.last_month) == (1, 12):
            return f"{self.year}年度"
        if self.first_month == self.last_month:
            return f"{self.year}年{self.first_month}月"
        if self.last_month - self.first_month == 2 and self.first_month % 3 == 1:
            return f"{self.year}年第{'一二三四'[self.first_month // 3]}季度"
        return f"{self.year}年{self.first_month}—{self.last_month}月"

    def check(self) -> None:
        if not (1 <= self.first_month <= self.last_month <= 12):
            raise ServiceError(_("通报期间应在同一年内，起止月份为 1—12 月"))


def _period_text(check: RuleCheck) -> tuple[int, int, str]:
    """(first month, last month, words) of the period a rule check judges."""
    months = _MONTHS_OF[check.rule.period]
    first = check.period_index * months + 1
    last = first + months - 1
    if check.rule.period is Period.MONTH:
        return first, last, f"{first}月"
    if check.rule.period is Period.QUARTER:
        return first, last, f"第{'一二三四'[check.period_index]}季度"
    if check.rule.period is Period.HALF_YEAR:
        return first, last, "上半年" if check.period_index == 0 else "下半年"
    return first, last, "全年"


def _gap_text(check: RuleCheck, when: str) -> str:
    kind = check.rule.kind
    if kind == SECRETARY_LECTURE:  # 条例 第十六条: 党支部书记每年至少为党员讲1次党课
        return f"{when}支部书记未讲党课"
    if check.rule.per_party_group:  # held counts the groups that met, needed the groups
        if check.held == 0:
            return f"{when}各党小组均未开展{kind}"
        return f"{when}有{check.needed - check.held}个党小组未开展{kind}"
    if check.held == 0:
        return f"{when}未开展{kind}"
    return f"{when}{kind}开展{check.held}次，少于规定的{check.needed}次"


def bulletin_data(
    store: Store, unit_id: str, period: BulletinPeriod, issuer: str = "", issue_date: date | None = None
) -> StudyBulletinData:
    """The bulletin's figures for `unit_id`'s subtree in `period`, counted from the log."""
    period.check()
    with store.reading() as session:
        unit = session.get(OrgUnit, unit_id)
        if unit is None or unit.deleted:
            raise NotFoundError(_("单位不存在或已删除"))
        unit_name, prefix = unit.name, unit.path
        in_scope = (
            StudySession.deleted.is_not(True),
            StudySession.session_date >= period.start,
            StudySession.session_date <= period.end,
            StudySession.unit_id.in_(select(OrgUnit.id).where(OrgUnit.path.startswith(prefix))),
        )
        kinds = session.execute(
            select(
                StudySession.kind,
                func.count(),
                func.sum(StudySession.hours),
                func.sum(case((StudySession.safety_flag.is_(True), 1), else_=0)),
            )
            .where(*in_scope)
            .group_by(StudySession.kind)
            .order_by(func.count().desc(), StudySession.kind)
        ).all()
        marks = session.execute(
            select(Attendance.status, func.count())
            .join(StudySession, StudySession.id == Attendance.session_id)
            .where(*in_scope, Attendance.deleted.is_not(True))
            .group_by(Attendance.status)
        ).all()
    by_status = {status: n for status, n in marks}
    marked = sum(by_status.values())
    present = by_status.get(AttendanceStatus.PRESENT.value, 0)
    grid = compliance_grid(store, unit_id, period.year, min(period.end, date.today()))
    gaps: list[tuple[str, str]] = []
    for row in grid.rows:
        seen: set[tuple[str, int, str]] = set()
        for cell in (*row.months, row.year):
            for check in cell.checks:
                first, last, when = _period_text(check)
                key = (check.rule.kind, check.period_index, check.rule.period.value)
                inside = period.first_month <= first and last <= period.last_month
                if check.state is CellState.MISSED and inside and key not in seen:
                    seen.add(key)
                    gaps.append((row.branch_name, _gap_text(check, when)))
    return StudyBulletinData(
        unit_name=unit_name,
        period_label=period.label,
        sessions_by_kind={kind: int(n) for kind, n, _h, _s in kinds},
        attendance_rate=present / marked if marked else 0.0,
        safety_sessions=sum(int(s or 0) for _k, _n, _h, s in kinds),
        gaps=gaps,
        issuer=issuer or unit_name,
        issue_date=issue_date or date.today(),
        hours=round(sum(float(h or 0) for _k, _n, h, _s in kinds), 1),
    )
