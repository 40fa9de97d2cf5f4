"""`jiaomei study compliance|list|export|minutes|member`: the study log from the command line."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.domain.dates import DateParseError, parse_date
from jiaomei_desktop.services import study
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.org import find_unit_by_code, unit_tree
from jiaomei_desktop.services.study.committees import add_probation, committee
from jiaomei_desktop.services.study.export import export_compliance, export_sessions
from jiaomei_desktop.services.study.minutes import render_minutes


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("study", help="学习记录：三会一课、出勤与落实情况")
    sub = parser.add_subparsers(dest="study_command", required=True, metavar="子命令")

    p = sub.add_parser("compliance", help="组织生活制度落实情况（单位 × 月份）")
    add_common(p)
    p.add_argument("--unit", help="单位代码（默认全部）")
    p.add_argument("--year", type=int, default=date.today().year, help="年度（默认今年）")
    p.add_argument("--as-of", dest="as_of", help="统计截止日期（默认今天）")
    p.add_argument("--out", type=Path, help="同时导出为 Excel 文件")
    p.set_defaults(func=run_compliance)

    p = sub.add_parser("list", help="列出会议记录")
    _add_filters(p)
    p.add_argument("--limit", type=int, default=50, help="最多列出多少条（默认50）")
    p.set_defaults(func=run_list)

    p = sub.add_parser("export", help="导出会议记录和出勤明细到 Excel")
    _add_filters(p)
    p.add_argument("--out", type=Path, required=True, help="输出文件（.xlsx）")
    p.set_defaults(func=run_export)

    p = sub.add_parser("minutes", help="打印一次会议的会议记录（PDF）")
    add_common(p)
    p.add_argument("session_id", help="会议记录编号（study list 可查）")
    p.add_argument("--out", type=Path, required=True, help="输出文件（.pdf）")
    p.set_defaults(func=run_minutes)

    p = sub.add_parser("committee", help="党支部的支部委员（书记、委员及任期）")
    add_common(p)
    p.add_argument("--unit", required=True, help="党支部代码")
    p.set_defaults(func=run_committee)

    p = sub.add_parser("probation", help="登记留党察看（察看期间没有表决权、选举权和被选举权）")
    add_common(p)
    p.add_argument("person_id", help="人员编号")
    p.add_argument("--from", dest="date_from", required=True, help="处分日期")
    p.add_argument("--to", dest="date_to", help="察看期满日期（最长两年）")
    p.add_argument("--notes", default="", help="说明")
    p.set_defaults(func=run_probation)

    p = sub.add_parser("member", help="某人的学习情况")
    add_common(p)
    p.add_argument("person_id", help="人员编号")
    p.add_argument("--year", type=int, default=date.today().year)
    p.set_defaults(func=run_member)


def _add_filters(p: argparse.ArgumentParser) -> None:
    add_common(p)
    p.add_argument("--unit", help="单位代码（含下级）")
    p.add_argument("--kind", action="append", default=[], help="会议类型（可重复）")
    p.add_argument("--from", dest="date_from", help="开始日期")
    p.add_argument("--to", dest="date_to", help="结束日期")
    p.add_argument("--text", default="", help="主题、地点或主持人中的文字")
    p.add_argument("--safety", action="store_true", help="只要结合安全生产的")


def _date(text: str | None, label: str) -> date | None:
    if not text:
        return None
    try:
        parsed = parse_date(text)
    except DateParseError as exc:
        raise CliError(f"{label}：{exc}") from exc
    return parsed.value if parsed else None


def _unit_id(store, code: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if not code:
        return None
    unit = find_unit_by_code(store, code)
    if unit is None:
        raise CliError(f"没有代码为“{code}”的单位")
    return unit.id


def _query(store, args: argparse.Namespace) -> study.SessionQuery:  # type: ignore[no-untyped-def]
    return study.SessionQuery(unit_id=_unit_id(store, args.unit), kinds=frozenset(args.kind),
                              date_from=_date(args.date_from, "开始日期"), date_to=_date(args.date_to, "结束日期"),
                              safety=True if args.safety else None, text=args.text)


def run_compliance(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        unit_id = _unit_id(store, args.unit)
        if unit_id is None:
            roots = study_roots(store)
            if not roots:
                raise CliError("数据中还没有任何单位")
            unit_id = roots[0]
        grid = study.compliance_grid(store, unit_id, args.year, _date(args.as_of, "截止日期"))
        if args.out:
            export_compliance(grid, args.out)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    lines = [f"{grid.unit_name} {grid.year}年组织生活制度落实情况（三会一课、主题党日、组织生活会、民主评议党员；"
             f"截至{grid.as_of:%Y-%m-%d}）",
             f"党支部 {len(grid.rows)} 个，应达标 {grid.total.due} 项，达标 {grid.total.met} 项，达标率 {grid.total.rate:.1%}",
             "月份      " + " ".join(f"{m:>3}" for m in range(1, 13)),
             "未达标支部 " + " ".join(f"{n:>3}" for n in grid.month_missed)]
    lagging = sorted(grid.rows, key=lambda r: r.totals.rate)[:10]
    lagging = [r for r in lagging if r.totals.met < r.totals.due]
    if lagging:
        lines.append("落实较差的党支部：")
        lines += [f"  {r.branch_code}  {r.branch_name}  {r.totals.met}/{r.totals.due}" for r in lagging]
    data = grid.as_dict()
    if args.out:
        data["file"] = str(args.out)
        lines.append(f"已导出：{args.out}")
    return Result(data, "\n".join(lines))


def study_roots(store) -> list[str]:  # type: ignore[no-untyped-def]
    return [node.unit.id for node in unit_tree(store)]


def run_list(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        ids = study.find_ids(store, _query(store, args))
        shown = ids[: max(args.limit, 0)]
        rows = study.fetch_rows(store, shown)
    finally:
        store.close()
    items = [rows[i] for i in shown]
    data = {"total": len(ids), "sessions": [
        {"id": r.id, "date": r.session_date.isoformat(), "kind": r.kind, "unit": r.unit_name, "topic": r.topic,
         "expected": r.expected, "present": r.present, "hours": r.hours, "safety": r.safety_flag} for r in items]}
    lines = [f"共 {len(ids)} 条，显示 {len(items)} 条"]
    lines += [f"{r.session_date}  {r.kind:<8} {r.unit_name}  {r.topic}  应到{r.expected} 实到{r.present}  {r.id}"
              for r in items]
    return Result(data, "\n".join(lines))


def run_export(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        n = export_sessions(store, _query(store, args), args.out)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return Result({"sessions": n, "file": str(args.out)}, f"已导出 {n} 条会议记录：{args.out}")


def run_minutes(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        pdf = render_minutes(store, args.session_id)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    try:
        args.out.write_bytes(pdf)
    except OSError as exc:
        raise CliError(f"无法写入文件 {args.out}：{exc.strerror or exc}") from exc
    return Result({"file": str(args.out), "bytes": len(pdf)}, f"会议记录已保存：{args.out}")


def run_member(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        rec = study.member_record(store, args.person_id, args.year)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    text = (f"{rec.name}（{rec.branch_name}）{rec.year}年：出席 {rec.attended} 次，请假 {rec.leave} 次，"
            f"缺席 {rec.absent} 次，党员教育 {rec.hours:g} 学时（应不少于 {rec.target:g}，"
            f"{'已达到' if rec.target_met else '未达到'}）")
    if rec.other_hours:
        text += f"；技术培训、安全生产学习等另计 {rec.other_hours:g} 学时"
    return Result(rec.as_dict(), text)


def run_committee(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        current = committee(store, _unit_id(store, args.unit) or "")
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    today = date.today()
    roles = [{"role": r.role, "name": r.name, "term_start": r.term_start.isoformat(),
              "term_end": r.term_end.isoformat(), "left_on": r.left_on.isoformat() if r.left_on else None,
              "sitting": r.held_on(today)} for r in current.roles]
    kind = "设支部委员会" if current.has_committee else "不设支部委员会（只设书记，必要时设副书记）"
    lines = [f"{current.unit_name}：正式党员 {current.full_members} 人，{kind}"]
    lines += [f"  {r['role']:<5} {r['name']}  {r['term_start']} 至 {r['left_on'] or r['term_end']}"
              f"{'' if r['sitting'] else '（已离任）'}" for r in roles]
    if current.warning:
        lines.append(current.warning)
    return Result({"unit": current.unit_name, "full_members": current.full_members,
                   "has_committee": current.has_committee, "warning": current.warning, "roles": roles},
                  "\n".join(lines))


def run_probation(args: argparse.Namespace) -> Result:
    start = _date(args.date_from, "处分日期")
    if start is None:
        raise CliError("请填写处分日期")
    store = open_store_or_fail(args.data_dir)
    try:
        row_id = add_probation(store, args.person_id, start, _date(args.date_to, "察看期满日期"), args.notes)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return Result({"id": row_id}, "已登记留党察看：察看期间没有表决权、选举权和被选举权")
