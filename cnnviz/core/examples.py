"""The article's worked examples as ready sessions (SEED §4, §5).

Each example is the data a convolution session needs — input, filters,
biases, stride, padding — plus the stage it opens on and, for the pooling
example, the pooling window. The numbers are the article's; tests check that
stepping through each gives the article's results.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .demo import EXAMPLE_A, load_demo


class Example(NamedTuple):
    """A worked example: x (C, H, W), w (F, C, KH, KW), b (F,), and where it opens.

    ``stage`` is "conv", "relu" or "pool"; ``pool`` is ``(mode, size, stride)``.
    """

    key: str
    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    stride: int
    padding: int
    stage: str
    pool: tuple[str, int, int] = ("max", 2, 2)


#: example A's data window (SEED §4): one channel, the window itself is the input
EXAMPLE_A_WINDOW = np.array([[0, 0, 0], [0, 1, 1], [0, 1, 2]], dtype=np.float32)
#: example C's 4×4 input (SEED §5)
EXAMPLE_C_INPUT = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=np.float32)

EXAMPLE_KEYS = ("A", "B", "C")


def example(key: str) -> Example:
    """The worked example ``key`` ("A", "B" or "C", case-insensitive).

    - A: filter ``[[4,0,0],[0,0,0],[0,0,-4]]`` on the window
      ``[[0,0,0],[0,1,1],[0,1,2]]``: one step, ``… + -4*2 = -8``.
    - B: the 7×7×3 demo (stride 2, padding 1) at its first step.
    - C: max pooling 2×2, stride 2, of the 4×4 map ``[[1,1,2,4],[5,6,7,8],
      [3,2,1,0],[1,2,3,4]]`` → ``[[6,8],[3,4]]``. The map reaches the pooling
      stage unchanged through a 1×1 identity filter (weight 1, bias 0) and
      ReLU (all its values are non-negative).

    Raises ``ValueError`` naming the valid keys for any other key.
    """
    k = str(key).upper()
    if k == "A":
        return Example(
            "A",
            EXAMPLE_A_WINDOW[None].copy(),
            EXAMPLE_A[None, None].copy(),
            np.zeros(1, np.float32),
            1,
            0,
            "conv",
        )
    if k == "B":
        demo = load_demo()
        return Example("B", demo.x, demo.w, demo.b, demo.stride, demo.padding, "conv")
    if k == "C":
        return Example(
            "C",
            EXAMPLE_C_INPUT[None].copy(),
            np.ones((1, 1, 1, 1), np.float32),
            np.zeros(1, np.float32),
            1,
            0,
            "pool",
            ("max", 2, 2),
        )
    raise ValueError(f"there is no example {key!r}; the examples are {', '.join(EXAMPLE_KEYS)}")
