"""Figures over a period of several years ("2022年至2026年"): one dashboard per year, each as of its own year-end
(the running year as of today), for the period report's "先后…累计" sentences."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.statistics.figures import dashboard
from jiaomei_desktop.services.statistics.model import Dashboard
from jiaomei_desktop.services.store import Store

MAX_YEARS = 10


def period_dashboards(store: Store, unit_id: str | None, from_year: int, to_year: int,
                      today: date | None = None) -> list[Dashboard]:
    today = today or date.today()
    if from_year > to_year:
        raise ValidationFailed({"from_year": _("起始年度不能晚于截止年度")})
    if to_year - from_year + 1 > MAX_YEARS:
        raise ValidationFailed({"from_year": _("统计期间最长{n}年").format(n=MAX_YEARS)})
    if to_year > today.year:
        raise ValidationFailed({"to_year": _("截止年度不能晚于今年")})
    return [dashboard(store, unit_id, year, today) for year in range(from_year, to_year + 1)]
