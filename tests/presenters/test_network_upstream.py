"""The third upstream source: a conv cell sent from the Network tab learns from the network's
real gradient (cross-entropy of the whole network for the sample's label)."""

from __future__ import annotations

import io

import numpy as np
import pytest

from cnnviz.core import conv2d_backward, cross_entropy, forward_trace
from cnnviz.core.samples import SAMPLES
from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.conv_session import Params
from cnnviz.presenters.lesson_session import lesson_from_session
from cnnviz.presenters.network import NetworkPresenter


@pytest.fixture
def sent(qtbot, saved):
    """The Network tab's conv2 filter 3 sent to a convolution session, as the window does it."""
    net, conv = NetworkPresenter(), ConvSessionPresenter()
    errors: list[str] = []
    conv.error_reported.connect(errors.append)
    assert net.open_model(saved[0]) and net.choose_sample(4)
    column = [c.name for c in net.columns].index("conv2")
    assert net.select(column, (3, 1, 2))
    requests = []
    net.convolution_requested.connect(requests.append)
    assert net.open_in_convolution()
    (req,) = requests
    assert conv.configure(req.x, req.w, req.b, Params(req.stride, req.padding, 1), req.name)
    assert conv.set_network_source(req.source)
    yield net, conv, req, errors
    net.deleteLater()
    conv.deleteLater()


def _model_grads(model, x, label):
    """The model's own backward pass: conv2's weight and bias gradients for one labelled input."""
    logits = model.forward(np.asarray(x, np.float32)[None])
    loss, dlogits = cross_entropy(logits, np.array([label]))
    model.backward(dlogits)
    conv2 = model.layers[3]
    return loss, np.asarray(conv2.weight.grad), np.asarray(conv2.bias.grad)


def test_the_sent_cell_learns_from_the_networks_real_gradient(sent, saved):
    net, conv, req, _ = sent
    label = int(net.samples.labels[4])
    src = conv.network_source
    assert conv.upstream_mode == "network" and src is not None
    assert (src.label, src.true_label, src.channel) == (label, True, 3)
    name = net.class_names[label]
    assert src.describe_input() == f"validation sample 5 (true class: {name})"  # worded when shown
    loss, dw, db = _model_grads(saved[2], net.fed, label)
    assert conv.loss == pytest.approx(loss, rel=1e-5)
    # ∂L/∂w of the session's one filter is the model's own conv2 gradient of filter 3
    conv.set_stage("grad_w")
    trace = conv.stage_trace
    np.testing.assert_allclose(trace.dw[0], dw[3], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(trace.db, db[3:4], rtol=1e-4, atol=1e-6)
    # and the upstream itself is the network's ∂L/∂y at conv2's filter 3
    records = forward_trace(saved[2], net.fed)
    _, dw_dy, _ = conv2d_backward(conv.dy[None], records[3].input[None], records[3].weight[3:4], padding=1)
    np.testing.assert_allclose(np.asarray(dw_dy)[0], dw[3], rtol=1e-4, atol=1e-6)


def test_an_update_lowers_the_networks_loss_and_the_check_agrees(sent, qtbot):
    _, conv, _, errors = sent
    conv.set_stage("grad_w")
    conv.seek(conv.stage_trace.index(0, 2, 1, 1))
    checks = []
    conv.gradient_checked.connect(checks.append)
    assert conv.check_gradient()
    (check,) = checks
    assert check.relative_difference < 1e-3 and check.analytic == pytest.approx(conv.current.value, rel=1e-4)
    records = []
    conv.update_applied.connect(records.append)
    assert conv.apply_update(0.05), errors
    (rec,) = records
    assert rec.loss_after < rec.loss_before
    assert conv.upstream_mode == "network" and conv.loss == pytest.approx(rec.loss_after)


def test_another_input_falls_back_to_ones_and_network_is_refused(sent):
    _, conv, _, errors = sent
    assert conv.load_sample(next(iter(SAMPLES)))
    assert conv.upstream_mode == "ones" and conv.network_source is None
    assert not conv.set_upstream("network")
    assert "Network tab" in errors[-1]
    assert conv.set_upstream("ones") and conv.set_upstream("target")


def test_a_lesson_keeps_the_networks_gradient_as_a_target(sent):
    _, conv, _, _ = sent
    conv.set_stage("grad_x")
    lesson = lesson_from_session(conv, "")
    assert lesson.upstream == "target"
    other = ConvSessionPresenter()
    try:
        assert other.restore(
            lesson.x,
            lesson.w,
            lesson.b,
            Params(lesson.stride, lesson.padding, lesson.dilation),
            conv.pool_settings,
            lesson.stage,
            lesson.upstream,
            lesson.target,
            lesson.step,
            lesson.name,
        )
        np.testing.assert_allclose(other.dy, conv.dy, atol=1e-6)
        np.testing.assert_allclose(other.stage_trace.output, conv.stage_trace.output, atol=1e-6)
    finally:
        other.deleteLater()


def test_a_drawing_is_scored_against_the_class_the_network_predicts(qtbot, saved):
    net = NetworkPresenter()
    try:
        assert net.open_model(saved[0])
        net.begin_stroke(0.5, 0.1)
        net.extend_stroke(0.5, 0.9)
        net.end_stroke()
        net.flush()
        column = [c.name for c in net.columns].index("conv1")
        assert net.select(column, (0, 2, 2))
        requests = []
        net.convolution_requested.connect(requests.append)
        assert net.open_in_convolution()
        src = requests[0].source
        assert not src.true_label and src.label == int(np.argmax(net.records[-1].output))
        assert src.describe_input() == "your drawing"
    finally:
        net.deleteLater()


def test_the_code_panel_and_the_pytorch_check_carry_the_networks_gradient(sent):
    from cnnviz.presenters.code_text import setting_of
    from cnnviz.presenters.torch_check import _payload, compare, torch_results

    _, conv, _, _ = sent
    conv.set_stage("grad_w")
    setting = setting_of(conv)
    assert setting.upstream == "target"
    np.testing.assert_allclose(np.asarray(conv.trace.output) - setting.target, conv.dy, atol=1e-6)
    pytest.importorskip("torch")
    data, settings = _payload(conv)
    with np.load(io.BytesIO(data)) as npz:
        arrays = {k: npz[k] for k in npz.files}
    got = torch_results({k: arrays[k] for k in ("x", "w", "b", "target")}, settings)
    ((name, _, diff, size),) = [r for r in compare({"grad_w": arrays["expected_grad_w"]}, got)]
    assert name == "grad_w" and size > 0 and diff <= 1e-4 * size
