"""The main window's teaching actions: predict/reveal and the tap walk from the menus,
Edit → Copy step as image, File → Save step as PNG…, and Copy the arithmetic as LaTeX."""

from __future__ import annotations

import os
import stat

import pytest
from PIL import Image
from PySide6.QtGui import QGuiApplication

from cnnviz.views.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 720)
    yield w
    w.presenter.pause()


def test_the_actions_sit_in_the_menus_with_their_keys(window):
    hook = window.step_actions
    keys = {a.text(): a.shortcut().toString() for a in hook.actions}
    assert keys == {
        "&Predict, then reveal": "R",
        "Re&veal the answer": "Return",
        "Next multiply-add": "Shift+Right",
        "Previous multiply-add": "Shift+Left",
        "&Copy step as image": "Ctrl+Shift+C",
        "Save step as &PNG…": "Ctrl+Shift+S",
    }
    assert hook.predict_action in window.view_menu.actions()
    assert hook.reveal_action in window.view_menu.actions()
    assert hook.tap_forward_action in window.play_menu.actions()
    assert hook.copy_action in window.edit_menu.actions()
    assert hook.save_action in window.file_menu.actions()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Edit") == titles.index("&File") + 1


def test_predict_and_reveal_from_the_menu(window):
    hook, p = window.step_actions, window.presenter
    arithmetic = window.conv_view.arithmetic_view
    assert not hook.reveal_action.isEnabled()  # Return belongs to the fields until something is hidden
    hook.predict_action.trigger()
    assert p.predict_mode and hook.predict_action.isChecked() and hook.reveal_action.isEnabled()
    assert arithmetic.total_line.endswith("= ?")
    hook.reveal_action.trigger()
    assert arithmetic.total_line.endswith("= 1") and not hook.reveal_action.isEnabled()
    window.forward_action.trigger()  # → moves on, and hides the next result
    assert p.step_index == 1 and hook.reveal_action.isEnabled()
    window.forward_action.trigger()  # → reveals first
    assert p.step_index == 1 and p.revealed
    p.set_predict_mode(False)
    assert not hook.predict_action.isChecked()


def test_the_tap_walk_from_the_menu(window):
    hook, p = window.step_actions, window.presenter
    hook.tap_forward_action.trigger()
    hook.tap_forward_action.trigger()
    assert p.tap == 1 and window.conv_view.arithmetic_view.channel_lines[0] == "1*0 = 0   + 1*0 = 0"
    hook.tap_back_action.trigger()
    assert p.tap == 0
    p.set_stage("relu")
    assert not hook.tap_forward_action.isEnabled()  # no window to walk on ReLU


def test_the_actions_rest_on_other_tabs(window):
    hook = window.step_actions
    window.tabs.setCurrentWidget(window.neuron_page)
    assert not any(a.isEnabled() for a in hook.actions)
    window.tabs.setCurrentIndex(0)
    assert hook.predict_action.isEnabled() and hook.copy_action.isEnabled()


def test_copy_step_as_image_puts_the_view_on_the_clipboard(window, qtbot):
    QGuiApplication.clipboard().clear()
    window.step_actions.copy_action.trigger()
    image = QGuiApplication.clipboard().image()
    view = window.stage_view
    ratio = view.devicePixelRatioF()
    assert not image.isNull()
    assert (image.width(), image.height()) == (round(view.width() * ratio), round(view.height() * ratio))
    assert window.conv_view.filter_panel.thumbs_label.isVisibleTo(window)  # hints come back after


def test_save_step_as_png_writes_the_view(window, tmp_path):
    hook = window.step_actions
    assert hook.save_step_png(tmp_path / "step")  # .png added
    out = tmp_path / "step.png"
    with Image.open(out) as im:
        ratio = window.stage_view.devicePixelRatioF()
        assert im.size == (
            round(window.stage_view.width() * ratio),
            round(window.stage_view.height() * ratio),
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["step.png"]  # no temporary file left
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o666 & ~_umask()


def test_save_step_refuses_a_write_protected_file(window, tmp_path):
    out = tmp_path / "kept.png"
    out.write_bytes(b"the lecturer's slide")
    out.chmod(0o444)
    assert not window.step_actions.save_step_png(out)
    assert out.read_bytes() == b"the lecturer's slide"
    assert window.message_bar.isVisibleTo(window) and "write-protected" in window.message_bar.label.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.png"]


def test_save_step_into_a_missing_folder_says_so(window, tmp_path):
    assert not window.step_actions.save_step_png(tmp_path / "nowhere" / "s.png")
    assert "does not exist" in window.message_bar.label.text()


def test_the_arithmetic_menu_copies_text_and_latex(window):
    arithmetic = window.conv_view.arithmetic_view
    menu = arithmetic.context_menu()
    actions = {a.text(): a for a in menu.actions()}
    assert list(actions) == ["Copy the arithmetic", "Copy the arithmetic as LaTeX"]
    actions["Copy the arithmetic as LaTeX"].trigger()
    menu.deleteLater()
    latex = QGuiApplication.clipboard().text()
    assert latex.startswith("\\begin{aligned}") and latex.endswith("\\end{aligned}")
    assert "1 \\cdot 0 + 1 \\cdot 0 + (-1) \\cdot 0" in latex
    assert "1 + (-1) + 0 + 1\\ \\text{(bias)} = 1" in latex
    window.presenter.set_predict_mode(True)
    arithmetic._on_copy_latex_triggered()
    assert "\\text{(bias)} = \\,?\\," in QGuiApplication.clipboard().text()  # a quiz version
    arithmetic._on_copy_triggered()
    assert QGuiApplication.clipboard().text().endswith("? + ? + ? + 1 (bias) = ?")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_keys_drive_predict_reveal_and_the_walk(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    p = window.presenter
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window
    window.stage_view.setFocus()  # not a text field, which would take the R
    QTest.keyClick(window, Qt.Key.Key_R)
    assert p.predict_mode and p.value_hidden
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert p.revealed
    QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert (p.step_index, p.tap, p.value_hidden) == (0, 0, True)  # the first multiply-add, asked
    QTest.keyClick(window, Qt.Key.Key_Right)  # → reveals first
    assert (p.step_index, p.tap, p.revealed) == (0, 0, True)
    QTest.keyClick(window, Qt.Key.Key_Right)
    assert (p.step_index, p.tap) == (1, -1)
    QTest.keyClick(window, Qt.Key.Key_R)
    assert not p.predict_mode
