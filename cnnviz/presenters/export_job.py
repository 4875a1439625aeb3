"""Exporting a range of steps as an animation, a few frames per event-loop tick.

The output's extension picks the format (:mod:`cnnviz.media.formats`): ``.gif``,
``.apng``, ``.webp`` or ``.mp4`` (which needs the ``video`` extra); any other
name is written as a GIF, as before.

The job does not know how a frame is drawn: it is given ``render(k)``, which
returns step ``k`` as pixels (the views build it from the window's own
convolution view). Rendering stays on the GUI thread. GIF encoding runs in a
separate process for longer exports (drawing and encoding both hold Python's
GIL, so a thread would not overlap them), in this process for short ones; the
other formats encode in this process. Every way, frames are streamed, so
memory does not grow with the length.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from cnnviz.core.limits import MAX_EXPORT_FRAMES

if TYPE_CHECKING:  # the writers (and Pillow) load when an export starts, not with the window
    from cnnviz.media.animation import ExactPalette, GifWriter
    from cnnviz.media.formats import FrameWriter
    from cnnviz.media.gif_process import ProcessGifWriter

FrameRenderer = Callable[[int], np.ndarray]

#: how long one timer tick may work before the event loop gets control back
TICK_SECONDS = 0.04
#: from this many frames on, encode in a separate process (it takes ~0.3 s to start)
PROCESS_MIN_FRAMES = 40


#: the most frames one export writes, in the window and on the command line alike
MAX_FRAMES = MAX_EXPORT_FRAMES


def select_steps(num_steps: int, start: int = 0, stop: int | None = None, every: int = 1) -> range:
    """The steps an export shows: ``start, start + every, …`` before ``stop``.

    Raises ``ValueError`` with a sentence for a range that is empty or outside
    ``0..num_steps - 1``.
    """
    stop = num_steps if stop is None else stop
    if every < 1:
        raise ValueError(f"one frame every {every} steps is impossible; use 1 or more")
    if not 0 <= start < num_steps:
        raise ValueError(f"the first step must be between 0 and {num_steps - 1}, got {start}")
    if not start < stop <= num_steps:
        raise ValueError(
            f"the range must end after its first step ({start}) and at most at {num_steps} "
            f"(this convolution has {num_steps} steps), got {stop}"
        )
    return range(start, stop, every)


class ExportJob(QObject):
    """Render ``steps`` with ``render`` and write them to ``path``, in the format
    its extension names (a GIF for ``.gif`` or a name no format claims).

    ``palette`` (GIF only; the other formats keep every colour): a frozen
    palette, or a function making one (e.g. ``OffscreenFrames.palette``, called
    once the encoder process is starting, so the two overlap), so the frames
    match single PNGs of the same steps; by default one is learnt from the frames.

    Call :meth:`start` to run under the event loop (one chunk of frames per
    timer tick), or :meth:`run` to run to the end at once (command line).
    Exactly one of ``finished``, ``failed`` or ``cancelled`` is emitted, once.

    Signals
    -------
    progressed(int, int) : frames written so far, frames in all
    finished(str) : the file is complete at this path
    failed(str) : the export stopped; the message is for the user; no file was written
    cancelled() : stopped by :meth:`cancel`; no file was written
    """

    progressed = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        steps: Sequence[int],
        render: FrameRenderer,
        path: str | os.PathLike[str],
        *,
        fps: float = 2.0,
        palette: ExactPalette | Callable[[], ExactPalette] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if len(steps) == 0:
            raise ValueError("there are no steps to export")
        self.steps = steps
        self.path = Path(path)
        self.fps = fps
        self.palette = palette
        self.render_seconds = 0.0
        self.encode_seconds = 0.0
        self._render = render
        self._next = 0
        self._writer: GifWriter | ProcessGifWriter | FrameWriter | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def is_running(self) -> bool:
        return self._writer is not None

    # -- control -------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """Open the output and render frames on a zero-interval timer."""
        if self._open():
            self._timer.start()

    def run(self, between_frames: Callable[[], None] | None = None) -> Path:
        """Export everything now, blocking; raises what :meth:`start` would report.

        ``OSError`` for an unwritable destination, ``ValueError`` for bad frames.
        ``between_frames`` is called before each frame and before the file is
        published (the command line checks its signal flag there); whatever it
        raises stops the export, with the temporary file removed.
        """
        if not self._open(report=False):
            raise RuntimeError("the export job was already used")
        try:
            while self._next < self.total:
                if between_frames is not None:
                    between_frames()
                self._render_one()
            if between_frames is not None:
                between_frames()
        except BaseException:
            self._abort()
            raise
        return self._finish(report=False)

    @Slot()
    def cancel(self) -> None:
        """Stop; the partial file is removed and an existing file is untouched."""
        if self._writer is None:
            return
        self._abort()
        self.cancelled.emit()

    # -- work ------------------------------------------------------------------
    def _open(self, report: bool = True) -> bool:
        if self._writer is not None or self._next:
            return False
        from cnnviz.media.animation import GifWriter
        from cnnviz.media.formats import ANIMATED_SUFFIXES, open_writer
        from cnnviz.media.gif_process import ProcessGifWriter

        suffix = self.path.suffix.lower()
        try:
            if suffix in ANIMATED_SUFFIXES and suffix != ".gif":
                self._writer = open_writer(self.path, fps=self.fps)
            else:
                kind = ProcessGifWriter if self.total >= PROCESS_MIN_FRAMES else GifWriter
                self._writer = kind(self.path, fps=self.fps)
                self._writer.set_palette(self.palette() if callable(self.palette) else self.palette)
        except (OSError, ValueError) as exc:
            self._abort()
            if not report:
                raise
            self.failed.emit(describe_error(exc, self.path))
            return False
        return True

    def _on_timer_timeout(self) -> None:
        deadline = time.perf_counter() + TICK_SECONDS
        try:
            while self._next < self.total and time.perf_counter() < deadline:
                self._render_one()
                if self._writer is None:
                    return
            if self._next >= self.total:
                self._finish()
            else:
                self.progressed.emit(self._next, self.total)
        except Exception as exc:  # any failure: no file, one message
            self._abort()
            self.failed.emit(describe_error(exc, self.path))

    def _render_one(self) -> None:
        writer = self._writer
        t0 = time.perf_counter()
        frame = self._render(self.steps[self._next])
        t1 = time.perf_counter()
        self.render_seconds += t1 - t0
        if self._writer is not writer or writer is None:  # cancelled while drawing
            return
        writer.add_frame(frame)
        self.encode_seconds += time.perf_counter() - t1
        self._next += 1

    def _finish(self, report: bool = True) -> Path:
        self._timer.stop()
        writer, self._writer = self._writer, None
        assert writer is not None
        t0 = time.perf_counter()
        path = writer.close()  # removes the temporary file itself if it fails
        self.encode_seconds += time.perf_counter() - t0
        if report:
            self.progressed.emit(self.total, self.total)
            self.finished.emit(str(path))
        return path

    def _abort(self) -> None:
        self._timer.stop()
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.abort()


def animation_formats() -> list[tuple[str, str]]:
    """``(suffix, name)`` of each format an animation can be written in, GIF first."""
    from cnnviz.media.formats import FORMATS

    return [(f.suffix, f.name) for f in FORMATS.values()]


def format_problem(path: str | os.PathLike[str]) -> str:
    """Why ``path``'s format cannot be written here, in one translated sentence
    naming the command that installs what it needs; ``""`` if it can."""
    from cnnviz.media.formats import VIDEO_INSTALL, missing_library

    suffix = Path(path).suffix.lower()
    if missing_library(suffix) is None:
        return ""
    return QCoreApplication.translate(
        "ExportJob", "Writing {0} needs the optional video library. Install it with:\n{1}"
    ).format(suffix, VIDEO_INSTALL)


def describe_error(exc: BaseException, path: Path) -> str:
    """One translated sentence about why writing ``path`` failed."""

    from cnnviz.media.atomic import WriteProtectedError

    if isinstance(exc, WriteProtectedError):
        return QCoreApplication.translate(
            "ExportJob", "{0} is write-protected; it was left as it is. Choose another name."
        ).format(path.name)
    if isinstance(exc, FileNotFoundError):
        if path.parent.is_dir():  # e.g. /proc: a folder that takes no new files
            return QCoreApplication.translate("ExportJob", "Files cannot be created in {0}.").format(
                path.parent
            )
        return QCoreApplication.translate("ExportJob", "The folder {0} does not exist.").format(path.parent)
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate("ExportJob", "Cannot write in {0}: permission denied.").format(
            path.parent
        )
    if isinstance(exc, OSError):
        return QCoreApplication.translate("ExportJob", "Cannot write {0}: {1}.").format(
            path.name, exc.strerror or exc
        )
    return QCoreApplication.translate("ExportJob", "The export stopped: {0}").format(exc)
