"""Frames for the GIF export, drawn by the window's own :class:`StageView`.

:class:`OffscreenFrames` keeps a private copy of the session (its own
presenter, so exporting never moves the student's window) and a never-shown
``StageView`` of it (whichever stage is current); asking for step ``k`` seeks that presenter and
renders the view into an image. There is no second renderer to drift.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from cnnviz.presenters import ConvSessionPresenter, Params

from .stage_view import StageView
from .step_image import CaptionPage, check_caption, check_panels, show_panels

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
    params: Params | None = None,
) -> ConvSessionPresenter:
    """A new presenter holding exactly this convolution.

    ``x`` (C, H, W), ``w`` (F, C, KH, KW), ``b`` (F,) or None. ``params``, when
    given, replaces stride, padding and dilation with every setting, variants
    included; ``w`` is then laid out as PyTorch lays it out for them. Raises
    ``ValueError`` with the presenter's explanation when it refuses them.
    """
    p = ConvSessionPresenter()
    ok = p.configure(
        np.asarray(x, np.float32),
        np.asarray(w, np.float32),
        None if b is None else np.asarray(b, np.float32),
        Params(stride, padding, dilation) if params is None else params,
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
    prm = src.params
    p = build_session(
        np.array(src.input_x),
        src.weights,
        src.biases,
        stride=prm.stride,
        padding=prm.padding,
        dilation=prm.dilation,
        name=src.input_name,
        params=prm,
    )
    p.set_transposed_picture(src.picture)
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
    caption : a title drawn above the view ('' for none), for slides.
    panels : the panels to draw (see :data:`cnnviz.views.step_image.PANELS`); None for all.

    Calling the object with a step number returns ``(H, W)`` uint32 pixels
    ``0xFFRRGGBB`` with ``H = round(height * scale)``; a new array each time;
    :meth:`at` draws one multiply-add of a step (the tap walk). Set
    :attr:`walk_taps` when an export walks the taps, so its palette has their colours.
    """

    def __init__(
        self,
        presenter: ConvSessionPresenter,
        size: tuple[int, int] = DEFAULT_FRAME_SIZE,
        scale: float = 1.0,
        *,
        caption: str = "",
        panels: Collection[str] | None = None,
    ) -> None:
        caption = check_caption(caption)
        panels = None if panels is None else check_panels(panels)
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
        show_panels(self.view, panels)
        self.walk_taps = False
        # a caption puts the view under a title line; without one the view is drawn alone, as before
        self.page = CaptionPage(self.view, caption) if caption else self.view
        self.page.resize(QSize(w, h))
        self.pixel_size = (round(w * scale), round(h * scale))
        self._image = QImage(*self.pixel_size, QImage.Format.Format_RGB32)
        self._image.setDevicePixelRatio(scale)
        self._image.fill(0xFFFFFFFF)  # once: the view paints every pixel of itself each time

    def __call__(self, k: int) -> np.ndarray:
        return self.at(k)

    def at(self, k: int, tap: int = -1) -> np.ndarray:
        """Step ``k`` showing its multiply-add ``tap`` (-1: the whole step), as pixels."""
        self.presenter.seek_tap(k, tap)
        return self.current()

    def tap_frames(self, steps: Collection[int]) -> list[tuple[int, int]]:
        """``(step, tap)`` of every multiply-add of ``steps``, in order: what a tap export draws."""
        keep = self.presenter.step_index
        out = []
        for k in steps:
            self.presenter.seek(k)
            out += [(k, t) for t in range(self.presenter.num_taps)]
        self.presenter.seek(keep)
        return out

    def current(self) -> np.ndarray:
        """The view as it is now: ``(H, W)`` uint32."""
        img = self._image
        self.page.render(img)
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
        if self.walk_taps and self.presenter.num_taps:  # the tap marks' colours too
            taps = self.presenter.num_taps
            frames += [self.at(k, t) for k in sorted({0, n - 1}) for t in sorted({0, taps // 2, taps - 1})]
        self.presenter.seek_tap(keep, -1)
        return ExactPalette.from_frames(frames)

    def close(self) -> None:
        self.page.deleteLater()
        self.view = self.page = None  # type: ignore[assignment]


def to_rgb(frame: np.ndarray) -> np.ndarray:
    """``(H, W)`` uint32 ``0x??RRGGBB`` → ``(H, W, 3)`` uint8."""
    return np.stack([(frame >> 16) & 255, (frame >> 8) & 255, frame & 255], axis=-1).astype(np.uint8)
