"""Why a bundle, a setup file or a write was refused; every message is Chinese and says what to do."""

from __future__ import annotations

from dataclasses import dataclass

from jiaomei_desktop.domain.text import escape_for_terminal
from jiaomei_desktop.i18n import _


class BundleError(Exception):
    """The bundle cannot be used; nothing was written."""


class UpgradeRequired(BundleError):
    def __init__(self) -> None:
        super().__init__(_("这个数据包由更新版本的程序生成，请升级程序后再导入。"))


class UntrustedKey(BundleError):
    """A signature by a key this office does not trust (unknown, replaced or wrong)."""


class WrongPassphrase(BundleError):
    def __init__(self) -> None:
        super().__init__(_("密码不正确，或文件已损坏。"))


class WriteFailed(BundleError):
    """The file could not be written completely (full or pulled stick); no half file was left."""


@dataclass(frozen=True)
class Rejection:
    """One bad record: which table, which row, whose segment, and why; `label` names the row as people read it
    (sync.authority.row_label) and `owner_name` the office (filled in by the services layer, which knows names)."""

    table: str
    row_id: str
    owner_unit_id: str
    reason: str
    label: str = ""
    owner_name: str = ""

    def text(self) -> str:
        from jiaomei_desktop.sync.summary import table_label  # summary imports this module

        # a refused row may be refused for the hidden characters in its name: shown escaped, never raw
        record = escape_for_terminal(self.label) if self.label else _("（编号 {id}）").format(id=self.row_id[:8])
        if self.owner_unit_id in ("", "-"):
            return _("{table}{record}：{reason}").format(
                table=table_label(self.table), record=record, reason=self.reason
            )
        return _("{table}{record}（{owner}提交）：{reason}").format(
            table=table_label(self.table), record=record, owner=self.owner_name or _("未知单位"), reason=self.reason
        )


class BundleRejected(BundleError):
    """At least one record is bad: the whole bundle is refused and the report names every bad record found."""

    def __init__(self, rejections: list[Rejection]) -> None:
        self.rejections = rejections
        super().__init__(rejection_message(rejections))


def rejection_message(rejections: list[Rejection]) -> str:
    shown = _("；").join(r.text() for r in rejections[:5])
    more = _("（另有{n}条）").format(n=len(rejections) - 5) if len(rejections) > 5 else ""
    return _("数据包中有{n}条记录不合格，整个数据包未导入：{records}{more}").format(
        n=len(rejections), records=shown, more=more
    )
