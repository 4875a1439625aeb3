"""The backward stages through ConvSessionPresenter: the upstream choice, the
steps against conv2d_backward, the update and the gradient check."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import conv2d, conv2d_backward, load_demo
from cnnviz.core.formatting import format_weight_grad
from cnnviz.presenters import ConvSessionPresenter


@pytest.fixture
def presenter(qapp):
    p = ConvSessionPresenter()
    yield p
    p.pause()
    p.deleteLater()


def _demo_grads(dy):
    d = load_demo()
    return conv2d_backward(dy[None], d.x[None], d.w, stride=2, padding=1)


def test_weight_stage_with_ones_explains_w0_0_1_1_as_a_window_sum(presenter):
    assert presenter.upstream_mode == "ones"
    assert presenter.set_stage("grad_w")
    assert presenter.num_steps == 54  # 2 filters × 3 channels × 3 × 3
    presenter.seek_position(0, 0, 1, 1)
    step = presenter.current
    d = load_demo()
    # tap (1, 1) of channel 0 meets x[0] at rows and columns 0, 2, 4 (stride 2, padding 1)
    assert list(step.inputs.ravel()) == list(d.x[0][::2, ::2].ravel())
    assert step.value == float(d.x[0][::2, ::2].sum())
    assert format_weight_grad(step).endswith(f"= {int(step.value)}")
    _, dw, db = _demo_grads(np.ones((2, 3, 3), np.float32))
    np.testing.assert_allclose(presenter.stage_trace.dw, dw)
    assert presenter.loss == pytest.approx(float(presenter.trace.output.sum()))


def test_bias_and_input_stages_agree_with_conv2d_backward(presenter):
    presenter.set_upstream("target")
    d = load_demo()
    y = conv2d(d.x[None], d.w, d.b, stride=2, padding=1)[0]
    dx, _, db = _demo_grads(y)  # target zeros: dy = y
    presenter.set_stage("grad_b")
    assert presenter.num_steps == 2
    assert [presenter.stage_trace[k].value for k in range(2)] == pytest.approx(list(db))
    presenter.set_stage("grad_x")
    assert presenter.num_steps == 75
    np.testing.assert_allclose(presenter.stage_trace.output, dx[0], atol=1e-5)
    presenter.seek_position(0, 2, 2)
    assert presenter.current.value == pytest.approx(float(dx[0, 0, 2, 2]), abs=1e-5)


def test_editing_the_target_changes_dy_and_the_loss(presenter, qtbot):
    presenter.set_upstream("target")
    y = presenter.trace.output
    assert presenter.loss == pytest.approx(0.5 * float((y.astype(np.float64) ** 2).sum()))
    with qtbot.waitSignal(presenter.session_changed):
        assert presenter.set_target_value(0, 0, 0, 1.0)  # y[0, 0, 0] is 1: dy there becomes 0
    assert presenter.target[0, 0, 0] == 1 and presenter.dy[0, 0, 0] == 0
    assert not presenter.set_target_value(5, 0, 0, 1.0)
    assert not presenter.set_target_value(0, 0, 0, float("inf"))


def test_apply_update_lowers_the_target_loss(presenter, qtbot):
    presenter.set_upstream("target")
    presenter.set_stage("grad_w")
    presenter.seek(10)
    before = presenter.loss
    with qtbot.waitSignal(presenter.update_applied) as blocker:
        assert presenter.apply_update(0.001)
    record = blocker.args[0]
    assert record.loss_before == pytest.approx(before)
    assert record.loss_after < record.loss_before
    assert presenter.loss == pytest.approx(record.loss_after)
    d = load_demo()
    _, dw, _ = _demo_grads(conv2d(d.x[None], d.w, d.b, stride=2, padding=1)[0])
    np.testing.assert_allclose(record.w_after, d.w - 0.001 * dw, rtol=1e-5, atol=1e-6)
    assert presenter.stage == "grad_w" and presenter.step_index == 10  # the student stays where they were


def test_a_bad_learning_rate_is_refused_and_nothing_changes(presenter, qtbot):
    w = np.array(presenter.trace.w)
    with qtbot.waitSignal(presenter.error_reported):
        assert not presenter.apply_update(-1.0)
    np.testing.assert_array_equal(presenter.trace.w, w)


def test_gradient_check_beside_the_analytic_value(presenter, qtbot):
    presenter.set_upstream("target")
    presenter.set_stage("grad_w")
    presenter.seek(5)
    with qtbot.waitSignal(presenter.gradient_checked) as blocker:
        assert presenter.check_gradient()
    check = blocker.args[0]
    assert check.analytic == pytest.approx(presenter.current.value, rel=1e-5)
    assert check.relative_difference < 1e-6


def test_backward_steps_keep_their_place_when_the_upstream_changes(presenter):
    presenter.set_stage("grad_w")
    presenter.seek(20)
    presenter.set_upstream("target")
    assert presenter.step_index == 20
    expected = float(presenter.dy[presenter.current.filter, 0, 0])
    assert presenter.current.upstream[0, 0] == pytest.approx(expected)
