"""Animated WebP, lossless, streamed into an open file.

Pillow's animated WebP writer keeps every frame until it assembles the file;
here each frame is encoded by Pillow's lossless WebP encoder on its own, and
its bitstream is written at once into the file as an ``ANMF`` chunk of the WebP container
(RIFF: ``VP8X``, ``ANIM``, then one ``ANMF`` per frame). The RIFF size is
filled in by :meth:`WebpStream.finish`. Memory holds one frame whatever the length.
A frame after the first is the rectangle that changed since the previous one,
blended over it, with the pixels that did not change transparent.
"""

from __future__ import annotations

import io
import struct
from typing import IO

import numpy as np
from PIL import Image

from .formats import changed_box, check_fps, delta_rgba, durations_ms, packed

#: WebP's largest frame side
MAX_SIDE = 16383
#: libwebp's lossless effort, method 0..6 and quality 0..100: 1 and 0 are fast and small for UI frames
METHOD, QUALITY = 1, 0
#: chunks that carry a frame's pixels (the rest of a still WebP's container is dropped)
_FRAME_CHUNKS = (b"ALPH", b"VP8 ", b"VP8L")
_ANIMATION_FLAG, _ALPHA_FLAG = 0x02, 0x10
_BLEND, _NO_BLEND = 0x00, 0x02


def _u24(v: int) -> bytes:
    return struct.pack("<I", v)[:3]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")


def _frame_chunks(rgba: np.ndarray) -> bytes:
    """Encode ``(H, W, 4)`` uint8 losslessly with Pillow; returns its bitstream chunks, padded."""
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba)).save(
        buf, format="WEBP", lossless=True, quality=QUALITY, method=METHOD
    )
    data = buf.getvalue()
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise RuntimeError("Pillow's WebP encoder returned something that is not WebP")
    pos, out = 12, []
    while pos + 8 <= len(data):
        kind = data[pos : pos + 4]
        (size,) = struct.unpack_from("<I", data, pos + 4)
        end = pos + 8 + size + (size & 1)
        if kind in _FRAME_CHUNKS:
            out.append(data[pos:end])
        pos = end
    if not out:
        raise RuntimeError("Pillow's WebP encoder returned no image data")
    return b"".join(out)


class WebpStream:
    """Encode frames into an open, seekable binary file as a looping, lossless animated WebP.

    Parameters
    ----------
    fh : the file, opened for writing at its start.
    fps : frames per second, 0.1..50; durations are whole milliseconds whose
        running total tracks ``k / fps`` (exactly ``1000 / fps`` each when that is whole).
    loop : 0 plays forever, otherwise the number of plays.

    Frames are ``(H, W, 3)`` uint8 RGB or ``(H, W)`` uint32 ``0x??RRGGBB``, all
    one size, at most 16383 pixels a side. A frame equal to the one before is
    kept (a transparent 1×1 rectangle), so the frame count stays.
    """

    def __init__(self, fh: IO[bytes], *, fps: float, loop: int = 0) -> None:
        self.fh = fh
        self.fps = check_fps(fps)
        if not 0 <= loop < 65536:
            raise ValueError(f"the loop count must be 0..65535, got {loop}")
        self.loop = int(loop)
        self.frames_written = 0
        self._start = fh.tell()
        self._prev: np.ndarray | None = None

    def add_frame(self, frame: np.ndarray) -> None:
        px = packed(frame)
        h, w = px.shape
        if self._prev is None:
            if not (0 < w <= MAX_SIDE and 0 < h <= MAX_SIDE):
                raise ValueError(f"a WebP frame must be 1..{MAX_SIDE} pixels wide and tall, got {w}×{h}")
            vp8x = bytes((_ANIMATION_FLAG | _ALPHA_FLAG, 0, 0, 0)) + _u24(w - 1) + _u24(h - 1)
            anim = struct.pack("<IH", 0xFFFFFFFF, self.loop)  # background: opaque white (BGRA)
            self.fh.write(b"RIFF\0\0\0\0WEBP" + _chunk(b"VP8X", vp8x) + _chunk(b"ANIM", anim))
            box, blend = (0, 0, w, h), _NO_BLEND
        else:
            if px.shape != self._prev.shape:
                raise ValueError(
                    f"frame {self.frames_written} is {w}×{h}, "
                    f"the first was {self._prev.shape[1]}×{self._prev.shape[0]}"
                )
            x0, y0, x1, y1 = changed_box(self._prev, px) or (0, 0, 1, 1)
            box, blend = (x0 & ~1, y0 & ~1, x1, y1), _BLEND  # a frame's offset is stored halved
        bits = _frame_chunks(delta_rgba(self._prev, px, box))
        x0, y0, x1, y1 = box
        header = (
            _u24(x0 // 2) + _u24(y0 // 2) + _u24(x1 - x0 - 1) + _u24(y1 - y0 - 1)
            + _u24(durations_ms(self.frames_written, self.fps)) + bytes((blend,))
        )  # fmt: skip
        self.fh.write(_chunk(b"ANMF", header + bits))
        self._prev = px
        self.frames_written += 1

    def finish(self) -> None:
        """Fill in the RIFF size."""
        if self.frames_written == 0:
            raise ValueError("no frames were written")
        end = self.fh.tell()
        size = end - self._start - 8
        if size >= 2**32:
            raise ValueError("the animation is larger than a WebP file can be (4 GiB)")
        self.fh.seek(self._start + 4)
        self.fh.write(struct.pack("<I", size))
        self.fh.seek(end)
        self.fh.flush()
        self._prev = None
