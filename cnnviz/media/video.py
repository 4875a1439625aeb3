"""MP4 (H.264) through PyAV, the optional ``video`` extra (``pip install "cnnviz[video]"``).

PyAV's wheels bundle FFmpeg with libx264, so nothing else is installed. Frames
are encoded as they arrive and muxed into the temporary file the caller made
(:class:`cnnviz.media.atomic_stream.AtomicStreamWriter` publishes it); the encoder's
look-ahead is kept short, so memory stays bounded whatever the length.

The picture is yuv420p (what slides, browsers and phones play), tagged BT.709;
a side of odd length gets one more row or column copied from its edge, since
4:2:0 needs even sides. Frame ``k`` is shown at ``k / fps`` seconds exactly.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .formats import check_fps, missing_library

#: x264 settings: near-lossless for flat UI colours and sharp text, short look-ahead (bounded memory)
X264_OPTIONS = {"crf": "18", "preset": "medium", "tune": "stillimage", "rc-lookahead": "10"}


def _bgra(frame: np.ndarray) -> np.ndarray:
    """``(H, W)`` uint32 ``0x??RRGGBB`` or ``(H, W, 3|4)`` uint8 RGB → ``(H', W', 4)``
    uint8 BGRA, opaque, with even sides."""
    a = np.asarray(frame)
    if a.ndim == 2 and a.dtype == np.uint32:
        bgra = (a | np.uint32(0xFF000000)).astype("<u4").view(np.uint8).reshape(*a.shape, 4)
    elif a.ndim == 3 and a.shape[2] in (3, 4) and a.dtype == np.uint8:
        bgra = np.empty((*a.shape[:2], 4), np.uint8)
        bgra[..., :3] = a[..., 2::-1]
        bgra[..., 3] = 255
    else:
        raise ValueError(f"a frame must be (H, W, 3) uint8 or (H, W) uint32, got {a.shape} {a.dtype}")
    h, w = bgra.shape[:2]
    if h % 2 or w % 2:
        bgra = np.pad(bgra, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")
    return bgra


class Mp4Stream:
    """Encode frames as H.264 into an MP4 file at ``name`` (created empty by the caller).

    Parameters
    ----------
    name : the temporary file to write (it is replaced whole, by name).
    fps : frames per second, 0.1..50.

    Raises ``ValueError`` naming the extra when PyAV is not installed. Frames
    are ``(H, W)`` uint32 or ``(H, W, 3)`` uint8, all one size.
    """

    def __init__(self, name: str, *, fps: float) -> None:
        problem = missing_library(".mp4")
        if problem:
            raise ValueError(problem)
        import av

        self._av = av
        self.fps = check_fps(fps)
        self.rate = Fraction(self.fps).limit_denominator(1000)
        self.frames_written = 0
        self._size: tuple[int, int] | None = None
        self._container = av.open(name, mode="w", format="mp4")
        self._stream = None

    def _open_stream(self, w: int, h: int) -> None:
        stream = self._container.add_stream("libx264", rate=self.rate, options=dict(X264_OPTIONS))
        stream.width, stream.height = w, h
        stream.pix_fmt = "yuv420p"
        stream.time_base = 1 / self.rate
        ctx = stream.codec_context
        for attr, value in (("colorspace", 1), ("color_primaries", 1), ("color_trc", 1), ("color_range", 1)):
            try:  # BT.709, limited range: the conversion below; players then show the right colours
                setattr(ctx, attr, value)
            except (AttributeError, TypeError, ValueError):
                pass
        self._stream = stream

    def add_frame(self, frame: np.ndarray) -> None:
        av = self._av
        shape = np.shape(frame)[:2]
        if self._size is None:
            if not (0 < shape[0] and 0 < shape[1]):
                raise ValueError(f"a video frame must be at least 1×1 pixels, got {shape[1]}×{shape[0]}")
            self._size = shape
        elif shape != self._size:
            raise ValueError(
                f"frame {self.frames_written} is {shape[1]}×{shape[0]}, "
                f"the first was {self._size[1]}×{self._size[0]}"
            )
        bgra = _bgra(frame)
        if self._stream is None:
            self._open_stream(bgra.shape[1], bgra.shape[0])
        vf = av.VideoFrame.from_ndarray(bgra, format="bgra")
        vf = vf.reformat(format="yuv420p", src_colorspace="itu709", dst_colorspace="itu709")
        vf.pts = self.frames_written
        vf.time_base = 1 / self.rate
        for packet in self._stream.encode(vf):
            self._container.mux(packet)
        self.frames_written += 1

    def finish(self) -> None:
        """Flush the encoder and close the file."""
        if self._stream is None:
            raise ValueError("no frames were written")
        for packet in self._stream.encode(None):
            self._container.mux(packet)
        container, self._container = self._container, None
        container.close()

    def abort(self) -> None:
        container, self._container = self._container, None
        if container is not None:
            try:
                container.close()
            except Exception:  # already failing: the file is removed anyway
                pass
