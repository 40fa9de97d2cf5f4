"""Resident ID numbers (居民身份证号码, GB 11643): checksum via python-stdnum, masking for lists and prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from jiaomei_desktop.domain.enums import Gender


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
        raise IdNumberError(f"身份证号应为18位，现在是{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError("身份证号只能由数字组成，最后一位可以是X")
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError as exc:
        raise IdNumberError("身份证号中的出生日期不存在") from exc
    try:
        ric.validate(number)
    except stdnum_errors.InvalidChecksum as exc:
        raise IdNumberError("身份证号校验位不正确，请核对每一位数字") from exc
    except stdnum_errors.InvalidComponent as exc:
        raise IdNumberError("身份证号前六位不是有效的行政区划代码") from exc
    except stdnum_errors.ValidationError as exc:
        raise IdNumberError("身份证号无效") from exc
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdNumberInfo(number=number, birth_date=birth, gender=gender)


def mask(number: str | None) -> str:
    """410802********0012: region and last four digits stay, so a secretary can still tell people apart."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def check_digit(first17: str) -> str:
    # stdnum expects the full 18 characters and ignores the last one.
    return ric.calc_check_digit(first17 + "0")
