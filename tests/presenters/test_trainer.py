from __future__ import annotations

import numpy as np
import pytest

from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.presenters.trainer_session import TrainerSettings


@pytest.fixture
def presenter(qtbot):
    p = TrainerPresenter()
    yield p
    p.shutdown()
    assert p._worker is None


def quick(**changes):
    return TrainerSettings.for_dataset("digits", **{"epochs": 2, **changes})


def run_to_end(qtbot, p, timeout=20000):
    def ended(state):
        return state in ("finished", "stopped", "diverged")

    with qtbot.waitSignal(p.state_changed, timeout=timeout, check_params_cb=ended):
        assert p.start()


def test_settings_load_the_dataset_and_announce_counts(qtbot, presenter):
    with qtbot.waitSignal(presenter.dataset_changed) as ds, qtbot.waitSignal(presenter.samples_changed) as sm:
        assert presenter.set_settings(quick())
    assert "1797 images of 1×8×8, 10 classes; 1438 for training, 359 for validation" in ds.args[0]
    images, labels, names = sm.args
    assert images.shape == (16, 1, 8, 8) and labels.shape == (16,) and names == tuple("0123456789")


def test_a_run_reports_batches_epochs_filters_and_finishes(qtbot, presenter):
    presenter.set_settings(quick())
    epochs, batches, filters = [], [], []
    presenter.epoch_finished.connect(lambda *a: epochs.append(a))
    presenter.batches_recorded.connect(lambda x, loss, acc: batches.append((x, loss)))
    presenter.filters_changed.connect(filters.append)
    run_to_end(qtbot, presenter)
    assert presenter.state == "finished" and presenter._worker is None
    assert [e[0] for e in epochs] == [1.0, 2.0]
    assert epochs[-1][4] >= 0.85  # validation accuracy after 2 digits epochs
    xs = np.concatenate([b[0] for b in batches])
    assert len(xs) == 2 * 45 and np.all(np.diff(xs) > 0) and xs[-1] == pytest.approx(2.0)
    assert filters[-1].shape == (16, 1, 5, 5) and not np.allclose(filters[0], filters[-1])
    # the session's model holds the weights the training process ended with
    assert np.array_equal(presenter.model.layers[0].weight.value, filters[-1])


def test_start_pause_resume_stop(qtbot, presenter):
    presenter.set_settings(quick(epochs=300))
    with qtbot.waitSignal(presenter.batches_recorded, timeout=5000):
        assert presenter.start()
    with qtbot.waitSignal(presenter.state_changed) as paused:
        assert presenter.pause()
    assert paused.args == ["paused"]
    with qtbot.assertNotEmitted(presenter.batches_recorded, wait=150):
        pass  # a paused run sends nothing
    with qtbot.waitSignal(presenter.batches_recorded, timeout=5000):
        assert presenter.resume()
    assert presenter.state == "running"
    with qtbot.waitSignal(presenter.state_changed) as stopped:
        assert presenter.stop()
    assert stopped.args == ["stopped"] and presenter._worker is None
    with qtbot.assertNotEmitted(presenter.batches_recorded, wait=100):
        pass


def test_start_again_continues_and_reset_starts_over(qtbot, presenter):
    presenter.set_settings(quick(epochs=1))
    xs = []
    presenter.epoch_finished.connect(lambda x, *a: xs.append(x))
    run_to_end(qtbot, presenter)
    run_to_end(qtbot, presenter)
    assert xs == [1.0, 2.0]  # the second run goes on from the first
    with qtbot.waitSignal(presenter.run_reset):
        presenter.reset()
    assert presenter.state == "ready" and presenter.model is None
    run_to_end(qtbot, presenter)
    assert xs[-1] == 1.0


def test_learning_rate_100_is_reported_and_a_lower_rate_goes_on(qtbot, presenter):
    presenter.set_settings(quick(lr=100.0))
    with qtbot.waitSignal(presenter.training_diverged, timeout=10000) as div:
        presenter.start()
    assert "diverged" in div.args[0] and "set it to 0.005" in div.args[0]
    qtbot.waitUntil(lambda: presenter._worker is None)
    assert presenter.state == "diverged"
    assert not presenter.save_model("ignored.npz")
    presenter.set_settings(quick(lr=0.005, epochs=1))
    run_to_end(qtbot, presenter)
    assert presenter.state == "finished"


def test_send_filter_emits_the_learned_weights_and_a_sample(qtbot, presenter):
    presenter.set_settings(quick(epochs=1))
    weights = []
    presenter.filters_changed.connect(weights.append)
    run_to_end(qtbot, presenter)
    with qtbot.waitSignal(presenter.filter_sent) as sent:
        assert presenter.send_filter(3, 5)
    w, b, x, name, index = sent.args
    assert w.shape == (16, 1, 5, 5) and b.shape == (16,) and x.shape == (1, 8, 8) and index == 3
    assert np.array_equal(w[3], weights[-1][3])
    assert np.array_equal(x, presenter.split.x_val[5])
    assert "filter w3" in name  # named as the Convolution tab will name it
    with qtbot.waitSignal(presenter.error_reported):
        assert not presenter.send_filter(99, 0)


def test_save_and_load_round_trip_and_bad_files_are_refused(qtbot, presenter, tmp_path):
    presenter.set_settings(quick(epochs=1))
    run_to_end(qtbot, presenter)
    path = str(tmp_path / "digits.npz")
    with qtbot.waitSignal(presenter.message_reported):
        assert presenter.save_model(path)
    saved = presenter.model.state_dict()
    presenter.reset()
    with qtbot.waitSignal(presenter.confusion_changed) as conf:
        assert presenter.load_model(path)
    assert conf.args[0].sum() == 359
    np.testing.assert_allclose(conf.args[1].sum(axis=1), 1.0)
    for name, value in presenter.model.state_dict().items():
        assert np.array_equal(value, saved[name])
    (tmp_path / "bad.npz").write_bytes(b"garbage")
    with qtbot.waitSignal(presenter.error_reported) as err:
        assert not presenter.load_model(str(tmp_path / "bad.npz"))
    assert "Could not load the model" in err.args[0]
    assert presenter.model is not None  # the loaded model is still there


def test_loading_a_model_for_another_dataset_is_refused(qtbot, presenter, tmp_path):
    presenter.set_settings(quick(epochs=1))
    run_to_end(qtbot, presenter)
    path = str(tmp_path / "digits.npz")
    presenter.save_model(path)
    presenter.set_settings(TrainerSettings.for_dataset("shapes"))
    with qtbot.waitSignal(presenter.error_reported) as err:
        assert not presenter.load_model(path)
    assert "1×8×8" in err.args[0] and "1×12×12" in err.args[0]


def test_shutdown_mid_training_ends_the_training_process(qtbot, presenter):
    presenter.set_settings(quick(epochs=300))
    with qtbot.waitSignal(presenter.batches_recorded, timeout=5000):
        presenter.start()
    worker = presenter._worker
    presenter.shutdown()
    assert not worker._proc.is_alive() and presenter._worker is None
    assert presenter.state == "stopped"


def test_changing_settings_while_training_is_refused(qtbot, presenter):
    presenter.set_settings(quick(epochs=300))
    with qtbot.waitSignal(presenter.batches_recorded, timeout=5000):
        presenter.start()
    with qtbot.waitSignal(presenter.error_reported):
        assert not presenter.set_settings(quick(lr=0.1))
    presenter.stop()


def test_signals_of_a_finishing_run_arrive_in_the_gui_thread(qtbot, presenter):
    from PySide6.QtCore import QThread

    presenter.set_settings(quick(epochs=1))
    threads = []
    presenter.state_changed.connect(lambda s: threads.append((s, QThread.currentThread())))
    run_to_end(qtbot, presenter)
    main = presenter.thread()
    assert [s for s, _ in threads] == ["running", "finished"]
    assert all(t is main for _, t in threads)  # widgets may only be touched from here


def test_pausing_a_run_that_just_ended_reports_it_finished(qtbot, presenter):
    presenter.set_settings(quick(epochs=1, batch_size=512))  # few records: the child never blocks
    assert presenter.start()
    presenter._timer.stop()  # so the end is not noticed before pause() is called
    worker = presenter._worker
    qtbot.waitUntil(lambda: worker._proc.exitcode is not None, timeout=20000)
    assert presenter.state == "running"  # the timer has not seen the end yet
    assert not presenter.pause()
    assert presenter.state == "finished" and presenter._worker is None
