"""The GIF writer: decoded back with Pillow, frame by frame."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from PIL import Image

from cnnviz.media.animation import (
    DuplicateFrameError,
    ExactPalette,
    GifWriter,
    frame_delays,
    pack_rgb,
    write_gif,
    write_png,
)

ORANGE, INK, WHITE = (230, 120, 0), (20, 20, 20), (255, 255, 255)


def ui_frame(k: int, h: int = 60, w: int = 90, noise: bool = False) -> np.ndarray:
    """A UI-like frame: white background, a solid highlight that moves, dark 'text'."""
    f = np.full((h, w, 3), WHITE, np.uint8)
    f[5:15, 5 + 7 * k : 15 + 7 * k] = ORANGE
    f[20:22, 10:80] = INK
    f[25:30, 3 * k : 3 * k + 2] = (128, 128, 128)  # a "readout" that changes every frame
    if noise:  # hundreds of extra colours, like a photo's heat map
        rng = np.random.default_rng(k)
        f[40:, :] = rng.integers(0, 256, (h - 40, w, 3), dtype=np.uint8)
    return f


def decode(path) -> tuple[list[np.ndarray], list[int], dict]:
    frames, durations = [], []
    with Image.open(path) as im:
        info = dict(im.info)
        for k in range(im.n_frames):
            im.seek(k)
            frames.append(np.asarray(im.convert("RGB")))
            durations.append(im.info["duration"])
    return frames, durations, info


def test_frames_decode_exactly_with_durations_and_loop(tmp_path):
    out = tmp_path / "a.gif"
    frames = [ui_frame(k) for k in range(6)]
    assert write_gif(out, iter(frames), fps=4) == 6
    got, durations, info = decode(out)
    assert len(got) == 6
    assert info["loop"] == 0
    assert durations == [250] * 6
    for k, (a, b) in enumerate(zip(got, frames, strict=True)):
        assert np.array_equal(a, b), f"frame {k} differs"
    with Image.open(out) as im:
        assert im.size == (90, 60)


def test_solid_colours_stay_exact_when_the_frame_has_more_than_256_colours(tmp_path):
    out = tmp_path / "noisy.gif"
    frames = [ui_frame(k, noise=True) for k in range(4)]
    write_gif(out, frames, fps=2)
    got, _, _ = decode(out)
    assert len(got) == 4
    for a, b in zip(got, frames, strict=True):
        # everything above the noise band is the UI's solid colours: exact
        assert np.array_equal(a[:40], b[:40])
        # the noise is mapped to its nearest entry, never dithered to a different pattern
        assert np.abs(a[40:].astype(int) - b[40:]).mean() < 60


def test_solid_colour_first_seen_in_a_later_frame_gets_an_exact_entry(tmp_path):
    out = tmp_path / "late.gif"
    first = ui_frame(0, noise=True)
    second = ui_frame(1, noise=True)
    second[32:38, 0:30] = (12, 200, 99)  # a new solid fill after the palette filled up
    write_gif(out, [first, second], fps=2)
    got, _, _ = decode(out)
    assert np.array_equal(got[1][32:38, 0:30], second[32:38, 0:30])


@pytest.mark.parametrize(("fps", "expected"), [(3, [33, 34, 33, 33, 34, 33]), (2, [50] * 6), (50, [2] * 6)])
def test_delays_are_whole_hundredths_that_keep_the_average(fps, expected):
    assert frame_delays(6, fps) == expected


def test_fractional_fps_written_as_tracked_centiseconds(tmp_path):
    out = tmp_path / "third.gif"
    write_gif(out, [ui_frame(k) for k in range(3)], fps=3)
    _, durations, _ = decode(out)
    assert durations == [330, 340, 330]


@pytest.mark.parametrize("fps", [0, -1, 51, 1000])
def test_impossible_fps_is_refused_before_any_file_exists(tmp_path, fps):
    with pytest.raises(ValueError, match="frames per second"):
        GifWriter(tmp_path / "x.gif", fps=fps)
    assert list(tmp_path.iterdir()) == []


def test_identical_consecutive_frames_are_refused_and_nothing_is_left(tmp_path):
    out = tmp_path / "dup.gif"
    with pytest.raises(DuplicateFrameError, match="frame 1 is identical"):
        write_gif(out, [ui_frame(0), ui_frame(0)])
    assert list(tmp_path.iterdir()) == []


def test_failure_midway_keeps_the_existing_file_untouched(tmp_path):
    out = tmp_path / "keep.gif"
    out.write_bytes(b"precious")

    def frames():
        yield ui_frame(0)
        yield ui_frame(1)
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError, match="renderer broke"):
        write_gif(out, frames())
    assert out.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gif"]


def test_abort_leaves_no_file_and_success_replaces_an_existing_one(tmp_path):
    out = tmp_path / "x.gif"
    w = GifWriter(out)
    w.add_frame(ui_frame(0))
    w.abort()
    assert list(tmp_path.iterdir()) == []
    out.write_bytes(b"old")
    write_gif(out, [ui_frame(0), ui_frame(1)])
    assert decode(out)[0][1].shape == (60, 90, 3)


def test_missing_folder_raises_oserror_and_creates_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        GifWriter(tmp_path / "nope" / "x.gif")
    assert list(tmp_path.iterdir()) == []


def test_frames_of_different_size_are_refused(tmp_path):
    with pytest.raises(ValueError, match="the first was 90×60"):
        write_gif(tmp_path / "x.gif", [ui_frame(0), ui_frame(1, h=61)])
    assert list(tmp_path.iterdir()) == []


def test_empty_animation_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no frames"):
        write_gif(tmp_path / "x.gif", [])
    assert list(tmp_path.iterdir()) == []


def test_packed_uint32_frames_equal_rgb_frames(tmp_path):
    rgb = ui_frame(2)
    packed = pack_rgb(rgb) | np.uint32(0xFF000000)  # Qt's Format_RGB32 has 0xFF in the top byte
    write_gif(tmp_path / "p.gif", [packed, pack_rgb(ui_frame(3))])
    got, _, _ = decode(tmp_path / "p.gif")
    assert np.array_equal(got[0], rgb)
    assert np.array_equal(got[1], ui_frame(3))


def test_png_frame_round_trips(tmp_path):
    out = write_png(tmp_path / "f.png", ui_frame(1, noise=True))
    with Image.open(out) as im:
        assert np.array_equal(np.asarray(im.convert("RGB")), ui_frame(1, noise=True))


def test_memory_stays_bounded_for_long_exports(tmp_path):
    """1000 frames of 320×240 would be 230 MB as RGB; the writer must not keep them."""

    def frames():
        base = np.full((240, 320, 3), 255, np.uint8)
        for k in range(1000):
            f = base.copy()
            f[k % 240, :] = (k % 7 * 30, 0, 0)
            f[0, k % 320] = (0, 0, 255)
            yield f

    tracemalloc.start()
    try:
        write_gif(tmp_path / "long.gif", frames(), fps=50)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the colour table (32 MiB, mostly untouched pages) plus a few frames
    assert peak < 45 * 2**20
    with Image.open(tmp_path / "long.gif") as im:
        assert im.n_frames == 1000


def test_frozen_palette_makes_a_png_equal_to_the_gif_frame(tmp_path):
    frames = [ui_frame(k, noise=True) for k in range(5)]
    palette = ExactPalette.from_frames([frames[0], frames[-1]])
    assert palette.frozen and len(palette.colors) == 255  # index 255 is "unchanged"
    write_gif(tmp_path / "a.gif", frames, palette=palette)
    colours_before = list(palette.colors)
    fresh = ExactPalette.from_frames([frames[0], frames[-1]])
    write_png(tmp_path / "f3.png", frames[3], palette=fresh)
    assert palette.colors == colours_before == fresh.colors  # frozen: nothing added
    gif_frames, _, _ = decode(tmp_path / "a.gif")
    with Image.open(tmp_path / "f3.png") as im:
        assert im.mode == "P"
        png = np.asarray(im.convert("RGB"))
    assert np.array_equal(png, gif_frames[3])
    assert np.array_equal(png[:40], frames[3][:40])  # the solid UI colours are exact


def test_frozen_palette_maps_unseen_colours_to_the_nearest_entry():
    base = np.full((4, 4, 3), 255, np.uint8)
    base[0, 0] = (0, 0, 0)
    pal = ExactPalette.from_frames([base])
    probe = np.array([[[10, 10, 10], [250, 250, 240], [0, 0, 0]]], np.uint8)
    idx = pal.indices(pack_rgb(probe))
    assert [pal.colors[i] for i in idx[0]] == [0x000000, 0xFFFFFF, 0x000000]
    assert len(pal.colors) == 2
