"""The Network tab's presenter: every number from the core, every input prepared like the trainer's."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from cnnviz.core import forward_trace, layer_step, receptive_field
from cnnviz.core.formatting import (
    format_channel_sum,
    format_linear,
    format_pool,
    format_relu,
    format_softmax,
    format_total,
)
from cnnviz.media import load_image
from cnnviz.presenters.network import NetworkPresenter
from cnnviz.presenters.network_cells import LINEAR_TERMS, Feeds
from cnnviz.presenters.network_input import Drawing


@pytest.fixture
def net(qtbot, saved):
    p = NetworkPresenter()
    errors: list[str] = []
    p.error_reported.connect(errors.append)
    p.errors = errors
    assert p.open_model(saved[0])
    yield p
    p.deleteLater()


def _column(net, name):
    return next(c for c in net.columns if c.name == name)


def test_columns_are_forward_trace_of_the_fed_sample(net, saved):
    _, split, model = saved
    assert net.input_kind == "sample" and (net.samples.dataset, net.samples.seed) == ("digits", 0)
    assert net.choose_sample(2)
    fed = net.fed
    # the sample is the digits validation image, standardised with the model's mean and std
    assert np.allclose(fed, (net.samples.raw[2] - split.mean) / split.std, atol=1e-6)
    assert np.allclose(fed, split.x_val[2], atol=1e-5)
    records = forward_trace(model, fed)
    names = [c.name for c in net.columns]
    assert names == [
        "input",
        "conv1",
        "relu1",
        "pool1",
        "conv2",
        "relu2",
        "pool2",
        "fc1",
        "relu_fc1",
        "output",
        "softmax",
    ]
    for col in net.columns[1:]:
        assert np.array_equal(col.values, records[col.record].output)
    assert net.columns[-1].labels == split.class_names
    assert net.columns[-1].winner == int(np.argmax(records[-1].output))
    assert np.isclose(net.probabilities.sum(), 1.0)


def test_selected_cells_write_the_core_formatters_lines(net, saved):
    model = saved[2]
    net.choose_sample(2)
    records = forward_trace(model, net.fed)
    conv2 = _column(net, "conv2")
    assert net.select(conv2.index, (1, 2, 3))
    step = layer_step(records[conv2.record], (1, 2, 3))
    d = net.selected
    assert d.kind == "conv" and d.lines == tuple(format_channel_sum(step, c) for c in range(4))
    assert d.total == format_total(step) and d.value == pytest.approx(step.value, abs=1e-5)
    assert d.receptive == receptive_field(model, conv2.record, 2, 3)
    for name, cell, formatter in (
        ("pool1", (0, 1, 2), format_pool),
        ("relu1", (3, 5, 6), format_relu),
        ("relu_fc1", (7,), format_relu),
    ):
        col = _column(net, name)
        assert net.select(col.index, cell)
        assert net.selected.lines == (formatter(layer_step(records[col.record], cell)),)
    out = _column(net, "output")
    net.select(out.index, (4,))
    step = layer_step(records[out.record], (4,))
    assert net.selected.lines == (format_linear(step, LINEAR_TERMS, bias_label="bias"),)
    assert net.dense.linear_detail.sum_text == net.selected.lines[0]  # the dense view shows the same
    assert net.selected.receptive == (0, 0, 8, 8)
    soft = net.columns[-1]
    net.select(soft.index, (6,))
    assert net.selected.lines == (format_softmax(layer_step(records[-1], (6,))),)
    assert net.dense.softmax_detail.current == 6
    assert not net.select(soft.index, (10,)) and net.selected.cell == (6,)  # outside: unchanged


def test_hover_marks_what_feeds_a_cell(net):
    conv1, pool1, conv2 = _column(net, "conv1"), _column(net, "pool1"), _column(net, "conv2")
    net.hover(conv1.index, (2, 0, 7))  # 3×3 window, padding 1: clipped at the corner
    assert net.hovered == Feeds(0, None, (0, 6, 2, 8))
    net.hover(pool1.index, (3, 1, 2))
    assert net.hovered == Feeds(pool1.index - 1, (3,), (2, 4, 4, 6))
    net.hover(conv2.index, (0, 1, 1))
    assert net.hovered == Feeds(pool1.index, None, (0, 0, 3, 3))
    net.hover(_column(net, "fc1").index, (5,))
    assert net.hovered == Feeds(_column(net, "pool2").index, None, None)
    net.hover(_column(net, "relu_fc1").index, (5,))
    assert net.hovered.channels == (5,)
    net.clear_hover()
    assert net.hovered is None and net.hovered_cell is None


def test_drawing_changes_the_fed_array_and_the_probabilities(net, saved):
    split = saved[1]
    before = net.probabilities.copy()
    net.begin_stroke(0.5, 0.1)
    net.extend_stroke(0.5, 0.9)
    net.end_stroke()
    net.flush()
    assert net.input_kind == "drawing"
    raw = net.drawing.image()
    assert raw.shape == (8, 8) and raw[:, 3:5].min() > 0.3 and raw[:, :2].max() == 0
    assert np.allclose(net.fed[0], (raw - split.mean) / split.std, atol=1e-6)
    assert np.allclose(net.columns[0].values, net.fed)
    assert not np.allclose(net.probabilities, before)
    net.undo_stroke()
    assert net.drawing.is_empty and np.allclose(net.fed, -split.mean / split.std)


def test_a_drawing_is_rasterised_at_the_models_resolution():
    d = Drawing((8, 8))
    d.begin(0.0, 0.5)
    d.extend(1.0, 0.5)
    img = d.image()
    assert img.shape == (8, 8) and img.dtype == np.float32
    assert np.allclose(img[3], img[4]) and img[3].min() > 0.4 and img[0].max() == 0
    d.set_size((16, 12))
    assert d.image().shape == (16, 12) and d.image()[7:9].min() > 0
    assert d.undo() and d.is_empty and not d.undo()


def test_an_image_file_is_prepared_like_the_trainers_folder_data(net, saved, tmp_path):
    split = saved[1]
    big = np.zeros((40, 30), np.uint8)
    big[5:35, 12:18] = 255
    path = tmp_path / "one.png"
    Image.fromarray(big).save(path)
    assert net.open_image(str(path))
    raw = load_image(path, mode="gray", shape=(8, 8))
    assert np.array_equal(net.raw, raw)
    assert np.allclose(net.fed, (raw - split.mean) / split.std, atol=1e-6)
    assert "8×8" in net.preprocessing() and f"{split.mean:.3g}" in net.preprocessing()
    assert net.input_description() == "image file one.png"
    fed = net.fed
    (tmp_path / "bad.png").write_text("no")
    assert not net.open_image(str(tmp_path / "bad.png"))
    assert "bad.png" in net.errors[-1] and np.array_equal(net.fed, fed)


def test_a_bad_model_file_is_refused_and_the_model_kept(net, tmp_path):
    model = net.model
    (tmp_path / "x.npz").write_bytes(b"junk")
    assert not net.open_model(tmp_path / "x.npz")
    assert net.errors[-1].startswith("Could not open the model: ") and net.model is model


def test_open_in_convolution_sends_the_layers_input_and_filter(net, saved):
    records = forward_trace(saved[2], net.fed)
    assert not net.open_in_convolution()  # nothing selected
    conv2 = _column(net, "conv2")
    net.select(conv2.index, (3, 1, 2))
    sent = []
    net.convolution_requested.connect(sent.append)
    assert net.open_in_convolution()
    (req,) = sent
    rec = records[conv2.record]
    assert np.array_equal(req.x, rec.input) and np.array_equal(req.w, rec.weight[3:4])
    assert np.array_equal(req.b, rec.bias[3:4]) and (req.stride, req.padding) == (1, 1)
    assert (req.row, req.col) == (1, 2) and "conv2" in req.name


def test_the_untrained_trainer_model_is_the_one_start_builds(qtbot):
    from cnnviz.presenters.trainer import TrainerPresenter
    from cnnviz.presenters.trainer_session import TrainerSettings

    trainer = TrainerPresenter()
    net = NetworkPresenter()
    try:
        settings = TrainerSettings(filters=4, blocks=2, seed=5)
        assert trainer.set_settings(settings)
        net.attach_trainer(trainer)
        assert net.snapshot.state == "untrained"
        expected = settings.architecture(trainer.split).build(5).state_dict()
        got = net.snapshot.model.state_dict()
        assert all(np.array_equal(got[k], expected[k]) for k in expected)
        assert net.samples.fed.shape == (16, 1, 8, 8)
        assert np.array_equal(net.samples.fed, trainer.split.x_val[:16])  # exactly what it validates on
        assert "untrained" in net.model_description()
    finally:
        trainer.shutdown()
        net.deleteLater()


def test_an_inactive_tab_waits_and_catches_up(qtbot, net):
    before = net.probabilities.copy()
    net.set_active(False)
    net.begin_stroke(0.2, 0.2)
    net.extend_stroke(0.8, 0.8)
    net.end_stroke()
    assert np.array_equal(net.probabilities, before)  # hidden: no forward pass, no timer
    assert not net._timer.isActive()
    net.set_active(True)
    qtbot.waitUntil(lambda: not np.array_equal(net.probabilities, before))
    assert np.allclose(net.columns[0].values, net.fed)
