"""Demo honours: three years of 先进典型 at every level, with drawn placeholder portraits and plausible deeds.

The seed honoured 43 advanced collectives and 135 advanced individuals at group level in one year; the mines honour
more at their own level, the province and the nation far fewer. Counts scale with the demo's size. Pictures are
simple head-and-shoulders shapes drawn with Pillow and marked "示例照片": clearly not real people.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import insert, select

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import Honor, OrgUnit, Person
from jiaomei_desktop.domain.honor import MEMBER_ONLY_CATEGORIES, level_of_body
from jiaomei_desktop.resources import default_cjk_font
from jiaomei_desktop.services import photos
from jiaomei_desktop.services.demo.context import DemoContext
from jiaomei_desktop.services.demo.honor_texts import COLLECTIVE_DEEDS, PERSON_DEEDS, deeds_for

SEED_MEMBERS = 6419
YEARS = (2024, 2025, 2026)
PORTRAITS = 36
GROUP_PICTURES = 8
PHOTO_SHARE = 0.85  # some people have no photo yet: the gallery shows its placeholder for them

# (level, category, title pattern, awarding body or None = the person's own committee, month, day, count at seed size)
PERSON_AWARDS: tuple[tuple[str, str, str, str | None, int, int, int], ...] = (
    ("国家级", "劳动奖章", "全国五一劳动奖章", "中华全国总工会", 4, 28, 1),  # a 奖章, not a 劳模 title
    ("省部级", "劳动模范", "省劳动模范", "省人民政府", 4, 29, 1),
    ("省部级", "技术能手", "省技术能手", "省人力资源和社会保障厅", 10, 18, 2),
    ("市厅级", "优秀共产党员", "市优秀共产党员", "中共市委", 6, 30, 3),
    ("市厅级", "劳动模范", "市劳动模范", "市总工会", 4, 27, 3),
    ("集团级", "优秀共产党员", "{y}年度优秀共产党员", "焦煤集团党委", 6, 28, 80),
    ("集团级", "优秀党务工作者", "{y}年度优秀党务工作者", "焦煤集团党委", 6, 28, 25),
    ("集团级", "技术能手", "{y}年度技术能手", "焦煤集团公司", 11, 8, 15),
    ("集团级", "劳动模范", "{y}年度集团劳动模范", "焦煤集团公司", 4, 30, 15),
    ("矿级", "先进个人", "{y}年度安全生产先进个人", None, 1, 18, 160),
    ("矿级", "优秀共产党员", "{y}年度优秀共产党员", None, 6, 29, 90),
    ("矿级", "技术能手", "{y}年度技术比武能手", None, 9, 26, 50),
)
UNIT_AWARDS: tuple[tuple[str, str, str, str | None, int, int, int], ...] = (
    ("省部级", "先进集体", "省五一劳动奖状", "省总工会", 4, 28, 1),
    ("市厅级", "先进基层党组织", "市先进基层党组织", "中共市委", 6, 30, 1),
    ("集团级", "先进基层党组织", "{y}年度先进基层党组织", "焦煤集团党委", 6, 28, 18),
    ("集团级", "先进集体", "{y}年度先进集体", "焦煤集团公司", 1, 20, 25),
    ("矿级", "先进集体", "{y}年度安全生产先进集体", None, 1, 16, 40),
)


def build_honors(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 5)  # own generator: later demo steps see the same numbers with or without us
    scale = min(1.0, ctx.members / SEED_MEMBERS)
    people = _people(ctx)
    if not people:
        return
    committee_of = _committee_names(ctx)
    portraits = _store_pictures(ctx, PORTRAITS, _portrait)
    groups = _store_pictures(ctx, GROUP_PICTURES, _group_picture)
    # A few people are honoured again and again (that is what a 劳模 is); most once.
    stars = rng.sample(list(people), k=max(3, len(people) // 40))
    photo_of = {pid: rng.choice(portraits) if rng.random() < PHOTO_SHARE else None for pid in people}
    rows: list[dict] = []
    for year in YEARS:
        for level, category, title, body, month, day, count in PERSON_AWARDS:
            n = _scaled(count, scale, rng, rare=level in ("国家级", "省部级"))
            pool = list(people)
            if category in MEMBER_ONLY_CATEGORIES:  # 党内表彰: 正式党员 on the award date (±2 days of jitter)
                earliest = date(year, month, day) - timedelta(days=3)
                pool = [p for p in pool if people[p][4] is not None and people[p][4] <= earliest]
            allowed = set(pool)
            for person_id in _pick(rng, pool, [s for s in stars if s in allowed], n):
                name, post, trade, branch_id, full_since = people[person_id]
                when = _award_date(rng, year, month, day, ctx.today)
                awarder = body or committee_of.get(branch_id, "焦煤集团党委")
                if when is None or not _fits(level, awarder):
                    continue
                if category in MEMBER_ONLY_CATEGORIES and (full_since is None or full_since > when):
                    continue  # 党内表彰 go to people who were 正式党员 on the award date
                rows.append(_row(ctx, person_id=person_id, unit_id=None, level=level, category=category,
                                 title=title.format(y=_award_year(year, month)), body=awarder, when=when,
                                 deeds=deeds_for(rng, PERSON_DEEDS, name=name, post=post, trade=trade),
                                 photo=photo_of[person_id]))
        for level, category, title, body, month, day, count in UNIT_AWARDS:
            n = _scaled(count, scale, rng, rare=level in ("省部级", "市厅级"))
            for unit in rng.sample(ctx.branches, k=min(n, len(ctx.branches))):
                when = _award_date(rng, year, month, day, ctx.today)
                awarder = body or committee_of.get(unit.id, "焦煤集团党委")
                if when is None or not _fits(level, awarder):
                    continue
                # Half the mine-level 先进集体 are a 班组 of the branch's 区队: no party unit, named with its branch.
                team = _team_name(rng, unit.name) if level == "矿级" and rng.random() < 0.5 else None
                rows.append(_row(ctx, person_id=None, unit_id=unit.id, level=level, category=category,
                                 title=title.format(y=_award_year(year, month)), body=awarder, when=when, team=team,
                                 deeds=deeds_for(rng, COLLECTIVE_DEEDS, name=unit.name, post="", trade=""),
                                 photo=rng.choice(groups) if rng.random() < 0.6 else None))
    if rows:
        ctx.session.execute(insert(Honor), rows)


def _fits(level: str, body: str) -> bool:
    """The awarding body sets the level (a mine-level honour from a branch directly under the group is not made)."""
    implied = level_of_body(body)
    return implied is None or implied.value == level


def _scaled(count: int, scale: float, rng: random.Random, rare: bool) -> int:
    if rare:  # national and provincial honours do not shrink with the demo: at most one or two a year anyway
        return count if rng.random() < 0.7 else 0
    return max(2, round(count * scale))


def _pick(rng: random.Random, everyone: list[str], stars: list[str], n: int) -> list[str]:
    chosen = {rng.choice(stars) for _ in range(max(1, n // 6))} if n >= 3 and stars else set()
    while len(chosen) < min(n, len(everyone)):
        chosen.add(rng.choice(everyone))
    return sorted(chosen)


def _award_year(year: int, month: int) -> int:
    """Annual honours given in January–February are for the year before ("2025年度…" awarded 2026-01-20)."""
    return year - 1 if month <= 2 else year


def _award_date(rng: random.Random, year: int, month: int, day: int, today: date) -> date | None:
    when = date(year, month, day) + timedelta(days=rng.randint(-2, 2))
    return when if when <= today else None


def _row(ctx: DemoContext, *, person_id: str | None, unit_id: str | None, level: str, category: str, title: str,
         body: str, when: date, deeds: str, photo: str | None, team: str | None = None) -> dict:
    return {"id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": utcnow(), "deleted": False,
            "person_id": person_id, "unit_id": unit_id, "title": title, "category": category, "level": level,
            "awarding_body": body, "award_date": when, "deeds": deeds, "photo_sha256": photo, "collective_name": team}


TEAMS = ("生产一班", "生产二班", "检修班", "夜班", "机电班")


def _team_name(rng: random.Random, branch_name: str) -> str:
    """"综采一队党支部" → "综采一队检修班"."""
    return branch_name.removesuffix("党支部") + rng.choice(TEAMS)


def _people(ctx: DemoContext) -> dict[str, tuple[str, str, str, str, date | None]]:
    """Members (正式/预备) by id: name, post, trade, branch id, 转正 date."""
    members = set(ctx.member_ids)
    stmt = select(Person.id, Person.name, Person.post, Person.trade, Person.branch_id, Person.full_member_date)
    return {r[0]: (r[1], r[2] or "", r[3] or "", r[4], r[5]) for r in ctx.session.execute(stmt) if r[0] in members}


def _committee_names(ctx: DemoContext) -> dict[str, str]:
    """For each branch, the committee (基层党委 or 党总支) that awards its mine-level honours."""
    units = {u.id: (u.name, u.kind, u.parent_id) for u in ctx.session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id)).all()}
    out = {}
    for branch in ctx.branches:
        parent = units.get(branch.parent_id or "")
        out[branch.id] = parent[0] if parent and parent[1] != "集团党委" else "焦煤集团党委"
    return out


# -- pictures -----------------------------------------------------------------------------------------------------
_PALETTE = ("#D9E3EC", "#E6DED3", "#DCE8DC", "#E8DCE3", "#E4E4D6", "#D6E4E4", "#ECE1D2", "#DEDCEB")
_FIGURES = ("#5B6B7A", "#6E5E52", "#52685A", "#6A5468", "#5F6252", "#4E6466", "#705F49", "#5A5873")


def _store_pictures(ctx: DemoContext, count: int, draw) -> list[str]:  # type: ignore[no-untyped-def]
    shas = []
    for i in range(count):
        prepared = photos.prepare_photo(draw(i))
        shas.append(photos.save_prepared(ctx.session, ctx.store, prepared).sha256)
    return shas


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(default_cjk_font()), size)


def _label(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    text = "示例照片"
    font = _font(22)
    box = draw.textbbox((0, 0), text, font=font)
    draw.rectangle((0, height - 34, width, height), fill="#00000066")
    draw.text(((width - (box[2] - box[0])) / 2, height - 31), text, font=font, fill="white")


def _portrait(i: int) -> bytes:
    """A stylised head and shoulders (3:4), colours varied by index; obviously a drawing."""
    width, height = 300, 400
    rng = random.Random(i)
    image = Image.new("RGB", (width, height), _PALETTE[i % len(_PALETTE)])
    draw = ImageDraw.Draw(image, "RGBA")
    figure = _FIGURES[(i * 3) % len(_FIGURES)]
    head_r = rng.randint(54, 64)
    cx, cy = width // 2 + rng.randint(-8, 8), 150 + rng.randint(-8, 8)
    draw.ellipse((cx - 120, cy + head_r + 10, cx + 120, cy + head_r + 260), fill=figure)  # shoulders
    draw.rectangle((cx - 22, cy + head_r - 10, cx + 22, cy + head_r + 26), fill=figure)  # neck
    draw.ellipse((cx - head_r, cy - head_r, cx + head_r, cy + head_r), fill=figure)  # head
    if i % 3 == 0:  # a safety helmet on some: the mines' own portraits often show one
        draw.chord((cx - head_r - 6, cy - head_r - 14, cx + head_r + 6, cy + head_r - 30), 180, 360, fill="#E8B400")
    if i % 2 == 0:  # a red collar hint for the party-member badge
        draw.polygon([(cx - 40, cy + head_r + 24), (cx, cy + head_r + 60), (cx + 40, cy + head_r + 24)],
                     fill="#C8102E")
    _label(draw, width, height)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _group_picture(i: int) -> bytes:
    """Several small figures in a row: a placeholder for a team photo of a 先进集体."""
    width, height = 480, 320
    image = Image.new("RGB", (width, height), _PALETTE[(i + 3) % len(_PALETTE)])
    draw = ImageDraw.Draw(image, "RGBA")
    people = 4 + i % 3
    for k in range(people):
        cx = int(width * (k + 0.5) / people)
        cy = 120 + (k % 2) * 18
        colour = _FIGURES[(i + k) % len(_FIGURES)]
        draw.ellipse((cx - 44, cy + 38, cx + 44, cy + 170), fill=colour)
        draw.ellipse((cx - 26, cy - 26, cx + 26, cy + 26), fill=colour)
        draw.chord((cx - 29, cy - 34, cx + 29, cy + 14), 180, 360, fill="#E8B400")
    _label(draw, width, height)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()

