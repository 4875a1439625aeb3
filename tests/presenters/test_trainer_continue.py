"""Continuing a run: the optimiser's state and the epoch count go on; Reset starts over;
the divergence advice names a rate that trains."""

from __future__ import annotations

import re

import numpy as np
import pytest

from cnnviz.core.optim import SGD, Adam
from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.presenters.trainer_session import TrainerSettings


@pytest.fixture
def make_presenter(qtbot):
    made = []

    def make():
        p = TrainerPresenter()
        made.append(p)
        return p

    yield make
    for p in made:
        p.shutdown()
        assert p._worker is None


def quick(**changes):
    return TrainerSettings.for_dataset("digits", **{"epochs": 1, "batch_size": 128, **changes})


def run_to_end(qtbot, p, timeout=30000):
    with qtbot.waitSignal(p.state_changed, timeout=timeout,
                          check_params_cb=lambda s: s in ("finished", "stopped", "diverged")):
        assert p.start()


def recorded(p):
    losses, progress = [], []
    p.batches_recorded.connect(lambda x, loss, acc: losses.extend(loss.tolist()))
    p.progress_changed.connect(lambda *a: progress.append(a))
    return losses, progress


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_a_continued_run_trains_exactly_like_an_uninterrupted_one(qtbot, make_presenter, optimizer):
    whole = make_presenter()
    whole.set_settings(quick(epochs=2, optimizer=optimizer))
    whole_losses, _ = recorded(whole)
    run_to_end(qtbot, whole)

    parts = make_presenter()
    parts.set_settings(quick(epochs=1, optimizer=optimizer))
    part_losses, progress = recorded(parts)
    run_to_end(qtbot, parts)
    kept = parts.optimizer
    assert isinstance(kept, Adam if optimizer == "adam" else SGD)
    run_to_end(qtbot, parts)  # Start again: the second epoch, with the first one's momentum
    assert parts.state == "finished"
    # same batches, same order, same optimiser state: the very same numbers
    np.testing.assert_allclose(part_losses, whole_losses, rtol=1e-5, atol=1e-7)
    for name, value in whole.model.state_dict().items():
        np.testing.assert_allclose(parts.model.state_dict()[name], value, rtol=1e-5, atol=1e-6)
    assert progress[-1][2:4] == (2, 2)  # "Epoch 2/2", as the plot shows it


def test_stop_keeps_the_optimiser_state_and_reset_drops_it(qtbot, make_presenter):
    p = make_presenter()
    p.set_settings(quick(epochs=300, batch_size=32))
    losses, _ = recorded(p)
    with qtbot.waitSignal(p.batches_recorded, timeout=10000):
        assert p.start()
    with qtbot.waitSignal(p.state_changed, timeout=10000, check_params_cb=lambda s: s == "stopped"):
        assert p.stop()
    first = p.optimizer
    assert isinstance(first, Adam) and first.t == len(losses)  # one Adam step per batch plotted
    moments = [m.copy() for m in first._m]
    assert any(np.abs(m).max() > 0 for m in moments)
    with qtbot.waitSignal(p.batches_recorded, timeout=10000):
        assert p.start()
    with qtbot.waitSignal(p.state_changed, timeout=10000, check_params_cb=lambda s: s == "stopped"):
        assert p.stop()
    assert p.optimizer.t == len(losses) > first.t  # counted on, not from 0
    p.reset()
    assert p.optimizer is None and p.model is None


def test_epoch_counts_continue_across_runs(qtbot, make_presenter):
    p = make_presenter()
    p.set_settings(quick(epochs=2))
    epochs, runs = [], []
    _, progress = recorded(p)
    p.epoch_finished.connect(lambda x, *a: epochs.append(x))
    p.run_started.connect(lambda a, b: runs.append((a, b)))
    run_to_end(qtbot, p)
    p.set_settings(quick(epochs=3))
    run_to_end(qtbot, p)
    assert epochs == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert runs == [(0.0, 2.0), (2.0, 5.0)]
    step, total, epoch, last, _eta = progress[-1]
    assert (epoch, last) == (5, 5) and step == total == 3 * 12  # this run's own batches: 3 × 12


def test_finished_goes_away_when_the_dataset_changes(qtbot, make_presenter):
    p = make_presenter()
    p.set_settings(quick())
    summaries = []
    p.summary_changed.connect(summaries.append)
    run_to_end(qtbot, p)
    assert summaries[-1].startswith("Final (epoch 1): validation accuracy ")
    with qtbot.waitSignal(p.run_reset):
        assert p.set_settings(TrainerSettings.for_dataset("shapes"))
    assert summaries[-1] == "" and p.state == "ready"


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_following_the_divergence_advice_trains(qtbot, make_presenter, optimizer):
    p = make_presenter()
    p.set_settings(quick(lr=100.0, optimizer=optimizer))
    with qtbot.waitSignal(p.training_diverged, timeout=10000) as div:
        assert p.start()
    qtbot.waitUntil(lambda: p._worker is None)
    advised = float(re.search(r"set it to ([0-9.e-]+),", div.args[0]).group(1))
    assert advised < 100.0 / 10  # not merely a tenth: 10 diverges again
    epochs = []
    p.epoch_finished.connect(lambda *a: epochs.append(a))
    p.set_settings(quick(lr=advised, epochs=3, optimizer=optimizer, batch_size=32))
    run_to_end(qtbot, p)
    assert p.state == "finished" and epochs[-1][4] >= 0.9  # validation accuracy


def test_a_run_that_diverged_at_the_default_rate_is_told_a_tenth(qtbot):
    from cnnviz.presenters.trainer_session import advised_lr

    assert advised_lr(100.0, "digits").lr == 0.005 and advised_lr(100.0, "digits").known
    assert advised_lr(0.004, "digits").lr == pytest.approx(0.0004)
    assert not advised_lr(0.004, "digits").known
    assert advised_lr(5.0, "folder").lr == 0.003
