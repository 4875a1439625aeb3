from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.datasets import make_shapes, split_dataset
from cnnviz.core.train import (
    Architecture,
    BatchRecord,
    DivergedRecord,
    EpochRecord,
    TrainConfig,
    evaluate,
    make_optimizer,
    train_steps,
)


@pytest.fixture(scope="module")
def shapes_split():
    return split_dataset(make_shapes(480, size=12, seed=0), 0.25, seed=0)


def run(split, config, arch_kw=None):
    arch = Architecture(split.input_shape, split.num_classes, **(arch_kw or {}))
    model = arch.build(config.seed)
    return model, list(train_steps(model, make_optimizer(model, config), split, config))


def test_seeded_run_on_shapes_lowers_loss_and_reaches_90_percent(shapes_split):
    config = TrainConfig(epochs=6, batch_size=32, lr=0.005, optimizer="adam", seed=0)
    model, records = run(shapes_split, config)
    epochs = [r for r in records if isinstance(r, EpochRecord)]
    batches = [r for r in records if isinstance(r, BatchRecord)]
    assert [e.epoch for e in epochs] == list(range(1, 7))
    assert len(batches) == 6 * 12 and batches[-1].step == batches[-1].total_steps == 72
    assert epochs[-1].train_loss < 0.5 * epochs[0].train_loss
    assert epochs[-1].val_loss < epochs[0].val_loss
    # stated accuracy: 90 % of the held-out shapes after 6 epochs (measured: 97.5 %)
    assert epochs[-1].val_accuracy >= 0.90
    final = evaluate(model, shapes_split.x_val, shapes_split.y_val, 8)
    assert final.accuracy == epochs[-1].val_accuracy


def test_records_are_frozen_and_complete(shapes_split):
    config = TrainConfig(epochs=1, batch_size=64, lr=0.005, seed=1)
    _, records = run(shapes_split, config)
    b = records[0]
    assert isinstance(b, BatchRecord) and b.filters.shape == (16, 1, 5, 5)
    with pytest.raises(ValueError):
        b.filters[0, 0, 0, 0] = 1.0
    e = records[-1]
    assert isinstance(e, EpochRecord)
    assert e.confusion.shape == (8, 8) and e.confusion.sum() == len(shapes_split.y_val)
    assert np.trace(e.confusion) == round(e.val_accuracy * len(shapes_split.y_val))
    assert np.array_equal(np.bincount(shapes_split.y_val, minlength=8), e.confusion.sum(axis=1))
    assert e.val_predictions.shape == shapes_split.y_val.shape


def test_filters_change_while_training(shapes_split):
    _, records = run(shapes_split, TrainConfig(epochs=1, batch_size=32, lr=0.01, seed=0))
    batches = [r for r in records if isinstance(r, BatchRecord)]
    assert not np.allclose(batches[0].filters, batches[-1].filters)


def test_same_seed_gives_identical_numbers(shapes_split):
    config = TrainConfig(epochs=2, batch_size=32, lr=0.01, optimizer="sgd", seed=7)
    _, a = run(shapes_split, config)
    _, b = run(shapes_split, config)
    assert [r.loss for r in a if isinstance(r, BatchRecord)] == [
        r.loss for r in b if isinstance(r, BatchRecord)
    ]
    _, c = run(shapes_split, TrainConfig(epochs=2, batch_size=32, lr=0.01, optimizer="sgd", seed=8))
    assert a[-1].val_loss != c[-1].val_loss


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_learning_rate_100_diverges_and_stops(shapes_split, optimizer):
    config = TrainConfig(epochs=3, batch_size=32, lr=100.0, optimizer=optimizer, seed=0)
    _, records = run(shapes_split, config)
    last = records[-1]
    assert isinstance(last, DivergedRecord)
    assert not any(isinstance(r, EpochRecord) for r in records)
    assert last.epoch == 1 and last.step == len(records)
    # from a wild rate the advice is the dataset's default, a rate known to train (not lr/10)
    assert "diverged" in last.message and "try 0.005" in last.message


def test_nan_loss_is_detected(shapes_split):
    config = TrainConfig(epochs=1, batch_size=32, lr=0.01, seed=0)
    arch = Architecture(shapes_split.input_shape, 8)
    model = arch.build(0)
    model.layers[-1].weight.value[0, 0] = np.nan
    records = list(train_steps(model, make_optimizer(model, config), shapes_split, config))
    assert len(records) == 1 and isinstance(records[0], DivergedRecord)
    assert "NaN" in records[0].reason and np.isnan(records[0].loss)


def test_bad_settings_are_refused_in_words(shapes_split):
    with pytest.raises(ValueError, match="learning rate must be a positive number"):
        TrainConfig(lr=-1).check()
    with pytest.raises(ValueError, match="optimizer must be"):
        TrainConfig(optimizer="rmsprop").check()
    with pytest.raises(ValueError, match="filters must be between 1 and 32"):
        Architecture((1, 8, 8), 10, filters=0).build()
    with pytest.raises(ValueError, match="kernel size must be"):
        Architecture((1, 8, 8), 10, kernel_size=4).check()


def test_architecture_round_trips_through_a_dict():
    arch = Architecture((1, 12, 12), 8, filters=4, kernel_size=3, pool="avg", hidden=16)
    assert Architecture.from_dict(arch.to_dict()) == arch
    with pytest.raises(ValueError, match="incomplete or malformed"):
        Architecture.from_dict({"in_shape": [1, 8, 8]})


def test_confusion_shares_are_row_fractions():
    from cnnviz.core.train import confusion_shares

    shares = confusion_shares(np.array([[3, 1, 0], [0, 0, 0], [2, 2, 4]]))
    np.testing.assert_allclose(shares, [[0.75, 0.25, 0], [0, 0, 0], [0.25, 0.25, 0.5]])


def test_first_loss_is_near_ln_k_and_the_warm_up_keeps_it_there():
    """Issue 13: the 32-px shapes once started at a loss of ~16 (ln 8 ≈ 2.1 for a
    guess), which flattened the plot. The output layer starts small (logits near
    0) and the learning rate ramps up over the first updates."""
    import math

    from cnnviz.core.datasets import split_dataset
    from cnnviz.core.train import DEFAULT_CONFIGS, WARMUP_STEPS, make_optimizer
    from cnnviz.media.folder_dataset import load_dataset

    base = DEFAULT_CONFIGS["shapes"]
    cfg = type(base)(**{**base.__dict__, "epochs": 1})
    split = split_dataset(load_dataset("shapes", size=32, seed=0), 0.2, seed=0)
    model = Architecture(split.input_shape, split.num_classes).build(0)
    optimizer = make_optimizer(model, cfg)
    losses = [r.loss for r in train_steps(model, optimizer, split, cfg) if isinstance(r, BatchRecord)]
    assert abs(losses[0] - math.log(8)) < 0.15
    assert max(losses[: 2 * WARMUP_STEPS]) < 3.0
    assert optimizer.lr == cfg.lr  # the ramp is not left behind in the optimiser
