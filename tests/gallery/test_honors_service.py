"""Honours service: recording, the gallery (cards, filters, search, detail), categories, export and documents."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiaomei_desktop.db.models import Honor
from jiaomei_desktop.domain.honor import HonorData
from jiaomei_desktop.services import honors
from jiaomei_desktop.services.errors import NotFoundError, ServiceError, ValidationFailed
from jiaomei_desktop.services.honors import HonorQuery
from tests.gallery.conftest import TODAY, add_honor


def _honor_count(store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(Honor)) or 0


def test_one_card_per_subject_highest_first(honoured):
    store = honoured.store
    keys = honors.find_card_keys(store, HonorQuery())
    assert keys == [f"p:{honoured.li}", f"u:{honoured.branch1}", f"p:{honoured.wang}"]
    cards = honors.fetch_cards(store, keys)
    wang = cards[f"p:{honoured.wang}"]
    assert (wang.name, wang.honor_level, wang.honor_title, wang.honor_count) == ("王建国", "集团级", "2025年度劳动模范", 2)
    assert wang.photo_sha256 == honoured.photo and wang.unit_name == "综采一队党支部" and wang.post == "采煤机司机"
    unit = cards[f"u:{honoured.branch1}"]
    assert (unit.kind, unit.name, unit.unit_name) == ("unit", "综采一队党支部", "测试矿党委")
    assert cards[f"p:{honoured.li}"].post == "通风工 班长"


def test_filters(honoured):
    store = honoured.store
    assert honors.find_card_keys(store, HonorQuery(year=2024)) == [f"p:{honoured.wang}"]
    card = honors.fetch_cards(store, [f"p:{honoured.wang}"], HonorQuery(year=2024))[f"p:{honoured.wang}"]
    assert card.honor_level == "矿级"  # the highest honour *within the filter*
    assert card.photo_sha256 == honoured.photo  # photo still found on the subject's other honour
    assert honors.find_card_keys(store, HonorQuery(level="省部级")) == [f"p:{honoured.li}"]
    assert honors.find_card_keys(store, HonorQuery(category="先进集体")) == [f"u:{honoured.branch1}"]
    assert set(honors.find_card_keys(store, HonorQuery(unit_id=honoured.branch1))) == {
        f"p:{honoured.wang}", f"u:{honoured.branch1}"}
    assert honors.find_card_keys(store, HonorQuery(unit_id=honoured.branch2)) == [f"p:{honoured.li}"]
    assert honors.find_card_keys(store, HonorQuery(kind="unit")) == [f"u:{honoured.branch1}"]
    assert honors.count_honors(store, HonorQuery()) == 4


@pytest.mark.parametrize("text", ["王建国", "wjg", "wangjianguo", "传帮带", "技术革新", "综采一队"])
def test_search_by_name_pinyin_and_deeds(honoured, text):
    keys = honors.find_card_keys(honoured.store, HonorQuery(text=text))
    assert keys and keys[0] in (f"p:{honoured.wang}", f"u:{honoured.branch1}")
    assert f"p:{honoured.li}" not in keys


def test_search_escapes_wildcards(honoured):
    assert honors.find_card_keys(honoured.store, HonorQuery(text="%")) == []


def test_sort_by_date_and_name(honoured):
    store = honoured.store
    assert honors.find_card_keys(store, HonorQuery(sort="date"))[0] == f"u:{honoured.branch1}"
    by_name = honors.find_card_keys(store, HonorQuery(sort="name", kind="person"))
    assert by_name == [f"p:{honoured.li}", f"p:{honoured.wang}"]  # li < wang in pinyin


def test_detail_lists_all_honours_newest_first(honoured):
    detail = honors.subject_detail(honoured.store, f"p:{honoured.wang}")
    assert [h.award_date.year for h in detail.honours] == [2025, 2024]
    assert detail.photo_sha256 == honoured.photo
    assert "传帮带" in detail.honours[0].deeds
    with pytest.raises(NotFoundError):
        honors.subject_detail(honoured.store, "x:1")


def test_invalid_honour_writes_nothing(honoured):
    store = honoured.store
    before = _honor_count(store)
    bad = HonorData(title="", category="先进集体", level="矿级", award_date=date(2027, 1, 1),
                    person_id=honoured.wang)
    with pytest.raises(ValidationFailed) as caught:
        honors.save_honor(store, bad, today=TODAY)
    assert set(caught.value.errors) == {"title", "category", "award_date"}
    with pytest.raises(ValidationFailed, match="照片"):
        add_honor(store, person_id=honoured.wang, photo_sha256="c" * 64)
    with pytest.raises(ValidationFailed, match="人员不存在"):
        add_honor(store, person_id="no-such-person")
    assert _honor_count(store) == before


def test_update_bumps_version_and_delete_is_a_tombstone(honoured):
    store = honoured.store
    honour_id = add_honor(store, person_id=honoured.li, title="旧称号", category="先进个人")
    data = honors.get_honor(store, honour_id)
    honors.save_honor(store, data.with_changes(title="新称号"), today=TODAY)
    assert honors.get_honor(store, honour_id).title == "新称号"
    honors.delete_honor(store, honour_id)
    with store.reading() as session:
        row = session.get(Honor, honour_id)
        assert row.deleted and row.version == 3
    with pytest.raises(NotFoundError):
        honors.get_honor(store, honour_id)
    assert honour_id not in {r.id for r in honors.list_honors(store, HonorQuery())}


def test_categories_are_extendable(honoured):
    store = honoured.store
    add_honor(store, person_id=honoured.li, category="安全生产标兵", title="安全生产标兵")
    assert "安全生产标兵" in honors.categories(store)
    assert "安全生产标兵" in honors.categories(store, for_units=False)
    assert "安全生产标兵" not in honors.categories(store, for_units=True)
    honors.add_category(store, "红旗班组", for_units=True)
    honors.add_category(store, "红旗班组", for_units=True)
    assert honors.categories(store).count("红旗班组") == 1
    with pytest.raises(ValidationFailed):
        honors.add_category(store, "  ")


def test_years_and_list(honoured):
    assert honors.years(honoured.store) == [2026, 2025, 2024]
    rows = honors.list_honors(honoured.store, HonorQuery(year=2025))
    assert [r.subject_name for r in rows] == ["李秀英", "王建国"]


def test_export_xlsx(honoured, tmp_path):
    target = tmp_path / "out" / "先进典型.xlsx"
    assert honors.export_honors_xlsx(honoured.store, HonorQuery(), target) == 4
    sheet = load_workbook(target).active
    assert sheet["B1"].value == "姓名/集体"
    names = [sheet.cell(row=r, column=2).value for r in range(2, 6)]
    assert "综采一队党支部" in names and "王建国" in names
    assert [p.name for p in target.parent.iterdir()] == ["先进典型.xlsx"]


def test_honor_board_and_certificates(honoured):
    import io

    from pypdf import PdfReader

    store = honoured.store
    keys = honors.find_card_keys(store, HonorQuery())
    pdf = honors.render_board_pdf(store, keys, honors.BoardOptions(unit="测试矿党委", paper="A4"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "光荣榜" in text.replace(" ", "") or "光" in text
    assert "王建国" in text
    pdf = honors.render_certificates_pdf(store, keys)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    assert "王建国" in "".join(p.extract_text() for p in reader.pages)
    with pytest.raises(ServiceError, match="选择"):
        honors.render_board_pdf(store, [], honors.BoardOptions())


def test_find_people_for_the_form(honoured):
    found = honors.find_people(honoured.store, "lxy")
    assert [(p.name, p.unit_name) for p in found] == [("李秀英", "掘进二队党支部")]
    assert honors.find_people(honoured.store, " ") == []
