"""The first layer's filters drawn with Pillow, one frame per snapshot, and
written as an animated GIF (``cnnviz train --filters-gif``).

A frame is a caption (which epoch and batch) over a grid of the filters'
first input channel, in the trainer panel's colours: blue positive, red
negative, white zero, every frame on the same scale so that colours compare
across time. Frames are drawn one at a time as the GIF writer takes them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .animation import GifWriter
from .page_drawing import FontMissingError, find_font, load_font

BACKGROUND = (255, 255, 255)
INK = (30, 30, 30)
FRAME = (150, 150, 150)
CAPTION_SIZE = 15
CAPTION_H = 28
GAP = 6
MARGIN = 8
MAX_COLUMNS = 8


def _ramp(a: tuple[int, int, int], b: tuple[int, int, int], n: int) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[:, None]
    return (np.array(a) * (1 - t) + np.array(b) * t).astype(np.uint8)


def diverging_lut() -> np.ndarray:
    """(256, 3) uint8: red negative, white middle, blue positive — the same table
    as :func:`cnnviz.views.palette.diverging_lut` (media may not import views)."""
    return np.concatenate(
        [_ramp((214, 60, 50), (255, 255, 255), 128), _ramp((255, 255, 255), (40, 90, 200), 128)]
    )


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return load_font(find_font("sans"), size)
    except (FontMissingError, OSError):  # a caption in Pillow's own font beats no GIF
        return ImageFont.load_default(size)


def filters_frame(weights: np.ndarray, levels: tuple[float, float], caption: str) -> np.ndarray:
    """Draw ``weights`` (F, C, KH, KW) — their first channel — under ``caption``.

    Returns
    -------
    (H, W, 3) uint8 RGB; the size depends only on F, KH and KW.
    """
    f, _, kh, kw = weights.shape
    px = max(4, 48 // max(kh, kw))
    cw, ch = kw * px, kh * px
    cols = min(f, MAX_COLUMNS)
    rows = -(-f // cols)
    width = max(2 * MARGIN + cols * cw + (cols - 1) * GAP, 260)
    height = MARGIN + CAPTION_H + rows * ch + (rows - 1) * GAP + MARGIN
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), caption, fill=INK, font=_font(CAPTION_SIZE))
    lo, hi = levels
    key = f"red {lo:.2g} · white 0 · blue +{hi:.2g}"
    key_font = _font(CAPTION_SIZE - 4)
    key_x = width - MARGIN - key_font.getlength(key)
    if key_x > MARGIN + _font(CAPTION_SIZE).getlength(caption) + 12:  # never over the caption
        draw.text((key_x, MARGIN + 3), key, fill=FRAME, font=key_font)
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    idx = np.clip((np.nan_to_num(weights[:, 0]) - lo) * scale, 0, 255).astype(np.uint8)
    rgb = diverging_lut()[idx]  # (F, KH, KW, 3)
    for i in range(f):
        x = MARGIN + (i % cols) * (cw + GAP)
        y = MARGIN + CAPTION_H + (i // cols) * (ch + GAP)
        cell = np.repeat(np.repeat(rgb[i], px, axis=0), px, axis=1)
        image.paste(Image.fromarray(np.ascontiguousarray(cell), "RGB"), (x, y))
        draw.rectangle((x - 1, y - 1, x + cw, y + ch), outline=FRAME)
    return np.asarray(image)


def write_filters_gif(
    path: str | os.PathLike[str],
    snapshots: Iterable[tuple[np.ndarray, str]],
    levels: tuple[float, float],
    *,
    fps: float = 4.0,
    between_frames: Callable[[], None] | None = None,
) -> int:
    """Write one frame per ``(weights (F, C, KH, KW), caption)`` to ``path``, atomically.

    ``between_frames`` runs before each frame (a stop flag's check): an
    exception there, or anywhere, leaves ``path`` as it was and no temporary
    file behind. Returns the number of frames written.
    """
    with GifWriter(Path(path), fps=fps) as writer:
        for weights, caption in snapshots:
            if between_frames is not None:
                between_frames()
            writer.add_frame(filters_frame(weights, levels, caption))
        return writer.frames_written
