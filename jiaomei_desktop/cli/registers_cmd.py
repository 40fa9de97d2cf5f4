"""`jiaomei zones|deeds|brands|innovation|contests|posts|studios list --unit CODE [--year YYYY] --json`, and the year's figures that
`jiaomei stats --year` adds to its output."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.domain.registers import format_yuan
from jiaomei_desktop.services import brands, contests, deeds, innovation, posts, statistics, studios, zones
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.store import Store


def year_figures(store: Store, unit_id: str | None, year: int, today: date | None = None) -> Result:
    """{"year", "unit", "as_of", "figures": {group: {name: value}}} plus the readable lines."""
    if not 1949 <= year <= 2100:
        raise CliError(f"年度“{year}”无效")
    try:
        dash = statistics.dashboard(store, unit_id, year, today)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    lines = [f"{dash.unit_name} {year}年度统计（截至{dash.as_of.isoformat()}）："]
    for group in dash.groups:
        lines.append(f"{group.title}：")
        lines += [f"  {f.label}  {f.display()}{'' if f.unit == '%' else f.unit}" for f in group.figures]
    return Result({"year": year, "unit": dash.unit_name, "unit_id": dash.unit_id, "as_of": dash.as_of.isoformat(),
                   "figures": dash.as_dict()}, "\n".join(lines))


def _unit_id(store: Store, code: str | None) -> str | None:
    if not code:
        return None
    unit = find_unit_by_code(store, code)
    if unit is None:
        raise CliError(f"没有代码为“{code}”的单位")
    return unit.id


def _zones(store: Store, unit_id: str | None, year: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    query = zones.ZoneQuery(unit_id=unit_id, active_on=date(year, 12, 31) if year else None)
    rows = zones.list_zones(store, query)
    data = [{"id": r.id, "member": r.person_name, "unit": r.unit_name, "zone": r.zone_name, "place": r.place,
             "kind": r.kind, "scope_people": r.scope_people, "scope_equipment": r.scope_equipment,
             "start_date": r.start_date, "end_date": r.end_date} for r in rows]
    return data, [f"{r.unit_name}  {r.person_name}  {r.zone_name}（{r.kind}）" for r in rows]


def _deeds(store: Store, unit_id: str | None, year: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    rows = deeds.list_deeds(store, unit_id, year)
    data = [{"id": r.id, "date": r.deed_date, "item": r.item, "unit": r.unit_name, "category": r.category,
             "person_times": r.person_times, "amount_fen": r.amount_fen, "state": r.state} for r in rows]
    return data, [f"{r.deed_date}  {r.unit_name}  {r.item}  {r.person_times}人次  {format_yuan(r.amount_fen)}元  "
                  f"{r.state}" for r in rows]


def _brands(store: Store, unit_id: str | None, year: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    rows = brands.list_brands(store, unit_id, year)
    data = [{"id": r.id, "branch": r.unit_name, "name": r.name, "year": r.year, "own_brand": r.own_brand,
             "description": r.description} for r in rows]
    return data, [f"{r.unit_name}  {r.name}  {r.year}  {'一支部一品牌' if r.own_brand else '共享品牌'}" for r in rows]


def _innovation(store: Store, unit_id: str | None, year: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    rows = innovation.list_items(store, unit_id, year)
    data = [{"id": r.id, "kind": r.kind, "title": r.title, "unit": r.unit_name, "year": r.year, "people": r.people}
            for r in rows]
    return data, [f"{r.year}  {r.kind}  {r.title}  {r.unit_name}" for r in rows]


def _contests(store: Store, unit_id: str | None, year: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    rows = contests.list_events(store, unit_id, year)
    data = [{"id": r.id, "name": r.name, "date": r.event_date, "trade": r.trade, "level": r.level,
             "organiser": r.organiser, "unit": r.unit_name, "entrants": r.entrants, "winners": r.winners,
             "honoured": r.honoured} for r in rows]
    return data, [f"{r.event_date}  {r.name}（{r.trade}，{r.level}级）  参赛{r.entrants}人  获奖{r.winners}人"
                  for r in rows]


def _posts(store: Store, unit_id: str | None, year: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    rows = posts.list_posts(store, unit_id)
    if year:
        rows = posts.filter_posts(rows, active_on=date(year, 12, 31))
    data = [{"id": r.id, "kind": r.kind, "name": r.name, "unit": r.unit_name, "place": r.place,
             "listed_on": r.listed_on, "delisted_on": r.delisted_on, "delist_reason": r.delist_reason or None,
             "members": [{"name": m.name, "role": m.role, "party_member": m.is_member,
                          "political_status": m.party_status or None} for m in r.members]} for r in rows]
    return data, [f"{r.unit_name}  {r.kind}  {r.name}  {r.member_names}"
                  f"{f'  （{r.delisted_on}摘牌：{r.delist_reason}）' if r.delisted_on else ''}" for r in rows]


def _studios(store: Store, unit_id: str | None, year: int | None) -> tuple[list[dict[str, Any]], list[str]]:
    rows = studios.list_studios(store, unit_id, year)
    data = [{"id": r.id, "name": r.name, "kind": r.kind, "level": r.level, "unit": r.unit_name,
             "leader": r.leader_name, "leader_honor": r.leader_honor or None, "members": [m.name for m in r.members],
             "founded_on": r.founded_on, "alliance": r.alliance or None, "alliance_joined_on": r.alliance_joined_on,
             "closed_on": r.closed_on, "close_reason": r.close_reason or None, "results": r.results,
             "patents": r.patents, "awards": r.awards} for r in rows]
    return data, [f"{r.unit_name}  {r.name}（{r.level}）  领衔人{r.leader_name}  成员{len(r.members)}名"
                  f"{f'  {r.alliance}' if r.alliance else ''}{f'  （{r.closed_on}撤销）' if r.closed_on else ''}"
                  for r in rows]


Lister = Callable[[Store, str | None, int | None], tuple[list[dict[str, Any]], list[str]]]
REGISTERS: dict[str, tuple[str, Lister, str]] = {
    "zones": ("党员责任区", _zones, "在该年底仍在期的责任区"),
    "deeds": ("我为职工办实事台账", _deeds, "该年度的实事"),
    "brands": ("党建品牌", _brands, "到该年底已创建的品牌"),
    "innovation": ("改革创新台账", _innovation, "该年度的条目"),
    "contests": ("技术比武", _contests, "该年度举行的比武"),
    "posts": ("亮明身份：党员示范岗、先锋岗、突击队", _posts, "在该年底仍挂牌的岗位"),
    "studios": ("创新工作室", _studios, "该年度内运行过的工作室"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    for name, (title, lister, year_help) in REGISTERS.items():
        parser = subparsers.add_parser(name, help=title)
        actions = parser.add_subparsers(dest="action", required=True, metavar="操作")
        listing = actions.add_parser("list", help=f"列出{title}")
        add_common(listing)
        listing.add_argument("--unit", help="单位代码（含下级单位；默认全部）")
        listing.add_argument("--year", type=int, help=year_help)
        listing.set_defaults(func=_runner(title, lister))


def _runner(title: str, lister: Lister) -> Callable[[argparse.Namespace], Result]:
    def run(args: argparse.Namespace) -> Result:
        store = open_store_or_fail(args.data_dir)
        try:
            rows, lines = lister(store, _unit_id(store, args.unit), args.year)
        finally:
            store.close()
        text = "\n".join([f"{title}：共{len(rows)}条", *lines]) if rows else f"{title}：没有记录"
        return Result({"count": len(rows), "rows": rows}, text)

    return run
