"""Documents from the gallery: a 光荣榜 (photo cards on A3/A4) and one 荣誉证书 per selected honour (reports layer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.certificates import CertificateData, render_certificates
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.honor_board import MAX_CARDS, HonorBoardData, HonorCard, render_honor_board
from jiaomei_desktop.services import photos
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.honors.gallery import UNIT, GalleryCard, HonorQuery, fetch_cards, honor_rows
from jiaomei_desktop.services.office import has_office, office_unit_id
from jiaomei_desktop.services.org import get_unit
from jiaomei_desktop.services.store import Store

BOARD_DEEDS_CHARS = 160  # the board shows a few lines; the reports layer trims further with "…"
CERTIFICATE_BODY = "在工作中表现突出，成绩显著，被评为"  # document text; the verb follows the honour (荣获 a medal)
CERTIFICATE_ISSUER_KEY = "certificate_issuer"


@dataclass(frozen=True)
class BoardOptions:
    title: str = "光荣榜"
    unit: str = ""
    period: str = ""
    paper: str = "A3"
    landscape: bool = True


def _ordered_cards(store: Store, keys: Sequence[str], query: HonorQuery | None) -> list[GalleryCard]:
    cards = fetch_cards(store, keys, query)
    return [cards[k] for k in keys if k in cards]


def _short_deeds(text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    return first if len(first) <= BOARD_DEEDS_CHARS else first[:BOARD_DEEDS_CHARS - 1] + "…"


def _deeds_by_honour(store: Store, honour_ids: set[str]) -> dict[str, str]:
    return {hid: row.deeds for hid, row in honor_rows(store, sorted(honour_ids)).items()}


def board_data(store: Store, keys: Sequence[str], options: BoardOptions, query: HonorQuery | None = None,
               ) -> HonorBoardData:
    """The 光荣榜 for these gallery cards, in the order given (each card's highest matching honour)."""
    if not keys:
        raise ServiceError(_("请先在先进典型中选择要上榜的人员或集体"))
    if len(keys) > MAX_CARDS:
        raise ServiceError(_("一张光荣榜最多排 {max} 个，已选 {n} 个，请分几次打印").format(max=MAX_CARDS, n=len(keys)))
    cards = _ordered_cards(store, keys, query)
    deeds = _deeds_by_honour(store, {c.honor_id for c in cards})
    items = []
    for card in cards:
        photo = photos.photo_path(store, card.photo_sha256) if card.photo_sha256 else None
        post = " ".join(p for p in (card.unit_name, card.post) if p)
        items.append(HonorCard(name=card.name, post=post, honor=card.honor_title,
                               deeds=_short_deeds(deeds.get(card.honor_id, "")),
                               photo=photo if photo and photo.is_file() else None))
    period = options.period or (f"{query.year}年度" if query and query.year else _period_of(cards))
    return HonorBoardData(title=options.title, unit=options.unit, period=period, cards=tuple(items),
                          paper=options.paper, landscape=options.landscape)


def _period_of(cards: Sequence[GalleryCard]) -> str:
    years = sorted({c.award_date.year for c in cards})
    return f"{years[0]}年度" if len(years) == 1 else f"{years[0]}—{years[-1]}年度"


def render_board_pdf(store: Store, keys: Sequence[str], options: BoardOptions, query: HonorQuery | None = None,
                     ) -> bytes:
    data = board_data(store, keys, options, query)
    try:
        return render_honor_board(data)
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc


def certificate_items(store: Store, keys: Sequence[str], query: HonorQuery | None = None,
                      issuer: str = "", date_style: str = "hanzi") -> list[CertificateData]:
    """One 荣誉证书 per selected card, for its highest matching honour; issued by this office's own 党委."""
    if not keys:
        raise ServiceError(_("请先选择要打印证书的人员或集体"))
    cards = _ordered_cards(store, keys, query)
    items = []
    # The branch prints in its own name: the awarding body in the record (e.g. 中华全国总工会) never signs it.
    body = issuer.strip() or certificate_issuer(store)
    if not body:
        raise ServiceError(_("没有设置证书落款单位（本单位党委），请先填写落款单位"))
    for card in cards:
        items.append(CertificateData(kind="荣誉证书", recipient=card.name, is_collective=card.kind == UNIT,
                                     body=CERTIFICATE_BODY, title_awarded=card.honor_title, issuer=body,
                                     issue_date=card.award_date, date_style=date_style))
    return items


def certificate_issuer(store: Store) -> str:
    """The 落款 of certificates this office prints: the saved setting, else the office's own 党委 (the nearest 基层党委
    or 集团党委 at or above it) written formally: 某某矿党委 → 中共某某矿委员会."""
    saved = (store.get_setting(CERTIFICATE_ISSUER_KEY) or "").strip()
    if saved or not has_office(store):
        return saved
    unit = get_unit(store, office_unit_id(store))
    while unit.kind not in (UnitKind.COMMITTEE, UnitKind.GROUP_COMMITTEE) and unit.parent_id:
        unit = get_unit(store, unit.parent_id)
    if unit.kind not in (UnitKind.COMMITTEE, UnitKind.GROUP_COMMITTEE):
        return ""
    name = unit.name
    if name.endswith("党委"):
        name = name[: -len("党委")] + "委员会"
    return name if name.startswith("中共") else "中共" + name


def set_certificate_issuer(store: Store, issuer: str) -> None:
    store.set_setting(CERTIFICATE_ISSUER_KEY, issuer.strip())


def render_certificates_pdf(store: Store, keys: Sequence[str], query: HonorQuery | None = None, issuer: str = "",
                            date_style: str = "hanzi", progress: Progress = NO_PROGRESS) -> bytes:
    items = certificate_items(store, keys, query, issuer, date_style)

    def hook(done: int, total: int) -> bool:
        progress.step(done, total, _("正在生成证书 {done}/{total}").format(done=done, total=total))
        return True

    try:
        return render_certificates(items, progress=hook)
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc
