"""What a saved lesson holds, checked in full when it is made.

A :class:`Lesson` is the whole state of a convolution session a teacher hands
out: input, filters, biases, the sliding-window settings and the convolution
variant (:mod:`cnnviz.core.lesson_variant`), pooling, the stage shown, the
backward pass's upstream gradient, the current step, playback speed, the
input's name and a note. Making one validates every field (types, shapes,
ranges, and that the convolution computes), so a lesson that exists is one the
session can show; the only check left to the caller is the step against the
stage's length (:func:`check_step`). The file format is
:mod:`cnnviz.media.lesson_file`. Language is not part of a lesson.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .examples import example
from .lesson_checks import LessonError, choice_field, int_field, shown, text_field
from .lesson_variant import VARIANT_FIELDS, Variant, check_bank, check_variant, output_shape
from .limits import DILATION_RANGE, IMAGE_SIZE_RANGE, MAX_FILTERS, MAX_KERNEL, PADDING_RANGE, STRIDE_RANGE

__all__ = [
    "MAX_CHANNELS",
    "MAX_NAME_CHARS",
    "MAX_NOTE_CHARS",
    "STAGES",
    "Lesson",
    "LessonError",
    "Variant",
    "check_shapes",
    "check_step",
    "check_variant",
    "example_lesson",
]

#: the stages a lesson may open on (the session's pipeline, forward then backward)
STAGES = ("conv", "relu", "pool", "grad_w", "grad_b", "grad_x")
#: the stages that follow the article's convolution only
BACKWARD_STAGES = ("grad_w", "grad_b", "grad_x")
POOL_MODES = ("max", "avg")
UPSTREAMS = ("ones", "target")
#: most input channels a lesson holds
MAX_CHANNELS = 16
#: pooling window size and stride, inclusive
POOL_RANGE = (1, 8)
#: playback speed in steps per second, inclusive
SPEED_RANGE = (0.5, 60.0)
#: the largest magnitude of any number in a lesson's arrays (the session's widgets allow the same)
MAX_ABS_VALUE = 1e6
#: a step number past this is no step of any lesson
MAX_STEP = 2**31 - 1
MAX_NAME_CHARS = 200
MAX_NOTE_CHARS = 20_000

# C0/C1 controls (tab, newline and carriage return are allowed in a note) and lone surrogates
_NAME_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOTE_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check_shapes(
    x: tuple[int, ...],
    w: tuple[int, ...],
    b: tuple[int, ...],
    target: tuple[int, ...] | None,
    variant: Variant | None = None,
) -> None:
    """Check the arrays' shapes alone (before any data is read).

    Parameters
    ----------
    x, w, b : shapes of the input (C, H, W), the filters in the variant's layout
        ((F, C/groups, KH, KW), or (C_in, C_out, KH, KW) when transposed) and the
        biases (F,), one per output channel
    target : shape of the target (F, OH, OW), or None; its OH, OW are checked by :class:`Lesson`
    variant : the lesson's :class:`~cnnviz.core.lesson_variant.Variant` (None: the article's)

    Raises
    ------
    LessonError
        For a wrong number of axes, an empty or oversized axis, or shapes that disagree.
    """
    variant = Variant() if variant is None else variant
    if len(x) != 3 or min(x) < 1:
        raise LessonError(f"the input x must have the shape (C, H, W), got {tuple(x)}")
    layout = "(C_in, C_out, KH, KW)" if variant.transposed else "(F, C, KH, KW)"
    if len(w) != 4 or min(w) < 1:
        raise LessonError(f"the filters w must have the shape {layout}, got {tuple(w)}")
    c, h, wd = x
    kh, kw = w[2:]
    f = w[1] if variant.transposed else w[0]
    if c > MAX_CHANNELS:
        raise LessonError(f"the input has {c} channels, more than the {MAX_CHANNELS} a lesson holds")
    side = IMAGE_SIZE_RANGE[1]
    if max(h, wd) > side:
        raise LessonError(f"the input is {h}×{wd}, larger than the {side}×{side} a lesson holds")
    if f > MAX_FILTERS or max(kh, kw) > MAX_KERNEL:
        raise LessonError(
            f"there are {f} filters of {kh}×{kw}; a lesson holds at most {MAX_FILTERS} of "
            f"{MAX_KERNEL}×{MAX_KERNEL}"
        )
    check_bank(tuple(x), tuple(w), variant)
    if tuple(b) != (f,):
        raise LessonError(f"the biases b must have the shape ({f},), one per filter, got {tuple(b)}")
    if target is not None and (len(target) != 3 or target[0] != f):
        raise LessonError(f"the target must have the shape ({f}, OH, OW), got {tuple(target)}")


def _array(value: Any, name: str) -> np.ndarray:
    if not isinstance(value, np.ndarray):
        raise LessonError(f"{name} must be a numpy array, got {type(value).__name__}")
    if value.dtype != np.float32:
        raise LessonError(f"{name} must hold float32 numbers, got {value.dtype}")
    arr = np.array(value, dtype=np.float32, order="C", copy=True)  # native byte order, a private copy
    if not np.isfinite(arr).all():
        raise LessonError(f"{name} holds NaN or infinity")
    if arr.size and float(np.abs(arr).max()) > MAX_ABS_VALUE:
        raise LessonError(f"{name} holds numbers beyond ±{MAX_ABS_VALUE:,.0f}")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Lesson:
    """One saved convolution session, valid by construction.

    Parameters
    ----------
    x : float32 array (C, H, W), the input; 1 ≤ C ≤ 16, H and W ≤ 1024
    w : float32 array, the filters as PyTorch lays them out for the variant:
        (F, C/groups, KH, KW), or (C_in, C_out, KH, KW) when ``transposed``;
        at most 16 output channels, KH and KW ≤ 15
    b : float32 array (F,), the biases, one per output channel
    stride, padding, dilation : ints in the session's ranges (1–16, 0–16, 1–8)
    stage : one of :data:`STAGES`; the backward stages only for the article's convolution
    pool_mode : "max" or "avg"; pool_size, pool_stride : 1–8 (the window must fit
        the convolution's output when ``stage`` is "pool")
    upstream : "ones" or "target", where the backward pass's upstream gradient comes from
    target : float32 array (F, OH, OW) or None, the target for ``upstream="target"``
    step : int ≥ 0, the current step of ``stage`` (see :func:`check_step`)
    speed : float, playback speed in steps per second, 0.5–60
    name : the input's name, ≤ 200 characters, no control characters
    note : the teacher's note, ≤ 20,000 characters ("" for none)
    padding_mode, flip, groups, transposed, output_padding, picture : the convolution
        variant, the article's convolution by default (:mod:`cnnviz.core.lesson_variant`)

    Arrays are stored as read-only float32 copies; every number must be finite
    and within ±1,000,000. ``==`` is identity; compare fields with :meth:`same_as`.

    Raises
    ------
    LessonError
        With one phrase naming the first field that is wrong.
    """

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    stride: int = 1
    padding: int = 0
    dilation: int = 1
    stage: str = "conv"
    pool_mode: str = "max"
    pool_size: int = 2
    pool_stride: int = 2
    upstream: str = "ones"
    target: np.ndarray | None = None
    step: int = 0
    speed: float = 2.0
    name: str = ""
    note: str = field(default="", repr=False)
    padding_mode: str = "zeros"
    flip: bool = False
    groups: int = 1
    transposed: bool = False
    output_padding: int = 0
    picture: str = "scatter"

    def __post_init__(self) -> None:
        put = object.__setattr__  # frozen: the checked values replace the given ones
        x, w = _array(self.x, "the input x"), _array(self.w, "the filters w")
        b = _array(self.b, "the biases b")
        target = None if self.target is None else _array(self.target, "the target")
        variant = check_variant(**{k: getattr(self, k) for k in VARIANT_FIELDS})
        for k in VARIANT_FIELDS:
            put(self, k, getattr(variant, k))
        check_shapes(x.shape, w.shape, b.shape, None if target is None else target.shape, variant)
        put(self, "x", x)
        put(self, "w", w)
        put(self, "b", b)
        put(self, "stride", int_field(self.stride, "stride", *STRIDE_RANGE))
        put(self, "padding", int_field(self.padding, "padding", *PADDING_RANGE))
        put(self, "dilation", int_field(self.dilation, "dilation", *DILATION_RANGE))
        out = output_shape(x.shape, w.shape, self.stride, self.padding, self.dilation, variant)
        oh, ow = out[1:]
        if target is not None and target.shape != out:
            raise LessonError(f"the target must have the output's shape {out}, got {target.shape}")
        put(self, "target", target)
        put(self, "stage", choice_field(self.stage, "stage", STAGES))
        if self.stage in BACKWARD_STAGES and not variant.plain:
            raise LessonError(
                f"the {self.stage} stage follows the ordinary convolution only: zero padding, "
                "no flip, one group, not transposed"
            )
        put(self, "pool_mode", choice_field(self.pool_mode, "pooling mode", POOL_MODES))
        put(self, "pool_size", int_field(self.pool_size, "pooling size", *POOL_RANGE))
        put(self, "pool_stride", int_field(self.pool_stride, "pooling stride", *POOL_RANGE))
        if self.stage == "pool" and self.pool_size > min(oh, ow):
            raise LessonError(
                f"pooling {self.pool_size}×{self.pool_size} needs a map of at least that size; "
                f"the convolution's output is {oh}×{ow}"
            )
        put(self, "upstream", choice_field(self.upstream, "upstream gradient", UPSTREAMS))
        put(self, "step", int_field(self.step, "step", 0, MAX_STEP))
        speed = self.speed
        if isinstance(speed, bool) or not isinstance(speed, (int, float, np.integer, np.floating)):
            raise LessonError(f"the speed must be a number, got {shown(speed)}")
        lo, hi = SPEED_RANGE
        if not (math.isfinite(speed) and lo <= float(speed) <= hi):
            raise LessonError(f"the speed must be between {lo} and {hi:g} steps per second, got {speed}")
        put(self, "speed", float(speed))
        put(self, "name", text_field(self.name, "name", MAX_NAME_CHARS, _NAME_BAD))
        put(self, "note", text_field(self.note, "note", MAX_NOTE_CHARS, _NOTE_BAD))

    @property
    def variant(self) -> Variant:
        """The convolution variant's settings."""
        return Variant(**{k: getattr(self, k) for k in VARIANT_FIELDS})

    @property
    def out_shape(self) -> tuple[int, int, int]:
        """The convolution's output shape (F, OH, OW), the variant's."""
        return output_shape(
            self.x.shape, self.w.shape, self.stride, self.padding, self.dilation, self.variant
        )

    def same_as(self, other: Lesson) -> bool:
        """Whether every field is equal, arrays bit for bit (shape, dtype and bytes)."""

        def same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
            if a is None or b is None:
                return a is b
            return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()

        plain = (
            "stride",
            "padding",
            "dilation",
            "stage",
            "pool_mode",
            "pool_size",
            "pool_stride",
            "upstream",
            "step",
            "speed",
            "name",
            "note",
            *VARIANT_FIELDS,
        )
        return all(getattr(self, k) == getattr(other, k) for k in plain) and all(
            same(getattr(self, k), getattr(other, k)) for k in ("x", "w", "b", "target")
        )


def check_step(lesson: Lesson, steps: int) -> int:
    """The lesson's step, if its stage has ``steps`` steps (``len`` of the stage's trace).

    Raises
    ------
    LessonError
        (reason ``"step"``) when the step is past the stage's last step.
    """
    if not 0 <= lesson.step < steps:
        raise LessonError(
            f"the lesson is at step {lesson.step + 1} of the {lesson.stage} stage, which has {steps} step(s)",
            "step",
        )
    return lesson.step


def example_lesson(key: str) -> Lesson:
    """The article's worked example ``key`` ("A", "B" or "C") as a lesson at its first step.

    Raises ``ValueError`` naming the valid keys for any other key.
    """
    ex = example(key)
    mode, size, stride = ex.pool
    return Lesson(
        ex.x,
        ex.w,
        ex.b,
        stride=ex.stride,
        padding=ex.padding,
        dilation=1,
        stage=ex.stage,
        pool_mode=mode,
        pool_size=size,
        pool_stride=stride,
        name=f"example {ex.key}",
    )
