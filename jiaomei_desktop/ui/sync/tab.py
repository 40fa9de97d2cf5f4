"""数据交换 tab: export, import with a preview, consolidate a folder, conflicts, import history, provisioning,
and this office's key fingerprint. Every job runs in the background with progress and cancel."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain import idnumber
from jiaomei_desktop.i18n import _, join_phrases
from jiaomei_desktop.services import bundles, org
from jiaomei_desktop.services.bundles import ConflictData, SyncFailed
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.flow_layout import FlowLayout
from jiaomei_desktop.ui.sync.dialogs import ExportDialog, PreviewDialog, ProvisionDialog, RejectedDialog
from jiaomei_desktop.ui.sync.labels import field_label, outcome_label, table_label
from jiaomei_desktop.ui.sync.models import ConflictModel, HistoryModel, KeysModel
from jiaomei_desktop.ui.tasks import BackgroundTask, Op, failure_text
from jiaomei_desktop.ui.toolbar_row import ToolbarRow
from jiaomei_desktop.ui.unit_picker import tree_order

HIDDEN_FIELDS = {"id", "owner_unit_id", "version", "updated_at", "name_sort", "search_text"}


class SyncTab(QWidget):
    @staticmethod
    def title() -> str:
        return _("数据交换")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._tasks: list[BackgroundTask] = []
        self.last_error: str = ""
        self.dialog: PreviewDialog | RejectedDialog | None = None
        # Asked when a bundle turns out to be encrypted; a test replaces it.
        self.ask_passphrase: Callable[[str], str | None] = self._ask_passphrase
        self.conflicts = ConflictModel(self)
        self.history = HistoryModel(self)
        self.keys = KeysModel(self)
        self._build()
        ctx.data_changed.changed.connect(self._on_data_changed)
        self.refresh()

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel(_("数据交换"), self)
        heading.setProperty("role", "heading")
        self.office = QLabel(self)
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setReadOnly(True)
        self.fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.fingerprint.setToolTip(_("本机密钥指纹：与上级核对时逐组念出。密钥丢失时请上级重新开通本单位。"))
        identity = FlowLayout()
        identity.addWidget(self.office)
        identity.addStretch(1)
        identity.addWidget(QLabel(_("本机密钥指纹："), self))
        identity.addWidget(self.fingerprint, 0)
        self.fingerprint.setMinimumWidth(360)

        actions = ToolbarRow()
        self.export_button = self._button(_("导出上报数据包…"), self.export_up, accent=True)
        actions.addWidget(self.export_button)
        actions.addWidget(self._button(_("导入数据包…"), self.import_dialog))
        actions.addWidget(self._button(_("汇总文件夹…"), self.consolidate_dialog))
        actions.addWidget(self._button(_("生成下发数据包…"), self.export_down))
        actions.addWidget(self._button(_("开通下级单位…"), self.provision_dialog))
        actions.addStretch(1)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setProperty("role", "muted")

        self.pages = QTabWidget(self)
        self.pages.addTab(self._conflicts_page(), _("冲突"))
        self.pages.addTab(self._table_page(self.history, _("还没有导入记录 — 点击“导入数据包”或“汇总文件夹”导入下级送来的U盘数据")),
                          _("导入记录"))
        self.pages.addTab(self._table_page(self.keys, _("还没有密钥 — 第一次导出或开通下级单位时自动生成")), _("信任的密钥"))

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(identity)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)

    def _button(self, text: str, slot: Callable[[], object], accent: bool = False) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        if accent:
            button.setProperty("accent", True)
        return button

    def _view(self, model: object) -> QTableView:
        view = QTableView(self)
        view.setModel(model)  # type: ignore[arg-type]
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _table_page(self, model: object, empty_text: str) -> QStackedWidget:
        stack = QStackedWidget(self)
        empty = QLabel(empty_text, stack)
        empty.setProperty("role", "empty")
        empty.setWordWrap(True)
        stack.addWidget(empty)
        stack.addWidget(self._view(model))
        model.modelReset.connect(lambda: stack.setCurrentIndex(1 if model.rowCount() else 0))  # type: ignore[attr-defined]
        return stack

    def _conflicts_page(self) -> QStackedWidget:
        stack = QStackedWidget(self)
        empty = QLabel(_("没有冲突。同一条记录在两台电脑上被改成不同内容时，会在这里列出，两份内容都不会丢失。"), stack)
        empty.setProperty("role", "empty")
        empty.setWordWrap(True)
        page = QWidget(stack)
        self.conflict_view = self._view(self.conflicts)
        self.conflict_view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_conflict())
        self.conflict_detail = QTextBrowser(page)
        self.keep_current = self._button(_("保留当前内容"), lambda: self.resolve_selected("current"))
        self.keep_other = self._button(_("改用另一方内容"), lambda: self.resolve_selected("other"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_current)
        buttons.addWidget(self.keep_other)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.conflict_view, 2)
        layout.addWidget(self.conflict_detail, 1)
        layout.addLayout(buttons)
        stack.addWidget(empty)
        stack.addWidget(page)
        self.conflicts.modelReset.connect(lambda: stack.setCurrentIndex(1 if self.conflicts.rowCount() else 0))
        return stack

    # -- the tab protocol --------------------------------------------------------------------------------------
    def set_unit(self, unit_id: str | None) -> None:
        """Exchange is for the whole office, whatever unit is picked in the tree."""

    def _on_data_changed(self, area: str) -> None:
        if area in ("sync", "org"):
            self.refresh()

    def refresh(self) -> None:
        store = self._ctx.store
        info = bundles.key_info(store)
        self.office.setText(_("本机单位：{name}").format(name=info.office_name or _("（未设置）")))
        self.fingerprint.setText(info.fingerprint or _("尚未生成（第一次导出时生成）"))
        self.conflicts.set_items(bundles.list_conflicts(store))
        self.history.set_items(bundles.import_history(store))
        self.keys.set_items(info.trusted)
        self.pages.setTabText(0, _("冲突（{n}）").format(n=self.conflicts.rowCount()) if self.conflicts.rowCount()
                              else _("冲突"))
        self._show_conflict()

    # -- messages ----------------------------------------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("role", "error" if error else "muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        if error:
            self.last_error = text

    def _failed(self, exc: BaseException) -> None:
        message = failure_text(exc)
        self._say(message, error=True)
        rejections = getattr(exc, "rejections", None)
        if rejections:
            self.dialog = RejectedDialog(message, [r.text() for r in rejections], self)
            self.dialog.open()

    def _run(self, title: str, job: Callable[..., object], done: Callable[[object], None]) -> BackgroundTask:
        # Several can run at once (an export while a preview is read), each kept until it ends.
        op = (Op(self, job).with_progress(title).success(done).failure(self._failed)
              .cancelled(lambda: self._say(_("已取消，数据未作任何改动。"))))
        task = op.finally_(lambda: self._forget(task)).run()
        self._tasks.append(task)
        return task

    def _forget(self, task: BackgroundTask) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    def _changed(self) -> None:
        self._ctx.data_changed.changed.emit("sync")

    def data_changed_signal(self) -> SignalInstance:
        """For tests waiting on a finished import."""
        return self._ctx.data_changed.changed

    # -- export ------------------------------------------------------------------------------------------------
    def export_up(self) -> None:
        self._export_dialog("up")

    def export_down(self) -> None:
        self._export_dialog("down")

    def _export_dialog(self, direction: str) -> None:
        name = bundles.default_bundle_name(self._ctx.store, direction)
        title = _("导出上报数据包") if direction == "up" else _("生成下发数据包")
        recipients = None
        if direction == "down":
            order = tree_order(org.list_units(self._ctx.store))
            units = sorted(bundles.provisionable_units(self._ctx.store), key=lambda u: order.get(u[0], len(order)))
            recipients = [(u, n) for u, _c, n in units]
        dialog = ExportDialog(Path.home() / name, title, recipients, self)
        if dialog.exec():
            recipient = dialog.recipient.currentData() if direction == "down" else None
            self.export_to(dialog.target.path(), dialog.chosen_passphrase(), direction, recipient)

    def export_to(self, path: Path, passphrase: str | None = None, direction: str = "up",
                  recipient: str | None = None) -> BackgroundTask:
        store = self._ctx.store

        def done(result: object) -> None:
            assert isinstance(result, bundles.ExportResult)
            locked = _("，已加密") if result.encrypted else ""
            self._say(_("已导出到 {path}（记录 {rows} 条，照片 {photos} 张{locked}）。").format(
                path=result.path, rows=result.rows, photos=result.photos, locked=locked))
            self.refresh()

        return self._run(_("正在导出数据包…"),
                         lambda progress: bundles.export_bundle(store, path, passphrase, direction, recipient, progress),
                         done)

    # -- import ------------------------------------------------------------------------------------------------
    def import_dialog(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("选择数据包"), str(Path.home()), _("数据包 (*.jmb)"))
        if path:
            self.preview_file(Path(path))

    def _ask_passphrase(self, file_name: str) -> str | None:
        text, ok = QInputDialog.getText(self, _("输入密码"), _("“{name}”已加密，请输入导出时设置的密码：").format(
            name=file_name), QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def preview_file(self, path: Path, passphrase: str | None = None) -> BackgroundTask | None:
        """Dry run first; the preview dialog's 导入 button runs the real import."""
        if passphrase is None and bundles.is_encrypted_file(path):
            passphrase = self.ask_passphrase(path.name)
            if passphrase is None:
                return None
        store = self._ctx.store

        def done(summary: object) -> None:
            assert isinstance(summary, bundles.ImportSummary)
            self._say(_("预览：{totals}（尚未写入）").format(totals=_totals_text(summary.totals())))
            self.dialog = PreviewDialog(summary, path.name, bundles.unit_names(store), self)
            self.dialog.accepted.connect(lambda: self.import_file(path, passphrase))
            self.dialog.open()

        return self._run(_("正在检查数据包…"),
                         lambda progress: bundles.import_bundle(store, path, passphrase, True, progress), done)

    def import_file(self, path: Path, passphrase: str | None = None) -> BackgroundTask:
        store = self._ctx.store

        def done(summary: object) -> None:
            assert isinstance(summary, bundles.ImportSummary)
            self._say(_("已导入“{name}”：{totals}").format(name=path.name, totals=_totals_text(summary.totals())))
            self.refresh()
            self._changed()

        return self._run(_("正在导入数据包…"),
                         lambda progress: bundles.import_bundle(store, path, passphrase, False, progress), done)

    def consolidate_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("选择存放数据包的文件夹（如U盘）"), str(Path.home()))
        if folder:
            self.consolidate_folder(Path(folder))

    def consolidate_folder(self, folder: Path, passphrase: str | None = None) -> BackgroundTask:
        store = self._ctx.store

        def done(report: object) -> None:
            assert isinstance(report, bundles.ConsolidationReport)
            failed = [_("{name}：{error}").format(name=name, error=error)
                      for name, summary, error in report.files if summary is None]
            text = _("汇总完成：成功 {ok} 个，失败 {bad} 个；{totals}").format(
                ok=report.imported, bad=report.failed, totals=_totals_text(report.totals()))
            self._say(text, error=bool(failed))
            if failed:
                self.dialog = RejectedDialog(_("以下数据包未导入（其余已导入）："), failed, self)
                self.dialog.open()
            self.refresh()
            self._changed()

        return self._run(_("正在汇总数据包…"),
                         lambda progress: bundles.consolidate(store, folder, passphrase, False, progress), done)

    # -- provisioning ------------------------------------------------------------------------------------------
    def provision_dialog(self) -> None:
        units = bundles.provisionable_units(self._ctx.store)
        if not units:
            self._say(_("本单位没有下级单位可以开通。"), error=True)
            return
        dialog = ProvisionDialog(units, Path.home(), self, org.list_units(self._ctx.store))
        if dialog.exec():
            self.provision(*dialog.chosen())

    def provision(self, unit_id: str, folder: Path, passphrase: str) -> BackgroundTask:
        store = self._ctx.store

        def done(result: object) -> None:
            assert isinstance(result, bundles.ProvisionResult)
            self._say(_("已为“{name}”生成开通文件 {path}，移交记录 {n} 条。请与对方核对其密钥指纹：{fp}").format(
                name=result.unit_name, path=result.path, n=result.handed_over, fp=result.fingerprint))
            self.refresh()
            self._changed()

        return self._run(_("正在生成开通文件…"),
                         lambda _progress: bundles.provision_child(store, unit_id, folder, passphrase), done)

    # -- conflicts ---------------------------------------------------------------------------------------------
    def selected_conflict(self) -> ConflictData | None:
        index = self.conflict_view.currentIndex()
        return self.conflicts.item(index.row()) if index.isValid() else None

    def _show_conflict(self) -> None:
        conflict = self.selected_conflict()
        editable = conflict is not None and conflict.editable
        self.keep_current.setEnabled(editable)
        self.keep_other.setEnabled(editable)
        if conflict is None:
            self.conflict_detail.setHtml(_("选择一个冲突，查看两方不同的内容。"))
            return
        rows = [f"<tr><td>{field_label(conflict.table, key)}</td><td>{_cell(key, conflict.current.get(key))}</td>"
                f"<td>{_cell(key, value)}</td></tr>"
                for key, value in sorted(conflict.other.items())
                if key not in HIDDEN_FIELDS and conflict.current.get(key) != value]
        owner = "" if conflict.editable else _("<p>这条记录属于{owner}，只能由该单位处理；这里仅供查看。</p>").format(
            owner=conflict.owner_name)
        # the texts outside the f-string: the catalogue extractor does not look inside one
        differs, field, current, other = _("当前内容与另一方不同的字段"), _("字段"), _("当前内容"), _("另一方内容")
        self.conflict_detail.setHtml(
            "<p>" + _("{name}：{error}").format(name=table_label(conflict.table), error=differs) + f"</p>{owner}"
            f"<table border='1' cellspacing='0' cellpadding='4'><tr><th>{field}</th><th>{current}</th>"
            f"<th>{other}</th></tr>{''.join(rows)}</table>")

    def resolve_selected(self, keep: str) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            return
        try:
            bundles.resolve_conflict(self._ctx.store, conflict.id, keep)
        except SyncFailed as exc:
            self._say(str(exc), error=True)
            return
        self._say(_("冲突已处理，已保存为新版本（下次上报时同步）。"))
        self.refresh()
        self._changed()

    def shutdown(self) -> None:
        for task in list(self._tasks):
            task.cancel()
            task.wait()


def _cell(key: str, value: object) -> str:
    if key == "id_number" and value:
        return html.escape(idnumber.mask(str(value)))  # the screen never shows a full ID number
    return html.escape("" if value is None else str(value))


def _totals_text(totals: dict[str, int]) -> str:
    return join_phrases(f"{outcome_label(k)} {v}" for k, v in totals.items() if v) or _("无变化")


