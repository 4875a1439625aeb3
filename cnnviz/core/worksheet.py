"""Seeded convolution exercises for printed worksheets, and their answer keys.

:func:`make_exercise` draws one small integer convolution from a seed — an
input, one filter, a bias, stride and padding, the output cells a student
fills in and one output-size question — the same exercise for the same seed
and level on every machine (numpy's ``Generator(PCG64(seed))``, whose stream
numpy keeps stable). :func:`answer_key` works it out with :class:`ConvTrace`
and the article's formatters, so every number on a key is the trace's.

Levels
------
1. integers, one channel, no padding, stride 1;
2. one channel, with zero padding and/or a stride of 2;
3. two channels (padding and stride as in level 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from .formatting import format_channel_sum, format_number, format_total
from .shapes import conv_output_shape
from .trace import ConvTrace

#: difficulty levels, see the module docstring
LEVELS = (1, 2, 3)
#: seeds a worksheet accepts (inclusive), the trainer's range
SEED_RANGE = (0, 999_999)
#: at most this many output cells are left blank per level (a level-3 cell is 18 products)
MAX_BLANKS = {1: 6, 2: 8, 3: 4}


@dataclass(frozen=True)
class _LevelSpec:
    channels: int
    sizes: tuple[int, ...]
    kernels: tuple[int, ...]
    paddings: tuple[int, ...]
    strides: tuple[int, ...]
    outputs: tuple[int, ...]
    x_range: tuple[int, int]
    w_range: tuple[int, int]
    b_range: tuple[int, int]


_SPECS = {
    1: _LevelSpec(1, (4, 5, 6), (2, 3), (0,), (1,), (3, 4), (0, 3), (-1, 2), (-2, 2)),
    2: _LevelSpec(1, (4, 5, 6), (2, 3), (0, 1), (1, 2), (2, 3, 4), (0, 4), (-2, 2), (-3, 3)),
    3: _LevelSpec(2, (4, 5), (2, 3), (0, 1), (1, 2), (2, 3), (0, 3), (-1, 2), (-2, 2)),
}


@dataclass(frozen=True)
class SizeQuestion:
    """ "An ``n × n`` input, a ``k × k`` filter, stride ``s``, padding ``p``: how big is the output?"

    ``(n + 2p − k) / s + 1`` divides exactly for every question drawn, and
    ``answer`` comes from :func:`cnnviz.core.shapes.conv_output_shape`.
    """

    n: int
    k: int
    stride: int
    padding: int
    answer: int

    @property
    def numerator(self) -> int:
        """``n + 2p − k``, the first step of the working."""
        return self.n + 2 * self.padding - self.k


@dataclass(frozen=True, eq=False)
class Exercise:
    """One worksheet's convolution.

    Attributes
    ----------
    seed, level : int, what drew it
    x : (C, H, W) int64, read-only; H == W
    w : (1, C, K, K) int64, read-only, the one filter
    b : (1,) int64, read-only, its bias
    stride, padding : int
    blanks : ((row, col), ...) output cells the student fills in, raster order
    question : the output-size question
    """

    seed: int
    level: int
    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    stride: int
    padding: int
    blanks: tuple[tuple[int, int], ...]
    question: SizeQuestion

    @property
    def channels(self) -> int:
        return int(self.x.shape[0])

    @property
    def out_shape(self) -> tuple[int, int]:
        """``(OH, OW)`` of the exercise's output grid."""
        return conv_output_shape(self.x.shape[1:], self.w.shape[2:], self.stride, self.padding)

    def trace(self) -> ConvTrace:
        """The exercise as a float64 :class:`ConvTrace` (exact for these small integers)."""
        return ConvTrace(
            self.x.astype(np.float64),
            self.w.astype(np.float64),
            self.b.astype(np.float64),
            stride=self.stride,
            padding=self.padding,
        )

    def same_as(self, other: Exercise) -> bool:
        """Whether two exercises ask the same thing (arrays compared by value)."""
        same_arrays = all(np.array_equal(getattr(self, n), getattr(other, n)) for n in ("x", "w", "b"))
        return same_arrays and (self.level, self.stride, self.padding, self.blanks, self.question) == (
            other.level, other.stride, other.padding, other.blanks, other.question
        )  # fmt: skip


@dataclass(frozen=True)
class CellWorking:
    """The working for one blank output cell, as the key writes it.

    ``label`` is the cell's letter (``"a"``, ``"b"``, … in raster order);
    ``channel_lines`` one :func:`format_channel_sum` line per channel;
    ``total_line`` the :func:`format_total` line (channel sums plus bias);
    ``value`` the cell's answer as written (:func:`format_number`).
    """

    row: int
    col: int
    label: str
    channel_lines: tuple[str, ...]
    total_line: str
    value: str


@dataclass(frozen=True)
class AnswerKey:
    """Everything a key adds to a sheet, each number taken from the trace.

    ``values`` maps every output cell ``(row, col)`` to its value as written
    (the sheet shows the cells that are not blank, the key all of them);
    ``working`` holds one :class:`CellWorking` per blank, in the sheet's order;
    ``size_line`` is ``"(n + 2·p − k) / s + 1 = m / s + 1 = answer"``.
    """

    values: dict[tuple[int, int], str]
    working: tuple[CellWorking, ...]
    size_line: str


def blank_label(i: int) -> str:
    """The letter of the ``i``-th blank: ``a``, ``b``, …"""
    return "abcdefghijklmnopqrstuvwxyz"[i]


def check_level(level: int) -> None:
    """Raise ``ValueError`` unless ``level`` is one of :data:`LEVELS`."""
    if isinstance(level, bool) or not isinstance(level, (int, np.integer)) or level not in LEVELS:
        raise ValueError(f"level must be 1, 2 or 3, got {level!r}")


def check_seed(seed: int) -> None:
    """Raise ``ValueError`` unless ``seed`` is a whole number in :data:`SEED_RANGE`."""
    lo, hi = SEED_RANGE
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not lo <= seed <= hi:
        raise ValueError(f"seed must be a whole number between {lo} and {hi}, got {seed!r}")


@cache
def _geometries(level: int) -> tuple[tuple[int, int, int, int], ...]:
    """Every ``(n, k, padding, stride)`` a level may draw: exact division, a small
    output, padding narrower than the filter; levels 2 and 3 pad or stride (or both)."""
    spec = _SPECS[level]
    found = []
    for n in spec.sizes:
        for k in spec.kernels:
            for p in spec.paddings:
                for s in spec.strides:
                    if p >= k or (n + 2 * p - k) % s or (level > 1 and p == 0 and s == 1):
                        continue
                    if (n + 2 * p - k) // s + 1 in spec.outputs:
                        found.append((n, k, p, s))
    return tuple(found)


@cache
def _questions(level: int) -> tuple[tuple[int, int, int, int], ...]:
    """Every ``(n, k, padding, stride)`` an output-size question may ask; level 1
    keeps padding 0 and stride 1, like its exercise."""
    found = []
    for n in range(6, 65):
        for k in (1, 3, 5, 7):
            for p in (0,) if level == 1 else (0, 1, 2, 3):
                for s in (1,) if level == 1 else (1, 2, 3, 4):
                    if p >= k or (n + 2 * p - k) % s or n + 2 * p - k < s or (level > 1 and p == s - 1 == 0):
                        continue
                    found.append((n, k, p, s))
    return tuple(found)


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def make_exercise(seed: int, level: int = 1) -> Exercise:
    """Draw the exercise for ``seed`` at ``level`` (same arguments, same exercise).

    Shapes: ``x`` (C, n, n), ``w`` (1, C, k, k), ``b`` (1,), with C = 2 at level 3
    and 1 otherwise; the output is 2×2 to 4×4. A draw whose filter has fewer than
    two non-zero weights, or whose output is one value repeated, is drawn again
    from the same stream.

    Raises
    ------
    ValueError
        For a level outside :data:`LEVELS` or a seed outside :data:`SEED_RANGE`.
    """
    check_level(level)
    check_seed(seed)
    spec = _SPECS[level]
    rng = np.random.Generator(np.random.PCG64(int(seed)))
    geometries = _geometries(level)
    n, k, p, s = geometries[int(rng.integers(len(geometries)))]
    c = spec.channels
    while True:
        x = rng.integers(spec.x_range[0], spec.x_range[1] + 1, size=(c, n, n), dtype=np.int64)
        w = rng.integers(spec.w_range[0], spec.w_range[1] + 1, size=(1, c, k, k), dtype=np.int64)
        b = rng.integers(spec.b_range[0], spec.b_range[1] + 1, size=(1,), dtype=np.int64)
        if np.count_nonzero(w) < 2:
            continue
        y = ConvTrace(
            x.astype(np.float64), w.astype(np.float64), b.astype(np.float64), stride=s, padding=p
        ).output
        if np.unique(y).size > 1:
            break
    oh, ow = y.shape[1:]
    cells = oh * ow
    count = min(math.ceil(2 * cells / 3), MAX_BLANKS[level], cells - 1)
    chosen = sorted(int(i) for i in rng.choice(cells, size=count, replace=False))
    blanks = tuple(divmod(i, ow) for i in chosen)
    questions = _questions(level)
    qn, qk, qp, qs = questions[int(rng.integers(len(questions)))]
    answer = conv_output_shape(qn, qk, qs, qp)[0]
    return Exercise(
        seed=int(seed),
        level=level,
        x=_readonly(x),
        w=_readonly(w),
        b=_readonly(b),
        stride=s,
        padding=p,
        blanks=blanks,
        question=SizeQuestion(qn, qk, qs, qp, answer),
    )


def answer_key(exercise: Exercise) -> AnswerKey:
    """Work ``exercise`` out with its :class:`ConvTrace`: every output value, the
    products and sums for each blank (:func:`format_channel_sum`, :func:`format_total`),
    and the output-size arithmetic."""
    trace = exercise.trace()
    _, oh, ow = trace.out_shape
    values = {(r, c): format_number(trace.output[0, r, c]) for r in range(oh) for c in range(ow)}
    working = []
    for i, (r, c) in enumerate(exercise.blanks):
        step = trace[trace.index(0, r, c)]
        working.append(CellWorking(
            row=r, col=c, label=blank_label(i),
            channel_lines=tuple(format_channel_sum(step, ch) for ch in range(exercise.channels)),
            total_line=format_total(step), value=format_number(step.value),
        ))  # fmt: skip
    q = exercise.question
    size_line = (
        f"({q.n} + 2·{q.padding} − {q.k}) / {q.stride} + 1 = {q.numerator} / {q.stride} + 1 = {q.answer}"
    )
    return AnswerKey(values=values, working=tuple(working), size_line=size_line)
