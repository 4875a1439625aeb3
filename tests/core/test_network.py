"""forward_trace, receptive_field, predict and layer_trace on whole networks."""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import strided_model

from cnnviz.core import (
    AvgPool2d,
    ConvTrace,
    LinearTrace,
    PoolTrace,
    ReluTrace,
    Sequential,
    SoftmaxTrace,
    forward_trace,
    layer_step,
    layer_trace,
    make_cnn,
    predict,
    receptive_field,
    softmax,
    to_numpy,
)

MODELS = {
    "3 blocks max + hidden": lambda: make_cnn((1, 16, 16), 4, filters=3, kernel_size=5, blocks=3, hidden=6,
                                              seed=1),
    "2 blocks avg, odd size": lambda: make_cnn((2, 11, 9), 3, filters=2, kernel_size=3, pool="avg", blocks=2),
    "3 blocks no pool": lambda: make_cnn((1, 7, 6), 2, filters=2, kernel_size=3, pool="none", blocks=3,
                                         seed=2),
    "1 block": lambda: make_cnn((1, 8, 8), 10, filters=4, kernel_size=3, seed=3),
    "strided": strided_model,
    "strided avg": lambda: strided_model(pool=AvgPool2d),
}


def _bias(model: Sequential, seed: int = 5) -> Sequential:
    rng = np.random.default_rng(seed)
    for p in model.parameters():
        if p.name == "bias":
            p.value[...] = rng.standard_normal(p.value.shape) * 0.1
    return model


def _input(model: Sequential, seed: int = 0, n: int | None = None) -> np.ndarray:
    shape = model.in_shape if n is None else (n, *model.in_shape)
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


# -- forward_trace -----------------------------------------------------------------


def test_names_and_kinds_follow_the_layers():
    model = MODELS["3 blocks max + hidden"]()
    records = forward_trace(model, _input(model))
    assert [r.name for r in records] == [
        "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3", "pool3",
        "flatten", "fc1", "relu_fc1", "output", "softmax",
    ]
    assert [r.kind for r in records] == [
        "conv", "relu", "maxpool", "conv", "relu", "maxpool", "conv", "relu", "maxpool",
        "flatten", "linear", "relu", "linear", "softmax",
    ]
    assert [r.index for r in records] == list(range(14))
    assert [r.shape for r in records[:3]] == [(3, 16, 16), (3, 16, 16), (3, 8, 8)]
    assert records[9].shape == (3 * 2 * 2,) and records[-1].shape == (4,)
    avg = MODELS["2 blocks avg, odd size"]()
    kinds = [r.kind for r in forward_trace(avg, _input(avg))]
    assert kinds[:3] == ["conv", "relu", "avgpool"]


@pytest.mark.parametrize("name", list(MODELS))
def test_each_record_equals_the_models_own_forward_layer_by_layer(name):
    model = _bias(MODELS[name]())
    x = _input(model)
    records = forward_trace(model, x)
    assert len(records) == len(model.layers) + 1
    h = x[None]
    for layer, rec in zip(model.layers, records):
        np.testing.assert_array_equal(rec.input, h[0], err_msg=rec.name)
        h = layer.forward(h)
        np.testing.assert_array_equal(rec.output, to_numpy(h)[0], err_msg=rec.name)
        assert rec.output.dtype == np.float32
    np.testing.assert_allclose(records[-2].output, model.forward(x[None])[0], rtol=1e-5, atol=1e-6)
    last = records[-1]
    assert last.kind == "softmax" and last.name == "softmax"
    np.testing.assert_array_equal(last.input, records[-2].output)
    np.testing.assert_array_equal(last.output, softmax(records[-2].output[None])[0])
    assert last.output.sum() == pytest.approx(1.0, abs=1e-6)


def test_records_carry_what_a_detail_view_needs_and_are_read_only():
    model = strided_model()
    records = forward_trace(model, _input(model))
    conv, _, pool, conv2, _, avg, flat, fc, _ = records
    np.testing.assert_array_equal(conv.weight, model.layers[0].weight.value)
    np.testing.assert_array_equal(conv.bias, model.layers[0].bias.value)
    assert (conv.kernel, conv.stride, conv.padding, conv.dilation) == ((3, 2), (2, 2), (1, 1), (1, 1))
    assert (conv2.kernel, conv2.stride, conv2.padding) == ((3, 3), (1, 1), (2, 2))
    assert (pool.kind, pool.kernel, pool.stride, pool.weight) == ("maxpool", (3, 3), (2, 2), None)
    assert (avg.kind, avg.kernel, avg.stride) == ("avgpool", (2, 2), (2, 2))
    assert flat.kernel is None and fc.weight.shape == (3, flat.shape[0])
    for rec in records:
        for a in (rec.input, rec.output, rec.weight, rec.bias):
            if a is not None:
                assert not a.flags.writeable, rec.name
    before = records[0].weight.copy()
    model.layers[0].weight.value[...] += 1.0  # training goes on; the record keeps its numbers
    np.testing.assert_array_equal(records[0].weight, before)


def test_bad_inputs_are_refused_in_words():
    model = MODELS["1 block"]()
    with pytest.raises(ValueError, match="takes 1×8×8 inputs"):
        forward_trace(model, np.zeros((1, 9, 8)))
    with pytest.raises(ValueError, match="3 axes"):
        forward_trace(model, np.zeros((1, 1, 8, 8)))
    with pytest.raises(ValueError, match="non-finite"):
        forward_trace(model, np.full((1, 8, 8), np.nan))


# -- predict -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["3 blocks max + hidden", "strided"])
def test_predict_is_softmax_of_the_forward_pass(name):
    model = _bias(MODELS[name]())
    x = _input(model, n=7)
    probs = predict(model, x, batch_size=3)
    assert probs.shape == (7, model.out_shape(model.in_shape)[0]) and isinstance(probs, np.ndarray)
    np.testing.assert_allclose(probs, softmax(model.forward(x)), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(probs[2], forward_trace(model, x[2])[-1].output, rtol=1e-6, atol=1e-7)
    assert predict(model, x[:0]).shape == (0, probs.shape[1])


# -- receptive_field ---------------------------------------------------------------


def _positive_float64(model: Sequential) -> Sequential:
    """All weights and biases positive, so every path carries gradient and none cancels."""
    rng = np.random.default_rng(11)
    for p in model.parameters():
        p.value = np.abs(np.asarray(to_numpy(p.value), dtype=np.float64)) + 0.01
        if p.name == "bias":
            p.value = rng.uniform(0.1, 0.5, p.value.shape)
        p.grad = np.zeros_like(p.value)
    return model


def _influence(model: Sequential, layer: int, cells: list[tuple[int, int]], x: np.ndarray) -> np.ndarray:
    """Brute force: for each cell, the input pixels (H, W) with a non-zero gradient
    of that cell's output (summed over channels) — one backward pass per cell, batched."""
    layers = model.layers[: layer + 1]
    h = np.repeat(x[None], len(cells), axis=0)
    for lay in layers:
        h = lay.forward(h)
    dy = np.zeros_like(h)
    for n, (r, c) in enumerate(cells):
        if dy.ndim == 4:
            dy[n, :, r, c] = 1.0
        else:
            dy[n] = 1.0
    for lay in reversed(layers):
        dy = lay.backward(dy, need_dx=True)
    return np.abs(dy).sum(axis=1) > 0


def _box(mask: np.ndarray) -> tuple[int, int, int, int]:
    rows, cols = np.nonzero(mask)
    return int(rows.min()), int(cols.min()), int(rows.max()) + 1, int(cols.max()) + 1


@pytest.mark.parametrize("name", list(MODELS))
def test_receptive_field_holds_every_pixel_with_a_gradient(name):
    model = _positive_float64(MODELS[name]())
    model.fuse = False
    _, height, width = model.in_shape
    x = np.random.default_rng(3).uniform(0.5, 1.5, model.in_shape)
    records = forward_trace(model, x)
    for rec in records[:-1]:
        if rec.output.ndim == 3:
            _, oh, ow = rec.shape
            cells = [(r, c) for r in range(oh) for c in range(ow)]
        else:
            cells = [(0, 0)]
        influence = _influence(model, rec.index, cells, x)
        # max pooling routes each window's gradient to one pixel; elsewhere every pixel counts
        tight = "maxpool" not in [r.kind for r in records[: rec.index + 1]]
        for (r, c), mask in zip(cells, influence):
            top, left, bottom, right = receptive_field(model, rec.index, r, c)
            assert 0 <= top < bottom <= height and 0 <= left < right <= width
            inside = np.zeros_like(mask)
            inside[top:bottom, left:right] = True
            assert mask.any() and not (mask & ~inside).any(), (rec.name, r, c)
            if tight and rec.output.ndim == 3:
                assert _box(mask) == (top, left, bottom, right), (rec.name, r, c)
    assert receptive_field(model, len(records) - 1, 0, 0) == (0, 0, height, width)


def test_receptive_field_of_three_5x5_blocks():
    model = make_cnn((1, 32, 32), 4, filters=2, kernel_size=5, blocks=3)
    # pool3 cell r covers conv1 rows 8r-14 .. 8r+21: 36 pixels, clipped to the 32×32 input
    assert receptive_field(model, 8, 2, 2) == (2, 2, 32, 32)
    assert receptive_field(model, 8, 1, 3) == (0, 10, 30, 32)
    assert receptive_field(model, 0, 0, 5) == (0, 3, 3, 8)  # conv1: the 5×5 window, padding cut off
    assert receptive_field(model, 1, 10, 10) == (8, 8, 13, 13)  # relu1: the same as conv1
    assert receptive_field(model, 2, 3, 3) == (4, 4, 10, 10)  # pool1: two overlapping windows
    assert receptive_field(model, -1, 0, 0) == receptive_field(model, 9, 7, 7) == (0, 0, 32, 32)


def test_receptive_field_refuses_what_is_not_there():
    model = make_cnn((1, 8, 8), 2, filters=2, blocks=2)
    with pytest.raises(IndexError, match="layer 9 is outside 0..8"):
        receptive_field(model, 9, 0, 0)
    with pytest.raises(IndexError, match=r"cell \(4, 0\) is outside the 4×4 output of layer 2"):
        receptive_field(model, 2, 4, 0)
    bare = Sequential(list(model.layers))
    with pytest.raises(ValueError, match="pass in_shape"):
        receptive_field(bare, 0, 0, 0)
    assert receptive_field(bare, 0, 0, 0, in_shape=(1, 8, 8)) == receptive_field(model, 0, 0, 0)


# -- layer_trace / layer_step --------------------------------------------------------


@pytest.mark.parametrize("name", ["3 blocks max + hidden", "2 blocks avg, odd size", "strided"])
def test_each_record_opens_as_the_stage_trace_that_computes_it(name):
    model = _bias(MODELS[name]())
    records = forward_trace(model, _input(model))
    expected = {"conv": ConvTrace, "relu": ReluTrace, "maxpool": PoolTrace, "avgpool": PoolTrace,
                "linear": LinearTrace, "softmax": SoftmaxTrace}
    for rec in records:
        trace = layer_trace(rec)
        if rec.kind == "flatten":
            assert trace is None and layer_step(rec, (0,)) is None
            continue
        assert isinstance(trace, expected[rec.kind]), rec.name
        out = trace.output.reshape(rec.shape)
        if rec.kind == "conv":  # the same op on the same arrays
            np.testing.assert_array_equal(out, rec.output, err_msg=rec.name)
        else:
            np.testing.assert_allclose(out, rec.output, rtol=1e-6, atol=1e-7, err_msg=rec.name)
        # the clicked cell's step computes the cell's value
        cell = tuple(int(i) for i in np.unravel_index(int(np.argmax(rec.output)), rec.shape))
        step = layer_step(rec, cell)
        value = step.probability if rec.kind == "softmax" else step.value
        assert value == pytest.approx(float(rec.output[cell]), rel=1e-5, abs=1e-6), rec.name
        assert step.index == trace.index(*(cell if len(cell) == 3 or rec.kind != "relu" else (cell[0], 0, 0)))


def test_a_conv_step_shows_that_layers_window_and_filter():
    model = _bias(MODELS["3 blocks max + hidden"]())
    records = forward_trace(model, _input(model))
    conv2 = records[3]
    step = layer_step(conv2, (1, 2, 3))
    np.testing.assert_array_equal(step.weights, model.layers[3].weight.value[1])
    assert step.bias == pytest.approx(float(model.layers[3].bias.value[1]))
    assert step.window.shape == (3, 5, 5) and step.origin == (2, 3)  # padded-input coordinates
    np.testing.assert_array_equal(step.window, records[2].output[:, 0:5, 1:6])  # inside: no padding
    with pytest.raises(IndexError):
        layer_step(conv2, (3, 0, 0))
    with pytest.raises(IndexError):
        layer_step(conv2, (0, 0))


@pytest.mark.gpu
def test_a_cupy_model_traces_to_the_same_numpy_records(cupy):
    gpu = make_cnn((1, 16, 16), 4, filters=3, kernel_size=5, blocks=3, hidden=6, seed=1, xp=cupy)
    cpu = make_cnn((1, 16, 16), 4, filters=3, kernel_size=5, blocks=3, hidden=6, seed=1)
    x = _input(cpu)
    for a, b in zip(forward_trace(gpu, x), forward_trace(cpu, x)):
        assert isinstance(a.output, np.ndarray)
        np.testing.assert_array_equal(a.output, b.output, err_msg=a.name)
    xs = _input(cpu, n=3)
    expected = softmax(to_numpy(gpu.forward(cupy.asarray(xs))))
    np.testing.assert_allclose(predict(gpu, xs), expected, rtol=1e-5, atol=1e-6)
    assert receptive_field(gpu, 8, 1, 1) == receptive_field(cpu, 8, 1, 1)
