"""Teaching from a clicker and the keyboard (issue 14): every key through QTest on a MainWindow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from cnnviz.app import LanguageSwitcher
from cnnviz.views.keyboard_help import keys_text, shortcut_actions
from cnnviz.views.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.stepping_keys.stepping_target().setFocus()
    yield w
    w.presenter.pause()


def test_page_down_and_page_up_step_like_a_clicker(window, qtbot):
    p = window.presenter
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert p.step_index == 2
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert p.step_index == 1


def test_number_keys_show_that_filter_at_the_same_output_position(window, qtbot):
    p = window.presenter
    p.seek(4)  # w0, output (1, 1)
    qtbot.keyClick(window, Qt.Key.Key_2)
    step = p.conv_step
    assert (step.filter, step.row, step.col) == (1, 1, 1)
    assert window.conv_view.filter_panel.header.text().startswith("Filter w1")
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert (p.conv_step.filter, p.conv_step.row, p.conv_step.col) == (0, 1, 1)
    qtbot.keyClick(window, Qt.Key.Key_9)  # there is no w8: nothing happens
    assert p.step_index == 4


def test_stage_keys_do_not_act_on_a_hidden_tab(window, qtbot):
    p = window.presenter
    window.tabs.setCurrentWidget(window.neuron_page)
    window.neuron_page.setFocus()
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_2):
        qtbot.keyClick(window, key)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.stepping_keys.go_to_dialog
    assert p.step_index == 0 and (dialog is None or not dialog.isVisible())
    assert not any(a.isEnabled() for a in window.stepping_keys.tab_actions)
    window.tabs.setCurrentIndex(0)
    assert all(a.isEnabled() for a in window.stepping_keys.tab_actions)


def test_go_to_step_dialog_seeks(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.stepping_keys.go_to_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert (dialog.spin.minimum(), dialog.spin.maximum(), dialog.spin.value()) == (1, 18, 1)
    dialog.spin.setValue(12)
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.presenter.step_index == 11


def test_escape_returns_focus_from_a_field_to_the_stepping_keys(window, qtbot):
    spin = window.transport.speed_spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClick(spin, Qt.Key.Key_Right)  # a field keeps its keys
    assert window.presenter.step_index == 0
    qtbot.keyClick(spin, Qt.Key.Key_Escape)
    assert window.stepping_keys.stepping_target().hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.presenter.step_index == 1


def test_escape_cancels_a_cell_edit_and_keeps_the_weight(window, qtbot):
    grid = window.conv_view.filter_panel.channel_grids[0]
    before = window.presenter.trace.w[0, 0, 0, 0]
    grid.edit_cell(0, 0)
    qtbot.waitUntil(grid.editor.hasFocus)
    grid.editor.setText("7")
    qtbot.keyClick(grid.editor, Qt.Key.Key_Escape)
    assert not grid.editor.isVisible()
    assert window.presenter.trace.w[0, 0, 0, 0] == before
    assert window.stepping_keys.stepping_target().hasFocus()


def test_arrow_keys_walk_the_output_cells_when_the_output_has_focus(window, qtbot):
    view, p = window.conv_view.output_view, window.presenter
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert (p.conv_step.row, p.conv_step.col) == (1, 0)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the edge: stays
    assert (p.conv_step.filter, p.conv_step.row, p.conv_step.col) == (0, 1, 2)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert (p.conv_step.row, p.conv_step.col) == (0, 2)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # back to stepping: → steps again
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert (p.conv_step.filter, p.conv_step.row, p.conv_step.col) == (0, 1, 0)


def test_help_keyboard_lists_every_shortcut(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.stepping_keys.help_dialog
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.table
    shown = {(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    actions = shortcut_actions(window)
    assert len(actions) >= 20
    for _path, action in actions:
        assert (action.text().replace("&", ""), keys_text(action)) in shown
    keys = " ".join(text for _action, text in shown)
    native = QKeySequence.SequenceFormat.NativeText
    for key in ("F5", "Ctrl+G", "Ctrl+=", "Ctrl+0", "PgDown", "PgUp", "Esc", "1", "9"):
        assert QKeySequence(key).toString(native) in keys, key
    dialog.close()


def test_help_keyboard_is_translated(window, qtbot, qapp):
    switcher = LanguageSwitcher(qapp)
    try:
        switcher.apply("zh_CN")
        qtbot.waitUntil(lambda: window.stepping_keys.go_to_action.text() == "转到步骤(&G)…")
        window.stepping_keys.show_keyboard_help()
        dialog = window.stepping_keys.help_dialog
        assert dialog.windowTitle() == "键盘快捷键"
        texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
        assert "转到步骤…" in texts and "显示滤波器 → 滤波器 2（w1），输出位置不变" not in texts
        assert any(text.startswith("滤波器 2（w1）") for text in texts)
        dialog.close()
    finally:
        switcher.apply("en")
        qtbot.waitUntil(lambda: window.stepping_keys.go_to_action.text() == "&Go to step…")


def test_no_key_belongs_to_two_actions(window):
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            owners.setdefault(key.toString(), []).append(action.text())
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
