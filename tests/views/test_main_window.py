"""The main window as a user drives it: keys, settings, bad files, languages."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from cnnviz.app import ErrorDialogHook, LanguageSwitcher
from cnnviz.views.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.presenter.pause()


def test_launch_shows_the_demo_at_step_one(window):
    assert window.presenter.input_name == "demo"
    assert window.conv_view.position_label.text() == "step 1 / 18 · filter w0 · output row 0, column 0"
    assert window.tabs.tabText(0) == "Convolution"
    assert "demo" in window.input_panel.name_label.text()


def test_keyboard_moves_through_time(window, qtbot):
    p = window.presenter
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert p.step_index == 2
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert p.step_index == 1
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert p.step_index == 17 and window.transport.slider.value() == 17
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert p.step_index == 0
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert p.is_playing
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not p.is_playing
    window.transport.slider.setValue(12)
    assert p.step_index == 12
    window.transport.speed_spin.setValue(30)
    assert p.speed == 30


def test_stride_and_padding_update_shapes_and_formula(window):
    params, shape = window.params_panel, window.params_panel.shape_panel
    assert shape.rows_label.text() == "height: ⌊(5 + 2·1 − 3) / 2⌋ + 1 = 3"
    params.stride.setValue(1)
    assert shape.rows_label.text() == "height: ⌊(5 + 2·1 − 3) / 1⌋ + 1 = 5"
    assert shape.shape_label.text() == "output volume: 5×5×2 (50 steps)"
    assert window.conv_view.output_view.panels[0].grid.values.shape == (5, 5)
    params.padding.setValue(0)
    assert shape.cols_label.text() == "width: ⌊(5 + 2·0 − 3) / 1⌋ + 1 = 3"
    assert window.conv_view.input_view.panels[0].grid.values.shape == (5, 5)
    assert window.transport.slider.maximum() == 17


def test_impossible_setting_is_explained_without_exception(window):
    params, shape = window.params_panel, window.params_panel.shape_panel
    params.padding.setValue(0)
    trace = window.presenter.trace
    params.kernel_h.setValue(7)
    assert shape.problem_label.isVisibleTo(window)
    assert "padded input is only 5" in shape.problem_label.text()
    assert not window.message_bar.isVisibleTo(window)  # explained once, under the settings
    assert params.kernel_h.value() == 7 and params.is_invalid(params.kernel_h)  # what was typed stays
    assert window.presenter.trace is trace
    params.kernel_h.setValue(5)  # a good setting clears the message
    assert not shape.problem_label.isVisibleTo(window)
    assert window.presenter.kernel_size == (5, 3) and not params.is_invalid(params.kernel_h)


def _bad_files(tmp_path):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    good = tmp_path / "good.png"
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (50, 50, 3), np.uint8)).save(good)
    cut = tmp_path / "cut.png"
    cut.write_bytes(good.read_bytes()[:300])
    return {"missing": tmp_path / "missing.png", "empty": empty, "text": text, "truncated": cut}


@pytest.mark.parametrize("kind", ["missing", "empty", "text", "truncated", "bomb"])
def test_bad_file_shows_a_message_and_keeps_the_session(window, tmp_path, kind, monkeypatch):
    window.presenter.seek(5)
    if kind == "bomb":
        path = tmp_path / "big.png"
        Image.new("L", (60, 60)).save(path)
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    else:
        path = _bad_files(tmp_path)[kind]
    trace = window.presenter.trace
    assert not window.open_image(str(path))
    assert window.message_bar.isVisibleTo(window)
    assert path.name in window.message_bar.label.text()
    assert window.presenter.trace is trace and window.presenter.step_index == 5


def test_open_and_drop_an_image_with_channel_choice(window, tmp_path):
    path = tmp_path / "photo.png"
    Image.new("RGB", (512, 256), (0, 128, 255)).save(path)
    window.input_panel.size_spin.setValue(64)
    assert window.open_image(str(path))
    assert window.presenter.trace.x.shape == (3, 32, 64)
    window.input_panel.gray_radio.setChecked(True)  # reloads the same file in gray
    assert window.presenter.trace.x.shape == (1, 32, 64)
    window.presenter.load_demo()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.presenter.input_name == "photo.png"


def test_samples_and_demo_from_the_menu(window):
    window.sample_actions[0].trigger()
    assert window.presenter.trace.x.shape == (1, 9, 9)
    window.demo_action.trigger()
    assert window.presenter.num_steps == 18


def test_language_switch_to_chinese_and_back(window, qapp, tmp_path):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    switcher = LanguageSwitcher(qapp)
    try:
        assert switcher.apply("zh_CN") == "zh_CN"
        qapp.processEvents()
        assert window.tabs.tabText(0) == "卷积"
        assert window.conv_view.position_label.text() == "第 1 / 18 步 · 滤波器 w0 · 输出 行 0，列 0"
        assert window.params_panel.form_labels[2].text() == "步长："
        assert window.conv_view.arithmetic_view.total_line == "1 + (-1) + 0 + 1 (偏置) = 1"
        window.open_image(str(empty))
        assert window.message_bar.label.text() == "无法打开 empty.png：文件是空的。"
    finally:
        switcher.apply("en")
        qapp.processEvents()
    assert window.tabs.tabText(0) == "Convolution"


def test_unexpected_exception_shows_a_dialog_and_the_app_goes_on(window, qtbot):
    hook = ErrorDialogHook(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        hook(*sys.exc_info())
    assert hook.dialog is not None and hook.dialog.isVisible()
    assert "boom" in hook.dialog.text() and "RuntimeError" in hook.dialog.detailedText()
    hook.dialog.close()
    window.presenter.step()
    assert window.presenter.step_index == 1


def test_trainer_tab_is_built_on_first_visit_and_sends_filters_back(window):
    if window.trainer_tab is None:
        pytest.skip("no trainer panel in this build")
    assert window.trainer_panel is None
    window.tabs.setCurrentWidget(window.trainer_tab)
    assert window.trainer_panel is not None and window.trainer_panel.isVisibleTo(window)
    w = np.ones((1, 1, 3, 3), np.float32)
    x = np.arange(36, dtype=np.float32).reshape(1, 6, 6)
    window.trainer_presenter.filter_sent.emit(w, np.zeros(1, np.float32), x, "digit 3", 0)
    assert window.tabs.currentIndex() == 0
    assert window.presenter.input_name == "digit 3" and window.presenter.trace.out_shape == (1, 6, 6)
    assert window.presenter.current.value == 0 + 1 + 6 + 7  # 3×3 window at (0, 0) with padding 1


def test_dilation_rectangular_kernel_and_presets_from_the_panel(window):
    params, p = window.params_panel, window.presenter
    params.stride.setValue(1)
    params.dilation.setValue(2)
    marks = window.conv_view.input_view.panels[0].marks.marks
    window_mark, taps = marks[0], marks[1:]
    assert (window_mark.height, window_mark.width) == (5, 5)  # 2·(3 − 1) + 1
    assert sorted({(m.row, m.col) for m in taps}) == [(r, c) for r in (0, 2, 4) for c in (0, 2, 4)]  # holes
    assert "(2·(3 − 1) + 1)" in params.shape_panel.rows_label.text()
    params.dilation.setValue(1)
    params.kernel_w.setValue(5)
    assert p.kernel_size == (3, 5)
    assert len(window.conv_view.filter_panel.channel_grids[0].texts[0]) == 5
    assert window.conv_view.arithmetic_view.channel_lines[0].count("*") == 15
    params.kernel_w.setValue(3)
    params.preset_combo.setCurrentIndex(params.preset_combo.findData("sobel_x"))
    params.apply_all.click()
    assert window.conv_view.filter_panel.channel_grids[2].texts == [
        ["-1", "0", "1"],
        ["-2", "0", "2"],
        ["-1", "0", "1"],
    ]
    params.filters.setValue(3)
    assert len(window.conv_view.output_view.panels) == 3 and len(window.conv_view.filter_panel.thumbs) == 3
    window.conv_view.filter_panel.thumbs[2].clicked.emit(2)
    assert p.current.filter == 2


def test_edit_the_bias_in_place(window, qtbot):
    grid = window.conv_view.filter_panel.bias_grid
    grid.edit_cell(0, 0)
    grid.editor.setText("-3")
    qtbot.keyClick(grid.editor, Qt.Key.Key_Return)
    assert window.presenter.trace.b[0] == -3
    assert window.conv_view.arithmetic_view.total_line == "1 + (-1) + 0 + (-3) (bias) = -3"
