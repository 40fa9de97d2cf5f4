"""统计: every figure of the 1+1+3 work for a unit subtree and a year, with the records behind each one, an Excel
export and an annual report in the GB/T 9704 layout.

Modules: `headcounts` (units and people counted, for the CLI and the demo), `model` (Figure, FigureGroup, Dashboard), `figures` (computing them), `records` (click-through),
`export` (Excel), `report` (the annual report PDF), `period` and `period_figures` (a period of several years).
"""

from jiaomei_desktop.services.statistics.figures import dashboard, root_unit_id
from jiaomei_desktop.services.statistics.model import Dashboard, Figure, FigureGroup
from jiaomei_desktop.services.statistics.records import RecordList, records_behind

__all__ = ["Dashboard", "Figure", "FigureGroup", "RecordList", "dashboard", "records_behind", "root_unit_id"]
