"""Images are reduced before they become float: memory stays near the result.

tracemalloc sees numpy's and Python's allocations (not Pillow's decoded
pixels), so a peak near the final array's size means no full-size float or
integer copy was made on the way.
"""

from __future__ import annotations

import tracemalloc
import warnings

import numpy as np
import pytest
from PIL import Image

from cnnviz.media import ImageLoadError, load_image
from cnnviz.media.image_pixels import to_array

SIZE = (600, 400)  # (w, h) of the per-mode images


def peak_of(fn, *args, **kwargs):
    """``(result, tracemalloc peak in bytes)`` of one call."""
    tracemalloc.start()
    try:
        result = fn(*args, **kwargs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


def small_bound(result: np.ndarray) -> int:
    """A small multiple of the result, plus room for one band of rows."""
    return 8 * result.nbytes + (1 << 20)


@pytest.fixture(autouse=True)
def _warm(tmp_path):
    """Load one tiny image first, so Pillow's plugin imports are not counted."""
    Image.new("L", (4, 4)).save(tmp_path / "warm.png")
    load_image(tmp_path / "warm.png")


def sixteen_bit_png(path, w: int, h: int):
    """A horizontal 16-bit ramp 0..65535 of w × h, made at 1/50 size and scaled up in Pillow."""
    ramp = np.linspace(0, 65535, max(w // 50, 2)).astype(np.uint16)
    small = Image.fromarray(np.tile(ramp, (max(h // 50, 2), 1)))
    small.resize((w, h), Image.Resampling.NEAREST).save(path, compress_level=1)
    return path


def test_a_big_sixteen_bit_png_never_exists_as_a_full_size_array(tmp_path):
    path = sixteen_bit_png(tmp_path / "big16.png", 4000, 3000)
    assert Image.open(path).mode == "I;16"
    for mode in ("gray", "rgb"):
        x, peak = peak_of(load_image, path, mode=mode, working_size=128)
        assert x.shape[1:] == (96, 128) and x.dtype == np.float32
        # the full-size image as float64 would be 96 MB; the old path peaked near 400 MB
        assert peak < small_bound(x), f"{mode}: peak {peak / 2**20:.1f} MiB"
        assert x[:, :, :4].mean() < 0.05 and x[:, :, -4:].mean() > 0.95
        assert np.all(np.diff(x[0, 0]) >= -1e-6)  # still a ramp


def _mode_image(mode: str) -> tuple[Image.Image, float, float]:
    """A SIZE image in ``mode``: left half dark, right half bright, and those levels in 0..1."""
    w, h = SIZE
    levels = {
        "1": (0, 1, 0.0, 1.0),
        "L": (30, 220, 30 / 255, 220 / 255),
        "I;16": (1000, 60000, 1000 / 65535, 60000 / 65535),
        "I;16B": (1000, 60000, 1000 / 65535, 60000 / 65535),
        "I": (1000, 60000, 1000 / 65535, 60000 / 65535),
        "F": (-2.0, 3.0, 0.0, 1.0),
        "RGB": ((30, 30, 30), (220, 220, 220), 30 / 255, 220 / 255),
        "RGBA": ((0, 0, 0, 255), (0, 0, 0, 0), 0.0, 1.0),  # transparent shows white
        "LA": ((30, 255), (220, 255), 30 / 255, 220 / 255),
        "CMYK": ((0, 0, 0, 225), (0, 0, 0, 35), 30 / 255, 220 / 255),
        "YCbCr": ((30, 128, 128), (220, 128, 128), 30 / 255, 220 / 255),
    }
    if mode in ("P", "PA"):
        im = Image.new(mode, SIZE, (0, 255) if mode == "PA" else 0)
        im.putpalette([30, 30, 30, 220, 220, 220] + [0] * 762)
        im.paste((1, 255) if mode == "PA" else 1, (w // 2, 0, w, h))
        return im, 30 / 255, 220 / 255
    dark, bright, lo, hi = levels[mode]
    if mode in ("I;16", "I;16B", "I", "F"):  # Pillow's paste truncates 16-bit colours: use numpy
        dtype = {"I;16": "<u2", "I;16B": ">u2", "I": "<i4", "F": "<f4"}[mode]
        a = np.full((h, w), dark, dtype=dtype)
        a[:, w // 2 :] = bright
        im = Image.fromarray(a)
        assert im.mode == mode
        return im, lo, hi
    im = Image.new(mode, SIZE, dark)
    im.paste(bright, (w // 2, 0, w, h))
    return im, lo, hi


MODES = ["1", "L", "P", "PA", "I;16", "I;16B", "I", "F", "RGB", "RGBA", "LA", "CMYK", "YCbCr"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("out", ["gray", "rgb"])
def test_every_mode_loads_to_its_levels_with_a_small_peak(mode, out):
    im, lo, hi = _mode_image(mode)
    im.load()
    x, peak = peak_of(to_array, im, out, (40, 60))
    assert x.shape == ((1 if out == "gray" else 3), 40, 60) and x.dtype == np.float32
    assert 0.0 <= float(x.min()) and float(x.max()) <= 1.0
    np.testing.assert_allclose(x[:, :, :25].mean(), lo, atol=0.03)
    np.testing.assert_allclose(x[:, :, -25:].mean(), hi, atol=0.03)
    assert peak < small_bound(x), f"{mode}: peak {peak / 2**20:.2f} MiB"


@pytest.mark.parametrize("mode", ["1", "L", "P", "I;16", "RGB", "RGBA", "LA"])
def test_every_png_mode_loads_from_a_file(tmp_path, mode):
    im, lo, hi = _mode_image(mode)
    im.save(tmp_path / "m.png")
    x = load_image(tmp_path / "m.png", mode="gray", working_size=60)
    assert x.shape == (1, 40, 60)
    np.testing.assert_allclose([x[:, :, :25].mean(), x[:, :, -25:].mean()], [lo, hi], atol=0.03)


def _float_tiff(path, a: np.ndarray):
    Image.fromarray(a.astype(np.float32), mode="F").save(path)
    return path


def test_a_float_tiff_with_nan_and_inf_keeps_its_content(tmp_path):
    a = np.tile(np.linspace(10.0, 20.0, 40), (30, 1))
    a[0, 0], a[5, 5], a[6, 6] = np.nan, np.inf, -np.inf
    path = _float_tiff(tmp_path / "f.tif", a)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = load_image(path, mode="gray", working_size=None)
        small = load_image(path, mode="rgb", working_size=10)
    finite = np.isfinite(a)
    np.testing.assert_allclose(x[0][finite], (a[finite] - 10) / 10, atol=1e-6)
    assert x[0, 0, 0] == 0 and x[0, 5, 5] == 1 and x[0, 6, 6] == 0  # NaN, +inf, −inf
    assert np.isfinite(small).all() and small.std() > 0.2 and small.shape == (3, 8, 10)


def test_a_float_tiff_with_only_a_few_finite_pixels_is_not_blank(tmp_path):
    a = np.full((20, 20), np.nan)
    a[:, 10:] = np.inf
    a[3, 3], a[4, 4] = 0.5, 2.5
    x = load_image(_float_tiff(tmp_path / "f.tif", a), mode="gray", working_size=None)
    assert x[0, 4, 4] == 1 and x[0, :, 10:].min() == 1 and x.max() > 0


def test_a_float_tiff_without_finite_pixels_is_refused_in_words(tmp_path):
    path = _float_tiff(tmp_path / "nan.tif", np.full((8, 8), np.nan))
    with pytest.raises(ImageLoadError, match="every pixel is NaN or infinite"):
        load_image(path)


def test_a_flat_float_image_keeps_its_level(tmp_path):
    x = load_image(_float_tiff(tmp_path / "flat.tif", np.full((8, 8), 0.25)), mode="gray")
    np.testing.assert_allclose(x, 0.25)


def test_a_big_float_tiff_with_nan_is_scanned_in_bands(tmp_path):
    a = np.tile(np.linspace(-1.0, 1.0, 1500, dtype=np.float32), (1200, 1))
    a[::7, ::11] = np.nan
    path = _float_tiff(tmp_path / "bigf.tif", a)
    x, peak = peak_of(load_image, path, mode="gray", working_size=100)
    assert x.shape == (1, 80, 100) and peak < small_bound(x)  # the image itself is 7 MB
    assert x[0, :, :3].mean() < 0.1 and x[0, :, -3:].mean() > 0.9


def test_an_exact_shape_follows_the_exif_orientation(tmp_path):
    img = Image.new("RGB", (40, 20), (0, 0, 0))
    img.paste((255, 255, 255), (0, 0, 20, 20))  # left half white
    exif = Image.Exif()
    exif[0x0112] = 6  # shown rotated 90° clockwise: 20 wide, 40 tall, white on top
    img.save(tmp_path / "rot.jpg", exif=exif, quality=95)
    x = load_image(tmp_path / "rot.jpg", mode="gray", shape=(8, 6))
    assert x.shape == (1, 8, 6)
    assert x[0, :3].mean() > 0.9 and x[0, 5:].mean() < 0.1
