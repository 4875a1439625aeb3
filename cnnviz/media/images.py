"""Load any common image file into a ``(C, H, W)`` float32 array, safely.

Every failure a user can cause (a missing, empty, truncated, non-image or
enormous file) becomes an :class:`ImageLoadError` whose message says what is
wrong in words; nothing else escapes.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported on first use: the window opens on the demo without it

#: long side, in pixels, a photo is scaled down to by default
DEFAULT_WORKING_SIZE = 128

#: file name endings offered by the Open dialog
IMAGE_SUFFIXES: tuple[str, ...] = (
    ".png",
    ".jpg",
    ".jpeg",
    ".bmp",
    ".gif",
    ".webp",
    ".tif",
    ".tiff",
)


class ImageLoadError(ValueError):
    """A file could not be turned into an image; ``str(exc)`` is for the user.

    ``reason`` is one of ``missing, folder, unreadable, empty, too_large, not_image,
    permission, damaged`` so a UI can word it in its own language; ``name`` is the
    file's name and ``detail`` what Pillow or the OS said, if anything.
    """

    def __init__(self, message: str, reason: str = "damaged", name: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.reason, self.name, self.detail = reason, name, detail


def load_image(
    path: str | os.PathLike[str],
    *,
    mode: str = "rgb",
    working_size: int | None = DEFAULT_WORKING_SIZE,
) -> np.ndarray:
    """Read an image file as values in ``0..1``.

    Parameters
    ----------
    path : the file; PNG, JPEG, BMP, GIF (first frame), WebP and TIFF.
    mode : ``"rgb"`` (3 channels) or ``"gray"`` (1 channel).
    working_size : scale down (never up) so the long side is at most this
        many pixels; ``None`` keeps the file's size.

    Returns
    -------
    np.ndarray, float32, shape ``(3, H, W)`` or ``(1, H, W)``.
        EXIF orientation applied, transparency composited on white, 16-bit
        and float images scaled to ``0..1``.

    Raises
    ------
    ImageLoadError
        With a readable message, for anything the file itself is wrong about.
    ValueError
        For a bad ``mode`` or ``working_size`` (a programming error).
    """
    from PIL import Image, UnidentifiedImageError

    if mode not in ("rgb", "gray"):
        raise ValueError(f"mode must be 'rgb' or 'gray', got {mode!r}")
    if working_size is not None and working_size < 1:
        raise ValueError(f"working size must be at least 1 pixel, got {working_size}")
    p = Path(path)
    name = p.name
    if not p.exists():
        raise ImageLoadError(f"{name}: the file does not exist", "missing", name)
    if p.is_dir():
        raise ImageLoadError(f"{name}: this is a folder, not an image file", "folder", name)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ImageLoadError(
            f"{name}: the file cannot be read ({exc.strerror})", "unreadable", name, str(exc.strerror)
        ) from exc
    if size == 0:
        raise ImageLoadError(f"{name}: the file is empty", "empty", name)
    try:
        with warnings.catch_warnings():
            # Pillow warns between 1× and 2× the pixel limit; treat it as an error too
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(p) as im:
                im.seek(0)  # GIF, WebP, TIFF: the first frame
                if working_size is not None and im.format == "JPEG":
                    # decode a big photo at 1/2..1/8 scale: faster, and far less memory
                    im.draft(im.mode, (working_size, working_size))
                im.load()
                arr = _to_array(im, mode, working_size)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as exc:
        raise ImageLoadError(
            f"{name}: the image is too large to open safely "
            f"(more than {Image.MAX_IMAGE_PIXELS or 0:,} pixels); scale it down first",
            "too_large",
            name,
        ) from exc
    except UnidentifiedImageError as exc:
        raise ImageLoadError(f"{name}: this is not an image file cnnviz can read", "not_image", name) from exc
    except PermissionError as exc:
        raise ImageLoadError(f"{name}: permission denied", "permission", name) from exc
    except (OSError, SyntaxError, EOFError, ValueError) as exc:
        # truncated or corrupt data: Pillow raises OSError ("image file is truncated"),
        # SyntaxError (bad headers in some plugins) or ValueError
        raise ImageLoadError(
            f"{name}: the file is damaged or incomplete ({exc})", "damaged", name, str(exc)
        ) from exc
    if working_size is not None:
        arr = _shrink(arr, working_size)
    return arr


def _to_array(im: Image.Image, mode: str, working_size: int | None = None) -> np.ndarray:
    """Pillow image → ``(C, H, W)`` float32 in 0..1, oriented, alpha on white.

    8-bit images are scaled down to ``working_size`` while still 8-bit, so a
    large photo never exists as a full-size float array.
    """
    from PIL import Image, ImageOps

    im = ImageOps.exif_transpose(im) or im
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        a = np.asarray(im, dtype=np.float64)
        if im.mode.startswith("I;16"):
            a = a / 65535.0
        elif im.mode == "I":
            hi = 65535.0 if a.max(initial=0) <= 65535 else float(a.max())
            a = np.clip(a, 0, None) / hi
        else:
            lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
            a = np.zeros_like(a) if hi <= lo else (a - lo) / (hi - lo)
        gray = np.nan_to_num(a).astype(np.float32)
        planes = gray[None] if mode == "gray" else np.repeat(gray[None], 3, axis=0)
        return np.ascontiguousarray(planes, dtype=np.float32)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    target = "L" if mode == "gray" else "RGB"
    im = im.convert(target)
    if working_size is not None and max(im.size) > working_size:
        im = im.resize(_fit(im.size[1], im.size[0], working_size)[::-1], Image.Resampling.BOX)
    a = np.asarray(im, dtype=np.float32) / 255.0
    planes = a[None] if a.ndim == 2 else a.transpose(2, 0, 1)
    return np.ascontiguousarray(planes, dtype=np.float32)


def _fit(h: int, w: int, working_size: int) -> tuple[int, int]:
    """``(h, w)`` scaled so the long side is ``working_size``."""
    scale = working_size / max(h, w)
    return max(1, round(h * scale)), max(1, round(w * scale))


def _shrink(arr: np.ndarray, working_size: int) -> np.ndarray:
    """Scale ``(C, H, W)`` down so ``max(H, W) <= working_size`` (area averaging)."""
    c, h, w = arr.shape
    long_side = max(h, w)
    if long_side <= working_size:
        return arr
    from PIL import Image

    nh, nw = _fit(h, w, working_size)
    planes = [np.asarray(Image.fromarray(p, mode="F").resize((nw, nh), Image.Resampling.BOX)) for p in arr]
    return np.clip(np.stack(planes), 0.0, 1.0).astype(np.float32)
