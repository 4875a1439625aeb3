"""Load any common image file into a ``(C, H, W)`` float32 array, safely.

Every failure a user can cause (a missing, empty, truncated, non-image or
enormous file) becomes an :class:`ImageLoadError` whose message says what is
wrong in words; nothing else escapes.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np

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
    permission, damaged, no_content`` so a UI can word it in its own language; ``name`` is the
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
    shape: tuple[int, int] | None = None,
) -> np.ndarray:
    """Read an image file as values in ``0..1``.

    Parameters
    ----------
    path : the file; PNG, JPEG, BMP, GIF (first frame), WebP and TIFF.
    mode : ``"rgb"`` (3 channels) or ``"gray"`` (1 channel).
    working_size : scale down (never up) so the long side is at most this
        many pixels; ``None`` keeps the file's size.
    shape : ``(H, W)`` to resize to exactly, whatever the file's aspect
        (a dataset's fixed size); overrides ``working_size``.

    Returns
    -------
    np.ndarray, float32, shape ``(3, H, W)`` or ``(1, H, W)``.
        EXIF orientation applied, transparency composited on white, 16-bit
        and float images scaled to ``0..1`` (float images from their finite
        minimum to their finite maximum). The image is reduced before it
        becomes float, so memory stays near the file's decoded pixels plus
        the result.

    Raises
    ------
    ImageLoadError
        With a readable message, for anything the file itself is wrong about.
    ValueError
        For a bad ``mode``, ``working_size`` or ``shape`` (a programming error).
    """
    from PIL import Image, UnidentifiedImageError

    from .image_pixels import NoFinitePixelsError, to_array, upright_size

    if mode not in ("rgb", "gray"):
        raise ValueError(f"mode must be 'rgb' or 'gray', got {mode!r}")
    if working_size is not None and working_size < 1:
        raise ValueError(f"working size must be at least 1 pixel, got {working_size}")
    if shape is not None and (len(shape) != 2 or min(shape) < 1):
        raise ValueError(f"shape must be two sizes of at least 1 pixel, got {shape}")
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
                target = _target(upright_size(im), working_size, shape)
                if im.format == "JPEG" and target is not None:
                    # decode a big photo at 1/2..1/8 scale: faster, and far less memory
                    im.draft(im.mode, (max(target), max(target)))
                im.load()
                return to_array(im, mode, target)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as exc:
        raise ImageLoadError(
            f"{name}: the image is too large to open safely "
            f"(more than {Image.MAX_IMAGE_PIXELS or 0:,} pixels); scale it down first",
            "too_large",
            name,
        ) from exc
    except NoFinitePixelsError as exc:
        raise ImageLoadError(f"{name}: {exc}", "no_content", name, str(exc)) from exc
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


def _target(
    upright: tuple[int, int], working_size: int | None, shape: tuple[int, int] | None
) -> tuple[int, int] | None:
    """``(H, W)`` of the result, or None to keep the file's size."""
    if shape is not None:
        return int(shape[0]), int(shape[1])
    h, w = upright
    if working_size is None or max(h, w) <= working_size:
        return None
    return _fit(h, w, working_size)


def _fit(h: int, w: int, working_size: int) -> tuple[int, int]:
    """``(h, w)`` scaled so the long side is ``working_size``."""
    scale = working_size / max(h, w)
    return max(1, round(h * scale)), max(1, round(w * scale))
