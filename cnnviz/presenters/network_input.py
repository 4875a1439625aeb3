"""What the Network tab feeds its model: a drawing, an image file, a validation sample.

Every input is prepared the way the trainer prepared its data: grey values in
``[0, 1]`` at the model's resolution (:func:`cnnviz.media.load_image` with the
same area-averaging resize a folder dataset uses), then standardised with the
model's training ``mean`` and ``std`` — the input layer's 去均值 and 归一化.
:class:`Drawing` turns mouse strokes into such an image: white ink on black,
like the digits and shapes the trainer learns from.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnviz.media import ImageLoadError, load_image

#: sub-pixels per model pixel and axis when a stroke is rasterised (4 × 4 = 16 coverage levels)
SUPERSAMPLE = 4
#: the pen's width as a share of the image side (8 × 8 digits: about 1.3 pixels)
PEN_WIDTH = 0.16
#: a drawing keeps at most this many points (a scribbling mouse cannot grow it without bound)
MAX_POINTS = 20_000


def translate(context: str, text: str) -> str:  # a name lupdate reads
    return QCoreApplication.translate(context, text)


def standardise(raw: np.ndarray, mean: float, std: float) -> np.ndarray:
    """``(raw - mean) / std`` as float32, read-only: raw (C, H, W) in [0, 1] → the fed (C, H, W)."""
    out = ((np.asarray(raw, np.float64) - mean) / (std or 1.0)).astype(np.float32)
    out.flags.writeable = False
    return out


def preprocessing_text(channels: int, size: tuple[int, int], mean: float, std: float) -> str:
    """The preparation in words, in the interface's language."""
    h, w = size
    look = translate("NetworkPresenter", "grey")
    if channels != 1:
        look = translate("NetworkPresenter", "{0} channels").format(channels)
    text = translate(
        "NetworkPresenter", "Fed like the trainer's data: {0}, resized to {1}×{2}, then (x − {3}) / {4}"
    )
    return text.format(look, h, w, f"{mean:.3g}", f"{std:.3g}")


@dataclass(frozen=True, eq=False)
class PreparedImage:
    """An image file at the model's resolution: ``raw`` (C, H, W) in [0, 1] and its ``name``."""

    raw: np.ndarray
    name: str


def read_image(path: str | os.PathLike[str], in_shape: tuple[int, int, int]) -> PreparedImage:
    """Read ``path`` as the model's input ``in_shape`` (C, H, W): grey for one channel,
    RGB for three; raises ``ValueError`` (an :class:`ImageLoadError` for the file) in words."""
    c, h, w = in_shape
    if c not in (1, 3):
        text = translate(
            "NetworkPresenter", "This model takes {0}-channel images; only grey or RGB files can be fed."
        )
        raise ValueError(text.format(c))
    raw = load_image(path, mode="gray" if c == 1 else "rgb", shape=(h, w))
    raw.flags.writeable = False
    return PreparedImage(raw, os.path.basename(os.fspath(path)))


def describe_image_error(exc: ImageLoadError) -> str:
    """An image file's problem in the interface's language."""
    texts = {
        "missing": translate("NetworkPresenter", "{0}: the file does not exist"),
        "folder": translate("NetworkPresenter", "{0}: this is a folder, not an image file"),
        "empty": translate("NetworkPresenter", "{0}: the file is empty"),
        "not_image": translate("NetworkPresenter", "{0}: this is not an image file cnnviz can read"),
        "permission": translate("NetworkPresenter", "{0}: permission denied"),
        "too_large": translate("NetworkPresenter", "{0}: the image is too large to open safely"),
    }
    text = texts.get(exc.reason)
    return text.format(exc.name) if text else str(exc)


class Drawing:
    """Strokes drawn with the mouse, rasterised at the model's resolution.

    Points are in ``[0, 1]`` × ``[0, 1]`` (x to the right, y down), so a
    drawing survives a change of resolution. :meth:`image` is ``(H, W)``
    float32 in [0, 1]: each pixel's share of its :data:`SUPERSAMPLE` ²
    sub-pixels that lie within half a pen width of a stroke.
    """

    def __init__(self, size: tuple[int, int] = (8, 8)) -> None:
        self._strokes: list[list[tuple[float, float]]] = []
        self._size = (1, 1)
        self._mask = np.zeros((SUPERSAMPLE, SUPERSAMPLE), bool)
        self.set_size(size)

    # -- state -------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self._size

    @property
    def strokes(self) -> tuple[tuple[tuple[float, float], ...], ...]:
        return tuple(tuple(s) for s in self._strokes)

    @property
    def is_empty(self) -> bool:
        return not self._strokes

    def image(self) -> np.ndarray:
        """(H, W) float32 in [0, 1], white ink on black."""
        h, w = self._size
        s = SUPERSAMPLE
        return self._mask.reshape(h, s, w, s).mean(axis=(1, 3)).astype(np.float32)

    # -- editing -----------------------------------------------------------------------
    def set_size(self, size: tuple[int, int]) -> None:
        """Rasterise at ``(H, W)`` from now on (the strokes are kept)."""
        h, w = (max(1, int(v)) for v in size)
        if (h, w) != self._size:
            self._size = (h, w)
            self._redraw()

    def begin(self, x: float, y: float) -> None:
        """Put the pen down at ``(x, y)``."""
        point = self._clip(x, y)
        self._strokes.append([point])
        self._stamp(point, point)

    def extend(self, x: float, y: float) -> bool:
        """Draw to ``(x, y)``; False when no stroke is under way or the drawing is full."""
        if not self._strokes or sum(len(s) for s in self._strokes) >= MAX_POINTS:
            return False
        point = self._clip(x, y)
        last = self._strokes[-1][-1]
        if point == last:
            return False
        self._strokes[-1].append(point)
        self._stamp(last, point)
        return True

    def undo(self) -> bool:
        """Remove the last stroke; False when there is none."""
        if not self._strokes:
            return False
        self._strokes.pop()
        self._redraw()
        return True

    def clear(self) -> None:
        self._strokes.clear()
        self._redraw()

    # -- rasterising -------------------------------------------------------------------
    @staticmethod
    def _clip(x: float, y: float) -> tuple[float, float]:
        x, y = (float(v) if math.isfinite(v) else 0.0 for v in (x, y))
        return min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)

    def _redraw(self) -> None:
        h, w = self._size
        self._mask = np.zeros((h * SUPERSAMPLE, w * SUPERSAMPLE), bool)
        for stroke in self._strokes:
            self._stamp(stroke[0], stroke[0])
            for a, b in zip(stroke, stroke[1:]):
                self._stamp(a, b)

    def _stamp(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        """Ink every sub-pixel within half a pen width of the segment a–b (only near it)."""
        rows, cols = self._mask.shape
        radius = PEN_WIDTH * min(rows, cols) / 2  # in sub-pixels
        ax, ay, bx, by = a[0] * cols, a[1] * rows, b[0] * cols, b[1] * rows
        r0 = max(0, int(math.floor(min(ay, by) - radius)))
        r1 = min(rows, int(math.ceil(max(ay, by) + radius)) + 1)
        c0 = max(0, int(math.floor(min(ax, bx) - radius)))
        c1 = min(cols, int(math.ceil(max(ax, bx) + radius)) + 1)
        if r0 >= r1 or c0 >= c1:
            return
        py, px = np.mgrid[r0:r1, c0:c1] + 0.5
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = np.clip(((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0) if length2 else 0.0
        inside = np.hypot(px - (ax + t * dx), py - (ay + t * dy)) <= radius
        self._mask[r0:r1, c0:c1] |= inside
