"""ConvSessionPresenter without any widget: state, signals, refusals, playback."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from cnnviz.core import conv2d, format_channel_sum, format_total, load_demo
from cnnviz.presenters import ConvSessionPresenter, Params

ARTICLE_B = [
    "1*0 + 1*0 + -1*0 + -1*0 + 0*0 + 1*1 + -1*0 + -1*0 + 0*1 = 1",
    "-1*0 + 0*0 + -1*0 + 0*0 + 0*1 + -1*1 + 1*0 + -1*0 + 0*2 = -1",
    "0*0 + 1*0 + 0*0 + 1*0 + 0*2 + 1*0 + 0*0 + -1*0 + 1*0 = 0",
]


@pytest.fixture
def presenter(qapp):
    p = ConvSessionPresenter()
    yield p
    p.pause()
    p.deleteLater()


def test_starts_on_the_demo_at_step_one(presenter):
    assert presenter.input_name == "demo"
    assert presenter.step_index == 0 and presenter.num_steps == 18
    step = presenter.current
    assert [format_channel_sum(step, c) for c in range(3)] == ARTICLE_B
    assert format_total(step) == "1 + (-1) + 0 + 1 = 1"
    presenter.step()
    assert presenter.current.value == 0  # the window moved 2 to the right


def test_eighteen_steps_cover_every_output_and_match_conv2d(presenter):
    demo = load_demo()
    expected = conv2d(demo.x[None], demo.w, demo.b, stride=2, padding=1)[0]
    seen = np.full(expected.shape, np.nan)
    for k in range(presenter.num_steps):
        presenter.seek(k)
        s = presenter.current
        assert np.isnan(seen[s.filter, s.row, s.col])
        seen[s.filter, s.row, s.col] = s.value
    np.testing.assert_allclose(seen, expected, atol=1e-5)
    np.testing.assert_allclose(presenter.trace.output, expected, atol=1e-5)


def test_navigation_clamps_and_signals(presenter, qtbot):
    with qtbot.waitSignal(presenter.step_changed) as blocker:
        presenter.last()
    assert blocker.args == [17]
    presenter.step()  # past the end: stays
    assert presenter.step_index == 17
    presenter.seek(-5)
    assert presenter.step_index == 0
    presenter.seek_output(1, 2, 1)
    assert (presenter.current.filter, presenter.current.row, presenter.current.col) == (1, 2, 1)
    presenter.seek_output(5, 0, 0)  # outside: ignored
    assert presenter.step_index == 9 + 2 * 3 + 1


def test_play_advances_on_the_timer_and_stops_at_the_end(presenter, qtbot):
    presenter.set_speed(60)
    presenter.seek(14)
    with qtbot.waitSignal(presenter.playing_changed, timeout=3000) as started:
        presenter.play()
    assert started.args == [True]
    with qtbot.waitSignal(presenter.playing_changed, timeout=3000) as stopped:
        pass
    assert stopped.args == [False] and presenter.step_index == 17
    assert not presenter.is_playing


def test_speed_is_clamped(presenter):
    presenter.set_speed(1000)
    assert presenter.speed == 60
    presenter.set_speed(0)
    assert presenter.speed == 0.5


def test_stride_and_padding_reshape_and_keep_position(presenter, qtbot):
    presenter.seek_output(1, 1, 1)
    with qtbot.waitSignal(presenter.session_changed):
        assert presenter.set_stride(1)
    assert presenter.trace.out_shape == (2, 5, 5)
    assert presenter.formulas()[0] == "⌊(5 + 2·1 − 3) / 1⌋ + 1 = 5"
    assert (presenter.current.filter, presenter.current.row, presenter.current.col) == (1, 1, 1)
    assert presenter.set_padding(0)
    assert presenter.trace.out_shape == (2, 3, 3) and presenter.num_steps == 18


def test_impossible_setting_is_explained_and_changes_nothing(presenter, qtbot):
    presenter.set_padding(0)
    before = (presenter.trace, presenter.step_index)
    with qtbot.waitSignal(presenter.error_reported) as blocker:
        assert not presenter.set_kernel_size(7, 3)
    assert "does not fit" in blocker.args[0] or "padded input is only 5" in blocker.args[0]
    assert "padded input is only 5" in presenter.problem
    assert (presenter.trace, presenter.step_index) == before
    assert not presenter.set_dilation(3)  # 3·2+1 = 7 > 5
    assert presenter.set_padding(1)  # a good setting clears the problem
    assert presenter.problem == ""


def test_edit_weight_and_bias_recompute(presenter):
    assert presenter.set_weight(0, 0, 1, 2, 5.0)  # the tap on input value 1
    assert presenter.current.value == 1 + 4
    assert presenter.set_bias(0, -2.5)
    assert presenter.current.value == pytest.approx(5 - 3.5)
    assert not presenter.set_weight(0, 0, 1, 2, float("nan"))
    assert not presenter.set_weight(3, 0, 0, 0, 1.0)


def test_presets_kernel_size_and_filter_count(presenter):
    assert presenter.apply_preset("sobel_x")
    np.testing.assert_array_equal(presenter.trace.w[0, 0], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    assert presenter.set_kernel_size(5, 3)  # rectangular; old weights stay in the centre
    assert presenter.trace.w.shape == (2, 3, 5, 3)
    np.testing.assert_array_equal(presenter.trace.w[0, 0, 1:4], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    assert not presenter.apply_preset("sobel_x")  # 3×3 only
    assert "3×3" in presenter.problem
    assert presenter.set_filter_count(4)
    assert presenter.trace.out_shape[0] == 4 and presenter.num_steps == 4 * 3 * 2
    assert presenter.apply_preset("identity", filter=-1)
    assert presenter.set_filter_count(1)
    assert presenter.trace.w.shape[0] == 1


def test_hover_reports_the_outputs_an_input_cell_feeds(presenter, qtbot):
    with qtbot.waitSignal(presenter.hover_changed) as blocker:
        presenter.hover_input(2, 2)  # padded (2, 2): shared by 4 windows with stride 2
    assert sorted(blocker.args[0]) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    presenter.clear_hover()
    assert presenter.hovered_outputs == []


def test_images_samples_and_bad_files(presenter, tmp_path, qtbot):
    path = tmp_path / "pic.png"
    Image.new("RGB", (300, 150), (255, 255, 255)).save(path)
    assert presenter.load_image_file(path, "gray", 64)
    assert presenter.trace.x.shape == (1, 32, 64) and presenter.trace.w.shape[1] == 1
    assert presenter.input_name == "pic.png"
    before = presenter.trace
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with qtbot.waitSignal(presenter.error_reported) as blocker:
        assert not presenter.load_image_file(empty)
    assert "empty" in blocker.args[0]
    assert presenter.trace is before
    assert presenter.load_sample("reference_x") and presenter.trace.x.shape == (1, 9, 9)
    assert not presenter.load_sample("nope")
    assert presenter.load_demo() and presenter.num_steps == 18


def test_configure_sets_everything_at_once(presenter):
    x = np.ones((1, 4, 4), np.float32)
    w = np.ones((1, 1, 4, 4), np.float32)
    assert presenter.configure(x, w, None, Params(stride=1, padding=0, dilation=1), "ones")
    assert presenter.num_steps == 1 and presenter.current.value == 16
