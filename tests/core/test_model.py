"""Sequential, make_cnn and the layers: forward wiring, gradients, state dicts, training."""

from __future__ import annotations

import numpy as np
import pytest
from core_refs import numerical_grad, ref_avg_pool2d, ref_conv2d, ref_linear, ref_max_pool2d

from cnnviz.core import (
    SGD,
    Adam,
    AvgPool2d,
    Conv2d,
    Flatten,
    Linear,
    MaxPool2d,
    ReLU,
    Sequential,
    cross_entropy,
    make_cnn,
    to_numpy,
)


def _to_float64(model: Sequential) -> Sequential:
    for p in model.parameters():
        p.value = np.asarray(to_numpy(p.value), dtype=np.float64)
        p.grad = np.zeros_like(p.value)
    return model


def _small_bias(model: Sequential, seed: int = 5) -> None:
    # zero biases hide bias-gradient bugs; give every bias a value
    rng = np.random.default_rng(seed)
    for name, p in model.named_parameters():
        if name.endswith("bias"):
            p.value[...] = rng.standard_normal(p.value.shape) * 0.1


def _manual_model(rng: np.random.Generator) -> Sequential:
    return Sequential(
        [
            Conv2d(2, 3, (3, 2), stride=2, padding=1, rng=rng),
            ReLU(),
            AvgPool2d(2),
            Flatten(),
            Linear(3 * 2 * 2, 3, rng=rng),
        ]
    )


MODELS = {
    "max+hidden": lambda: make_cnn((1, 6, 6), 3, filters=2, pool="max", hidden=4, seed=1),
    "avg": lambda: make_cnn((2, 5, 4), 3, filters=3, kernel_size=3, pool="avg", seed=2),
    "no pool, 5x5": lambda: make_cnn((1, 5, 5), 2, filters=2, kernel_size=5, pool="none", seed=3),
    "strided conv": lambda: _manual_model(np.random.default_rng(4)),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_full_gradient_matches_finite_differences(name):
    model = _to_float64(MODELS[name]())
    _small_bias(model)
    in_shape = {
        "max+hidden": (1, 6, 6),
        "avg": (2, 5, 4),
        "no pool, 5x5": (1, 5, 5),
        "strided conv": (2, 7, 6),
    }[name]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, *in_shape))
    classes = model.out_shape(in_shape)[0]
    labels = rng.integers(0, classes, size=3)

    def loss() -> float:
        return cross_entropy(model.forward(x), labels)[0]

    _, dlogits = cross_entropy(model.forward(x), labels)
    model.backward(dlogits)
    for pname, p in model.named_parameters():
        assert p.grad.dtype == np.float64
        analytic = p.grad.copy()
        num = numerical_grad(loss, p.value)
        assert np.abs(num).max() > 0, f"{pname}: the loss does not depend on it?"
        np.testing.assert_allclose(analytic, num, rtol=1e-5, atol=1e-8, err_msg=pname)


def _two_stage(seed: int, c: int, conv1: dict, pool1: int, conv2: dict | None, pool2: int, in_hw, classes=3):
    rng = np.random.default_rng(seed)
    layers = [
        Conv2d(c, 4, conv1["k"], stride=conv1.get("s", 1), padding=conv1.get("p", 0), rng=rng),
        ReLU(),
        MaxPool2d(pool1),
    ]
    shape = Sequential(list(layers)).out_shape((c, *in_hw))
    if conv2 is not None:
        layers += [Conv2d(4, 5, conv2["k"], padding=conv2.get("p", 0), rng=rng), ReLU(), MaxPool2d(pool2)]
        shape = Sequential(list(layers)).out_shape((c, *in_hw))
    layers += [Flatten(), Linear(int(np.prod(shape)), classes, rng=rng)]
    return Sequential(layers)


@pytest.mark.parametrize(
    "n, c, in_hw, conv1, pool1, conv2, pool2, ints",
    [
        (3, 2, (9, 11), {"k": 3, "p": 1}, 2, None, 2, False),  # odd sizes: floor mode drops a row/col
        (4, 1, (10, 10), {"k": 3, "s": 2, "p": 1}, 3, None, 2, False),  # strided conv, 3×3 pool
        (5, 2, (12, 12), {"k": 3, "p": 1}, 2, {"k": 3, "p": 1}, 2, False),  # second block needs dx
        (4, 1, (8, 8), {"k": 3, "p": 1}, 2, {"k": 2}, 2, True),  # whole numbers: many ties
        (64, 1, (28, 28), {"k": 5, "p": 2}, 2, None, 2, False),  # W4-sized: several slabs
    ],
)
def test_fused_conv_relu_maxpool_equals_separate_layers(n, c, in_hw, conv1, pool1, conv2, pool2, ints):
    rng = np.random.default_rng(1)
    fused = _two_stage(3, c, conv1, pool1, conv2, pool2, in_hw)
    plain = _two_stage(3, c, conv1, pool1, conv2, pool2, in_hw)
    plain.fuse = False
    x = rng.standard_normal((n, c, *in_hw)).astype(np.float32)
    if ints:
        x = np.round(x * 2).astype(np.float32)
        for model in (fused, plain):
            for p in model.parameters():
                p.value[...] = np.round(np.random.default_rng(2).standard_normal(p.value.shape))
    labels = rng.integers(0, 3, size=n)
    results = []
    for model in (fused, plain):
        logits = model.forward(x)
        _, d = cross_entropy(logits, labels)
        model.backward(d)
        results.append((logits, {k: p.grad.copy() for k, p in model.named_parameters()}))
    assert any(count == 3 for _, count in fused._runs), "the fused path did not run"
    assert all(count == 1 for _, count in plain._runs)
    (lf, gf), (lp, gp) = results
    np.testing.assert_allclose(lf, lp, rtol=1e-5, atol=1e-5)
    for k in gp:
        scale = max(float(np.abs(gp[k]).max()), 1e-6)
        np.testing.assert_allclose(gf[k], gp[k], rtol=1e-4, atol=1e-5 * scale, err_msg=k)


def test_forward_matches_reference_pipeline():
    model = _to_float64(make_cnn((2, 6, 6), 4, filters=3, pool="max", hidden=5, seed=7))
    _small_bias(model)
    x = np.random.default_rng(1).standard_normal((2, 2, 6, 6))
    sd = model.state_dict()
    h = ref_conv2d(x, sd["0.weight"], sd["0.bias"], padding=1)
    h = ref_max_pool2d(np.maximum(h, 0), 2)
    h = np.maximum(ref_linear(h.reshape(2, -1), sd["4.weight"], sd["4.bias"]), 0)
    expected = ref_linear(h, sd["6.weight"], sd["6.bias"])
    np.testing.assert_allclose(model.forward(x), expected, rtol=1e-10, atol=1e-12)
    assert model.out_shape((2, 6, 6)) == (4,)


def test_avg_pool_layer_and_describe():
    model = make_cnn((1, 4, 4), 2, filters=2, pool="avg", seed=0)
    assert [type(layer) for layer in model.layers] == [Conv2d, ReLU, AvgPool2d, Flatten, Linear]
    text = model.describe()
    assert text[0] == "Conv2d 1→2, 3×3, stride 1, padding 1"
    assert text[2] == "AvgPool2d 2×2" and text[-1] == "Linear 8→2"
    x = np.random.default_rng(0).standard_normal((1, 1, 4, 4)).astype(np.float32)
    conv = model.layers[0]
    h = np.maximum(ref_conv2d(x, to_numpy(conv.weight.value), padding=1), 0)
    pooled = model.layers[2].forward(model.layers[1].forward(model.layers[0].forward(x)))
    np.testing.assert_allclose(pooled, ref_avg_pool2d(h, 2), rtol=1e-5, atol=1e-6)
    assert isinstance(MaxPool2d(2).out_shape((3, 5, 5)), tuple)


def test_make_cnn_seed_is_reproducible():
    a = make_cnn((1, 8, 8), 10, filters=8, hidden=16, seed=42).state_dict()
    b = make_cnn((1, 8, 8), 10, filters=8, hidden=16, seed=42).state_dict()
    c = make_cnn((1, 8, 8), 10, filters=8, hidden=16, seed=43).state_dict()
    assert list(a) == ["0.weight", "0.bias", "4.weight", "4.bias", "6.weight", "6.bias"]
    for k in a:
        assert a[k].dtype == np.float32
        np.testing.assert_array_equal(a[k], b[k])
    assert any(not np.array_equal(a[k], c[k]) for k in a if k.endswith("weight"))
    assert a["0.weight"].shape == (8, 1, 3, 3) and a["4.weight"].shape == (16, 8 * 4 * 4)
    # He initialisation: spread ≈ sqrt(2 / fan_in)
    assert np.std(a["4.weight"]) == pytest.approx(np.sqrt(2 / 128), rel=0.1)


def test_make_cnn_rejects_bad_arguments():
    with pytest.raises(ValueError, match="pool must be 'max', 'avg' or 'none'"):
        make_cnn((1, 8, 8), 10, pool="min")
    with pytest.raises(ValueError, match="classes ≥ 2"):
        make_cnn((1, 8, 8), 1)
    with pytest.raises(ValueError, match="does not fit"):
        make_cnn((1, 1, 1), 2, pool="max")


def _separable(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Bright top half (class 0) or bright bottom half (class 1), with noise."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=n)
    x = rng.standard_normal((n, 1, 6, 6)).astype(np.float32) * 0.3
    for i, lab in enumerate(labels):
        rows = slice(0, 3) if lab == 0 else slice(3, 6)
        x[i, 0, rows] += 1.0
    return x, labels


@pytest.mark.parametrize("opt", ["sgd", "adam"])
def test_a_few_steps_lower_the_loss(opt):
    model = make_cnn((1, 6, 6), 2, filters=4, seed=0)
    params = model.parameters()
    optimizer = SGD(params, lr=0.01, momentum=0.9) if opt == "sgd" else Adam(params, lr=0.01)
    x, labels = _separable(32, seed=1)
    first = cross_entropy(model.forward(x), labels)[0]
    for _ in range(15):
        optimizer.zero_grad()
        loss, d = cross_entropy(model.forward(x), labels)
        model.backward(d)
        optimizer.step()
    last = cross_entropy(model.forward(x), labels)[0]
    assert last < 0.3 * first
    x_test, labels_test = _separable(64, seed=2)
    accuracy = float((model.forward(x_test).argmax(axis=1) == labels_test).mean())
    assert accuracy >= 0.95


# -- state dicts -------------------------------------------------------------------


def _assert_same_state(a: dict, b: dict) -> None:
    assert list(a) == list(b)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])


def test_state_dict_round_trip_and_copies():
    src = make_cnn((1, 6, 6), 3, seed=1)
    dst = make_cnn((1, 6, 6), 3, seed=2)
    state = src.state_dict()
    dst.load_state_dict(state)
    _assert_same_state(dst.state_dict(), state)
    state["0.weight"][...] = 99  # the dict is a copy, not the model's memory
    assert not np.any(to_numpy(src.layers[0].weight.value) == 99)
    dst.load_state_dict({k: v.astype(np.float64) for k, v in src.state_dict().items()})
    assert dst.layers[0].weight.value.dtype == np.float32  # keeps its own dtype


def _bad_states():
    # make_cnn((1, 6, 6), 3): 0 conv, 1 relu, 2 pool, 3 flatten, 4 linear 72→3
    good = make_cnn((1, 6, 6), 3, seed=1).state_dict()
    missing = dict(good)
    del missing["0.bias"]
    extra = dict(good, **{"9.weight": np.zeros(3, np.float32)})
    renamed = {k.replace("0.", "1.") if k.startswith("0.") else k: v for k, v in good.items()}
    # the bad entry comes last, after valid ones that must not be copied in already
    shape = dict(good, **{"4.bias": np.zeros(2, np.float32)})
    dtype = dict(good, **{"4.weight": good["4.weight"].astype(np.int32)})
    nan = dict(good, **{"4.bias": np.array([0, np.nan, 0], np.float32)})
    inf = dict(good, **{"4.weight": np.full_like(good["4.weight"], np.inf)})
    return {
        "missing": (missing, "missing: 0.bias"),
        "extra": (extra, "unexpected: 9.weight"),
        "renamed": (renamed, "missing: 0.bias, 0.weight; unexpected: 1.bias, 1.weight"),
        "shape": (shape, "4.bias has shape (2,), the architecture needs (3,)"),
        "dtype": (dtype, "4.weight has dtype int32, expected floating point"),
        "nan": (nan, "4.bias contains non-finite values"),
        "inf": (inf, "4.weight contains non-finite values"),
    }


@pytest.mark.parametrize("case", list(_bad_states()))
def test_load_state_dict_rejects_bad_state_and_leaves_model_unchanged(case):
    model = make_cnn((1, 6, 6), 3, seed=3)
    state, message = _bad_states()[case]
    before = model.state_dict()
    with pytest.raises(ValueError) as info:
        model.load_state_dict(state)
    assert message in str(info.value)
    _assert_same_state(model.state_dict(), before)
