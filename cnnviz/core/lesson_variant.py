"""The convolution variants a lesson holds, checked before anything is computed.

A lesson's variant settings default to the article's convolution, so a lesson
written before they existed is still the same lesson:

- ``padding_mode``: zeros, reflect, replicate or circular (PyTorch's names);
  reflect padding must be smaller than the input, circular padding at most its size;
- ``flip``: the true convolution (the kernel turned by 180°);
- ``groups``: 1–16, dividing the input's channels and the filters; the filters
  are then ``(F, C/groups, KH, KW)``;
- ``transposed``: the transposed convolution, its filters laid out as PyTorch's
  ``conv_transpose2d`` takes them, ``(C_in, C_out, KH, KW)``; shown with zero
  padding, no flip and one group;
- ``output_padding``: 0 unless transposed; then smaller than the stride or the dilation;
- ``picture``: how the transposed convolution is stepped, "scatter" or "direct"
  (kept whatever the variant: it is the session's choice for when it is transposed).

Every refusal is a :class:`~cnnviz.core.lesson_checks.LessonError` with one phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lesson_checks import LessonError, bool_field, choice_field, int_field
from .limits import DILATION_RANGE, MAX_FILTERS, STRIDE_RANGE
from .padding import PADDING_MODES, check_padding_mode
from .shapes import conv_geometry, transposed_geometry

__all__ = [
    "MAX_MAP_VALUES",
    "MAX_OUTPUT_PADDING",
    "PICTURES",
    "VARIANT_FIELDS",
    "Variant",
    "check_bank",
    "check_variant",
    "output_shape",
]

#: the variant's settings, in the order ``lesson.json`` writes them
VARIANT_FIELDS = ("padding_mode", "flip", "groups", "transposed", "output_padding", "picture")
PICTURES = ("scatter", "direct")
#: output padding must be smaller than the stride or the dilation, whose largest is 16
MAX_OUTPUT_PADDING = max(STRIDE_RANGE[1], DILATION_RANGE[1]) - 1
#: the most numbers the convolution's output (and the transposed convolution's
#: zero-inserted input) may hold: the ordinary convolution's largest output fits
MAX_MAP_VALUES = 18 << 20


@dataclass(frozen=True)
class Variant:
    """A lesson's convolution variant, checked field by field (:func:`check_variant`)."""

    padding_mode: str = "zeros"
    flip: bool = False
    groups: int = 1
    transposed: bool = False
    output_padding: int = 0
    picture: str = "scatter"

    @property
    def plain(self) -> bool:
        """True for the article's convolution (the picture aside)."""
        return self.padding_mode == "zeros" and not self.flip and self.groups == 1 and not self.transposed

    @property
    def default(self) -> bool:
        """True when every field is its default (nothing for ``lesson.json`` to write)."""
        return self == Variant()


def check_variant(
    padding_mode: Any = "zeros",
    flip: Any = False,
    groups: Any = 1,
    transposed: Any = False,
    output_padding: Any = 0,
    picture: Any = "scatter",
) -> Variant:
    """Each setting's type and range, and the combinations no shape can make right.

    Raises
    ------
    LessonError
        Naming the first setting that is wrong.
    """
    v = Variant(
        choice_field(padding_mode, "padding mode", PADDING_MODES),
        bool_field(flip, "flip (true convolution) setting"),
        int_field(groups, "groups", 1, MAX_FILTERS),
        bool_field(transposed, "transposed setting"),
        int_field(output_padding, "output padding", 0, MAX_OUTPUT_PADDING),
        choice_field(picture, "transposed convolution's picture", PICTURES),
    )
    if v.transposed:
        if v.groups != 1:
            raise LessonError(f"the transposed convolution is shown with one group, got groups {v.groups}")
        if v.padding_mode != "zeros":
            raise LessonError(
                f"the transposed convolution pads with zeros only, got {v.padding_mode} padding"
            )
        if v.flip:
            raise LessonError(
                "the transposed convolution cannot be flipped: its direct picture flips the kernel"
            )
    elif v.output_padding:
        raise LessonError(
            f"output padding belongs to the transposed convolution, got {v.output_padding} without it"
        )
    return v


def check_bank(x_shape: tuple[int, ...], w_shape: tuple[int, ...], variant: Variant) -> int:
    """The output channels of filters ``w_shape`` in the variant's layout over input ``x_shape``.

    Parameters
    ----------
    x_shape : (C, H, W)
    w_shape : (F, C/groups, KH, KW), or (C_in, C_out, KH, KW) when transposed

    Raises
    ------
    LessonError
        When the channels do not match the layout (or groups do not divide them).
    """
    c = x_shape[0]
    if variant.transposed:
        if w_shape[0] != c:
            raise LessonError(
                f"the transposed convolution's filters (C_in, C_out, KH, KW) must have C_in = {c}, "
                f"the input's channels, got {tuple(w_shape)}"
            )
        return w_shape[1]
    f, per, g = w_shape[0], w_shape[1], variant.groups
    if g == 1:
        if per != c:
            raise LessonError(f"the filters have {per} channel(s) but the input has {c}")
        return f
    if c % g:
        raise LessonError(f"groups {g} must divide the input's {c} channel(s)")
    if f % g:
        raise LessonError(f"groups {g} must divide the number of filters, {f}")
    if per * g != c:
        raise LessonError(
            f"with {g} groups each filter (F, C/groups, KH, KW) must have {c // g} channel(s), got {per}"
        )
    return f


def output_shape(
    x_shape: tuple[int, ...],
    w_shape: tuple[int, ...],
    stride: int,
    padding: int,
    dilation: int,
    variant: Variant,
) -> tuple[int, int, int]:
    """The convolution's output shape (F, OH, OW) for the variant (shapes as :func:`check_bank`).

    Raises
    ------
    LessonError
        When the convolution cannot be computed (the core's words), or its output
        (or the transposed convolution's zero-inserted input) would hold more
        than :data:`MAX_MAP_VALUES` numbers.
    """
    f = check_bank(x_shape, w_shape, variant)
    c, size, kernel = x_shape[0], (x_shape[1], x_shape[2]), (w_shape[2], w_shape[3])
    try:
        if variant.transposed:
            geo = transposed_geometry(size, kernel, stride, padding, variant.output_padding, dilation)
            out = geo.out
            maps = [("zero-inserted input", (c, *(out[a] + dilation * (kernel[a] - 1) for a in (0, 1))))]
        else:
            out = conv_geometry(size, kernel, stride, padding, dilation).out
            check_padding_mode(variant.padding_mode, size, padding)
            maps = []
    except ValueError as exc:
        raise LessonError(f"the convolution cannot be computed: {exc}") from None
    for what, shape in [("output", (f, *out)), *maps]:
        values = shape[0] * shape[1] * shape[2]
        if values > MAX_MAP_VALUES:
            raise LessonError(
                f"the convolution's {what} would be {'×'.join(map(str, shape))} ({values:,} numbers), "
                f"more than the {MAX_MAP_VALUES:,} a lesson may make"
            )
    return (f, *out)
