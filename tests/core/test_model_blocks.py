"""Networks of 1–3 conv blocks: building, training, and checkpoints old and new."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from core_refs import numerical_grad

from cnnviz.core import (
    Adam,
    AvgPool2d,
    Conv2d,
    Flatten,
    Linear,
    MaxPool2d,
    ReLU,
    cross_entropy,
    make_cnn,
    to_numpy,
)
from cnnviz.core.checkpoint import CheckpointError, describe_architecture, load_model, save_model
from cnnviz.core.train import Architecture

DATA = Path(__file__).parent / "data"


def test_make_cnn_builds_three_pooled_blocks_on_32x32():
    model = make_cnn((1, 32, 32), 8, filters=16, kernel_size=5, blocks=3, hidden=32, seed=0)
    kinds = [type(layer) for layer in model.layers]
    assert kinds == [Conv2d, ReLU, MaxPool2d] * 3 + [Flatten, Linear, ReLU, Linear]
    assert [layer.weight.value.shape for layer in model.layers if isinstance(layer, Conv2d)] == [
        (16, 1, 5, 5), (16, 16, 5, 5), (16, 16, 5, 5),
    ]
    assert model.out_shape((1, 32, 32)) == (8,)
    assert model.layers[9].out_shape((16, 4, 4)) == (256,)
    assert model.in_shape == (1, 32, 32)


def test_one_block_draws_the_same_weights_as_before_blocks_existed():
    # the first conv and the linear layers of a 1-block model keep their place in the seed's stream
    a = make_cnn((1, 8, 8), 10, filters=4, hidden=6, seed=3).state_dict()
    b = make_cnn((1, 8, 8), 10, filters=4, hidden=6, blocks=1, seed=3).state_dict()
    assert list(a) == ["0.weight", "0.bias", "4.weight", "4.bias", "6.weight", "6.bias"]
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])
    deep = make_cnn((1, 8, 8), 10, filters=4, hidden=6, blocks=2, seed=3).state_dict()
    np.testing.assert_array_equal(deep["0.weight"], a["0.weight"])


def test_avg_and_no_pool_blocks():
    avg = make_cnn((2, 12, 12), 3, filters=3, pool="avg", blocks=2, seed=1)
    assert [type(layer) for layer in avg.layers] == [Conv2d, ReLU, AvgPool2d] * 2 + [Flatten, Linear]
    assert avg.out_shape((2, 12, 12)) == (3,) and avg.layers[-1].weight.value.shape == (3, 3 * 3 * 3)
    flat = make_cnn((1, 5, 5), 2, filters=2, pool="none", blocks=3, seed=1)
    assert [type(layer) for layer in flat.layers] == [Conv2d, ReLU] * 3 + [Flatten, Linear]
    assert flat.layers[-1].weight.value.shape == (2, 2 * 5 * 5)


def test_impossible_block_counts_are_refused_in_words():
    with pytest.raises(ValueError, match="conv blocks must be between 1 and 3, got 0"):
        make_cnn((1, 8, 8), 2, blocks=0)
    with pytest.raises(ValueError, match="conv blocks must be between 1 and 3, got 4"):
        Architecture((1, 32, 32), 2, blocks=4).check()
    with pytest.raises(ValueError, match="at least 8×8 pixels, got 6×8"):
        Architecture((1, 6, 8), 2, blocks=3).check()
    Architecture((1, 6, 8), 2, blocks=3, pool="none").check()  # no pooling: nothing shrinks
    Architecture((1, 4, 4), 2, blocks=2).check()


def test_architecture_dict_round_trips_blocks_and_reads_old_descriptions():
    arch = Architecture((1, 16, 16), 4, filters=4, kernel_size=3, pool="avg", hidden=8, blocks=3)
    assert arch.to_dict()["blocks"] == 3
    assert Architecture.from_dict(arch.to_dict()) == arch
    old = {k: v for k, v in arch.to_dict().items() if k != "blocks"}
    assert Architecture.from_dict(old).blocks == 1
    with pytest.raises(ValueError, match="malformed"):
        Architecture.from_dict({**arch.to_dict(), "blocks": "three"})


def _separable(n: int, seed: int, hw: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Bright top half (class 0) or bright bottom half (class 1), with noise."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=n)
    x = rng.standard_normal((n, 1, hw, hw)).astype(np.float32) * 0.3
    for i, lab in enumerate(labels):
        x[i, 0, : hw // 2] += 1.0 if lab == 0 else 0.0
        x[i, 0, hw // 2 :] += 1.0 if lab == 1 else 0.0
    return x, labels


@pytest.mark.parametrize("blocks, pool", [(2, "max"), (3, "max"), (3, "avg")])
def test_deeper_networks_train_a_few_batches(blocks, pool):
    model = make_cnn((1, 16, 16), 2, filters=4, kernel_size=3, pool=pool, blocks=blocks, seed=0)
    opt = Adam(model.parameters(), lr=0.01)
    x, labels = _separable(32, seed=1)
    losses = []
    for _ in range(8):
        loss, d = cross_entropy(model.forward(x), labels)
        opt.zero_grad()
        model.backward(d)
        opt.step()
        losses.append(loss)
    assert all(np.isfinite(losses)) and losses[-1] < 0.7 * losses[0]
    assert all(np.isfinite(to_numpy(p.value)).all() for p in model.parameters())
    if pool == "max":  # every block ran the fused training path
        assert sum(count == 3 for _, count in model._runs) == blocks


@pytest.mark.parametrize("pool", ["max", "avg"])
def test_two_block_gradients_match_finite_differences(pool):
    model = make_cnn((1, 6, 6), 3, filters=2, kernel_size=3, pool=pool, blocks=2, hidden=3, seed=2)
    rng = np.random.default_rng(5)
    for p in model.parameters():
        p.value = np.asarray(to_numpy(p.value), dtype=np.float64)
        if p.name == "bias":
            p.value[...] = rng.standard_normal(p.value.shape) * 0.1
        p.grad = np.zeros_like(p.value)
    x = rng.standard_normal((3, 1, 6, 6))
    labels = rng.integers(0, 3, size=3)

    def loss() -> float:
        return cross_entropy(model.forward(x), labels)[0]

    _, d = cross_entropy(model.forward(x), labels)
    model.backward(d)
    for name, p in model.named_parameters():
        np.testing.assert_allclose(p.grad, numerical_grad(loss, p.value), rtol=1e-5, atol=1e-8, err_msg=name)


# -- checkpoints ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["model_v1_max_hidden", "model_v1_nopool"])
def test_files_saved_before_blocks_existed_still_load(name):
    # written by cnnviz's save_model before conv blocks (format version 1, no "blocks" field)
    with np.load(DATA / f"{name}.npz") as data:
        meta = json.loads(str(data["meta"]))
    assert meta["version"] == 1 and "blocks" not in meta["architecture"]
    ck = load_model(DATA / f"{name}.npz")
    assert ck.architecture.blocks == 1 and ck.dataset == "digits" and (ck.mean, ck.std) == (0.25, 0.5)
    assert ck.class_names == tuple(f"c{i}" for i in range(ck.architecture.num_classes))
    x = np.random.default_rng(0).standard_normal((3, *ck.architecture.in_shape)).astype(np.float32)
    np.testing.assert_array_equal(ck.model.forward(x), np.load(DATA / f"{name}_logits.npy"))


def test_a_three_block_model_round_trips_as_version_2(tmp_path):
    arch = Architecture((1, 16, 16), 3, filters=3, kernel_size=3, pool="max", hidden=5, blocks=3)
    model = arch.build(seed=4)
    path = save_model(tmp_path / "deep.npz", model, arch, class_names=("a", "b", "c"))
    with np.load(path) as data:
        assert json.loads(str(data["meta"]))["version"] == 2
    ck = load_model(path, expected=arch)
    assert ck.architecture == arch
    x = np.random.default_rng(1).standard_normal((2, 1, 16, 16)).astype(np.float32)
    np.testing.assert_array_equal(ck.model.forward(x), model.forward(x))


def test_a_one_block_model_is_still_written_as_version_1(tmp_path):
    arch = Architecture((1, 8, 8), 2, filters=2, kernel_size=3)
    path = save_model(tmp_path / "m.npz", arch.build(), arch, class_names=("a", "b"))
    with np.load(path) as data:
        meta = json.loads(str(data["meta"]))
    assert meta["version"] == 1 and meta["architecture"]["blocks"] == 1
    assert load_model(path).architecture == arch


def _with_meta(path: Path, **changes: object) -> None:
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays["meta"]))
    arch = changes.pop("architecture", None)
    if arch:
        meta["architecture"].update(arch)
    meta.update(changes)
    arrays["meta"] = np.array(json.dumps(meta))
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"architecture": {"blocks": 4}}, "conv blocks must be between 1 and 3, got 4"),
        ({"architecture": {"blocks": 3, "in_shape": [1, 4, 4]}}, "at least 8×8 pixels, got 4×4"),
        ({"architecture": {"blocks": [2]}}, "incomplete or malformed"),
        ({"version": 3}, "version 3; this cnnviz reads versions 1 and 2"),
        ({"version": True}, "version True"),
    ],
)
def test_an_architecture_this_code_cannot_build_is_refused_in_words(tmp_path, changes, words):
    arch = Architecture((1, 8, 8), 2, filters=2, kernel_size=3, blocks=2)
    path = save_model(tmp_path / "m.npz", arch.build(), arch, class_names=("a", "b"))
    _with_meta(path, **changes)
    with pytest.raises(CheckpointError, match=words):
        load_model(path)


def test_blocks_that_disagree_with_the_parameters_are_refused(tmp_path):
    arch = Architecture((1, 8, 8), 2, filters=2, kernel_size=3, blocks=2)
    path = save_model(tmp_path / "m.npz", arch.build(), arch, class_names=("a", "b"))
    _with_meta(path, architecture={"blocks": 1})
    with pytest.raises(CheckpointError, match="does not fit its architecture.*unexpected: 3.bias, 3.weight"):
        load_model(path)
    with pytest.raises(CheckpointError, match="different network.*2 conv blocks of 2 filters"):
        load_model(save_model(tmp_path / "n.npz", arch.build(), arch, class_names=("a", "b")),
                   expected=Architecture((1, 8, 8), 2, filters=2, kernel_size=3))


def test_describe_architecture_names_the_blocks():
    one = Architecture((1, 8, 8), 10, filters=16, kernel_size=5)
    assert describe_architecture(one) == (
        "1×8×8 input, 16 filters 5×5, max pooling, no hidden layer, 10 classes"
    )
    three = Architecture((1, 32, 32), 8, filters=16, kernel_size=5, blocks=3, hidden=32)
    assert describe_architecture(three) == (
        "1×32×32 input, 3 conv blocks of 16 filters 5×5, max pooling, 32 hidden units, 8 classes"
    )
