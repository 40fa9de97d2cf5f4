"""Synthetic test data: made-up names and ID numbers with valid checksums."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain import idnumber


def make_id_number(birth: date, male: bool = True, region: str = "410802", sequence: int = 1) -> str:
    seq = sequence * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + idnumber.check_digit(first17)
