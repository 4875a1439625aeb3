"""Step: exactly one batch, its loss before and after, and the run it continues."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.train import BatchRecord, make_optimizer, train_steps
from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.presenters.trainer_session import TrainerSettings


@pytest.fixture
def presenter(qtbot):
    p = TrainerPresenter()
    yield p
    p.shutdown()
    assert p._worker is None


def quick(**changes):
    return TrainerSettings.for_dataset("digits", **{"epochs": 1, **changes})


def uninterrupted(settings, split, steps):
    """The first ``steps`` batch records of a plain core run with the same settings."""
    arch = settings.architecture(split)
    model = arch.build(settings.seed)
    config = settings.config()
    out = []
    for rec in train_steps(model, make_optimizer(model, config), split, config):
        if isinstance(rec, BatchRecord):
            out.append(rec)
            if len(out) == steps:
                return out, model
    raise AssertionError("the run ended early")


def test_step_trains_exactly_one_batch_and_shows_its_loss_before_and_after(qtbot, presenter):
    settings = quick()
    presenter.set_settings(settings)
    batches = []
    presenter.batches_recorded.connect(lambda x, loss, acc: batches.append((x, loss)))
    with qtbot.waitSignal(presenter.batch_stepped) as stepped, \
            qtbot.waitSignal(presenter.message_reported) as msg:
        assert presenter.step()
    epoch, batch, before, after = stepped.args
    (want,), model = uninterrupted(settings, presenter.split, 1)
    assert (epoch, batch) == (1, 1) and before == pytest.approx(want.loss, rel=1e-6)
    assert after < before  # one Adam step at 0.005 lowers this batch's loss
    assert f"{before:.4f}" in msg.args[0] and f"{after:.4f}" in msg.args[0]
    assert len(batches) == 1 and batches[0][0].tolist() == [pytest.approx(1 / 45)]
    assert presenter.optimizer.t == 1 and presenter.state == "stopped"
    for name, value in model.state_dict().items():  # the same update as the core's own run
        np.testing.assert_allclose(presenter.model.state_dict()[name], value, rtol=1e-6, atol=1e-7)


def test_steps_go_through_the_epoch_and_start_goes_on_from_them(qtbot, presenter):
    presenter.set_settings(quick(batch_size=512))  # 3 batches an epoch
    stepped, epochs = [], []
    presenter.batch_stepped.connect(lambda *a: stepped.append(a[:2]))
    presenter.epoch_finished.connect(lambda x, *a: epochs.append(x))
    for _ in range(4):
        assert presenter.step()
    assert stepped == [(1, 1), (1, 2), (1, 3), (2, 1)]
    assert epochs == [1.0]  # the epoch's end was reached between the third and fourth Step
    assert presenter.optimizer.t == 4
    with qtbot.waitSignal(presenter.state_changed, timeout=20000, check_params_cb=lambda s: s == "finished"):
        assert presenter.start()
    assert epochs == [1.0, 3.0]  # epoch 2 was begun by Step; the run trains epoch 3
    assert presenter.optimizer.t == 4 + 3


def test_step_is_refused_while_training(qtbot, presenter):
    presenter.set_settings(quick(epochs=300))
    with qtbot.waitSignal(presenter.batches_recorded, timeout=10000):
        assert presenter.start()
    with qtbot.waitSignal(presenter.error_reported):
        assert not presenter.step()
    presenter.stop()
