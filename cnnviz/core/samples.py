"""Built-in sample inputs for a student with no picture at hand.

The two "X" grids follow the article's recognition example: a reference X
and a shifted, distorted X, so a diagonal filter's matches can be compared
side by side. ``edges_picture`` has sharp edges and smooth gradients for the
edge and blur presets to act on.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

_REFERENCE_X = """
.........
.X.....X.
..X...X..
...X.X...
....X....
...X.X...
..X...X..
.X.....X.
.........
"""

# the same X one pixel lower and to the right, with one arm bent and a gap
_DISTORTED_X = """
.........
.........
..X....X.
...X..X..
....XX...
....X....
...X.X...
..X...XX.
.X.......
"""


def _grid(text: str) -> np.ndarray:
    rows = [line for line in text.strip("\n").splitlines()]
    return np.array([[1.0 if ch == "X" else 0.0 for ch in row] for row in rows], np.float32)


def reference_x() -> np.ndarray:
    """The article's reference "X": binary, shape ``(1, 9, 9)``."""
    return _grid(_REFERENCE_X)[None]


def distorted_x() -> np.ndarray:
    """A shifted, distorted "X" of the same size: binary, shape ``(1, 9, 9)``."""
    return _grid(_DISTORTED_X)[None]


def edges_picture(size: int = 64) -> np.ndarray:
    """A grayscale picture with edges and gradients, shape ``(1, size, size)``, values 0..1.

    A horizontal ramp in the background, a bright square, a dark disc and a
    diagonal stripe.
    """
    if size < 8:
        raise ValueError(f"sample size must be at least 8, got {size}")
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    img = 0.15 + 0.35 * xx  # gentle horizontal gradient
    img = np.where((xx > 0.12) & (xx < 0.45) & (yy > 0.12) & (yy < 0.45), 0.95, img)
    disc = (xx - 0.7) ** 2 + (yy - 0.3) ** 2 < 0.17**2
    img = np.where(disc, 0.05, img)
    stripe = np.abs((xx - yy) - 0.35) < 0.06
    img = np.where(stripe & (yy > 0.5), 0.8, img)
    # a vertical gradient band at the bottom left
    band = (yy > 0.62) & (xx < 0.4)
    img = np.where(band, 1.0 - (yy - 0.62) / 0.38, img)
    return np.clip(img, 0.0, 1.0).astype(np.float32)[None]


#: name → generator, in menu order
SAMPLES: dict[str, Callable[[], np.ndarray]] = {
    "reference_x": reference_x,
    "distorted_x": distorted_x,
    "edges": edges_picture,
}
