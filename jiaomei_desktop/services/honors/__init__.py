"""先进典型: honours of people and units, the gallery over them, and the documents and sheets made from them."""

from jiaomei_desktop.services.honors.documents import (
    BoardOptions,
    board_data,
    certificate_items,
    render_board_pdf,
    render_certificates_pdf,
)
from jiaomei_desktop.services.honors.export import export_honors_xlsx
from jiaomei_desktop.services.honors.gallery import (
    PERSON,
    UNIT,
    GalleryCard,
    HonorQuery,
    HonorRow,
    SubjectDetail,
    card_key,
    count_honors,
    fetch_cards,
    find_card_keys,
    honor_rows,
    list_honors,
    split_key,
    subject_detail,
)
from jiaomei_desktop.services.honors.records import (
    PersonChoice,
    add_category,
    categories,
    check_honor,
    delete_honor,
    find_people,
    get_honor,
    honor_warnings,
    person_choice,
    save_honor,
    years,
)

__all__ = [
    "PERSON", "UNIT", "BoardOptions", "GalleryCard", "HonorQuery", "HonorRow", "PersonChoice", "SubjectDetail",
    "add_category", "board_data", "card_key", "categories", "certificate_items", "check_honor", "count_honors",
    "delete_honor", "export_honors_xlsx", "fetch_cards", "find_card_keys", "find_people", "get_honor", "honor_rows",
    "honor_warnings",
    "list_honors", "person_choice", "render_board_pdf", "render_certificates_pdf", "save_honor", "split_key",
    "subject_detail", "years",
]
