"""The Network tab follows the trainer's model while it trains."""

from __future__ import annotations

import numpy as np

from cnnviz.presenters.network import NetworkPresenter
from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.presenters.trainer_session import TrainerSettings


def test_network_follows_a_running_training_live(qtbot):
    trainer = TrainerPresenter()
    net = NetworkPresenter()
    try:
        assert trainer.set_settings(TrainerSettings(epochs=30, filters=4))
        net.attach_trainer(trainer)
        assert net.snapshot.state == "untrained" and net.snapshot.origin == "trainer"
        untrained = net.snapshot.model.state_dict()
        probs0 = net.probabilities.copy()
        assert trainer.start()
        # mid-training the view shows weights the child reported, not the starting ones
        qtbot.waitUntil(
            lambda: (
                net.snapshot.state == "training"
                and not np.array_equal(net.snapshot.model.state_dict()["0.weight"], untrained["0.weight"])
            ),
            timeout=30000,
        )
        assert trainer.state == "running"
        assert not np.allclose(net.probabilities, probs0)
    finally:
        trainer.shutdown()
        net.set_active(False)  # no refresh pending once the test ends
        net.deleteLater()
    assert trainer._worker is None
