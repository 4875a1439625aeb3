"""The stages after the convolution (ReLU, pooling) and the article's worked
examples, through ConvSessionPresenter without any widget."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import conv2d, load_demo, max_pool2d, relu
from cnnviz.core.formatting import format_channel_sum, format_pool, format_relu
from cnnviz.presenters import ConvSessionPresenter


@pytest.fixture
def presenter(qapp):
    p = ConvSessionPresenter()
    yield p
    p.pause()
    p.deleteLater()


def _demo_output() -> np.ndarray:
    d = load_demo()
    return conv2d(d.x[None], d.w, d.b, stride=2, padding=1)[0]


def test_relu_stage_rectifies_the_demo_output_cell_by_cell(presenter, qtbot):
    with qtbot.waitSignal(presenter.stage_changed) as blocker:
        assert presenter.set_stage("relu")
    assert blocker.args == ["relu"]
    z = _demo_output()
    assert presenter.num_steps == z.size == 18
    np.testing.assert_array_equal(presenter.stage_trace.x, z)
    np.testing.assert_array_equal(presenter.stage_trace.output, relu(z))
    seen = []
    for k in range(presenter.num_steps):
        presenter.seek(k)
        s = presenter.current
        assert s.value == max(0.0, z[s.channel, s.row, s.col])
        seen.append(format_relu(s))
    assert any(t.startswith("max(0, -") and t.endswith("= 0") for t in seen)


def test_pool_stage_pools_the_rectified_map(presenter):
    assert presenter.set_stage("pool")
    a = relu(_demo_output())
    np.testing.assert_array_equal(presenter.stage_trace.x, a)
    np.testing.assert_array_equal(presenter.stage_trace.output, max_pool2d(a[None], 2)[0])
    assert presenter.num_steps == 2  # 3×3 maps pool to 1×1, two channels


def test_each_stage_keeps_its_own_step(presenter):
    presenter.seek(7)
    presenter.set_stage("relu")
    presenter.seek(3)
    presenter.set_stage("conv")
    assert presenter.step_index == 7 and presenter.conv_step.index == 7
    presenter.set_stage("relu")
    assert presenter.step_index == 3


def test_example_c_is_four_pooling_steps_giving_6_8_3_4(presenter):
    assert presenter.load_example("C")
    assert presenter.stage == "pool" and presenter.step_index == 0
    values, texts = [], []
    for k in range(presenter.num_steps):
        presenter.seek(k)
        values.append(presenter.current.value)
        texts.append(format_pool(presenter.current))
    assert values == [6, 8, 3, 4]
    assert texts[0] == "max(1, 1, 5, 6) = 6"
    np.testing.assert_array_equal(presenter.stage_trace.output[0], [[6, 8], [3, 4]])


def test_example_a_is_one_step_giving_minus_8(presenter):
    presenter.set_stage("relu")
    assert presenter.load_example("A")
    assert presenter.stage == "conv" and presenter.num_steps == 1
    step = presenter.current
    assert format_channel_sum(step, 0) == "4*0 + 0*0 + 0*0 + 0*0 + 0*1 + 0*1 + 0*0 + 0*1 + -4*2 = -8"
    assert step.value == -8


def test_example_b_opens_the_demo_at_step_one(presenter):
    presenter.load_example("C")
    assert presenter.load_example("B")
    assert presenter.stage == "conv" and presenter.step_index == 0 and presenter.num_steps == 18
    assert presenter.current.value == 1


def test_unknown_example_is_refused_with_words(presenter, qtbot):
    with qtbot.waitSignal(presenter.error_reported) as blocker:
        assert not presenter.load_example("Z")
    assert "Z" in blocker.args[0]
    assert presenter.input_name == "demo"


def test_click_and_hover_work_on_the_pool_stage(presenter):
    presenter.load_example("C")
    presenter.seek_output(0, 1, 1)
    assert presenter.current.value == 4 and presenter.step_index == 3
    presenter.hover_input(2, 1, 0)
    assert presenter.hovered_outputs == [(1, 0)]
    presenter.seek_output(0, 5, 5)  # outside: ignored
    assert presenter.step_index == 3


def test_pool_window_larger_than_the_map_is_refused_and_nothing_changes(presenter, qtbot):
    before = presenter.pool_settings
    with qtbot.waitSignal(presenter.error_reported):
        assert not presenter.set_pool(size=4)  # the demo's conv output is 3×3
    assert presenter.pool_settings == before


def test_average_pooling_and_its_stride(presenter):
    presenter.load_example("C")
    assert presenter.set_pool(mode="avg", size=2, stride=1)
    assert presenter.num_steps == 9
    assert presenter.current.value == pytest.approx((1 + 1 + 5 + 6) / 4)
    assert format_pool(presenter.current) == "(1 + 1 + 5 + 6) / 4 = 3.25"


def test_a_setting_that_leaves_no_room_for_pooling_returns_to_the_convolution(presenter, qtbot):
    presenter.set_stage("pool")
    with qtbot.waitSignal(presenter.stage_changed):
        assert presenter.set_stride(5)  # 7×7 padded, 3×3 kernel, stride 5 → 1×1 maps
    assert presenter.stage == "conv"
    assert "pool" not in presenter.available_stages() and "relu" in presenter.available_stages()
    assert not presenter.set_stage("pool")
    assert "1×1" in presenter.pool_problem()


def test_editing_an_input_cell_recomputes_every_stage(presenter, qtbot):
    presenter.load_example("A")
    with qtbot.waitSignal(presenter.session_changed):
        assert presenter.set_input_value(0, 2, 2, 3.0)
    assert presenter.current.value == -12
    assert presenter.trace.x[0, 2, 2] == 3
    assert not presenter.set_input_value(0, 2, 2, float("nan"))
    assert not presenter.set_input_value(0, 9, 9, 1.0)
    assert presenter.trace.x[0, 2, 2] == 3


def test_demo_with_stride_11_and_padding_4_is_computed_not_crashed(presenter):
    # issue 8 item 1: once an unexpected-error dialog after the presenter took the settings
    assert presenter.set_padding(4)
    assert presenter.set_stride(11)
    assert presenter.num_steps == 2  # one 1×1 map per filter: the window sees only padding
    assert presenter.params.stride == 11 and presenter.params.padding == 4
    d = load_demo()
    np.testing.assert_allclose(presenter.trace.output, conv2d(d.x[None], d.w, d.b, stride=11, padding=4)[0])
