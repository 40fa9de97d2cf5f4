"""A row of buttons folds what does not fit into 更多 ▾, and the menu entries stay in step with the buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from jiaomei_desktop.ui.toolbar_row import ElidedLabel, ToolbarRow


def _row(qtbot, count: int = 8) -> tuple[QWidget, ToolbarRow, QLineEdit, list[QPushButton]]:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    row = ToolbarRow()
    search = QLineEdit(holder)
    search.setMinimumWidth(120)
    row.addWidget(QLabel("年度", holder))
    row.addWidget(search, 1)
    buttons = [QPushButton(f"按钮{n}号", holder) for n in range(count)]
    for button in buttons:
        row.addWidget(button)
    layout = QVBoxLayout(holder)
    layout.addLayout(row)
    layout.addStretch(1)
    return holder, row, search, buttons


def _entries(row: ToolbarRow) -> list[str]:
    row.more_menu.aboutToShow.emit()
    return [action.text() for action in row.more_menu.actions()]


def test_wide_enough_shows_every_button_and_no_more_button(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, row, _search, buttons = _row(qtbot)
    holder.resize(row.sizeHint().width() + 40, 80)
    holder.show()
    qtbot.waitExposed(holder)
    assert all(b.isVisible() for b in buttons)
    assert not row.more_button.isVisible() and row.folded() == []


def test_narrow_folds_the_last_buttons_into_the_menu_on_one_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, row, search, buttons = _row(qtbot)
    holder.resize(500, 80)
    holder.show()
    qtbot.waitExposed(holder)
    shown = [b for b in buttons if b.isVisible()]
    assert 0 < len(shown) < len(buttons)
    assert shown == buttons[: len(shown)]  # the first (common) actions stay, the last fold
    assert row.folded() == buttons[len(shown) :]
    assert _entries(row) == [b.text() for b in row.folded()]
    assert row.more_button.isVisible()
    tops = {w.geometry().top() for w in [search, row.more_button, *shown]}
    assert max(tops) - min(tops) <= 2  # one line
    assert all(holder.rect().contains(w.geometry()) for w in [search, row.more_button, *shown])
    assert row.minimumSize().width() < 200  # everything can fold: only the widest filter or 更多 is needed
    holder.resize(row.sizeHint().width() + 40, 80)  # wider again: the buttons come back
    qtbot.waitUntil(lambda: all(b.isVisible() for b in buttons))
    assert not row.more_button.isVisible()


def test_menu_entries_follow_the_buttons_state_and_click_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, row, _search, _buttons = _row(qtbot)
    holder.resize(450, 80)
    holder.show()
    qtbot.waitExposed(holder)
    last = row.folded()[-1]
    last.setEnabled(False)  # e.g. 删除 on a record another office keeps
    row.more_menu.aboutToShow.emit()
    entry = {a.text(): a for a in row.more_menu.actions()}[last.text()]
    assert not entry.isEnabled()
    last.setEnabled(True)
    last.setText("改过的名字")
    row.more_menu.aboutToShow.emit()
    entry = {a.text(): a for a in row.more_menu.actions()}["改过的名字"]
    assert entry.isEnabled()
    with qtbot.waitSignal(last.clicked, timeout=1000):
        entry.trigger()


def test_a_button_the_tab_hides_stays_hidden_and_out_of_the_menu(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, row, _search, buttons = _row(qtbot)
    buttons[-1].hide()
    holder.resize(450, 80)
    holder.show()
    qtbot.waitExposed(holder)
    assert buttons[-1].text() not in _entries(row)
    holder.resize(row.sizeHint().width() + 200, 80)
    qtbot.waitUntil(lambda: buttons[0].isVisible() and not row.more_button.isVisible())
    assert buttons[-1].isHidden()  # room enough, but the tab hid it
    buttons[-1].show()  # the tab shows it again
    qtbot.waitUntil(lambda: buttons[-1].isVisible())


def test_options_fold_with_their_button_and_are_offered_in_its_submenu(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, row, _search, _buttons = _row(qtbot, count=3)
    scheme = QComboBox(holder)
    scheme.addItems(["红底黄字", "白底红字"])
    print_button = QPushButton("打印标牌…", holder)
    row.addWidget(scheme)
    row.addWidget(print_button)
    row.fold_together(print_button, scheme)
    holder.resize(420, 80)
    holder.show()
    qtbot.waitExposed(holder)
    assert print_button in row.folded() and scheme.isHidden()
    row.more_menu.aboutToShow.emit()
    submenu = next(a.menu() for a in row.more_menu.actions() if a.text() == "打印标牌…")
    texts = [a.text() for a in submenu.actions() if not a.isSeparator()]
    assert texts == ["红底黄字", "白底红字", "打印标牌…"]
    submenu.actions()[1].trigger()
    assert scheme.currentText() == "白底红字"
    holder.resize(row.sizeHint().width() + 40, 80)
    qtbot.waitUntil(lambda: scheme.isVisible() and print_button.isVisible())


def test_an_elided_label_gives_way_and_keeps_its_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.setText("责任区1603个，责任人1603名，其中本年度新划分的责任区312个")
    assert label.text().endswith("312个") and label.toolTip() == label.text()
    assert label.minimumSizeHint().width() < label.sizeHint().width() // 2
