"""`jiaomei print certificate|bulletin|placard|notice|minutes … --out FILE`: documents from a JSON file or options."""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.reports.certificates import KINDS, CertificateData, render_certificates
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.minutes import MeetingRecordData, render_meeting_record
from jiaomei_desktop.reports.notice import Block, Heading, NoticeDocument, Paragraph, Table, render_notice
from jiaomei_desktop.reports.overprint import Overprint, calibrate, render_calibration, render_overprint
from jiaomei_desktop.reports.placard import KINDS as PLACARD_KINDS
from jiaomei_desktop.reports.placard import PlacardData, placard_notes, render_placard
from jiaomei_desktop.reports.settings import load_overprint, save_overprint
from jiaomei_desktop.reports.study_bulletin import StudyBulletinData, render_study_bulletin
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.store import default_data_dir
from jiaomei_desktop.services.study.bulletin_data import BulletinPeriod, bulletin_data

Json = dict[str, Any]
Built = bytes | tuple[bytes, list[str]]  # the PDF, and notes for the user (e.g. text moved to a second panel)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("print", help="生成证书、学习通报、责任区标牌、通知、会议记录 PDF")
    docs = parser.add_subparsers(dest="document", required=True, metavar="文档")
    specs: list[tuple[str, str, Callable[[argparse.Namespace], Built], Callable[[argparse.ArgumentParser], None]]] = [
        (
            "certificate",
            "荣誉证书 / 出师证书 / 结业证书（JSON 可为一个对象或一组对象，一页一张）",
            _certificate,
            _certificate_options,
        ),
        ("bulletin", "学习通报（GB/T 9704 版式；--unit 从学习记录生成）", _bulletin, _bulletin_options),
        ("placard", "党员责任区 / 示范岗 / 先锋岗标牌", _placard, _placard_options),
        ("notice", "通知 / 通报（GB/T 9704 版式）", _notice, _no_options),
        ("minutes", "三会一课会议记录", _minutes, _no_options),
        ("calibration", "套打校准页（--measured 计算并保存偏移和缩放）", _calibration, _calibration_options),
    ]
    for name, help_text, build, options in specs:
        sub = docs.add_parser(name, help=help_text, description=help_text)
        add_common(sub)
        sub.add_argument("--input", type=Path, help="JSON 输入文件（字段见 docs/documents.md）")
        sub.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
        options(sub)
        sub.set_defaults(func=_runner(name, build))


def _runner(name: str, build: Callable[[argparse.Namespace], Built]) -> Callable[[argparse.Namespace], Result]:
    def run(args: argparse.Namespace) -> Result:
        try:
            built = build(args)
        except ReportError as exc:
            raise CliError(str(exc)) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise CliError(f"输入数据有误：{exc}") from exc
        pdf, notes = built if isinstance(built, tuple) else (built, [])
        write_pdf(args.out, pdf)
        pages = len(re.findall(rb"/Type /Page[^s]", pdf))
        data = {"document": name, "out": str(args.out), "pages": pages, "bytes": len(pdf), "notes": notes}
        return Result(data, "\n".join([f"已生成 {args.out}（{pages} 页，{len(pdf) // 1024} KB）", *notes]))

    return run


def write_pdf(out: Path, pdf: bytes) -> None:
    """Temp file then rename: an interrupted run never leaves half a PDF under the requested name."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(pdf)
        os.replace(tmp, out)
    except OSError as exc:
        raise CliError(f"无法写入 {out}：{exc.strerror or exc}") from exc


def _no_options(parser: argparse.ArgumentParser) -> None:
    return None


def _load(args: argparse.Namespace, required: bool = True) -> Any:
    if args.input is None:
        if required:
            raise CliError("请用 --input 指定 JSON 输入文件")
        return None
    try:
        return json.loads(args.input.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"无法读取 {args.input}：{exc.strerror or exc}") from exc
    except ValueError as exc:
        raise CliError(f"{args.input} 不是有效的 JSON：{exc}") from exc


def _date(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CliError(f"{field} 应为日期，例如 2026-11-23，而不是“{value}”") from None


def _datetime(value: Any, field: str) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise CliError(f"{field} 应为时间，例如 2026-11-23T14:30，而不是“{value}”") from None


# --- certificate -----------------------------------------------------------------------------------------------------


def _certificate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=KINDS, default="荣誉证书")
    parser.add_argument("--recipient", help="获奖人姓名（或先进集体的单位名称）")
    parser.add_argument("--collective", action="store_true", help="先进集体（不加“同志”）")
    parser.add_argument("--body", help="事由，例如：在2026年度安全生产工作中成绩突出，被评为")
    parser.add_argument("--title-awarded", help="称号，例如：优秀共产党员")
    parser.add_argument("--issuer", help="颁发单位")
    parser.add_argument("--date", help="颁发日期，例如 2026-11-23（默认今天）")
    parser.add_argument("--number", help="证书编号")
    parser.add_argument("--date-style", choices=("hanzi", "arabic"), default="hanzi", help="日期写法：汉字或阿拉伯数字")
    _overprint_options(parser)
    parser.add_argument("--overprint", action="store_true", help="套打：只印文字，打在已印好的证书内芯上")


def _overprint_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sheet", default="285x210", help="内芯尺寸（毫米，宽x高），默认 285x210")
    parser.add_argument("--printer", help="打印机名称：使用（或保存）这台打印机的套打校准")


def certificate_from_json(obj: Json) -> CertificateData:
    return CertificateData(
        kind=obj.get("kind", "荣誉证书"),
        recipient=obj["recipient"],
        is_collective=bool(obj.get("is_collective", False)),
        body=obj.get("body", ""),
        title_awarded=obj["title_awarded"],
        issuer=obj["issuer"],
        issue_date=_date(obj.get("issue_date", date.today().isoformat()), "issue_date"),
        number=obj.get("number"),
        date_style=obj.get("date_style", "hanzi"),
    )


def _certificate(args: argparse.Namespace) -> bytes:
    loaded = _load(args, required=False)
    if loaded is None:
        missing = [
            o
            for o, v in (
                ("--recipient", args.recipient),
                ("--title-awarded", args.title_awarded),
                ("--issuer", args.issuer),
            )
            if not v
        ]
        if missing:
            raise CliError(f"缺少 {'、'.join(missing)}（或用 --input 提供 JSON）")
        loaded = {
            "kind": args.kind,
            "recipient": args.recipient,
            "is_collective": args.collective,
            "body": args.body or "",
            "title_awarded": args.title_awarded,
            "issuer": args.issuer,
            "issue_date": args.date or date.today().isoformat(),
            "number": args.number,
            "date_style": args.date_style,
        }
    items = loaded if isinstance(loaded, list) else [loaded]
    certificates = [certificate_from_json(o) for o in items]
    if args.overprint:
        return render_overprint(certificates, _sheet(args))
    return render_certificates(certificates)


# --- 套打 calibration ------------------------------------------------------------------------------------------------


def settings_path(data_dir: Path | None) -> Path:
    return (data_dir or default_data_dir()) / "document_settings.json"


def _sheet(args: argparse.Namespace) -> Overprint:
    """The sheet from --sheet, with the printer's saved calibration when --printer names one."""
    try:
        width, height = (float(v) for v in args.sheet.lower().replace("×", "x").split("x"))
    except ValueError:
        raise CliError(f"--sheet 应为 宽x高（毫米），例如 285x210，而不是“{args.sheet}”") from None
    saved = load_overprint(settings_path(args.data_dir), args.printer) if args.printer else None
    if saved is not None and (saved.width_mm, saved.height_mm) == (width, height):
        return saved
    return Overprint(width, height)


def _calibration_options(parser: argparse.ArgumentParser) -> None:
    _overprint_options(parser)
    parser.add_argument("--measured", help="量得的十字中心 A、B（毫米）：AX,AY,BX,BY；给出后计算偏移和缩放并按打印机保存")


def _calibration(args: argparse.Namespace) -> tuple[bytes, list[str]]:
    sheet = _sheet(args)
    if not args.measured:
        return render_calibration(Overprint(sheet.width_mm, sheet.height_mm)), []
    try:
        ax, ay, bx, by = (float(v) for v in args.measured.replace("，", ",").split(","))
    except ValueError:
        raise CliError("--measured 应为四个数：AX,AY,BX,BY（毫米）") from None
    fixed = calibrate(Overprint(sheet.width_mm, sheet.height_mm), (ax, ay), (bx, by))
    notes = [f"偏移 {fixed.offset_x_mm:+.1f} / {fixed.offset_y_mm:+.1f} 毫米，缩放 {fixed.scale:.3f}"]
    if args.printer:
        try:
            save_overprint(settings_path(args.data_dir), args.printer, fixed)
        except OSError as exc:
            raise CliError(f"无法保存套打校准：{exc.strerror or exc}") from exc
        notes.append(f"已保存为打印机“{args.printer}”的套打校准")
    return render_calibration(Overprint(sheet.width_mm, sheet.height_mm)), notes


# --- bulletin, notice, minutes ---------------------------------------------------------------------------------------


def bulletin_from_json(obj: Json) -> StudyBulletinData:
    return StudyBulletinData(
        unit_name=obj["unit_name"],
        period_label=obj["period_label"],
        sessions_by_kind={str(k): int(v) for k, v in obj["sessions_by_kind"].items()},
        attendance_rate=float(obj["attendance_rate"]),
        safety_sessions=int(obj.get("safety_sessions", 0)),
        gaps=[(str(u), str(r)) for u, r in obj.get("gaps", [])],
        issuer=obj.get("issuer", ""),
        issue_date=_date(obj.get("issue_date", date.today().isoformat()), "issue_date"),
        recipients=obj.get("recipients", "各基层党组织"),
        hours=float(obj["hours"]) if obj.get("hours") is not None else None,
    )


def _bulletin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", help="单位代码：从学习记录生成（代替 --input）")
    parser.add_argument("--year", type=int, help="年度（与 --unit 同用）")
    period = parser.add_mutually_exclusive_group()
    period.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="季度（默认全年）")
    period.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12", help="月份")
    parser.add_argument("--issuer", default="", help="落款（默认为该单位名称）")
    parser.add_argument("--save-json", type=Path, help="把生成的数据另存为 JSON，修改后可用 --input 再打印")


def _bulletin(args: argparse.Namespace) -> bytes:
    if args.unit is None:
        return render_study_bulletin(bulletin_from_json(_load(args)))
    data = _bulletin_from_store(args)
    if args.save_json:
        obj = {**asdict(data), "issue_date": data.issue_date.isoformat()}
        try:
            args.save_json.write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")
        except OSError as exc:
            raise CliError(f"无法写入 {args.save_json}：{exc.strerror or exc}") from exc
    return render_study_bulletin(data)


def _bulletin_from_store(args: argparse.Namespace) -> StudyBulletinData:
    """The bulletin counted from the study log (services.study.bulletin_data)."""
    if args.year is None:
        raise CliError("从学习记录生成通报需要 --year")
    if args.quarter:
        period = BulletinPeriod.quarter(args.year, args.quarter)
    elif args.month:
        period = BulletinPeriod(args.year, args.month, args.month)
    else:
        period = BulletinPeriod(args.year)
    store = open_store_or_fail(args.data_dir)
    try:
        unit = find_unit_by_code(store, args.unit)
        if unit is None:
            raise CliError(f"没有代码为“{args.unit}”的单位")
        try:
            return bulletin_data(store, unit.id, period, args.issuer)
        except ServiceError as exc:
            raise CliError(str(exc)) from exc
    finally:
        store.close()


def _block(obj: Json) -> Block:
    kind = obj.get("type", "paragraph")
    if kind == "heading":
        return Heading(obj["text"], int(obj.get("level", 1)))
    if kind == "paragraph":
        return Paragraph(obj["text"])
    if kind == "table":
        return Table([str(c) for c in obj["columns"]], [[str(c) for c in r] for r in obj["rows"]], obj.get("widths"))
    raise CliError(f"未知的段落类型：{kind}（可用 heading、paragraph、table）")


def notice_from_json(obj: Json) -> NoticeDocument:
    return NoticeDocument(
        title=obj["title"],
        recipients=obj.get("recipients"),
        blocks=[_block(b) for b in obj.get("blocks", [])],
        issuer=obj.get("issuer", ""),
        issue_date=_date(obj.get("issue_date", date.today().isoformat()), "issue_date"),
    )


def _notice(args: argparse.Namespace) -> bytes:
    return render_notice(notice_from_json(_load(args)))


def minutes_from_json(obj: Json) -> MeetingRecordData:
    return MeetingRecordData(
        unit=obj["unit"],
        kind=obj["kind"],
        lecture_form=obj.get("lecture_form"),
        topic=obj["topic"],
        start=_datetime(obj["start"], "start"),
        end=_datetime(obj["end"], "end") if obj.get("end") else None,
        place=obj.get("place", ""),
        host=obj.get("host", ""),
        recorder=obj.get("recorder", ""),
        lecturer=obj.get("lecturer"),
        expected=int(obj["expected"]),
        present=int(obj["present"]),
        absentees=[(str(a[0]), str(a[1]), str(a[2]) if len(a) > 2 else "") for a in obj.get("absentees", [])],
        content=obj.get("content", ""),
        resolutions=obj.get("resolutions", ""),
        safety_flag=bool(obj.get("safety_flag", False)),
        hours=float(obj.get("hours", 0)),
    )


def _minutes(args: argparse.Namespace) -> bytes:
    return render_meeting_record(minutes_from_json(_load(args)))


# --- placard ---------------------------------------------------------------------------------------------------------


def _placard_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--member", help="党员姓名")
    parser.add_argument("--zone", help="责任区")
    parser.add_argument("--scope", help="责任范围")
    parser.add_argument("--duty", action="append", default=[], help="一条职责（可重复）")
    parser.add_argument("--unit", default="", help="单位")
    parser.add_argument("--scheme", choices=("red", "white"), default="red", help="red 红底黄字，white 白底红字")
    parser.add_argument("--paper", choices=("A4", "A3", "600x400"), default="A4")
    parser.add_argument("--emblem", type=Path, help="党徽图片（须为正式图稿；不提供则不放）")
    parser.add_argument("--kind", choices=PLACARD_KINDS, default=PLACARD_KINDS[0], help="标牌种类")


def placard_from_json(obj: Json) -> PlacardData:
    emblem = obj.get("emblem")
    return PlacardData(
        member_name=obj["member_name"],
        zone=obj["zone"],
        scope=obj.get("scope", ""),
        duties=[str(d) for d in obj.get("duties", [])],
        unit=obj.get("unit", ""),
        scheme=obj.get("scheme", "red"),
        paper=obj.get("paper", "A4"),
        emblem=Path(emblem) if emblem else None,
        kind=obj.get("kind", PLACARD_KINDS[0]),
    )


def _placard(args: argparse.Namespace) -> tuple[bytes, list[str]]:
    loaded = _load(args, required=False)
    if loaded is None:
        if not args.member or not args.zone:
            raise CliError("缺少 --member 或 --zone（或用 --input 提供 JSON）")
        loaded = {
            "member_name": args.member,
            "zone": args.zone,
            "scope": args.scope or "",
            "duties": args.duty,
            "unit": args.unit,
            "scheme": args.scheme,
            "paper": args.paper,
            "emblem": str(args.emblem) if args.emblem else None,
            "kind": args.kind,
        }
    data = placard_from_json(loaded)
    return render_placard(data), placard_notes(data)  # the notes say when text moved to a second panel
