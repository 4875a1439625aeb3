"""The first layer's filters kept over a run, and their replay through the presenter."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.presenters.trainer_history import BATCH_SNAPSHOTS, EPOCH_SNAPSHOTS, MAX_SNAPSHOTS, FilterHistory
from cnnviz.presenters.trainer_session import TrainerSettings


@pytest.fixture
def presenter(qtbot):
    p = TrainerPresenter()
    yield p
    p.shutdown()
    assert p._worker is None


def w(v):
    return np.full((2, 1, 3, 3), float(v), np.float32)


def test_a_run_keeps_the_start_every_epoch_end_and_every_nth_batch():
    h = FilterHistory()
    h.start(w(0))
    per_epoch, epochs = 45, 12
    h.plan_run(per_epoch * epochs, per_epoch)
    n = math.ceil(per_epoch * epochs / BATCH_SNAPSHOTS)
    assert h.interval == n == 3 and h.epoch_stride == 1
    for step in range(1, per_epoch * epochs + 1):
        epoch, batch = (step - 1) // per_epoch + 1, (step - 1) % per_epoch + 1
        h.offer(epoch, batch, per_epoch, step, w(step))
    steps = [s.step for s in h]
    assert steps == [0] + [s for s in range(1, 541) if s % 3 == 0 or s % 45 == 0]
    assert all(s.step % per_epoch == 0 for s in h if s.batch == per_epoch)
    assert h[0].is_start and h[0].caption() == "start: no batch trained yet"
    assert h[5].caption() == "epoch 1, batch 15 of 45"


def test_a_long_history_is_thinned_evenly_and_never_passes_its_cap():
    h = FilterHistory()
    h.start(w(0))
    step = 0
    for _run in range(6):  # six continued runs of 1000 epochs' worth of batches
        h.plan_run(20000, 20)
        for _ in range(20000):
            step += 1
            h.offer((step - 1) // 20 + 1, (step - 1) % 20 + 1, 20, step, w(step % 7))
            assert len(h) <= MAX_SNAPSHOTS
    h.offer(9999, 1, 20, step + 1, w(1), keep=True)  # where the last run stopped
    step += 1
    kept = [s.step for s in h]
    assert kept[0] == 0 and kept[-1] == step  # the start and the latest always stay
    assert len(h) > MAX_SNAPSHOTS // 2
    per_tenth = np.histogram(kept, bins=10, range=(0, step))[0]  # spread evenly over the runs
    assert per_tenth.max() <= 2 * per_tenth.min()


def test_non_finite_weights_and_repeated_steps_are_not_kept():
    h = FilterHistory()
    h.start(w(0))
    assert h.offer(1, 1, 1, 1, w(1))
    assert not h.offer(1, 1, 1, 1, w(2))  # the same step again
    bad = w(3)
    bad[0, 0, 0, 0] = np.nan
    assert not h.offer(2, 1, 1, 2, bad)
    assert len(h) == 2 and np.array_equal(h.change(1), w(1))
    assert h.levels() == (-1.0, 1.0) and h.levels(change=True) == (-1.0, 1.0)


def test_the_slider_replays_the_kept_filters_and_their_change(qtbot, presenter):
    presenter.set_settings(TrainerSettings.for_dataset("digits", epochs=2))
    shown, counts = [], []
    presenter.snapshot_shown.connect(lambda f, levels, label: shown.append((f, levels, label)))
    presenter.history_changed.connect(lambda n, k: counts.append((n, k)))
    with qtbot.waitSignal(presenter.state_changed, timeout=30000, check_params_cb=lambda s: s == "finished"):
        assert presenter.start()
    h = presenter.history
    assert len(h) == 1 + 90  # 2 epochs of 45 batches: N = 1, every batch is kept
    assert counts[-1] == (91, 90)
    start = presenter.model.layers[0].weight.value  # (not the start: the trained weights)
    assert np.array_equal(shown[-1][0], start)  # following training: the latest weights

    presenter.seek_history(0)
    first, levels, label = shown[-1]
    fresh = TrainerSettings.for_dataset("digits").architecture(presenter.split).build(0)
    assert np.array_equal(first, fresh.layers[0].weight.value) and label == "start: no batch trained yet"
    presenter.seek_history(45)
    snap, levels45, label = shown[-1]
    assert label == "epoch 1, batch 45 of 45" and levels45 == levels  # one colour scale for all
    assert levels[1] == pytest.approx(max(float(np.abs(s.weights).max()) for s in h))

    presenter.set_history_change(True)
    change, change_levels, _ = shown[-1]
    np.testing.assert_allclose(change, snap - first, atol=1e-7)
    assert change_levels[1] == pytest.approx(max(float(np.abs(s.weights - first).max()) for s in h))
    presenter.seek_history(0)
    assert not shown[-1][0].any()  # the start has not moved from itself

    presenter.reset()
    assert len(presenter.history) == 0 and counts[-1] == (0, -1)


def test_a_stopped_run_keeps_where_it_stopped(qtbot, presenter):
    presenter.set_settings(TrainerSettings.for_dataset("digits", epochs=300))
    with qtbot.waitSignal(presenter.batches_recorded, timeout=10000):
        assert presenter.start()
    with qtbot.waitSignal(presenter.state_changed, timeout=10000, check_params_cb=lambda s: s == "stopped"):
        presenter.stop()
    last = presenter.history[-1]
    assert np.array_equal(last.weights, presenter.model.layers[0].weight.value)
    assert presenter.history.interval == math.ceil(300 * 45 / BATCH_SNAPSHOTS)
    assert presenter.history.epoch_stride == math.ceil(300 / EPOCH_SNAPSHOTS)
