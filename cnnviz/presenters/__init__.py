"""cnnviz.presenters: sessions a person steps through (QtCore only)."""

from __future__ import annotations

from .conv_session import ConvSessionPresenter, Params, PoolSettings
from .neuron import NeuronPresenter, NeuronState
from .stage_session import MAX_SPEED, MIN_SPEED, STAGES, StageSession, step_panel

__all__ = [
    "MAX_SPEED", "MIN_SPEED", "STAGES", "ConvSessionPresenter", "Params", "PoolSettings", "StageSession",
    "step_panel",
]
__all__ += ["NeuronPresenter", "NeuronState"]
