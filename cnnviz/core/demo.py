"""The article's 7×7×3 demo and the filter presets a student can pick."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .resources import resource_path
from .safe_json import loads_json

DEMO_FILE = ("demo", "demo_7x7x3.json")


class Demo(NamedTuple):
    """The demo convolution: x (3, 5, 5), w (2, 3, 3, 3), b (2,), stride 2, padding 1."""

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    stride: int
    padding: int


def load_demo() -> Demo:
    """Load the demo from ``resources/demo``; arrays are float32.

    Unpacks as ``x, w, b, stride, padding = load_demo()``.
    """
    with open(resource_path(*DEMO_FILE), encoding="utf-8") as fh:
        doc = loads_json(fh.read(65_536))  # every JSON cnnviz reads is bounded
    x = np.asarray(doc["x"], dtype=np.float32)
    w = np.asarray(doc["w"], dtype=np.float32)
    b = np.asarray(doc["b"], dtype=np.float32)
    if x.shape != (3, 5, 5) or w.shape != (2, 3, 3, 3) or b.shape != (2,):
        raise ValueError(f"demo data has the wrong shapes: x {x.shape}, w {w.shape}, b {b.shape}")
    return Demo(x, w, b, int(doc["stride"]), int(doc["padding"]))


# -- presets ---------------------------------------------------------------

#: the article's worked example A
EXAMPLE_A = np.array([[4, 0, 0], [0, 0, 0], [0, 0, -4]], dtype=np.float32)

_FIXED_3X3: dict[str, list[list[float]]] = {
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    "example_a": EXAMPLE_A.tolist(),
}


def _identity(kh: int, kw: int) -> np.ndarray:
    k = np.zeros((kh, kw), np.float32)
    k[kh // 2, kw // 2] = 1
    return k


def _box(kh: int, kw: int) -> np.ndarray:
    return np.full((kh, kw), 1.0 / (kh * kw), np.float32)


def _gaussian(kh: int, kw: int) -> np.ndarray:
    def axis(n: int) -> np.ndarray:
        sigma = max(n / 4.0, 0.5)
        t = np.arange(n) - (n - 1) / 2
        return np.exp(-(t**2) / (2 * sigma**2))

    k = np.outer(axis(kh), axis(kw))
    return (k / k.sum()).astype(np.float32)


_SIZED: dict[str, Callable[[int, int], np.ndarray]] = {
    "identity": _identity,
    "box_blur": _box,
    "gaussian": _gaussian,
}

#: every preset name, in menu order
PRESET_NAMES: tuple[str, ...] = (
    "identity", "box_blur", "gaussian", "sharpen", "sobel_x", "sobel_y",
    "laplacian", "emboss", "example_a", "demo_w0", "demo_w1", "random",
)


def preset_kernel(
    name: str, channels: int = 1, size: tuple[int, int] = (3, 3), seed: int | None = None
) -> np.ndarray:
    """The weights of preset ``name`` for ``channels`` input channels: (C, KH, KW).

    A 2-D preset is given to every channel. The smoothing presets (identity,
    box blur, Gaussian) are divided by ``channels`` so they average the
    channels and keep the input's range; the edge presets keep their whole
    numbers, which students read more easily.
    ``demo_w0``/``demo_w1`` are the demo's filters (3 channels, 3×3).

    Raises ``ValueError`` for an unknown name or a size the preset lacks.
    """
    kh, kw = size
    if kh < 1 or kw < 1 or channels < 1:
        raise ValueError(f"preset size must be positive, got {kh}×{kw} with {channels} channels")
    if name in ("demo_w0", "demo_w1"):
        w = load_demo().w[int(name[-1])]
        if (channels, kh, kw) != w.shape:
            raise ValueError(
                f"preset {name} is {w.shape[0]} channels of 3×3; the input has "
                f"{channels} channel(s) and the kernel is {kh}×{kw}"
            )
        return w.copy()
    if name == "random":
        rng = np.random.default_rng(seed)
        return rng.integers(-1, 2, size=(channels, kh, kw)).astype(np.float32)
    if name in _SIZED:
        k2 = _SIZED[name](kh, kw) / channels
    elif name in _FIXED_3X3:
        if (kh, kw) != (3, 3):
            raise ValueError(f"preset {name} is 3×3; the kernel is {kh}×{kw}")
        k2 = np.asarray(_FIXED_3X3[name], np.float32)
    else:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESET_NAMES)}")
    return np.repeat(k2[None], channels, axis=0).astype(np.float32)
