"""The figures of the 统计 tab as plain data: every figure carries the ids of the records behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# What a figure's ids point at (a table name): the click-through uses it to list the records.
PERSON = "person"
SESSION = "study_session"
PAIR = "mentor_pair"
HONOR = "honor"
DEED = "worker_deed"
BRAND = "branch_brand"
INNOVATION = "innovation_item"
UNIT = "org_unit"
ZONE = "responsibility_zone"
TASK = "supervision_task"
STUDIO = "innovation_studio"
CONTEST = "contest_event"
ENTRANT = "contest_entrant"
# Units of figures that are amounts or shares rather than counts of records (charts leave them out of bars).
NON_COUNT_UNITS = ("%", "元", "小时")


@dataclass(frozen=True)
class Figure:
    key: str  # "group.name", e.g. "by_status.正式党员", "deeds.amount_fen"; the JSON and the Excel use it
    label: str  # what the dashboard shows
    value: int | float
    unit: str = ""  # 人, 次, 小时, 对, 项, 件, 人次, 元, %
    table: str | None = None
    ids: tuple[str, ...] = ()
    note: str = ""  # how it is counted, shown as a tooltip

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    @property
    def clickable(self) -> bool:
        return self.table is not None and bool(self.ids)

    def display(self) -> str:
        if self.unit == "%":
            return f"{self.value * 100:.1f}%".replace(".0%", "%")
        if self.unit == "元":
            return f"{self.value / 100:,.2f}".removesuffix(".00")
        if isinstance(self.value, float):
            return f"{self.value:,.1f}".removesuffix(".0")
        return f"{self.value:,}"


@dataclass(frozen=True)
class FigureGroup:
    key: str
    title: str
    figures: tuple[Figure, ...]
    chart: str = "bar"  # "bar" | "pie" | "none": how the tab draws the group
    note: str = ""


@dataclass(frozen=True)
class Dashboard:
    unit_id: str
    unit_name: str
    year: int
    as_of: date  # the day the figures describe: the year's last day, or today for the running year
    groups: tuple[FigureGroup, ...]
    _index: dict[str, Figure] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            for figure in group.figures:
                self._index[figure.key] = figure

    def figure(self, key: str) -> Figure:
        return self._index[key]

    def value(self, key: str) -> int | float:
        return self._index[key].value

    def group(self, key: str) -> FigureGroup:
        return next(g for g in self.groups if g.key == key)

    def as_dict(self) -> dict[str, dict[str, int | float]]:
        """{group: {name: value}}: percentages as ratios (0.73), money in fen, hours with one decimal."""
        out: dict[str, dict[str, int | float]] = {}
        for group in self.groups:
            out[group.key] = {f.name: round(f.value, 4) if isinstance(f.value, float) else f.value
                              for f in group.figures}
        return out
