"""APNG, WebP and MP4 writers: opened back, exact frames and durations, atomic, bounded memory."""

from __future__ import annotations

import sys
import tracemalloc
from fractions import Fraction

import numpy as np
import pytest
from cli_helpers import decode_frames
from PIL import Image

from cnnviz.media.formats import (
    ANIMATED_SUFFIXES,
    delay_fraction,
    durations_ms,
    missing_library,
    open_writer,
)

LOSSLESS = (".apng", ".webp")


def frame(k: int, h: int = 40, w: int = 60) -> np.ndarray:
    """A distinct RGB frame per ``k``: a coloured bar and a dark column that move."""
    f = np.full((h, w, 3), 250, np.uint8)
    f[(k // w) % h, :] = (0, 0, 200)
    f[:, k % w] = (20, 20 + k % 200, 20)
    f[h // 2, w // 3] = (k % 256, 255 - k % 256, 7)  # an odd colour, as anti-aliased text has
    return f


def packed(rgb: np.ndarray) -> np.ndarray:
    """The (H, W) uint32 0xFFRRGGBB form the export's renderer produces."""
    r, g, b = (rgb[..., i].astype(np.uint32) for i in range(3))
    return np.uint32(0xFF000000) | (r << 16) | (g << 8) | b


def write(path, frames, fps: float = 4.0) -> int:
    with open_writer(path, fps=fps) as writer:
        for f in frames:
            writer.add_frame(f)
        return writer.frames_written


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("suffix", LOSSLESS)
@pytest.mark.parametrize("as_packed", [False, True])
def test_lossless_formats_decode_to_the_exact_frames_each_lasting_one_over_fps(tmp_path, suffix, as_packed):
    src = [frame(k) for k in range(25)]
    out = tmp_path / f"a{suffix}"
    write(out, [packed(f) if as_packed else f for f in src], fps=4)
    fmt, frames, durations, info = decode_frames(out)
    assert fmt == {".apng": "PNG", ".webp": "WEBP"}[suffix]
    assert len(frames) == 25
    assert durations == [250] * 25  # 1 / fps
    assert info["loop"] == 0
    for k, (got, want) in enumerate(zip(frames, src)):
        assert np.array_equal(got, want), f"frame {k} differs"
    assert listing(tmp_path) == [f"a{suffix}"]


def test_apng_delays_are_exactly_one_over_fps(tmp_path):
    out = tmp_path / "third.apng"
    write(out, [frame(k) for k in range(6)], fps=3)
    _, _, durations, _ = decode_frames(out)
    assert durations == pytest.approx([1000 / 3] * 6)
    assert delay_fraction(3) == Fraction(1, 3)
    assert delay_fraction(2) == Fraction(1, 2)
    assert delay_fraction(0.1) == Fraction(10)
    assert delay_fraction(50) == Fraction(1, 50)


def test_webp_milliseconds_add_up_to_k_over_fps(tmp_path):
    out = tmp_path / "third.webp"
    write(out, [frame(k) for k in range(6)], fps=3)
    _, _, durations, _ = decode_frames(out)
    assert durations == [durations_ms(k, 3) for k in range(6)] == [333, 334, 333, 333, 334, 333]
    assert sum(durations) == 2000


@pytest.mark.parametrize("suffix", LOSSLESS)
def test_a_repeated_frame_is_kept_so_count_and_timing_stay(tmp_path, suffix):
    src = [frame(0), frame(1), frame(1), frame(2)]
    out = tmp_path / f"r{suffix}"
    write(out, src, fps=2)
    _, frames, durations, _ = decode_frames(out)
    assert len(frames) == 4 and durations == [500] * 4
    assert all(np.array_equal(g, w) for g, w in zip(frames, src))


@pytest.mark.parametrize("suffix", ANIMATED_SUFFIXES)
def test_a_failure_mid_stream_leaves_nothing_and_keeps_the_old_file(tmp_path, suffix):
    if suffix == ".mp4":
        pytest.importorskip("av")
    out = tmp_path / f"keep{suffix}"
    out.write_bytes(b"last week's animation")
    with pytest.raises(ValueError, match="the first was 60×40"):
        with open_writer(out, fps=2) as writer:
            for k in range(5):
                writer.add_frame(frame(k))
            writer.add_frame(frame(5, h=30))  # a frame of another size stops the export
    assert out.read_bytes() == b"last week's animation"
    assert listing(tmp_path) == [f"keep{suffix}"]  # no .part left


@pytest.mark.parametrize("suffix", LOSSLESS)
def test_an_exception_in_the_block_or_abort_leaves_no_file(tmp_path, suffix):
    out = tmp_path / f"new{suffix}"
    with pytest.raises(KeyboardInterrupt):
        with open_writer(out, fps=2) as writer:
            writer.add_frame(frame(0))
            raise KeyboardInterrupt
    writer = open_writer(out, fps=2)
    writer.add_frame(frame(0))
    writer.abort()
    with pytest.raises(ValueError, match="no frames"):
        open_writer(out, fps=2).close()
    assert listing(tmp_path) == []


@pytest.mark.parametrize("suffix", LOSSLESS)
def test_long_export_memory_stays_bounded(tmp_path, suffix):
    """The traced peak of 150 frames is that of 10: the stream holds about one frame
    (Pillow's own save_all would hold all 150, 140 × 288 KB more)."""
    h, w = 240, 400
    frame_bytes = h * w * 3

    def peak(n: int) -> int:
        tracemalloc.start()
        try:
            assert write(tmp_path / f"n{n}{suffix}", (frame(k, h, w) for k in range(n)), fps=25) == n
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    short, long = peak(10), peak(150)
    assert long < short + 2 * frame_bytes, (
        f"{short / 2**20:.1f} MiB for 10 frames, {long / 2**20:.1f} for 150"
    )
    with Image.open(tmp_path / f"n150{suffix}") as im:
        assert im.n_frames == 150


def test_unknown_suffix_and_bad_fps_are_refused_before_a_file_exists(tmp_path):
    with pytest.raises(ValueError, match=r"must end in \.gif, \.apng, \.webp or \.mp4, not a\.avi"):
        open_writer(tmp_path / "a.avi", fps=2)
    with pytest.raises(ValueError, match="between 0.1 and 50"):
        open_writer(tmp_path / "a.webp", fps=60)
    assert listing(tmp_path) == []


def test_mp4_without_the_video_library_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)  # `import av` now fails as if it were not installed
    message = missing_library(".mp4")
    assert message is not None and 'pip install "cnnviz[video]"' in message
    assert missing_library(".webp") is None and missing_library(".gif") is None
    with pytest.raises(ValueError, match=r"cnnviz\[video\]"):
        open_writer(tmp_path / "a.mp4", fps=2)
    assert listing(tmp_path) == []


def test_mp4_has_every_frame_at_one_over_fps(tmp_path):
    av = pytest.importorskip("av")
    out = tmp_path / "a.mp4"
    src = [frame(k, 41, 61) for k in range(30)]  # odd sides: padded to even for 4:2:0
    write(out, [packed(f) for f in src], fps=5)
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.width, stream.height) == (62, 42)
        decoded = list(container.decode(stream))
    assert len(decoded) == 30
    assert [float(f.time) for f in decoded] == pytest.approx([k / 5 for k in range(30)])
    # lossy, but the picture is the frame's: compare a frame away from colour edges
    got = decoded[10].to_ndarray(format="rgb24")[:41, :61].astype(int)
    assert np.abs(got - src[10]).mean() < 12
    assert listing(tmp_path) == ["a.mp4"]
