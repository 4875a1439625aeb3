"""A GIF writer whose encoding runs in a separate process.

Drawing a frame (Qt) and encoding it (numpy + Pillow's LZW) both hold
Python's GIL, so a thread cannot overlap them; a process can. The parent
writes each frame's raw pixels into the child's stdin (the pipe's small buffer
is the back-pressure: about one frame waits while another is encoded, so
memory stays bounded); the child (``python -m cnnviz.media.gif_process``)
quantises, encodes and writes them into the temporary file the parent created,
and the parent publishes that file atomically.

The interface is :class:`cnnviz.media.animation.GifWriter`'s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import IO

import numpy as np

from .animation import AtomicFile, DuplicateFrameError, ExactPalette, GifStream, frame_delays, pack_rgb
from .child_process import module_command

# parent → child: one JSON header line, then per frame b"F" + raw (H, W) uint32 pixels,
# then b"C" (finish) or b"A" (abort). child → parent: one JSON status line.
_FRAME, _CLOSE, _ABORT = b"F", b"C", b"A"


class ProcessGifWriter:
    """Like :class:`GifWriter`, with quantising and encoding in a child process.

    Starting the process costs a few tenths of a second (it imports numpy and
    Pillow), which overlaps with whatever the caller does before the first
    frame (e.g. :meth:`set_palette`'s palette being computed).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        fps: float = 2.0,
        loop: int = 0,
        palette: ExactPalette | None = None,
    ) -> None:
        frame_delays(1, fps)
        self.path = Path(path)
        self.fps, self.loop = float(fps), int(loop)
        self.palette = palette
        self.frames_written = 0
        self._shape: tuple[int, int] | None = None
        self._out: AtomicFile | None = AtomicFile(self.path)
        # the child imports this very package, never a module from the current folder; in a
        # session of its own, a Ctrl-C in the terminal reaches only the parent, which ends
        # the child through the pipe (EOF or abort) after cleaning up
        argv, env = module_command("cnnviz.media.gif_process")
        try:
            self._proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        except BaseException:
            self._discard()
            raise
        _widen_pipe(self._proc.stdin)

    def set_palette(self, palette: ExactPalette | None) -> None:
        """Use ``palette`` (frozen, or None to learn one); only before the first frame."""
        if self._shape is not None:
            raise ValueError("the palette must be set before the first frame")
        self.palette = palette

    def __enter__(self) -> ProcessGifWriter:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if exc is None:
            self.close()
        else:
            self.abort()

    def add_frame(self, frame: np.ndarray) -> None:
        if self._out is None:
            raise ValueError("the GIF writer is closed")
        a = frame if frame.ndim == 2 and frame.dtype == np.uint32 else pack_rgb(frame)
        a = np.ascontiguousarray(a)
        if self._shape is None:
            self._shape = a.shape
            pal = self.palette
            header = {
                "tmp": self._out.name, "fps": self.fps, "loop": self.loop, "h": a.shape[0], "w": a.shape[1],
                "colors": list(pal.colors) if pal is not None and pal.frozen else None,
            }  # fmt: skip
            self._send(json.dumps(header).encode() + b"\n")
        elif a.shape != self._shape:
            raise ValueError(
                f"frame {self.frames_written} is {a.shape[1]}×{a.shape[0]}, "
                f"the first was {self._shape[1]}×{self._shape[0]}"
            )
        self._send(_FRAME, memoryview(a).cast("B"))
        self.frames_written += 1

    def close(self) -> Path:
        if self._out is None:
            raise ValueError("the GIF writer is closed")
        if self.frames_written == 0:
            self.abort()
            raise ValueError("no frames were written")
        self._send(_CLOSE)
        status = self._finish_child()
        if status.get("ok"):
            out, self._out = self._out, None
            out.commit()
            return self.path
        self._discard()
        _raise(status)
        raise AssertionError("unreachable")

    def abort(self) -> None:
        if self._out is None:
            return
        try:
            self._send(_ABORT, check=False)
        finally:
            self._finish_child()
            self._discard()

    # -- plumbing ------------------------------------------------------------
    def _send(self, *chunks: bytes | memoryview, check: bool = True) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            for chunk in chunks:
                stdin.write(chunk)
            if chunks[0] != _FRAME:
                stdin.flush()
        except OSError:  # the child stopped early: it says why
            if not check:
                return
            status = self._finish_child()
            self._discard()
            _raise(
                status if "error" in status else {"error": "RuntimeError", "message": "the encoder stopped"}
            )

    def _finish_child(self) -> dict:
        """Close the child's input, read its status line, and reap it."""
        proc = self._proc
        try:
            if proc.stdin is not None and not proc.stdin.closed:
                proc.stdin.close()
        except OSError:
            pass
        out = proc.stdout.read() if proc.stdout is not None else b""  # the child exits after EOF
        if proc.stdout is not None:
            proc.stdout.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        try:
            return json.loads(out.decode().strip().splitlines()[-1])
        except (ValueError, IndexError):
            return {"error": "RuntimeError", "message": "the encoder process stopped unexpectedly"}

    def _discard(self) -> None:
        if self._out is not None:
            self._out.discard()
            self._out = None


def _widen_pipe(stream: IO[bytes] | None) -> None:
    """Ask Linux for a 1 MiB pipe buffer (the default is 64 KiB): a frame then
    crosses in a few writes instead of dozens of wake-ups. Harmless elsewhere."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), 1031, 1 << 20)  # type: ignore[union-attr]  # F_SETPIPE_SZ
    except (ImportError, OSError, AttributeError, ValueError):
        pass


def _raise(status: dict) -> None:
    kind, message = status.get("error", "RuntimeError"), status.get("message", "")
    if status.get("errno") is not None:
        raise OSError(status["errno"], status.get("strerror") or message)
    if kind == "DuplicateFrameError":
        raise DuplicateFrameError(message)
    if kind == "ValueError":
        raise ValueError(message)
    raise RuntimeError(message)


def _child(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The encoder process: frames in on stdin, one JSON status line out."""
    status: dict = {"aborted": True}
    try:
        header = json.loads(stdin.readline())
        h, w = header["h"], header["w"]
        palette = ExactPalette.frozen_with(header["colors"]) if header["colors"] else None
        with open(header["tmp"], "r+b") as fh:
            stream = GifStream(fh, fps=header["fps"], loop=header["loop"], palette=palette)
            buf = bytearray(h * w * 4)
            frame = np.frombuffer(buf, np.uint32).reshape(h, w)
            while (tag := stdin.read(1)) == _FRAME:
                if stdin.readinto(buf) != len(buf):
                    raise RuntimeError("a frame arrived incomplete")
                stream.add_frame(frame)
            if tag == _CLOSE:
                stream.finish()
                os.fsync(fh.fileno())
                status = {"ok": True, "frames": stream.frames_written}
    except BaseException as exc:  # reported to the parent, which raises it
        status = {"error": type(exc).__name__, "message": str(exc)}
        if isinstance(exc, OSError):
            status.update(errno=exc.errno, strerror=exc.strerror)
    stdout.write(json.dumps(status).encode() + b"\n")
    stdout.flush()


if __name__ == "__main__":
    _child(sys.stdin.buffer, sys.stdout.buffer)
