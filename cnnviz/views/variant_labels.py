"""The convolution variants' names as the interface writes them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cnnviz.core.padding import PADDING_MODES

__all__ = ["PADDING_MODES", "padding_mode_label"]


def padding_mode_label(mode: str) -> str:
    """A padding mode's name (PyTorch's ``padding_mode``) in the current language."""
    labels = {
        "zeros": QCoreApplication.translate("PaddingModes", "zeros"),
        "reflect": QCoreApplication.translate("PaddingModes", "reflect"),
        "replicate": QCoreApplication.translate("PaddingModes", "replicate"),
        "circular": QCoreApplication.translate("PaddingModes", "circular"),
    }
    return labels.get(mode, mode)
