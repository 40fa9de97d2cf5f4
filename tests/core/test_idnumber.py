from datetime import date

import pytest

from jiaomei_desktop.domain import idnumber
from jiaomei_desktop.domain.enums import Gender
from tests.helpers import make_id_number


def test_valid_number_gives_birth_date_and_gender() -> None:
    number = make_id_number(date(1985, 6, 12), male=False)
    info = idnumber.parse(number.lower())
    assert info.birth_date == date(1985, 6, 12)
    assert info.gender is Gender.FEMALE


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("41080219850612", "18位"),
        ("41080219850612001A", "数字"),
        ("410802198513120013", "出生日期"),
        ("999999198506120013", None),
    ],
)
def test_bad_numbers_have_clear_messages(raw: str, message: str | None) -> None:
    with pytest.raises(idnumber.IdNumberError) as err:
        idnumber.parse(raw)
    if message:
        assert message in str(err.value)


def test_wrong_check_digit_is_reported() -> None:
    number = make_id_number(date(1990, 1, 1))
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(idnumber.IdNumberError, match="校验位"):
        idnumber.parse(wrong)


def test_mask_keeps_region_and_last_four() -> None:
    assert idnumber.mask("410802198506120012") == "410802********0012"
    assert idnumber.mask(None) == ""
