"""Certificates as a reader checks them: the honour title in one piece, the verb it takes, names broken between
words, and the branch's own 党委 as the issuer (never the awarding body in the record)."""

from datetime import date

import pytest

from jiaomei_desktop.reports.certificates import CertificateData, honour_verb, reason_sentence, render_certificates
from jiaomei_desktop.services import honors
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.honors.documents import set_certificate_issuer
from jiaomei_desktop.services.honors.gallery import HonorQuery
from tests.gallery.conftest import honoured, honoured_template, store_template  # noqa: F401 (fixtures)
from tests.reports.pdfcheck import pages_text, text_runs

LONG_BODY = "在2026年度“三会一课+安全生产”工作中表现突出，带领班组连续三年实现安全生产无事故，成绩显著，被评为"


def cert(
    title: str,
    body: str = LONG_BODY,
    recipient: str = "王建国",
    issuer: str = "中共焦煤集团某某矿委员会",
    collective: bool = False,
) -> CertificateData:
    return CertificateData("荣誉证书", recipient, collective, body, title, issuer, date(2026, 11, 23))


@pytest.mark.parametrize(
    ("title", "verb"),
    [
        ("优秀共产党员", "被评为"),
        ("全国五一劳动奖章", "荣获"),
        ("“煤炭工业劳动模范”称号", "被授予"),
        ("先进基层党组织", "被评为"),
    ],
)
def test_the_verb_follows_the_honour(title: str, verb: str) -> None:
    assert honour_verb(title) == verb
    sentence = reason_sentence(cert(title, body="在工作中表现突出，被评为"))
    assert sentence.startswith("在工作中表现突出，" + verb + "“")
    assert sentence.count("被评为") + sentence.count("荣获") + sentence.count("被授予") == 1


def test_nested_quotes_in_the_title() -> None:
    assert reason_sentence(cert("“三会一课”标兵", body="被评为")) == "被评为“‘三会一课’标兵”。"


@pytest.mark.parametrize("shift", range(0, 14))
def test_honour_title_never_breaks_inside(shift: int) -> None:
    pdf = render_certificates([cert("优秀共产党员标兵", body="党" * shift + LONG_BODY)])
    lines = [r[0] for r in text_runs(pdf)[0]]
    assert any("“优秀共产党员标兵”" in line for line in lines), lines


def test_long_unit_and_issuer_break_between_words() -> None:
    data = cert(
        "先进基层党组织",
        recipient="焦煤集团有限责任公司某某煤矿综采一队机电维修班党支部",
        collective=True,
        issuer="中共焦煤集团有限责任公司某某煤矿综采一队机电维修车间第二党总支委员会",
    )
    runs = text_runs(render_certificates([data]))[0]
    lines = [r[0] for r in runs]
    issuer_lines = [line for line in lines if line in data.issuer]
    assert "".join(issuer_lines) == data.issuer and len(issuer_lines) == 2
    assert issuer_lines[0].endswith(("公司", "煤矿", "一队", "车间")), issuer_lines
    assert all(len(line) >= 3 for line in issuer_lines)


def test_certificates_carry_the_branchs_own_committee(honoured) -> None:  # noqa: F811
    store = honoured.store
    keys = honors.find_card_keys(store, HonorQuery())
    items = honors.certificate_items(store, keys)
    assert {i.issuer for i in items} == {"中共测试矿委员会"}  # not 省人力资源和社会保障厅 from the record
    set_certificate_issuer(store, "中共焦煤集团测试矿委员会")
    pdf = honors.render_certificates_pdf(store, keys)
    text = "".join(pages_text(pdf))
    assert "中共焦煤集团测试矿委员会" in text and "省人力资源和社会保障厅" not in text


def test_no_issuer_is_a_clear_error(honoured) -> None:  # noqa: F811
    store = honoured.store
    store.set_setting("office_unit_id", "")
    store._settings_cache.clear()
    with pytest.raises(ServiceError, match="落款"):
        honors.certificate_items(store, honors.find_card_keys(store, HonorQuery()))


def test_a_batch_names_every_bad_certificate() -> None:
    from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError

    good = cert("优秀共产党员")
    batch = [good, cert("优秀共产党员", recipient="王𰀀"), good, cert("优秀共产党员", recipient="李𰀁")]
    with pytest.raises(MissingGlyphsError) as caught:
        render_certificates(batch)
    assert [m.field for m in caught.value.missing] == ["第2份证书 姓名", "第4份证书 姓名"]
    batch.append(cert("", recipient=""))
    with pytest.raises(ReportError) as mixed:
        render_certificates(batch)
    message = str(mixed.value)
    assert "第5份证书" in message and "第2份证书 姓名" in message and "第4份证书 姓名" in message
