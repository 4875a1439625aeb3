"""Controls say what is loaded, the user's work is never changed silently, and the
words on screen say what they mean (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cnnviz import __version__
from cnnviz.core import load_demo
from cnnviz.views.main_window import MainWindow

ZH = Path(__file__).resolve().parents[2] / "resources" / "translations" / "zh_CN"


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    yield w
    w.presenter.pause()


def test_the_input_line_says_what_the_demo_is(window):
    assert window.input_panel.name_label.text() == "The article's demo: 5×5×3 input, zero-padded to 7×7×3"


def test_the_sample_box_and_the_channel_choice_follow_the_input(window):
    panel, p = window.input_panel, window.presenter
    assert panel.sample_combo.currentIndex() == -1 and not panel.sample_button.isEnabled()  # the demo
    assert panel.rgb_radio.isChecked()
    window.sample_actions[1].trigger()  # File → Samples → the distorted X, one channel
    assert panel.sample_combo.currentData() == "distorted_x"
    assert panel.gray_radio.isChecked()
    assert p.input_name == "distorted_x"  # showing the channels reloaded nothing
    window.demo_action.trigger()
    assert panel.sample_combo.currentIndex() == -1 and panel.rgb_radio.isChecked()


def test_a_new_channel_count_is_said_in_the_window_not_as_an_error(window):
    panel = window.input_panel
    assert panel.note_label.isHidden()
    window.presenter.load_sample("reference_x")
    assert not panel.note_label.isHidden()
    assert "1 channel" in panel.note_label.text()
    assert not window.message_bar.isVisibleTo(window)
    window.presenter.load_sample("distorted_x")  # the same channel count: nothing to say
    assert panel.note_label.isHidden()


def test_the_preset_box_shows_the_shown_filters_preset_or_custom(window):
    params, p = window.params_panel, window.presenter
    assert params.preset_combo.currentData() == "demo_w0"  # not "Identity"
    params.preset_combo.setCurrentIndex(params.preset_combo.findData("sobel_x"))
    params.apply_one.click()
    assert params.preset_combo.currentData() == "sobel_x"
    p.set_weight(0, 0, 0, 0, 3.0)
    assert params.preset_combo.currentIndex() == -1
    assert params.preset_combo.placeholderText() == "custom"
    assert not params.apply_one.isEnabled() and not params.apply_all.isEnabled()
    p.seek_output(1, 0, 0)  # the other filter is still the demo's w1
    assert params.preset_combo.currentData() == "demo_w1" and params.apply_one.isEnabled()


def test_open_demo_brings_back_the_exact_weights_at_step_one(window):
    p = window.presenter
    p.seek(13)
    p.set_weight(0, 1, 1, 1, 4.0)
    window.sample_actions[0].trigger()
    window.demo_action.trigger()
    np.testing.assert_array_equal(p.trace.w, load_demo().w)
    assert p.step_index == 0
    assert window.conv_view.position_label.text().startswith("step 1 / 18 ")


def test_about_names_version_licence_data_and_the_article(window):
    text = window.about_text()
    for needed in (
        __version__,
        "MIT",
        "UCI",
        "CC BY 4.0",
        "china.jpg",
        "CC BY 2.0",
        "CS231n",
        "cs231n.github.io",
        "通俗理解卷积神经网络",
    ):
        assert needed in text, needed


def _zh() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(ZH.glob("*.json")):
        for context, texts in json.loads(path.read_text(encoding="utf-8")).items():
            merged.setdefault(context, {}).update(texts)
    return merged


def test_chinese_terms_a_lecturer_would_not_correct():
    zh = _zh()
    every = [t for texts in zh.values() for t in texts.values()]
    assert not [t for t in every if "膨胀" in t]  # dilation is 空洞率, not morphological dilation
    assert zh["ParametersPanel"]["Dilation:"] == "空洞率："
    assert (
        "每轮" not in zh["ExportDialog"]["{0} frames (steps {1} to {2}), {3:.1f} s per loop, {4}×{5} pixels"]
    )
    assert zh["ExportDialog"]["One frame every:"].startswith("每 N 步取一帧")
    assert zh["TrainerPlots"]["epoch"] == "轮次"
    assert zh["TrainerControls"]["max 2×2"] == "最大池化 2×2"
    assert zh["Samples"]['The reference "X" (9×9)'].startswith("参考“X”")
    assert not [t for t in every if any(f"{{{i}}} 图像" in t for i in range(10))]  # 1797 张图像
