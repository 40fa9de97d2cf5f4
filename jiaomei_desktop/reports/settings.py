"""Template settings remembered per unit (issuing body, 汉字 or Arabic dates, paper), kept in one JSON file.

The caller chooses the file (the app keeps it in its data folder); a missing or damaged file gives the defaults, so a
bad settings file never stops anyone printing.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from jiaomei_desktop.reports.dates import DATE_STYLES
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.overprint import Overprint
from jiaomei_desktop.reports.pages import PAPERS


@dataclass(frozen=True)
class DocumentSettings:
    issuer: str = ""  # 颁发/发文单位, e.g. "中共焦煤集团某某矿委员会"
    date_style: str = "hanzi"  # "hanzi" (二〇二六年…) | "arabic" (2026年…)
    paper: str = "A4"  # for the 光荣榜 and placards: "A4" | "A3"

    def cleaned(self) -> DocumentSettings:
        """Unknown values (hand-edited file, older app) fall back to the defaults field by field."""
        default = DocumentSettings()
        return replace(
            self,
            issuer=self.issuer if isinstance(self.issuer, str) else default.issuer,
            date_style=self.date_style if self.date_style in DATE_STYLES else default.date_style,
            paper=self.paper if self.paper in PAPERS else default.paper,
        )


def _read_all(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def load_settings(path: Path, unit: str) -> DocumentSettings:
    """The settings saved for `unit` (a unit id or code), or the defaults."""
    raw = _read_all(path).get(unit, {})
    known = {f.name for f in fields(DocumentSettings)}
    return DocumentSettings(**{k: v for k, v in raw.items() if k in known}).cleaned()


def save_settings(path: Path, unit: str, settings: DocumentSettings) -> None:
    """Replace `unit`'s entry, keeping the other units'; written to a temp file then renamed (no half files)."""
    path = Path(path)
    everything = _read_all(path)
    everything[unit] = asdict(settings.cleaned())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(everything, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


OVERPRINT_PREFIX = "printer:"  # 套打 calibrations live beside the unit settings, keyed by printer name


def load_overprint(path: Path, printer: str) -> Overprint | None:
    """The 套打 sheet and calibration saved for `printer`, or None (never saved, or a damaged entry)."""
    raw = _read_all(path).get(OVERPRINT_PREFIX + printer)
    if not raw:
        return None
    known = {f.name for f in fields(Overprint)}
    try:
        saved = Overprint(**{k: float(v) for k, v in raw.items() if k in known})
        saved.check()
    except (TypeError, ValueError, ReportError):
        return None
    return saved


def save_overprint(path: Path, printer: str, sheet: Overprint) -> None:
    sheet.check()
    path = Path(path)
    everything = _read_all(path)
    everything[OVERPRINT_PREFIX + printer] = asdict(sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(everything, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
