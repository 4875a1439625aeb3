"""Write frames to an animated GIF (or one PNG), streamed and atomic.

Frames go straight into the file as they arrive: the writer holds only the
previous frame's palette indices, so a long export uses the same memory as a
short one (Pillow's own ``save_all`` keeps every frame until the end).

Colours are mapped, never dithered: the most used colours get an exact
palette entry (the UI's solid fills, text and lines stay exact), and any
colour left over once the 255 entries are taken goes to its nearest entry.
Each frame is stored as the rectangle that changed since the previous one,
with the pixels that did not change inside it transparent (index 255).

Files are written to a temporary file in the destination folder and moved
over the destination only when complete, so a failure or a cancel never
leaves a partial file and never touches an existing one.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import numpy as np
from PIL import Image

from .atomic import AtomicFile, atomic_output
from .atomic_stream import AtomicStreamWriter
from .gif_palette import TRANSPARENT, ExactPalette, pack_rgb

__all__ = [
    "AtomicFile", "DuplicateFrameError", "ExactPalette", "GifStream", "GifWriter", "atomic_output",
    "frame_delays", "pack_rgb", "write_gif", "write_png",
]  # fmt: skip

#: GIF delays are in hundredths of a second; browsers slow anything under 2 to 10
MIN_DELAY_CS = 2
MAX_FPS = 100.0 / MIN_DELAY_CS
MIN_FPS = 0.1


class DuplicateFrameError(ValueError):
    """A frame equals the one before it (GIF players would merge them)."""


def frame_delays(count: int, fps: float) -> list[int]:
    """Per-frame delays in 1/100 s whose running total tracks ``k / fps``.

    ``frame_delays(3, 3)`` is ``[33, 34, 33]``: an average of exactly 1/3 s.
    """
    if not MIN_FPS <= fps <= MAX_FPS:
        raise ValueError(f"frames per second must be between {MIN_FPS:g} and {MAX_FPS:g}, got {fps:g}")
    edges = [round(k * 100.0 / fps) for k in range(count + 1)]
    return [max(MIN_DELAY_CS, b - a) for a, b in zip(edges[:-1], edges[1:], strict=True)]


class GifStream:
    """Encode frames into an open, seekable binary file as a looping GIF.

    :class:`GifWriter` wraps this with an atomic temporary file; the encoder
    process of :mod:`cnnviz.media.gif_process` uses it directly.
    """

    def __init__(
        self, fh: IO[bytes], *, fps: float, loop: int = 0, palette: ExactPalette | None = None
    ) -> None:
        frame_delays(1, fps)  # validate early
        self.fh = fh
        self.fps = float(fps)
        self.loop = int(loop)
        self.palette = palette if palette is not None else ExactPalette()
        self.frames_written = 0
        self._size: tuple[int, int] | None = None
        self._prev: np.ndarray | None = None
        self._prev_packed: np.ndarray | None = None

    def add_frame(self, frame: np.ndarray) -> None:
        """Quantise ``frame`` and append it; raises :class:`DuplicateFrameError`
        if it equals the previous frame after quantisation.

        Only the pixels that differ from the previous frame are looked up
        (a colour's entry never changes once chosen), and only the rectangle
        around those whose entry changed is encoded.
        """
        a = np.asarray(frame)
        packed = a if (a.ndim == 2 and a.dtype == np.uint32) else pack_rgb(a)  # top byte ignored
        h, w = packed.shape
        if self._size is None:
            if not (0 < w < 65536 and 0 < h < 65536):
                raise ValueError(f"a GIF frame must be 1..65535 pixels wide and tall, got {w}×{h}")
            idx = self.palette.indices(packed & np.uint32(0xFFFFFF))
            self._size = (w, h)
            self._write_header(self.fh, w, h)
            box: tuple[int, int, int, int] | None = (0, 0, w, h)
        else:
            if (w, h) != self._size:
                raise ValueError(
                    f"frame {self.frames_written} is {w}×{h}, the first was {self._size[0]}×{self._size[1]}"
                )
            idx, box = self._update(packed)
            if box is None:
                raise DuplicateFrameError(f"frame {self.frames_written} is identical to the frame before it")
        k = self.frames_written
        delay = round((k + 1) * 100.0 / self.fps) - round(k * 100.0 / self.fps)
        x0, y0, x1, y1 = box
        sub = idx[y0:y1, x0:x1].copy()
        flags = 1 << 2  # disposal 1: keep this frame under the next one
        if self._prev is not None:
            # pixels that did not change are transparent: they show the previous frame and
            # compress to almost nothing
            sub[sub == self._prev[y0:y1, x0:x1]] = TRANSPARENT
            flags |= 1  # transparency index follows
        fh = self.fh
        delay_cs = struct.pack("<H", max(MIN_DELAY_CS, delay))
        fh.write(b"!\xf9\x04" + bytes((flags,)) + delay_cs + bytes((TRANSPARENT, 0)))
        fh.write(b"," + struct.pack("<HHHH", x0, y0, x1 - x0, y1 - y0) + b"\0\x08")
        fh.write(Image.fromarray(sub, "L").tobytes("gif", "L"))
        fh.write(b"\0")
        self._prev = idx
        self._prev_packed = packed.copy() if packed is a else packed
        self.frames_written += 1

    def _update(self, packed: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int] | None]:
        """The new index frame and the box of pixels whose index changed (None: none did)."""
        prev, prev_packed = self._prev, self._prev_packed
        assert prev is not None and prev_packed is not None
        moved = np.flatnonzero((packed ^ prev_packed) & np.uint32(0xFFFFFF))  # few pixels
        new = self.palette.indices(packed.ravel()[moved] & np.uint32(0xFFFFFF))
        changed = moved[new != prev.ravel()[moved]]
        if changed.size == 0:
            return prev, None
        idx = prev.copy()
        idx.ravel()[moved] = new
        r, c = np.divmod(changed, packed.shape[1])
        return idx, (int(c.min()), int(r.min()), int(c.max()) + 1, int(r.max()) + 1)

    def finish(self) -> None:
        """Write the trailer and the final colour table."""
        if self.frames_written == 0:
            raise ValueError("no frames were written")
        self.fh.write(b";")
        self.fh.seek(13)  # the global colour table follows the 13-byte screen descriptor
        self.fh.write(self.palette.to_bytes())
        self.fh.flush()
        self._prev = self._prev_packed = None

    def _write_header(self, fh: IO[bytes], w: int, h: int) -> None:
        if not (0 < w < 65536 and 0 < h < 65536):
            raise ValueError(f"a GIF frame must be 1..65535 pixels wide and tall, got {w}×{h}")
        # global colour table of 256 entries (rewritten by finish), colour resolution 8 bits
        fh.write(b"GIF89a" + struct.pack("<HH", w, h) + b"\xf7\0\0")
        fh.write(bytes(768))
        fh.write(b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", self.loop) + b"\0")


class GifWriter(AtomicStreamWriter):
    """Stream frames into an animated GIF that loops forever.

    Use as a context manager: leaving the block normally publishes the file,
    leaving it by an exception (or calling :meth:`abort`) removes every trace.

    Parameters
    ----------
    path : destination; its folder must exist.
    fps : frames per second, 0.1..50 (delays are whole hundredths of a second).
    loop : 0 loops forever.
    palette : a frozen :meth:`ExactPalette.from_frames` palette; by default
        one is built as frames arrive.

    Frames are ``(H, W, 3)`` uint8 RGB or ``(H, W)`` uint32 ``0xRRGGBB`` (Qt's
    ``Format_RGB32`` read as uint32), all the same size.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        fps: float = 2.0,
        loop: int = 0,
        palette: ExactPalette | None = None,
    ) -> None:
        frame_delays(1, fps)  # validate before a file exists
        super().__init__(path, lambda out: GifStream(out.file, fps=fps, loop=loop, palette=palette))
        self.palette = self._gif.palette

    @property
    def _gif(self) -> GifStream:
        if self._stream is None:
            raise ValueError("the writer is closed")
        return self._stream  # type: ignore[return-value]

    def set_palette(self, palette: ExactPalette | None) -> None:
        """Use ``palette`` (frozen, or None to learn one); only before the first frame."""
        if self._stream is None or self._stream.frames_written:
            raise ValueError("the palette must be set before the first frame")
        self._gif.palette = self.palette = palette if palette is not None else ExactPalette()


def write_gif(
    path: str | os.PathLike[str],
    frames: Iterable[np.ndarray],
    *,
    fps: float = 2.0,
    palette: ExactPalette | None = None,
) -> int:
    """Stream ``frames`` (consumed lazily, one at a time) into ``path``; returns the count."""
    with GifWriter(path, fps=fps, palette=palette) as writer:
        for frame in frames:
            writer.add_frame(frame)
        return writer.frames_written


def write_png(path: str | os.PathLike[str], frame: np.ndarray, palette: ExactPalette | None = None) -> Path:
    """Save one frame ((H, W, 3) uint8 or (H, W) uint32) as PNG, atomically.

    With ``palette`` the PNG is quantised exactly like a GIF frame written with
    that palette (so the two decode to the same pixels); without, it is RGB.
    """
    packed = pack_rgb(frame)
    if palette is not None:
        idx = palette.indices(packed)
        im = Image.frombytes("P", (idx.shape[1], idx.shape[0]), idx.tobytes())
        im.putpalette(palette.to_bytes())
    else:
        rgb = np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=-1)
        im = Image.fromarray(rgb.astype(np.uint8), "RGB")
    with atomic_output(path) as fh:
        im.save(fh, format="PNG")
    return Path(path)
