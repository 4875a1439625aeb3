"""The animation formats an export can write, chosen by the output's extension.

``.gif`` (:mod:`cnnviz.media.animation`), ``.apng`` (:mod:`cnnviz.media.apng`),
``.webp`` (:mod:`cnnviz.media.webp_anim`) and ``.mp4`` (H.264,
:mod:`cnnviz.media.video`, which needs the optional ``video`` extra: PyAV).
One step is written as ``.png`` (:func:`cnnviz.media.animation.write_png`).

Every writer here has one interface — ``add_frame(frame)``, ``close() ->
Path``, ``abort()``, ``frames_written``, a context manager that publishes on
success and removes everything on failure — and streams: frames go into a
temporary file beside the destination as they arrive (:mod:`cnnviz.media.atomic`),
which replaces the destination only once complete.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Protocol

import numpy as np

from .animation import MAX_FPS, MIN_FPS
from .atomic_stream import AtomicStreamWriter
from .gif_palette import pack_rgb

__all__ = [
    "ANIMATED_SUFFIXES", "FORMATS", "SINGLE_SUFFIX", "VIDEO_INSTALL", "AnimationFormat",
    "AtomicStreamWriter", "FrameWriter", "animation_format", "changed_box", "check_fps",
    "delay_fraction", "delta_rgba", "durations_ms", "missing_library", "open_writer", "packed",
]  # fmt: skip

#: the command that installs what ``.mp4`` needs
VIDEO_INSTALL = 'pip install "cnnviz[video]"'
SINGLE_SUFFIX = ".png"


@dataclass(frozen=True)
class AnimationFormat:
    """One animated format: its extension, its name, and the extra it needs (if any)."""

    suffix: str
    name: str
    lossless: bool
    extra: str | None = None


FORMATS: dict[str, AnimationFormat] = {
    ".gif": AnimationFormat(".gif", "GIF", lossless=False),
    ".apng": AnimationFormat(".apng", "APNG", lossless=True),
    ".webp": AnimationFormat(".webp", "WebP", lossless=True),
    ".mp4": AnimationFormat(".mp4", "MP4 (H.264)", lossless=False, extra="video"),
}
ANIMATED_SUFFIXES: tuple[str, ...] = tuple(FORMATS)


def animation_format(path: str | os.PathLike[str]) -> AnimationFormat | None:
    """The format ``path``'s extension names (case-insensitive), or None."""
    return FORMATS.get(Path(path).suffix.lower())


def missing_library(suffix: str) -> str | None:
    """Why ``suffix`` cannot be written here, in one sentence naming the extra; None if it can.

    Imports the library (only for a format that needs one), so a broken
    install is found here too, before any work starts.
    """
    if suffix.lower() != ".mp4":
        return None
    try:
        import av  # noqa: F401
    except ImportError:
        return f"writing .mp4 needs the optional video library; install it with: {VIDEO_INSTALL}"
    return None


class FrameWriter(Protocol):
    """What an export writes frames into (:class:`GifWriter` has the same shape)."""

    path: Path

    @property
    def frames_written(self) -> int: ...

    def add_frame(self, frame: np.ndarray) -> None: ...

    def close(self) -> Path: ...

    def abort(self) -> None: ...


def open_writer(path: str | os.PathLike[str], *, fps: float, loop: int = 0) -> FrameWriter:
    """A writer for ``path``'s format; ``ValueError`` in words for an unknown
    extension or a missing library, ``OSError`` if the temporary file cannot be made."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"the output must end in {_listed()}, not {Path(path).name}")
    problem = missing_library(suffix)
    if problem:
        raise ValueError(problem)
    check_fps(fps)
    if suffix == ".gif":
        from .animation import GifWriter

        return GifWriter(path, fps=fps, loop=loop)
    if suffix == ".apng":
        from .apng import ApngStream

        return AtomicStreamWriter(path, lambda out: ApngStream(out.file, fps=fps, loop=loop))
    if suffix == ".webp":
        from .webp_anim import WebpStream

        return AtomicStreamWriter(path, lambda out: WebpStream(out.file, fps=fps, loop=loop))
    from .video import Mp4Stream

    return AtomicStreamWriter(path, lambda out: Mp4Stream(out.name, fps=fps))


def _listed() -> str:
    *head, last = ANIMATED_SUFFIXES
    return f"{', '.join(head)} or {last}"


# -- shared by the encoders -----------------------------------------------------------
def check_fps(fps: float) -> float:
    if not MIN_FPS <= fps <= MAX_FPS:
        raise ValueError(f"frames per second must be between {MIN_FPS:g} and {MAX_FPS:g}, got {fps:g}")
    return float(fps)


def delay_fraction(fps: float) -> Fraction:
    """``1 / fps`` seconds as a fraction whose parts fit in 16 bits (APNG's delay fields).

    ``delay_fraction(2) == Fraction(1, 2)``; ``delay_fraction(3) == Fraction(1, 3)``.
    """
    return (1 / Fraction(check_fps(fps)).limit_denominator(1000)).limit_denominator(6553)


def durations_ms(k: int, fps: float) -> int:
    """Frame ``k``'s duration in whole milliseconds, chosen so the running total tracks ``k / fps``."""
    return round((k + 1) * 1000.0 / fps) - round(k * 1000.0 / fps)


def packed(frame: np.ndarray) -> np.ndarray:
    """``(H, W)`` uint32 ``0x??RRGGBB`` or ``(H, W, 3|4)`` uint8 RGB → ``(H, W)`` uint32 ``0xRRGGBB``."""
    return pack_rgb(frame)


def changed_box(prev: np.ndarray, cur: np.ndarray) -> tuple[int, int, int, int] | None:
    """``(x0, y0, x1, y1)`` around the pixels of :func:`packed` ``cur`` that differ
    from ``prev`` (both ``(H, W)`` uint32); None if none do."""
    diff = prev != cur
    rows = np.flatnonzero(diff.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(diff[rows[0] : rows[-1] + 1].any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def delta_rgba(prev: np.ndarray | None, cur: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """:func:`packed` ``cur``'s pixels in ``box`` as ``(h, w, 4)`` uint8 RGBA: opaque where
    they differ from ``prev`` (everywhere when ``prev`` is None), fully transparent
    (0, 0, 0, 0) where they do not, so that blending the rectangle over ``prev`` gives
    ``cur`` exactly and the unchanged pixels compress to almost nothing."""
    x0, y0, x1, y1 = box
    sub = cur[y0:y1, x0:x1]
    # 0xAABBGGRR is R, G, B, A in memory on a little-endian machine
    abgr = ((sub & 0xFF) << 16) | (sub & 0xFF00) | ((sub >> 16) & 0xFF) | np.uint32(0xFF000000)
    if prev is not None:
        abgr[prev[y0:y1, x0:x1] == sub] = 0
    return abgr.astype("<u4", copy=False).view(np.uint8).reshape(*sub.shape, 4)
