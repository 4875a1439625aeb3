"""The Network tab's input: a validation sample, an image file, a drawing, or an array.

A mixin of :class:`~cnnviz.presenters.network.NetworkPresenter` (its words are
translated in that class's context): every input becomes ``raw`` (C, H, W) in
[0, 1] at the model's resolution and ``fed``, standardised as the model's
training data was; a drawing in progress is fed at most every :data:`DRAW_MS`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Slot

from cnnviz.media import ImageLoadError

from .network_cells import top_classes
from .network_input import describe_image_error, preprocessing_text, read_image, standardise

if TYPE_CHECKING:
    from .network import NetworkPresenter

#: a drawing in progress is fed at most this often
DRAW_MS = 40


def translate(context: str, text: str) -> str:  # a name lupdate reads
    return QCoreApplication.translate(context, text)


class NetworkFeed:
    """Choosing what the network is fed, and the words that describe it."""

    _image_raw: np.ndarray | None
    _given: np.ndarray | None

    def preprocessing(self: NetworkPresenter) -> str:
        """How the input was prepared, in words ('' without a model)."""
        if self._snap is None or self._kind == "array":
            return ""
        c, h, w = self._snap.in_shape
        return preprocessing_text(c, (h, w), self._snap.mean, self._snap.std)

    @Slot(int)
    def choose_sample(self: NetworkPresenter, index: int) -> bool:
        """Feed validation sample ``index`` (0 is the strip's first)."""
        if self._samples is None or not 0 <= int(index) < len(self._samples.labels):
            text = translate("NetworkPresenter", "There is no validation sample {0} for this model.")
            return self._refuse(text.format(int(index) + 1))
        self._kind, self._sample = "sample", int(index)
        return self._input_changed()

    @Slot(str)
    def open_image(self: NetworkPresenter, path: str | os.PathLike[str]) -> bool:
        """Feed an image file, prepared like the trainer's data; the input stays on failure."""
        if self._snap is None:
            return self._refuse(translate("NetworkPresenter", "Choose a model first."))
        try:
            image = read_image(path, self._snap.in_shape)
        except ImageLoadError as exc:
            return self._refuse(describe_image_error(exc))
        except ValueError as exc:
            return self._refuse(str(exc))
        self._kind, self._image_path, self._image_raw = "image", os.fspath(path), image.raw
        return self._input_changed()

    def set_input(self: NetworkPresenter, x: Any) -> bool:
        """Feed ``x`` (C, H, W) as it is (already standardised)."""
        x = np.array(x, np.float32)
        if self._snap is None or x.shape != self._snap.in_shape:
            return self._refuse(translate("NetworkPresenter", "The input must have the model's shape."))
        x.flags.writeable = False
        self._kind, self._given = "array", x
        return self._input_changed()

    def begin_stroke(self: NetworkPresenter, x: float, y: float) -> None:
        """Put the pen down at ``(x, y)`` in [0, 1] (y down); drawing becomes the input."""
        self._kind = "drawing"
        self._drawing.begin(x, y)
        self._drawn(DRAW_MS)

    def extend_stroke(self: NetworkPresenter, x: float, y: float) -> None:
        if self._drawing.extend(x, y):
            self._drawn(DRAW_MS)

    def end_stroke(self: NetworkPresenter) -> None:
        self._drawn(0)

    @Slot()
    def undo_stroke(self: NetworkPresenter) -> None:
        self._drawing.undo()
        self._kind = "drawing"
        self._drawn(0)

    @Slot()
    def clear_drawing(self: NetworkPresenter) -> None:
        self._drawing.clear()
        self._kind = "drawing"
        self._drawn(0)

    def _drawn(self: NetworkPresenter, delay_ms: int) -> None:
        self._prepare_input()
        self._schedule(delay_ms)

    def _input_changed(self: NetworkPresenter) -> bool:
        self._prepare_input()
        self._run()
        return True

    def _prepare_input(self: NetworkPresenter) -> None:
        snap = self._snap
        if snap is None:
            return
        c, h, w = snap.in_shape
        if self._kind == "image" and (self._image_raw is None or self._image_raw.shape != (c, h, w)):
            try:  # the same file, prepared for the new model's input
                self._image_raw = read_image(self._image_path, snap.in_shape).raw
            except (ImageLoadError, ValueError):
                self._kind, self._image_raw = "drawing", None
        if self._kind == "array" and (self._given is None or self._given.shape != (c, h, w)):
            self._kind = "drawing"
        if self._kind == "sample" and self._samples is not None:
            self._raw, self._fed = self._samples.raw[self._sample], self._samples.fed[self._sample]
        elif self._kind == "image" and self._image_raw is not None:
            self._raw, self._fed = self._image_raw, standardise(self._image_raw, snap.mean, snap.std)
        elif self._kind == "array":
            self._raw, self._fed = None, self._given
        else:
            self._kind = "drawing"
            self._raw = np.repeat(self._drawing.image()[None], c, axis=0)
            self._fed = standardise(self._raw, snap.mean, snap.std)
        self.input_changed.emit()

    # -- in words ---------------------------------------------------------------------------
    def input_description(self: NetworkPresenter) -> str:
        """What is fed, e.g. ``"validation sample 3 (true class: 7)"``."""
        if self._kind == "sample" and self._samples is not None:
            label = self.class_names[int(self._samples.labels[self._sample])]
            text = translate("NetworkPresenter", "validation sample {0} (true class: {1})")
            return text.format(self._sample + 1, label)
        if self._kind == "image":
            return translate("NetworkPresenter", "image file {0}").format(os.path.basename(self._image_path))
        if self._kind == "array":
            return translate("NetworkPresenter", "an array")
        if self._drawing.is_empty:
            return translate("NetworkPresenter", "an empty drawing")
        return translate("NetworkPresenter", "your drawing")

    def model_description(self: NetworkPresenter) -> str:
        """Where the model comes from and how far it is trained."""
        snap = self._snap
        if snap is None:
            return translate("NetworkPresenter", "No model yet.")
        if snap.origin == "trainer":
            states = {
                "untrained": translate("NetworkPresenter", "untrained: the weights training starts from"),
                "training": translate("NetworkPresenter", "training: the view follows it live"),
                "trained": translate("NetworkPresenter", "trained"),
                "diverged": translate("NetworkPresenter", "diverged: the last weights that were numbers"),
            }
            text = translate("NetworkPresenter", "The Trainer tab's model ({0})")
            text = text.format(states.get(snap.state, snap.state))
        elif snap.origin == "file":
            text = translate("NetworkPresenter", "{0}, trained on {1}").format(snap.name, snap.dataset or "?")
        else:
            text = snap.name
        c, h, w = snap.in_shape
        shape = translate("NetworkPresenter", "{0}×{1}×{2} input, {3} layers, {4} classes")
        return text + "\n" + shape.format(c, h, w, len(snap.model.layers), len(snap.class_names))

    def prediction_text(self: NetworkPresenter, n: int = 3) -> str:
        """``"Prediction: 7 (0.93), 1 (0.04), 9 (0.01)"``; the problem when nothing runs."""
        probs = self.probabilities
        if probs is None:
            return self._problem
        top = ", ".join(f"{name} ({p:.2f})" for name, p in top_classes(probs, self.class_names, n))
        return translate("NetworkPresenter", "Prediction: {0}").format(top)
