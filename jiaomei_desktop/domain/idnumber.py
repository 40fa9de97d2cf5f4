"""Resident ID numbers (居民身份证号码, GB 11643): checksum via python-stdnum, masking for lists and prints.

python-stdnum is imported where a number is checked, not with the module: stdnum.util loads pydoc, ssl and socket
(~40 ms), and listing people (mask) needs none of it (`jiaomei roster list`, issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jiaomei_desktop.domain.enums import Gender
from jiaomei_desktop.i18n import _


class IdNumberError(ValueError):
    """An ID number that cannot be right; the message is for the user."""


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: date
    gender: Gender


def normalize(raw: str) -> str:
    return raw.strip().replace(" ", "").replace("\u3000", "").upper()


def parse(raw: str) -> IdNumberInfo:
    number = normalize(raw)
    if len(number) != 18:
        raise IdNumberError(_("身份证号应为18位，现在是{n}位").format(n=len(number)))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(_("身份证号只能由数字组成，最后一位可以是X"))
    from stdnum import exceptions as stdnum_errors
    from stdnum.cn import ric

    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError as exc:
        raise IdNumberError(_("身份证号中的出生日期不存在")) from exc
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError(_("身份证号校验位不正确，请核对每一位数字"))
    if not _known_region(number[:6]):
        raise IdNumberError(_("身份证号前六位不是有效的行政区划代码"))
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdNumberInfo(number=number, birth_date=birth, gender=gender)


def _known_region(code: str) -> bool:
    # stdnum's validate() also demands that the county existed in the birth year, which rejects real numbers of
    # people born before their county code was created (codes are those of the issuing office): we only ask
    # that the code is one the national list has ever had.
    from stdnum import numdb

    return code.isdigit() and any(props for _part, props in numdb.get("cn/loc").info(code)[1:])


def mask(number: str | None) -> str:
    """410802********0012: region and last four digits stay, so a secretary can still tell people apart."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def check_digit(first17: str) -> str:
    # stdnum expects the full 18 characters and ignores the last one.
    from stdnum.cn import ric

    return ric.calc_check_digit(first17 + "0")
