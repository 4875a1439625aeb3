"""The user's filters are never re-shaped silently (issue 13): one bank per channel
count, presets rebuilt by name, the demo restored exactly, and the preset box's truth."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import load_demo, preset_kernel
from cnnviz.presenters import ConvSessionPresenter

SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]


@pytest.fixture
def presenter(qtbot):
    p = ConvSessionPresenter()
    yield p
    p.pause()


def _rgb(h: int = 6, w: int = 6) -> np.ndarray:
    return np.random.default_rng(3).random((3, h, w)).astype(np.float32)


def test_a_gray_input_rebuilds_a_preset_instead_of_summing_its_channels(presenter):
    assert presenter.apply_preset("sobel_x", filter=-1)
    assert presenter.load_sample("reference_x")  # one channel
    w = presenter.trace.w
    assert w.shape == (2, 1, 3, 3)
    np.testing.assert_array_equal(w[0, 0], SOBEL_X)  # not -3 0 3 / -6 0 6 / -3 0 3
    assert presenter.preset_name(0) == "sobel_x"
    note = presenter.filters_note
    assert "1 channel" in note and "w0, w1: rebuilt from the preset" in note


def test_going_back_to_rgb_brings_the_demo_filters_back_exactly(presenter):
    demo = load_demo()
    assert presenter.load_sample("reference_x")
    assert "w0, w1: the sum of the old 3 channels" in presenter.filters_note  # no gray demo preset
    assert presenter.set_input(_rgb(), "photo")
    np.testing.assert_array_equal(presenter.trace.w, demo.w)  # not 0, 0.667, -0.667 …
    np.testing.assert_array_equal(presenter.trace.b, demo.b)
    assert "are back" in presenter.filters_note


def test_hand_edited_weights_survive_a_round_trip_through_a_gray_input(presenter):
    assert presenter.set_weight(1, 2, 0, 0, 0.25)
    assert presenter.set_bias(1, -0.5)
    edited = np.array(presenter.trace.w), np.array(presenter.trace.b)
    assert presenter.load_sample("distorted_x")
    assert presenter.set_weight(0, 0, 1, 1, 7.0)  # the gray bank is the user's too
    gray = np.array(presenter.trace.w)
    assert presenter.set_input(_rgb(), "photo")
    np.testing.assert_array_equal(presenter.trace.w, edited[0])
    np.testing.assert_array_equal(presenter.trace.b, edited[1])
    assert presenter.load_sample("reference_x")
    np.testing.assert_array_equal(presenter.trace.w, gray)


def test_same_channel_count_leaves_filters_alone_and_says_nothing(presenter):
    before = np.array(presenter.trace.w)
    assert presenter.set_input(_rgb(8, 8), "photo")
    np.testing.assert_array_equal(presenter.trace.w, before)
    assert presenter.filters_note == ""


def test_a_kept_bank_of_another_shape_is_not_forced_back(presenter):
    assert presenter.load_sample("reference_x")
    assert presenter.set_kernel_size(5, 5)
    assert presenter.set_input(_rgb(), "photo")
    assert presenter.trace.w.shape == (2, 3, 5, 5)  # the 3×3 RGB bank does not fit any more
    assert "come back" in presenter.filters_note


def test_open_demo_restores_the_exact_weights_and_step_one(presenter):
    demo = load_demo()
    presenter.seek(13)
    assert presenter.set_weight(0, 0, 0, 0, 9.0)
    assert presenter.load_sample("reference_x")
    presenter.seek(20)
    assert presenter.load_demo()
    np.testing.assert_array_equal(presenter.trace.w, demo.w)
    assert presenter.step_index == 0 and presenter.stage == "conv"
    assert presenter.filters_note == ""


def test_open_demo_from_a_later_stage_shows_the_convolution_at_step_one(presenter):
    presenter.seek(5)
    assert presenter.set_stage("relu")
    presenter.seek(3)
    assert presenter.load_demo()
    assert presenter.stage == "conv" and presenter.step_index == 0


def test_the_preset_name_follows_the_weights(presenter):
    assert [presenter.preset_name(f) for f in (0, 1)] == ["demo_w0", "demo_w1"]
    assert presenter.apply_preset("sobel_x")
    assert presenter.preset_name(0) == "sobel_x" and presenter.preset_name(1) == "demo_w1"
    assert presenter.set_weight(0, 0, 0, 0, 5.0)
    assert presenter.preset_name(0) == "custom"
    assert presenter.set_kernel_size(1, 1)
    assert presenter.apply_preset("box_blur", filter=-1)
    assert presenter.preset_name(0) == "box_blur"  # 1×1: identity, box and Gaussian coincide
    np.testing.assert_array_equal(presenter.trace.w[0], preset_kernel("identity", 3, (1, 1)))


def test_a_bad_file_is_reported_but_is_not_a_settings_problem(presenter, tmp_path, qtbot):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with qtbot.waitSignal(presenter.error_reported):
        assert not presenter.load_image_file(empty)
    assert presenter.problem == ""
