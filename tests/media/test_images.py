"""Image files in, (C, H, W) arrays out; every bad file becomes ImageLoadError."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from cnnviz.media import ImageLoadError, load_image


def _save(img: Image.Image, path, **kw):
    img.save(path, **kw)
    return path


@pytest.mark.parametrize("suffix", [".png", ".bmp", ".tif", ".webp", ".gif"])
def test_lossless_formats_round_trip(tmp_path, suffix):
    rgb = np.zeros((6, 10, 3), np.uint8)
    rgb[:, :5] = (255, 0, 0)
    rgb[:, 5:] = (0, 0, 255)
    kw = {"lossless": True} if suffix == ".webp" else {}
    path = _save(Image.fromarray(rgb), tmp_path / f"a{suffix}", **kw)
    x = load_image(path, working_size=None)
    assert x.shape == (3, 6, 10) and x.dtype == np.float32
    np.testing.assert_allclose(x[:, 0, 0], [1, 0, 0], atol=0.02)
    np.testing.assert_allclose(x[:, 0, 9], [0, 0, 1], atol=0.02)


def test_jpeg_and_grayscale_mode(tmp_path):
    path = _save(Image.new("RGB", (8, 4), (200, 200, 200)), tmp_path / "a.jpg", quality=95)
    gray = load_image(path, mode="gray")
    assert gray.shape == (1, 4, 8)
    assert abs(float(gray.mean()) - 200 / 255) < 0.02


def test_gif_first_frame(tmp_path):
    frames = [Image.new("L", (4, 4), v) for v in (0, 255)]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    x = load_image(path, mode="gray")
    assert x.shape == (1, 4, 4) and float(x.max()) < 0.01


def test_transparency_is_composited_on_white(tmp_path):
    path = _save(Image.new("RGBA", (4, 4), (0, 0, 0, 0)), tmp_path / "clear.png")
    np.testing.assert_allclose(load_image(path), 1.0)
    half = _save(Image.new("RGBA", (4, 4), (0, 0, 0, 128)), tmp_path / "half.png")
    assert abs(float(load_image(half).mean()) - (1 - 128 / 255)) < 0.01


def test_exif_orientation_is_applied(tmp_path):
    img = Image.new("RGB", (20, 10), (0, 0, 0))
    img.paste((255, 255, 255), (0, 0, 10, 10))  # left half white
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    path = _save(img, tmp_path / "rot.jpg", exif=exif, quality=95)
    x = load_image(path, mode="gray", working_size=None)
    assert x.shape == (1, 20, 10)  # portrait after orientation
    assert x[0, :10].mean() > 0.9 and x[0, 10:].mean() < 0.1  # the white half is now on top


def test_sixteen_bit_is_scaled(tmp_path):
    a = np.array([[0, 32768], [65535, 1000]], np.uint16)
    path = _save(Image.fromarray(a), tmp_path / "deep.png")
    x = load_image(path, mode="gray", working_size=None)
    np.testing.assert_allclose(x[0], a / 65535, atol=1e-4)
    assert load_image(path, mode="rgb").shape == (3, 2, 2)


def test_working_size_scales_down_never_up(tmp_path):
    path = _save(Image.new("RGB", (400, 100), (10, 20, 30)), tmp_path / "wide.png")
    assert load_image(path, working_size=128).shape == (3, 32, 128)
    small = _save(Image.new("RGB", (20, 10)), tmp_path / "small.png")
    assert load_image(small, working_size=128).shape == (3, 10, 20)


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda p: p, "does not exist"),
        (lambda p: (p.write_bytes(b""), p)[1], "empty"),
        (lambda p: (p.write_text("hello, not a picture"), p)[1], "not an image"),
        (lambda p: (p.mkdir(), p)[1], "folder"),
    ],
    ids=["missing", "empty", "text", "folder"],
)
def test_bad_files_raise_readable_errors(tmp_path, make, words):
    path = make(tmp_path / "bad.png")
    with pytest.raises(ImageLoadError, match=words):
        load_image(path)


def test_truncated_file(tmp_path):
    good = _save(
        Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), np.uint8)),
        tmp_path / "good.png",
    )
    data = good.read_bytes()
    bad = tmp_path / "cut.png"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageLoadError, match="damaged or incomplete"):
        load_image(bad)


def test_decompression_bomb_is_refused(tmp_path, monkeypatch):
    path = _save(Image.new("L", (40, 40)), tmp_path / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 300)  # 1600 px > 2× the limit: an error
    with pytest.raises(ImageLoadError, match="too large"):
        load_image(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # between 1× and 2×: only a warning in Pillow
    with pytest.raises(ImageLoadError, match="too large"):
        load_image(path)


def test_bad_arguments_are_programming_errors(tmp_path):
    path = _save(Image.new("L", (4, 4)), tmp_path / "a.png")
    with pytest.raises(ValueError, match="mode"):
        load_image(path, mode="cmyk")
    with pytest.raises(ValueError, match="working size"):
        load_image(path, working_size=0)


def test_big_photo_is_scaled_while_decoding(tmp_path):
    rng = np.random.default_rng(0)
    path = _save(Image.fromarray(rng.integers(0, 255, (1500, 2000, 3), np.uint8)), tmp_path / "big.jpg")
    x = load_image(path, working_size=100)
    assert x.shape == (3, 75, 100) and 0.3 < float(x.mean()) < 0.7
