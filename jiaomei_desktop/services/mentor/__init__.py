"""传帮带 / 结对帮扶: mentor pairs between party-member backbones and new or low-skill workers.

pairs (create, edit, 出师, 终止), logs (辅导记录), query (lists, pickers), figures (per unit), export (Excel),
certificates (出师证书). The rules themselves are in domain.mentor.
"""

from jiaomei_desktop.domain.mentor import LogData, NewWorker, PairData
from jiaomei_desktop.services.mentor.certificates import certificate_items, render_pair_certificates
from jiaomei_desktop.services.mentor.common import MenteeLimitExceeded, mentee_limit, set_mentee_limit
from jiaomei_desktop.services.mentor.export import ExportResult, export_excel
from jiaomei_desktop.services.mentor.figures import FiguresReport, MentorFigures, unit_figures
from jiaomei_desktop.services.mentor.logs import LogRow, add_log, delete_log, list_logs, update_log
from jiaomei_desktop.services.mentor.pairs import (
    MenteeLoad,
    complete_pair,
    create_pair,
    delete_pair,
    mentee_load,
    pair_warnings,
    terminate_pair,
    update_pair,
)
from jiaomei_desktop.services.mentor.query import (
    FLAGS,
    SORT_COLUMNS,
    PairDetail,
    PairQuery,
    PairRow,
    PersonChoice,
    count,
    fetch_rows,
    find_ids,
    get_pair,
    mentee_choices,
    mentor_choices,
    mentor_filter_choices,
    trade_choices,
)

__all__ = [
    "FLAGS", "SORT_COLUMNS", "ExportResult", "FiguresReport", "LogData", "LogRow", "MenteeLimitExceeded",
    "MenteeLoad", "MentorFigures", "NewWorker", "PairData", "PairDetail", "PairQuery", "PairRow", "PersonChoice",
    "add_log", "certificate_items", "complete_pair", "count", "create_pair", "delete_log", "delete_pair",
    "export_excel", "fetch_rows", "find_ids", "get_pair", "list_logs", "mentee_choices", "mentee_limit",
    "mentee_load", "mentor_choices", "mentor_filter_choices", "pair_warnings", "render_pair_certificates",
    "set_mentee_limit",
    "terminate_pair", "trade_choices", "unit_figures", "update_log", "update_pair",
]
