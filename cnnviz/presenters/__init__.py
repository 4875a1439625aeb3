"""cnnviz.presenters: sessions a person steps through (QtCore only)."""

from __future__ import annotations

from .conv_session import MAX_SPEED, MIN_SPEED, ConvSessionPresenter, Params

__all__ = ["MAX_SPEED", "MIN_SPEED", "ConvSessionPresenter", "Params"]
