"""``cnnviz export --neuron NAME``: the neuron page with a preset, as one PNG.

The picture is drawn by the window's own :class:`~cnnviz.views.neuron_page.NeuronPage`,
rendered offscreen; there is no second renderer to drift.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from cnnviz.core.neuron import NEURON_PRESETS

from .export_inputs import use_offscreen_without_display

#: logical size of the exported page (the window's neuron tab at 1280×720)
DEFAULT_NEURON_SIZE = (1280, 720)
MIN_NEURON_SIZE = (800, 500)
MAX_NEURON_SIZE = (3000, 2000)
LANGUAGES = ("en", "zh_CN")

#: kept alive for the process when this module had to create the application
_APP = None


def neuron_preset_names() -> tuple[str, ...]:
    """The presets :func:`render_neuron_png` accepts: ``("and", "or", "not", "festival")``."""
    return tuple(NEURON_PRESETS)


def _check(preset: str, language: str, size: tuple[int, int] | None) -> tuple[int, int]:
    if preset not in NEURON_PRESETS:
        names = ", ".join(NEURON_PRESETS)
        raise ValueError(f"there is no neuron preset called {preset!r}; choose one of {names}")
    if language not in LANGUAGES:
        raise ValueError(f"the language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    w, h = DEFAULT_NEURON_SIZE if size is None else (int(size[0]), int(size[1]))
    (w0, h0), (w1, h1) = MIN_NEURON_SIZE, MAX_NEURON_SIZE
    if not (w0 <= w <= w1 and h0 <= h <= h1):
        raise ValueError(f"the size must be between {w0}×{h0} and {w1}×{h1}, got {w}×{h}")
    return w, h


def _application():
    """The running QApplication, or a new offscreen one kept for the process."""
    global _APP
    use_offscreen_without_display()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = _APP = QApplication(["cnnviz"])
    return app


def render_neuron_png(
    preset: str,
    path: str | os.PathLike[str],
    *,
    language: str = "en",
    size: tuple[int, int] | None = None,
    derivative: bool = False,
) -> None:
    """Write the neuron page, opened on ``preset``, as a PNG of ``size`` pixels.

    Parameters
    ----------
    preset : "and", "or", "not" or "festival" (the article's neurons).
    path : the PNG to write; written atomically (complete or not at all).
    language : "en" or "zh_CN"; the Chinese translator is installed only while drawing.
    size : logical (width, height), 800×500 … 3000×2000; default 1280×720.
    derivative : also draw ``g'``.

    The caller should create the ``QApplication`` (``cnnviz export`` does, after
    choosing the offscreen platform when there is no display); without one, an
    offscreen application is created and kept for the rest of the process.
    A translator for ``language`` is added on top of any already installed:
    call with "en" from a process whose application is in English.

    Raises
    ------
    ValueError : unknown preset (the message lists the valid names), language or size.
    OSError : the file cannot be written (missing folder, no permission).
    """
    w, h = _check(preset, language, size)
    app = _application()
    from PySide6.QtCore import Qt, QTranslator
    from PySide6.QtGui import QImage

    from cnnviz.core.resources import resource_path
    from cnnviz.media.animation import write_png
    from cnnviz.views.neuron_page import NeuronPage

    translator = None
    if language != "en":
        translator = QTranslator()
        if not translator.load(f"cnnviz_{language}", str(resource_path("translations"))):
            raise ValueError(f"the {language} translation is missing from cnnviz's resources")
        app.installTranslator(translator)
    page = NeuronPage()
    try:
        page.presenter.apply_preset(preset)
        page.presenter.set_show_derivative(derivative)
        page.resize(w, h)
        image = page.grab().toImage()
        if (image.width(), image.height()) != (w, h):  # a high-DPI screen: one pixel per logical pixel
            image = image.scaled(
                w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        image = image.convertToFormat(QImage.Format.Format_RGB888)
        rgb = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
        rgb = rgb.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()
    finally:
        page.deleteLater()
        if translator is not None:
            app.removeTranslator(translator)
    write_png(Path(path), rgb)
