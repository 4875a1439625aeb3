"""Animated PNG (APNG), lossless, streamed into an open file.

Pillow's own APNG writer keeps every frame until the end; here each frame is
encoded on its own by Pillow's PNG encoder and its image data is written
straight into the file as the frame's ``fdAT`` chunks, so memory holds one
frame whatever the length. A frame after the first is the rectangle that
changed since the previous one, blended over it, with the pixels that did not
change transparent (they compress to almost nothing), as GIF frames are. The
frame count in ``acTL`` is filled in by :meth:`ApngStream.finish`.
Each frame lasts exactly ``1 / fps`` seconds (APNG delays are fractions).
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import IO

import numpy as np
from PIL import Image

from .formats import changed_box, check_fps, delay_fraction, delta_rgba, packed

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: zlib effort for each frame (6, zlib's default: 40% smaller than 3 on UI frames for 3 ms more)
COMPRESS_LEVEL = 6
_DISPOSE_NONE, _BLEND_SOURCE, _BLEND_OVER = 0, 0, 1


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_chunks(rgba: np.ndarray) -> tuple[bytes, list[bytes]]:
    """Encode ``(H, W, 4)`` uint8 with Pillow; returns its IHDR payload and its IDAT payloads."""
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba)).save(buf, format="PNG", compress_level=COMPRESS_LEVEL)
    data = buf.getvalue()
    pos, ihdr, idat = len(PNG_SIGNATURE), b"", []
    while pos < len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        kind = data[pos + 4 : pos + 8]
        payload = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            ihdr = payload
        elif kind == b"IDAT":
            idat.append(payload)
        pos += 12 + length
    return ihdr, idat


class ApngStream:
    """Encode frames into an open, seekable binary file as a looping APNG.

    Parameters
    ----------
    fh : the file, opened for writing at its start (e.g. an :class:`AtomicFile`'s).
    fps : frames per second, 0.1..50; each frame's delay is ``1 / fps`` exactly.
    loop : 0 plays forever, otherwise the number of plays.

    Frames are ``(H, W, 3)`` uint8 RGB or ``(H, W)`` uint32 ``0x??RRGGBB``, all
    one size. A frame equal to the one before it is kept (as a transparent
    1×1 rectangle), so the frame count and timing stay those asked for.
    """

    def __init__(self, fh: IO[bytes], *, fps: float, loop: int = 0) -> None:
        self.fh = fh
        self.fps = check_fps(fps)
        self.loop = int(loop)
        self.delay = delay_fraction(fps)
        self.frames_written = 0
        self._seq = 0
        self._actl_at = -1
        self._prev: np.ndarray | None = None

    def add_frame(self, frame: np.ndarray) -> None:
        px = packed(frame)
        h, w = px.shape
        if self._prev is None:
            if not (0 < w < 2**31 and 0 < h < 2**31):
                raise ValueError(f"a PNG frame must be at least 1×1 pixels, got {w}×{h}")
            ihdr, idat = _png_chunks(delta_rgba(None, px, (0, 0, w, h)))
            self.fh.write(PNG_SIGNATURE + _chunk(b"IHDR", ihdr))
            self._actl_at = self.fh.tell()
            self.fh.write(_chunk(b"acTL", struct.pack(">II", 0, self.loop)))  # count set by finish
            self._write_fctl((0, 0, w, h), _BLEND_SOURCE)
            for data in idat:  # the first frame is the PNG's own image
                self.fh.write(_chunk(b"IDAT", data))
        else:
            if px.shape != self._prev.shape:
                raise ValueError(
                    f"frame {self.frames_written} is {w}×{h}, "
                    f"the first was {self._prev.shape[1]}×{self._prev.shape[0]}"
                )
            box = changed_box(self._prev, px) or (0, 0, 1, 1)
            _, idat = _png_chunks(delta_rgba(self._prev, px, box))
            self._write_fctl(box, _BLEND_OVER)
            for data in idat:
                self.fh.write(_chunk(b"fdAT", struct.pack(">I", self._seq) + data))
                self._seq += 1
        self._prev = px
        self.frames_written += 1

    def _write_fctl(self, box: tuple[int, int, int, int], blend: int) -> None:
        x0, y0, x1, y1 = box
        d = self.delay
        size = (x1 - x0, y1 - y0, x0, y0)
        body = struct.pack(">IIIIIHHBB", self._seq, *size, d.numerator, d.denominator, _DISPOSE_NONE, blend)
        self.fh.write(_chunk(b"fcTL", body))
        self._seq += 1

    def finish(self) -> None:
        """Write the end chunk and the frame count."""
        if self.frames_written == 0:
            raise ValueError("no frames were written")
        self.fh.write(_chunk(b"IEND", b""))
        end = self.fh.tell()
        self.fh.seek(self._actl_at)
        self.fh.write(_chunk(b"acTL", struct.pack(">II", self.frames_written, self.loop)))
        self.fh.seek(end)
        self.fh.flush()
        self._prev = None
