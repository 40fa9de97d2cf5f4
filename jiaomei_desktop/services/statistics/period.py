"""Figures over a period of several years ("2022年至2026年"): one dashboard per year, each as of its own year-end
(the running year as of today), for the period report's "先后…累计" sentences, and the period's own figures as they
stood on its last day (statistics.period_figures). The study group is left out: the period report states no study
figures, and its compliance grid would cost most of the time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import overload

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.statistics.figures import dashboard, root_unit_id
from jiaomei_desktop.services.statistics.model import Dashboard
from jiaomei_desktop.services.statistics.period_figures import span_dashboard
from jiaomei_desktop.services.statistics.roll import load_roll_source
from jiaomei_desktop.services.store import Store

MAX_YEARS = 10


@dataclass(frozen=True)
class Period(Sequence[Dashboard]):
    """The years' dashboards (a sequence of them, first year first) and `span`, the figures over the whole period
    on the last year's as-of day."""

    years: tuple[Dashboard, ...]
    span: Dashboard

    @overload
    def __getitem__(self, index: int) -> Dashboard: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Dashboard, ...]: ...

    def __getitem__(self, index: int | slice) -> Dashboard | tuple[Dashboard, ...]:
        return self.years[index]

    def __len__(self) -> int:
        return len(self.years)

    def __iter__(self) -> Iterator[Dashboard]:
        return iter(self.years)


def period_dashboards(
    store: Store, unit_id: str | None, from_year: int, to_year: int, today: date | None = None
) -> Period:
    today = today or date.today()
    if from_year > to_year:
        raise ValidationFailed({"from_year": _("起始年度不能晚于截止年度")})
    if to_year - from_year + 1 > MAX_YEARS:
        raise ValidationFailed({"from_year": _("统计期间最长{n}年").format(n=MAX_YEARS)})
    if to_year > today.year:
        raise ValidationFailed({"to_year": _("截止年度不能晚于今年")})
    unit_id = unit_id or root_unit_id(store)
    with store.reading() as session:
        source = load_roll_source(session, unit_id)  # people and changes read once for every year
    years = tuple(
        dashboard(store, unit_id, year, today, study=False, source=source) for year in range(from_year, to_year + 1)
    )
    last = years[-1]  # its unit: a 党小组 is counted as its branch
    with store.reading() as session:
        span = span_dashboard(session, last.unit_id, last.unit_name, from_year, last.as_of)
    return Period(years, span)
