"""Stop (and Reset) never make the window wait for the training process, even while it starts."""

from __future__ import annotations

import time

import numpy as np
import pytest

from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.presenters.trainer_session import TrainerSettings

#: a tick of the event loop; stop() used to wait 0.3–0.5 s for a starting child
QUICK_S = 0.05


@pytest.fixture
def presenter(qtbot):
    p = TrainerPresenter()
    p.set_settings(TrainerSettings.for_dataset("digits", epochs=300))
    yield p
    p.shutdown()
    assert p._worker is None and p._retired == []


def test_stop_while_the_child_is_starting_returns_at_once(qtbot, presenter):
    assert presenter.start()
    worker = presenter._worker
    t0 = time.perf_counter()
    assert presenter.stop()
    elapsed = time.perf_counter() - t0
    assert elapsed < QUICK_S, f"stop() blocked the event loop for {elapsed:.3f} s"
    assert presenter.state == "running"  # until the child's last weights are here
    assert not presenter.pause()  # refused while stopping
    assert presenter.stop()  # pressing Stop again is harmless
    with qtbot.waitSignal(presenter.state_changed, timeout=30000) as stopped:
        pass
    assert stopped.args == ["stopped"] and presenter._worker is None
    qtbot.waitUntil(lambda: worker._proc.exitcode is not None, timeout=10000)
    qtbot.waitUntil(lambda: not presenter._timer.isActive(), timeout=5000)
    assert presenter._retired == [] and presenter.model is not None


def test_stop_mid_run_keeps_the_learned_weights(qtbot, presenter):
    filters = []
    presenter.filters_changed.connect(filters.append)
    with qtbot.waitSignal(presenter.batches_recorded, timeout=30000):
        assert presenter.start()
    t0 = time.perf_counter()
    with qtbot.waitSignal(presenter.state_changed, timeout=30000) as stopped:
        assert presenter.stop()
        assert time.perf_counter() - t0 < QUICK_S
    assert stopped.args == ["stopped"]
    # the model holds the child's final weights: those of the last batch it reported
    assert np.array_equal(presenter.model.layers[0].weight.value, filters[-1])
    assert presenter.start()  # and a new run can begin at once
    presenter.shutdown()
    assert presenter.state == "stopped"


def test_reset_while_the_child_is_starting_returns_at_once(qtbot, presenter):
    assert presenter.start()
    worker = presenter._worker
    t0 = time.perf_counter()
    with qtbot.waitSignal(presenter.run_reset):
        presenter.reset()
    assert time.perf_counter() - t0 < QUICK_S
    assert presenter.state == "ready" and presenter._worker is None
    qtbot.waitUntil(lambda: worker._proc.exitcode is not None, timeout=30000)
    qtbot.waitUntil(lambda: presenter._retired == [] and not presenter._timer.isActive(), timeout=5000)


def test_quitting_after_a_presenter_was_deleted_calls_nothing_on_it(qapp, monkeypatch):
    """The app's aboutToQuit reaches only live presenters (a second window's run once crashed
    on the first window's deleted timer)."""
    import shiboken6

    errors: list = []
    monkeypatch.setattr("sys.excepthook", lambda *exc: errors.append(exc[1]))
    gone = TrainerPresenter()
    shiboken6.delete(gone)
    qapp.aboutToQuit.emit()
    assert errors == []
