"""Membership changes (转出, 出党, 去世, and back to 在册): recorded as events, people are never deleted.

转出 moves the 组织关系 (the person stays a party member elsewhere, 党籍 unchanged); 出党 ends the 党籍 and is one of
the prescribed kinds (domain.enums.ExitKind), with the details in the reason.

A change that makes the person leave the branch (转出, 出党, 去世) also ends, in the same transaction, the roles in the
registers she holds and the user ticked (services.leaving: `follow`, the keys of its Holding lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import MembershipChange, OrgUnit, Person
from jiaomei_desktop.domain.enums import ExitKind, MembershipState, PoliticalStatus
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import leaving
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.store import Store


@dataclass(frozen=True)
class ChangeRequest:
    person_id: str
    new_state: MembershipState
    change_date: date
    reason: str = ""
    to_unit_id: str | None = None  # a unit in this tree: the person moves there and stays 在册
    to_unit_name: str | None = None  # outside the tree: the person leaves the active list as 转出
    exit_kind: ExitKind | None = None  # required for 出党
    follow: tuple[str, ...] = ()  # services.leaving.Holding keys to apply with the change
    delist_reasons: tuple[tuple[str, str], ...] = ()  # (Holding key, 摘牌 reason) where the user changed it


@dataclass(frozen=True)
class ChangeRecord:
    id: str
    change_date: date
    previous_state: str
    new_state: str
    reason: str
    from_unit: str
    to_unit: str
    exit_kind: str = ""


def change_membership(store: Store, request: ChangeRequest, today: date | None = None) -> None:
    today = today or date.today()
    with store.transaction() as session:
        person = session.get(Person, request.person_id)
        if person is None or person.deleted:
            raise NotFoundError(_("人员不存在或已删除"))
        errors = _check(session, person, request, today)
        if errors:
            raise ValidationFailed(errors)
        # before the person moves: the roles are found from her old branch
        leaving.apply_choices(session, person, request)
        internal = request.new_state is MembershipState.TRANSFERRED_OUT and request.to_unit_id
        change = MembershipChange(
            id=new_id(), owner_unit_id=office_unit_id(store), person_id=person.id,
            previous_state=person.membership_state,
            new_state=MembershipState.ACTIVE.value if internal else request.new_state.value,
            change_date=request.change_date, reason=request.reason.strip() or None,
            to_unit_id=request.to_unit_id, to_unit_name=(request.to_unit_name or "").strip() or None,
            from_branch_id=person.branch_id,
            exit_kind=request.exit_kind.value if request.exit_kind and not internal else None,
        )
        session.add(change)
        if internal:
            person.branch_id = request.to_unit_id  # type: ignore[assignment]
            person.party_group_id = None
        else:
            person.membership_state = request.new_state.value
        touch(person)


def _check(session, person: Person, request: ChangeRequest, today: date) -> dict[str, str]:  # type: ignore[no-untyped-def]
    errors: dict[str, str] = {}
    current = MembershipState(person.membership_state)
    if request.change_date > today:
        errors["change_date"] = _("变动日期不能晚于今天")
    if person.join_date and request.change_date < person.join_date:
        errors["change_date"] = _("变动日期不能早于入党日期")
    if request.new_state is MembershipState.ACTIVE:
        if current is MembershipState.ACTIVE:
            errors["new_state"] = _("该同志已经在册")
        return errors
    if current is not MembershipState.ACTIVE:
        errors["new_state"] = _("该同志当前状态为“{state}”，请先恢复为在册").format(state=_(current.value))
    if request.new_state is MembershipState.TRANSFERRED_OUT:
        if request.to_unit_id:
            target = session.get(OrgUnit, request.to_unit_id)
            if target is None or target.deleted:
                errors["to_unit"] = _("转入单位不存在")
            elif target.id == person.branch_id:
                errors["to_unit"] = _("转入单位与现在的支部相同")
            elif target.kind == "党小组":
                errors["to_unit"] = _("请选择党支部，而不是党小组")
        elif not (request.to_unit_name or "").strip():
            errors["to_unit"] = _("请填写转入单位")
    elif request.new_state is MembershipState.EXPELLED:
        errors.update(_check_exit(person, request))
    elif not request.reason.strip():
        errors["reason"] = _("请填写去世的原因")
    if request.exit_kind is not None and request.new_state is not MembershipState.EXPELLED:
        errors["exit_kind"] = _("只有出党才填写出党方式")
    return errors


def _check_exit(person: Person, request: ChangeRequest) -> dict[str, str]:
    """出党 is one of the kinds 党章 names: 开除党籍 (第四十一条), 除名 and 自行脱党 (第九条), 退党 (第九条), and for a
    预备党员 取消预备党员资格 (第七条; 发展党员工作细则 第三十二条). Only a party member can leave the party."""
    if person.political_status not in (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value):
        return {"new_state": _("该同志不是党员，不能办理出党")}
    if request.exit_kind is None:
        kinds = "、".join(_(k.value) for k in ExitKind)
        return {"exit_kind": _("请选择出党方式（{kinds}）").format(kinds=kinds)}
    probationary = person.political_status == PoliticalStatus.PROBATIONARY.value
    if request.exit_kind is ExitKind.PROBATION_CANCELLED and not probationary:
        return {"exit_kind": _("取消预备党员资格只适用于预备党员")}
    return {}


def history(store: Store, person_id: str) -> list[ChangeRecord]:
    with store.reading() as session:
        changes = session.scalars(
            select(MembershipChange)
            .where(MembershipChange.person_id == person_id, MembershipChange.deleted.is_(False))
            .order_by(MembershipChange.change_date, MembershipChange.updated_at)
        ).all()
        names = dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())
        return [
            ChangeRecord(c.id, c.change_date, c.previous_state, c.new_state, c.reason or "",
                         names.get(c.from_branch_id or "", ""),
                         names.get(c.to_unit_id or "", "") or (c.to_unit_name or ""), c.exit_kind or "")
            for c in changes
        ]
