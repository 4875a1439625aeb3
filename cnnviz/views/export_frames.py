"""Frames for the GIF export, drawn by the window's own :class:`StageView`.

:class:`OffscreenFrames` keeps a private copy of the session (its own
presenter, so exporting never moves the student's window) and a never-shown
``StageView`` of it (whichever stage is current); asking for step ``k`` seeks that presenter and
renders the view into an image. There is no second renderer to drift.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from cnnviz.presenters import ConvSessionPresenter, Params

from .stage_view import StageView

if TYPE_CHECKING:
    from cnnviz.media.animation import ExactPalette

#: logical size of an exported frame: the demo's numbers are all drawn at this size
DEFAULT_FRAME_SIZE = (1100, 800)
MIN_FRAME_SIZE = (640, 400)
MAX_FRAME_SIZE = (3000, 2000)
MIN_SCALE, MAX_SCALE = 1.0, 3.0


def build_session(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    *,
    stride: int,
    padding: int,
    dilation: int,
    name: str,
) -> ConvSessionPresenter:
    """A new presenter holding exactly this convolution.

    ``x`` (C, H, W), ``w`` (F, C, KH, KW), ``b`` (F,) or None. Raises
    ``ValueError`` with the presenter's explanation when it refuses them.
    """
    p = ConvSessionPresenter()
    ok = p.configure(
        np.asarray(x, np.float32),
        np.asarray(w, np.float32),
        None if b is None else np.asarray(b, np.float32),
        Params(stride, padding, dilation),
        name,
    )
    if not ok:
        problem = p.problem
        p.deleteLater()
        raise ValueError(problem or "these settings cannot be computed")
    p.seek(0)
    return p


def copy_session(src: ConvSessionPresenter) -> ConvSessionPresenter:
    """A private presenter with the same input, filters, settings and stage as ``src``."""
    t, prm = src.trace, src.params
    p = build_session(
        np.array(t.x),
        np.array(t.w),
        np.array(t.b),
        stride=prm.stride,
        padding=prm.padding,
        dilation=prm.dilation,
        name=src.input_name,
    )
    pool = src.pool_settings
    p.set_pool(pool.mode, pool.size, pool.stride)
    p.set_stage(src.stage)
    p.seek(0)
    return p


class OffscreenFrames:
    """Draw step ``k`` of ``presenter``'s session as a frame, without showing anything.

    Parameters
    ----------
    presenter : the session to draw; it is seeked, so pass a private copy
        (:func:`copy_session`) rather than the window's presenter.
    size : logical (width, height) of the view.
    scale : device pixels per logical pixel (1..3); text stays sharp at any scale.

    Calling the object with a step number returns ``(H, W)`` uint32 pixels
    ``0xFFRRGGBB`` with ``H = round(height * scale)``; a new array each time.
    """

    def __init__(
        self,
        presenter: ConvSessionPresenter,
        size: tuple[int, int] = DEFAULT_FRAME_SIZE,
        scale: float = 1.0,
    ) -> None:
        if not MIN_SCALE <= scale <= MAX_SCALE:
            raise ValueError(f"the scale must be between {MIN_SCALE:g} and {MAX_SCALE:g}, got {scale:g}")
        w, h = size
        if not (MIN_FRAME_SIZE[0] <= w <= MAX_FRAME_SIZE[0] and MIN_FRAME_SIZE[1] <= h <= MAX_FRAME_SIZE[1]):
            raise ValueError(
                f"the frame size must be between {MIN_FRAME_SIZE[0]}×{MIN_FRAME_SIZE[1]} and "
                f"{MAX_FRAME_SIZE[0]}×{MAX_FRAME_SIZE[1]}, got {w}×{h}"
            )
        self.presenter = presenter
        self.view = StageView(presenter)
        self.view.set_export_mode(True)
        self.view.resize(QSize(w, h))
        self.pixel_size = (round(w * scale), round(h * scale))
        self._image = QImage(*self.pixel_size, QImage.Format.Format_RGB32)
        self._image.setDevicePixelRatio(scale)
        self._image.fill(0xFFFFFFFF)  # once: the view paints every pixel of itself each time

    def __call__(self, k: int) -> np.ndarray:
        self.presenter.seek(k)
        return self.current()

    def current(self) -> np.ndarray:
        """The view as it is now: ``(H, W)`` uint32."""
        img = self._image
        self.view.render(img)
        w, h = self.pixel_size
        rows = np.frombuffer(img.constBits(), np.uint32, count=h * img.bytesPerLine() // 4)
        return rows.reshape(h, img.bytesPerLine() // 4)[:, :w].copy()

    def palette(self) -> ExactPalette:
        """The session's GIF palette: the most used colours of its first, middle
        and last steps (every solid colour the animation can show), frozen.

        It depends on the session only, not on the exported range, so a frame
        saved alone with it equals the same step in any GIF made with it.
        """
        from cnnviz.media.animation import ExactPalette

        n = self.presenter.num_steps
        keep = self.presenter.step_index
        frames = [self(k) for k in sorted({0, n // 2, n - 1})]
        self.presenter.seek(keep)
        return ExactPalette.from_frames(frames)

    def close(self) -> None:
        self.view.deleteLater()
        self.view = None  # type: ignore[assignment]


def to_rgb(frame: np.ndarray) -> np.ndarray:
    """``(H, W)`` uint32 ``0x??RRGGBB`` → ``(H, W, 3)`` uint8."""
    return np.stack([(frame >> 16) & 255, (frame >> 8) & 255, frame & 255], axis=-1).astype(np.uint8)
