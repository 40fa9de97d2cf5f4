"""出师证书 for completed pairs, through reports.certificates (the documents layer owns the layout)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from jiaomei_desktop.db.models import MentorPair, OrgUnit
from jiaomei_desktop.domain.enums import PairState, UnitKind
from jiaomei_desktop.domain.progress import Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.certificates import CertificateData, render_certificates
from jiaomei_desktop.reports.errors import Cancelled as ReportCancelled
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.services.errors import Cancelled, ServiceError
from jiaomei_desktop.services.mentor.query import Mentee, Mentor, joined
from jiaomei_desktop.services.store import Store

ISSUER_KINDS = (UnitKind.COMMITTEE.value, UnitKind.GROUP_COMMITTEE.value)


def certificate_items(store: Store, pair_ids: Sequence[str], issue_date: date | None = None,
                      issuer: str | None = None, date_style: str = "hanzi") -> list[CertificateData]:
    """One 出师证书 per pair, in the order given. Refuses (naming them) pairs that have not 出师."""
    if not pair_ids:
        raise ServiceError(_("请先选择要打印证书的结对"))
    stmt = joined([MentorPair.id, MentorPair.state, Mentor.name, Mentee.name, MentorPair.trade, MentorPair.start_date,
                   MentorPair.end_date, MentorPair.unit_id]).where(MentorPair.id.in_(list(pair_ids)))
    with store.reading() as session:
        rows = {r[0]: r for r in session.execute(stmt)}
        units = {u.id: u for u in session.scalars(select(OrgUnit))}
    missing = [pid for pid in pair_ids if pid not in rows]
    if missing:
        raise ServiceError(_("所选结对中有记录不存在或已删除，请刷新后重试"))
    not_done = [_("{mentee}（师傅{mentor}，{state}）").format(mentee=rows[pid][3], mentor=rows[pid][2],
                                                           state=_(rows[pid][1]))
                for pid in pair_ids if rows[pid][1] != PairState.COMPLETED.value]
    if not_done:
        raise ServiceError(_("以下结对尚未出师，不能打印出师证书：{pairs}").format(pairs=_("、").join(not_done)))
    return [_item(rows[pid], units, issue_date, issuer, date_style) for pid in pair_ids]


def _item(row, units: dict, issue_date: date | None, issuer: str | None,  # type: ignore[no-untyped-def]
          date_style: str) -> CertificateData:
    _id, _state, mentor, mentee, trade, start, end, unit_id = row
    # The certificate is a Chinese document: its wording is not translated.
    skill = f"{trade}技能" if trade else "岗位技能"
    body = (f"你于{start.year}年{start.month}月至{end.year}年{end.month}月参加“传帮带”结对帮扶，"
            f"师从{mentor}同志学习{skill}，经考核合格，")
    return CertificateData(kind="出师证书", recipient=mentee, is_collective=False, body=body,
                           title_awarded="准予出师", issuer=issuer or issuer_for(units, unit_id),
                           issue_date=issue_date or end, date_style=date_style)


def issuer_for(units: dict, unit_id: str) -> str:  # type: ignore[type-arg]
    """The nearest 基层党委 (or the group committee) above the pair's unit issues the certificate."""
    unit = units.get(unit_id)
    first = unit
    while unit is not None:
        if unit.kind in ISSUER_KINDS:
            return unit.name
        unit = units.get(unit.parent_id) if unit.parent_id else None
    return first.name if first is not None else ""


def render_pair_certificates(store: Store, pair_ids: Sequence[str], progress: Progress | None = None,
                             issue_date: date | None = None, issuer: str | None = None,
                             date_style: str = "hanzi") -> bytes:
    """A PDF with one 出师证书 per pair. ServiceError with the reports layer's message when it cannot be drawn."""
    items = certificate_items(store, pair_ids, issue_date, issuer, date_style)

    def step(done: int, total: int) -> bool:
        if progress is not None:
            progress.step(done, total, _("正在生成证书 {done}/{total}").format(done=done, total=total))
        return True

    try:
        return render_certificates(items, step)
    except ReportCancelled as exc:
        raise Cancelled() from exc
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc
