"""A person as the services and forms exchange it, and the rules a record must satisfy."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

from jiaomei_desktop.domain import idnumber
from jiaomei_desktop.domain.development import DevelopmentRecord, development_problems
from jiaomei_desktop.domain.enums import DevelopmentStage, Gender, MembershipState, PoliticalStatus
from jiaomei_desktop.domain.text import text_problem
from jiaomei_desktop.i18n import N_, _


@dataclass(frozen=True)
class PersonData:
    """Every field of a person; `id` is None for a person not stored yet."""

    name: str
    branch_id: str
    id: str | None = None
    gender: Gender | None = None
    ethnicity: str = "汉族"
    birth_date: date | None = None
    id_number: str | None = None
    education: str | None = None
    political_status: PoliticalStatus = PoliticalStatus.FULL_MEMBER
    join_date: date | None = None
    full_member_date: date | None = None
    party_group_id: str | None = None
    post: str | None = None
    trade: str | None = None
    position: str | None = None
    title: str | None = None
    skill_grade: str | None = None
    phone: str | None = None
    work_start_date: date | None = None
    photo_sha256: str | None = None
    notes: str | None = None
    membership_state: MembershipState = MembershipState.ACTIVE
    probation_extension_months: int | None = None  # a 延长预备期 the 支部大会 decided: 6 to 12 months
    # 发展阶段 of a 群众 or 共青团员 on the way into the party, and the day each step was reached (domain.development);
    # a member keeps the dates as history, without a stage.
    development_stage: DevelopmentStage | None = None
    application_date: date | None = None  # 递交入党申请书
    activist_date: date | None = None  # 确定为入党积极分子 (支委会)
    target_date: date | None = None  # 列为发展对象
    version: int = 0

    def with_changes(self, **changes: object) -> PersonData:
        return replace(self, **changes)  # type: ignore[arg-type]


PERSON_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(PersonData))

# Chinese source labels (N_): callers showing one translate it with _(); Excel import messages do the same.
FIELD_LABELS: dict[str, str] = {
    "name": N_("姓名"), "gender": N_("性别"), "ethnicity": N_("民族"), "birth_date": N_("出生日期"),
    "id_number": N_("身份证号"), "education": N_("学历"), "political_status": N_("政治面貌"),
    "join_date": N_("入党日期"), "full_member_date": N_("转正日期"), "branch_id": N_("所在支部"),
    "party_group_id": N_("党小组"), "post": N_("岗位"), "trade": N_("工种"), "position": N_("职务"),
    "title": N_("职称"), "skill_grade": N_("技能等级"), "phone": N_("联系电话"), "work_start_date": N_("参加工作日期"),
    "photo_sha256": N_("照片"), "notes": N_("备注"), "membership_state": N_("在册状态"),
    "probation_extension_months": N_("延长预备期（月）"), "development_stage": N_("发展阶段"),
    "application_date": N_("申请入党日期"), "activist_date": N_("确定为积极分子日期"),
    "target_date": N_("确定为发展对象日期"),
}


@dataclass
class ValidationResult:
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, message)

    def summary(self) -> str:
        return _("；").join(field_message(k, v) for k, v in self.errors.items())


def field_message(field_name: str, message: str) -> str:
    """A rule's message prefixed with the field it is about (出生日期：……), in the UI language."""
    label = FIELD_LABELS.get(field_name)
    return _("{field}：{message}").format(field=_(label) if label else field_name, message=message)


def validate_person(person: PersonData, today: date | None = None) -> ValidationResult:
    """All rules that need nothing but the record itself (uniqueness is checked by the store)."""
    today = today or date.today()
    result = ValidationResult()
    _check_text(person, result)
    _check_name(person, result)
    _check_id_number(person, result)
    _check_dates(person, today, result)
    _check_membership_dates(person, result)
    _check_development(person, result)
    _check_phone(person, result)
    if not person.branch_id:
        result.add("branch_id", _("请选择所在支部"))
    return result


_MULTILINE = frozenset({"notes"})


def _check_text(person: PersonData, result: ValidationResult) -> None:
    """No control, direction-override or zero-width characters in any text field (domain.text)."""
    for name in PERSON_FIELDS:
        value = getattr(person, name)
        if isinstance(value, str) and name not in ("id", "branch_id", "party_group_id", "photo_sha256"):
            problem = text_problem(value, _(FIELD_LABELS.get(name, name)), multiline=name in _MULTILINE)
            if problem:
                result.add(name, problem)


def _check_name(person: PersonData, result: ValidationResult) -> None:
    name = person.name.strip()
    if not name:
        result.add("name", _("请填写姓名"))
    elif len(name) > 30:
        result.add("name", _("姓名过长（最多30个字）"))
    elif any(ch.isdigit() for ch in name):
        result.add("name", _("姓名中不应有数字"))


def _check_id_number(person: PersonData, result: ValidationResult) -> None:
    if not person.id_number:
        return
    try:
        info = idnumber.parse(person.id_number)
    except idnumber.IdNumberError as exc:
        result.add("id_number", str(exc))
        return
    if person.birth_date and person.birth_date != info.birth_date:
        result.add("birth_date", _("出生日期与身份证号不一致（身份证号为{date}）").format(date=info.birth_date.isoformat()))
    if person.gender and person.gender != info.gender:
        result.add("gender", _("性别与身份证号不一致（身份证号为{gender}）").format(gender=_(info.gender.value)))


def _check_dates(person: PersonData, today: date, result: ValidationResult) -> None:
    for name in ("birth_date", "join_date", "full_member_date", "work_start_date", "application_date",
                 "activist_date", "target_date"):
        value = getattr(person, name)
        if value and value > today:
            result.add(name, _("日期不能晚于今天"))
    birth = person.birth_date
    if birth and (today.year - birth.year) > 120:
        result.add("birth_date", _("出生日期不合理"))
    if birth and person.join_date and _years_between(birth, person.join_date) < 18:
        result.add("join_date", _("入党时应年满十八周岁"))
    if birth and person.work_start_date and _years_between(birth, person.work_start_date) < 16:
        result.add("work_start_date", _("参加工作时应年满十六周岁"))


def _check_membership_dates(person: PersonData, result: ValidationResult) -> None:
    status = person.political_status
    if status is PoliticalStatus.PROBATIONARY and person.full_member_date:
        result.add("full_member_date", _("预备党员还没有转正日期"))
    if status.is_member and not person.join_date:
        result.add("join_date", _("党员须填写入党日期"))
    if not status.is_member and person.join_date and status is not PoliticalStatus.MASSES:
        result.add("join_date", _("{status}还没有入党日期").format(status=_(status.value)))
    if person.join_date and person.full_member_date and person.full_member_date <= person.join_date:
        result.add("full_member_date", _("转正日期应晚于入党日期"))
    elif person.join_date and person.full_member_date:
        _check_full_member_date(person, result)
    extension = person.probation_extension_months
    if extension is not None and not EXTENSION_MIN_MONTHS <= extension <= EXTENSION_MAX_MONTHS:
        result.add("probation_extension_months", _("延长预备期应为6至12个月"))
    elif extension is not None and not status.is_member:
        result.add("probation_extension_months", _("只有党员才有预备期"))


def _check_development(person: PersonData, result: ValidationResult) -> None:
    record = DevelopmentRecord(person.political_status, person.development_stage, person.birth_date,
                               person.application_date, person.activist_date, person.target_date, person.join_date)
    for name, message in development_problems(record):
        result.add(name, message)


# 党章 第七条: the 预备期 is one year from the 支部大会 that admitted the member; it may be extended, by no more than
# a year. 发展党员工作细则 第三十二条: the extension is at least half a year and at most one year, decided once.
EXTENSION_MIN_MONTHS, EXTENSION_MAX_MONTHS = 6, 12


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks (2-29, 8-31 + 6) becomes its last day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def probation_end(join_date: date, extension_months: int | None = None) -> date:
    """When the 预备期 ends: the first anniversary of 入党 (the 支部大会 date), plus a recorded extension.
    转正 takes effect on that day (发展党员工作细则 第三十二条: 按期转正, 转正时间自预备期满之日算起)."""
    return add_months(join_date, 12 + (extension_months or 0))


def is_past_probation(person: PersonData, today: date) -> bool:
    """A 预备党员 whose 预备期 is over and who is still recorded as 预备: the branch owes a 转正 decision."""
    if person.political_status is not PoliticalStatus.PROBATIONARY or person.join_date is None:
        return False
    return probation_end(person.join_date, person.probation_extension_months) < today


def _check_full_member_date(person: PersonData, result: ValidationResult) -> None:
    assert person.join_date and person.full_member_date
    expected = probation_end(person.join_date, person.probation_extension_months)
    if person.full_member_date == expected:
        return
    if person.probation_extension_months:
        result.add("full_member_date", _("延长预备期{months}个月后，转正日期应为{date}").format(
            months=person.probation_extension_months, date=expected.isoformat()))
    else:
        result.add("full_member_date", _("转正日期应为入党一周年之日{date}（延长预备期的须填写延长月数）").format(
            date=expected.isoformat()))


def _check_phone(person: PersonData, result: ValidationResult) -> None:
    phone = (person.phone or "").replace("-", "").replace(" ", "")
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 12):
        result.add("phone", _("电话号码应为7到12位数字（手机11位）"))


def _years_between(earlier: date, later: date) -> int:
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def party_age(person: PersonData, today: date) -> int | None:
    """党龄 counts from the full-membership date."""
    if person.full_member_date is None:
        return None
    return max(0, _years_between(person.full_member_date, today))
