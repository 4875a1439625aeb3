"""A stream of frames written into a temporary file that becomes the destination only
when it is finished: the shape every animation writer (GIF, APNG, WebP, MP4) shares."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from .atomic import AtomicFile


class FrameStream(Protocol):
    frames_written: int

    def add_frame(self, frame: np.ndarray) -> None: ...

    def finish(self) -> None: ...


class AtomicStreamWriter:
    """A stream of frames into a temporary file that becomes ``path`` on :meth:`close`.

    ``make_stream`` gets the :class:`AtomicFile` and returns the encoder
    (``add_frame``, ``finish``, optionally ``abort``). Leaving the ``with``
    block by an exception, or :meth:`abort`, removes every trace.
    """

    def __init__(
        self, path: str | os.PathLike[str], make_stream: Callable[[AtomicFile], FrameStream]
    ) -> None:
        self.path = Path(path)
        self._out: AtomicFile | None = AtomicFile(self.path)
        try:
            self._stream: FrameStream | None = make_stream(self._out)
        except BaseException:
            self._out.discard()
            self._out = None
            raise

    @property
    def frames_written(self) -> int:
        return self._stream.frames_written if self._stream is not None else 0

    def __enter__(self) -> AtomicStreamWriter:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if exc is None:
            self.close()
        else:
            self.abort()

    def add_frame(self, frame: np.ndarray) -> None:
        if self._stream is None:
            raise ValueError("the writer is closed")
        self._stream.add_frame(frame)

    def close(self) -> Path:
        """Finish the file and move it into place; returns the path."""
        if self._stream is None or self._out is None:
            raise ValueError("the writer is closed")
        try:
            if self._stream.frames_written == 0:
                raise ValueError("no frames were written")
            self._stream.finish()
        except BaseException:
            self.abort()
            raise
        out, self._out, self._stream = self._out, None, None
        out.commit()
        return self.path

    def abort(self) -> None:
        """Drop the temporary file; the destination is left as it was."""
        stream, out = self._stream, self._out
        self._stream = self._out = None
        try:
            if stream is not None and hasattr(stream, "abort"):
                stream.abort()  # type: ignore[attr-defined]
        finally:
            if out is not None:
                out.discard()
