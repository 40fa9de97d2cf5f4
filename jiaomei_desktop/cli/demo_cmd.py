"""`jiaomei demo`: create a demo store shaped like the seed organisation."""

from __future__ import annotations

import argparse
import json
import sys

from jiaomei_desktop.cli.common import CliError, Result, add_common
from jiaomei_desktop.services.audit import PLANTED_KEY
from jiaomei_desktop.services.demo import ROSTER_STEPS, SEED_MEMBERS, create_demo_store
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.statistics.headcounts import store_stats
from jiaomei_desktop.services.store import StoreError, resolve_data_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="生成演示数据（虚构人员）")
    add_common(parser)
    parser.add_argument("--members", type=int, default=SEED_MEMBERS, help=f"党员人数（默认{SEED_MEMBERS}）")
    parser.add_argument("--seed", type=int, default=20261123, help="随机种子（相同种子生成相同数据）")
    parser.add_argument("--roster-only", action="store_true", help="只生成组织机构和党员名册（用于性能测试）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> Result:
    if args.members < 1:
        raise CliError("党员人数至少为1")
    directory = resolve_data_dir(args.data_dir)
    quiet = args.json
    try:
        store = create_demo_store(directory, members=args.members, seed=args.seed,
                                  only=ROSTER_STEPS if args.roster_only else None,
                                  progress=None if quiet else lambda label: print(f"正在生成：{label}", file=sys.stderr))
    except (ServiceError, StoreError) as exc:
        raise CliError(str(exc)) from exc
    stats = store_stats(store)
    planted = json.loads(store.get_setting(PLANTED_KEY) or "[]")
    store.close()
    text = f"演示数据已生成：{directory}\n党员 {stats.members} 人，党支部 {stats.units_by_kind['党支部']} 个"
    if planted:  # the demo notes say what it shows on purpose; `jiaomei check` lists these as planted
        text += f"\n演示数据有意设置了{len(planted)}处问题（{'；'.join(sorted({p['note'] for p in planted}))}），" \
                "可用 jiaomei check 查看"
    return Result({"data_dir": str(directory), **stats.as_dict(), "planted": planted}, text)
