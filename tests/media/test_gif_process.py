"""The GIF writer that encodes in a child process: same bytes, same failure rules."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.media.animation import DuplicateFrameError, ExactPalette, GifWriter, pack_rgb
from cnnviz.media.gif_process import ProcessGifWriter


def frame(k: int) -> np.ndarray:
    f = np.full((30, 50, 3), 250, np.uint8)
    f[k % 30, :] = (200, 30, 30)
    f[:, (3 * k) % 50] = (10, 10, 10)
    return f


def test_same_file_as_the_in_process_writer(tmp_path):
    frames = [frame(k) for k in range(12)]
    palette = ExactPalette.from_frames(frames[:2])
    with GifWriter(tmp_path / "a.gif", fps=7, palette=palette) as w:
        for f in frames:
            w.add_frame(f)
    with ProcessGifWriter(tmp_path / "b.gif", fps=7) as w:
        w.set_palette(ExactPalette.from_frames(frames[:2]))
        for f in frames:
            w.add_frame(pack_rgb(f) | np.uint32(0xFF000000))  # Qt's RGB32
    assert (tmp_path / "a.gif").read_bytes() == (tmp_path / "b.gif").read_bytes()


def test_child_error_is_raised_in_the_parent_and_no_file_is_left(tmp_path):
    out = tmp_path / "dup.gif"
    out.write_bytes(b"keep me")
    w = ProcessGifWriter(out)
    w.add_frame(frame(0))
    w.add_frame(frame(0))
    with pytest.raises(DuplicateFrameError, match="frame 1 is identical"):
        w.close()
    assert out.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dup.gif"]


def test_abort_leaves_nothing(tmp_path):
    w = ProcessGifWriter(tmp_path / "x.gif")
    for k in range(3):
        w.add_frame(frame(k))
    w.abort()
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_fails_before_a_process_starts(tmp_path):
    with pytest.raises(FileNotFoundError):
        ProcessGifWriter(tmp_path / "gone" / "x.gif")
