"""Windows sized from the screen, rows of buttons that wrap, and a saved layout that no longer fits."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from jiaomei_desktop.ui import geometry
from jiaomei_desktop.ui.flow_layout import FlowLayout
from jiaomei_desktop.ui.main_window import TREE_MIN_WIDTH, MainWindow


def _row(qtbot, texts: list[str]) -> tuple[QWidget, FlowLayout, list[QPushButton]]:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    flow = FlowLayout()
    buttons = [QPushButton(text, holder) for text in texts]
    for button in buttons:
        flow.addWidget(button)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addLayout(flow)
    layout.addStretch(1)
    return holder, flow, buttons


def test_a_row_wraps_and_needs_only_its_widest_button(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, flow, buttons = _row(qtbot, [f"按钮{n}号很长的文字" for n in range(8)])
    widest = max(b.minimumSizeHint().width() for b in buttons)
    assert flow.minimumSize().width() == widest
    one_line = flow.sizeHint().width()
    assert one_line > 6 * widest
    assert flow.heightForWidth(one_line) == buttons[0].sizeHint().height()
    assert flow.heightForWidth(widest) >= 8 * buttons[0].sizeHint().height()  # one button a line
    holder.resize(3 * widest + 20, 300)
    holder.show()
    qtbot.waitExposed(holder)
    tops = sorted({b.geometry().top() for b in buttons})
    assert len(tops) == 3  # 3 + 3 + 2
    assert all(holder.rect().contains(b.geometry()) for b in buttons)


def test_stretch_takes_the_spare_width_and_hidden_items_take_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    flow = FlowLayout(holder)
    flow.setContentsMargins(0, 0, 0, 0)
    left, right, hidden = QPushButton("新建", holder), QPushButton("导出Excel", holder), QLabel("隐藏", holder)
    flow.addWidget(left)
    flow.addStretch(1)
    flow.insertWidget(1, hidden)
    flow.addWidget(right)
    hidden.hide()
    holder.resize(600, 60)
    holder.show()
    qtbot.waitExposed(holder)
    assert left.geometry().left() == 0
    assert right.geometry().right() == 599  # pushed to the right edge by the stretch
    assert flow.count() == 4 and flow.takeAt(1) is not None and flow.count() == 3


def test_fit_to_screen_takes_what_the_screen_has(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(geometry, "available_geometry", lambda _w=None: QRect(0, 0, 1280, 720))
    dialog = QDialog()
    qtbot.addWidget(dialog)
    geometry.fit_to_screen(dialog, 900, 1000)
    room = geometry.room()
    assert dialog.size() == QSize(900, room.height())
    assert room == QSize(1280 - geometry.FRAME.width(), 720 - geometry.FRAME.height())
    geometry.fit_to_screen(dialog, 400, 300)
    assert dialog.size() == QSize(400, 300)  # smaller wishes are kept


def test_a_window_saved_on_a_larger_screen_comes_back_on_this_one(qtbot, ctx, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    big = MainWindow(ctx, settings)
    qtbot.addWidget(big)
    big.resize(1900, 1000)
    big.close()
    monkeypatch.setattr(geometry, "available_geometry", lambda _w=None: QRect(0, 0, 1366, 768))
    small = MainWindow(ctx, settings)
    qtbot.addWidget(small)
    assert small.width() <= geometry.room().width() and small.height() <= geometry.room().height()


def test_a_saved_splitter_that_squeezed_the_tree_is_reset(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(ctx, settings)
    qtbot.addWidget(first)
    first.show()
    # what an older version saved after a wide toolbar had pushed the tree to 70 px
    splitter = first.centralWidget()
    first.tree.setMinimumWidth(0)
    splitter.setSizes([70, 1200])
    settings.setValue("main/splitter", splitter.saveState())
    second = MainWindow(ctx, settings)
    qtbot.addWidget(second)
    second.show()
    assert second.centralWidget().sizes()[0] >= TREE_MIN_WIDTH
    assert second.tree.width() >= TREE_MIN_WIDTH


def test_a_field_keeps_its_height_as_its_message_comes_and_goes(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    from jiaomei_desktop.ui.widgets import FieldWithError

    field = FieldWithError(QLineEdit())
    qtbot.addWidget(field)
    field.resize(300, field.sizeHint().height())
    field.show()
    before = field.sizeHint().height()
    field.set_error("请填写此项")
    assert field.error.isVisible() and field.sizeHint().height() == before
    field.set_error(None)
    assert not field.error.isVisible() and field.sizeHint().height() == before
    field.set_error("The 18th character does not match the first 17 digits: it should be X. Compare with the ID card.")
    assert field.error.heightForWidth(300) > field.error.fontMetrics().height()  # two lines, shown whole
