"""A decoded Pillow image → ``(C, H, W)`` float32 in 0..1, small before it is float.

The image is reduced in a compact mode first (its own mode where Pillow
resamples it correctly, else 8-bit L/RGB/RGBA), turned by its EXIF
orientation, and only the final, small image becomes a float array. A
9000 × 9000 16-bit PNG thus costs its decoded pixels (inside Pillow) plus a
working-size array, never a full-size float copy. Float images are scanned
in bands of rows for their finite range; NaN and −inf count as the lowest
value and +inf as the highest, so a few bad pixels never blank an image.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

#: modes Pillow resamples with a proper filter, so no conversion is needed before resizing
_RESAMPLED = ("L", "LA", "La", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr")
_SIXTEEN = ("I;16", "I;16B", "I;16L", "I;16N")
#: EXIF orientation → the turn that shows the image upright (as ``ImageOps.exif_transpose``)
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
#: pixels per band when a float image is scanned in numpy
_BAND_PIXELS = 1 << 16


class NoFinitePixelsError(ValueError):
    """A float image whose every pixel is NaN or infinite."""


_SWAPPING = (
    Image.Transpose.TRANSPOSE,
    Image.Transpose.TRANSVERSE,
    Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_270,
)


def upright_size(im: Image.Image) -> tuple[int, int]:
    """``(height, width)`` of ``im`` once its EXIF orientation is applied."""
    w, h = im.size
    return (w, h) if _turn(im) in _SWAPPING else (h, w)


def _turn(im: Image.Image) -> Image.Transpose | None:
    orientation = im.getexif().get(0x0112, 1)
    return _TURNS.get(orientation) if isinstance(orientation, int) else None


def to_array(im: Image.Image, mode: str, size: tuple[int, int] | None) -> np.ndarray:
    """Loaded image → ``(C, H, W)`` float32 in 0..1.

    Parameters
    ----------
    im : a loaded Pillow image, any mode.
    mode : ``"rgb"`` (C = 3) or ``"gray"`` (C = 1).
    size : ``(H, W)`` of the result, upright; ``None`` keeps the image's size.
        Shrinking uses area averaging (BOX), growing bilinear interpolation.

    Returns
    -------
    np.ndarray, float32, ``(C, H, W)``; alpha composited on white, 16-bit
    and integer images divided by their full scale, float images stretched
    from their finite minimum to their finite maximum.

    Raises
    ------
    NoFinitePixelsError
        For a float image without a single finite pixel.
    """
    turn = _turn(im)
    uh, uw = upright_size(im)
    th, tw = size if size is not None else (uh, uw)
    target = (th, tw) if turn in _SWAPPING else (tw, th)  # (w, h) in the file's own orientation
    span: tuple[float, float] | None = None
    if im.mode == "F":
        span = _fix_float(im)
    elif im.mode in _SIXTEEN:
        span = (0.0, 65535.0)
    elif im.mode == "I":
        top = float(im.getextrema()[1])  # type: ignore[arg-type]  # one band: (min, max)
        span = (0.0, 65535.0 if top <= 65535 else top)
    else:
        im = _compact(im, mode)
    im = _resize(im, target)
    if turn is not None:
        im = im.transpose(turn)
    if span is not None:
        return _scaled(im, span, mode)
    return _eight_bit(im, mode)


def _compact(im: Image.Image, mode: str) -> Image.Image:
    """An 8-bit mode that Pillow can resample correctly (palette and bilevel can't)."""
    if im.mode in _RESAMPLED:
        return im
    if im.mode == "1":
        return im.convert("L")
    if im.mode == "PA" or (im.mode == "P" and "transparency" in im.info):
        return im.convert("RGBA")
    if im.mode == "P" and mode == "gray":
        return im.convert("L")
    return im.convert("RGB")


def _resize(im: Image.Image, target: tuple[int, int]) -> Image.Image:
    """``im`` at ``target`` (w, h): BOX when shrinking both sides, else bilinear."""
    if im.size == target:
        return im
    shrinking = target[0] <= im.size[0] and target[1] <= im.size[1]
    return im.resize(target, Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR)


def _bands(im: Image.Image) -> list[tuple[int, int]]:
    w, h = im.size
    rows = max(1, _BAND_PIXELS // max(w, 1))
    return [(y, min(y + rows, h)) for y in range(0, h, rows)]


def _fix_float(im: Image.Image) -> tuple[float, float]:
    """The finite range of a mode-F image; non-finite pixels are replaced in place
    (NaN, −inf → the minimum; +inf → the maximum). Works one band of rows at a time."""
    lo, hi, clean = np.inf, -np.inf, True
    w = im.size[0]
    for y0, y1 in _bands(im):
        a = np.asarray(im.crop((0, y0, w, y1)))
        finite = np.isfinite(a)
        if finite.any():
            lo = min(lo, float(a.min(where=finite, initial=np.inf)))
            hi = max(hi, float(a.max(where=finite, initial=-np.inf)))
        clean = clean and bool(finite.all())
    if lo > hi:
        raise NoFinitePixelsError("every pixel is NaN or infinite, so there is nothing to show")
    if not clean:
        for y0, y1 in _bands(im):
            a = np.array(im.crop((0, y0, w, y1)), dtype=np.float32)
            np.nan_to_num(a, copy=False, nan=lo, posinf=hi, neginf=lo)
            im.paste(Image.fromarray(a, mode="F"), (0, y0))
    return lo, hi


def _scaled(im: Image.Image, span: tuple[float, float], mode: str) -> np.ndarray:
    """A small 16-bit, integer or float image → planes in 0..1."""
    lo, hi = span
    a = np.asarray(im, dtype=np.float32)
    if hi > lo:
        a = (a - np.float32(lo)) * np.float32(1.0 / (hi - lo))
    else:  # a flat image keeps its own level
        a = np.full_like(a, lo)
    gray = np.clip(a, 0.0, 1.0, out=a)
    planes = gray[None] if mode == "gray" else np.repeat(gray[None], 3, axis=0)
    return np.ascontiguousarray(planes)


def _eight_bit(im: Image.Image, mode: str) -> np.ndarray:
    """A small 8-bit image → planes in 0..1, transparency composited on white."""
    if "A" in im.mode or "a" in im.mode:
        rgba = im.convert("RGBA")
        im = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    im = im.convert("L" if mode == "gray" else "RGB")
    a = np.asarray(im, dtype=np.float32) / 255.0
    planes = a[None] if a.ndim == 2 else a.transpose(2, 0, 1)
    return np.ascontiguousarray(planes, dtype=np.float32)
