"""Output-size arithmetic and parameter validation, shared by every caller.

Every function that needs the size of a convolution or pooling output calls
:func:`conv_output_shape` (or :func:`conv_geometry`), so the formula and its
error messages live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

IntPair = Union[int, "tuple[int, int]"]


def pair(value: object, name: str) -> tuple[int, int]:
    """Return ``value`` as an ``(h, w)`` pair of Python ints.

    Accepts an int or a length-2 sequence of ints; raises ``ValueError``
    naming ``name`` for anything else.
    """
    if isinstance(value, bool):
        raise ValueError(f"{name} must be an int or an (h, w) pair, got {value!r}")
    if isinstance(value, (int,)) or _is_integer_scalar(value):
        v = int(value)  # type: ignore[call-overload]
        return (v, v)
    try:
        items: tuple[object, ...] = tuple(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} must be an int or an (h, w) pair, got {value!r}") from None
    if len(items) != 2 or not all(_is_integer_scalar(i) for i in items):
        raise ValueError(f"{name} must be an int or an (h, w) pair, got {value!r}")
    return (int(items[0]), int(items[1]))  # type: ignore[call-overload]


def _is_integer_scalar(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    # numpy integer scalars, without importing numpy here
    return type(value).__name__.startswith(("int", "uint")) and hasattr(value, "__index__")


def _fmt(p: tuple[int, int]) -> str:
    return f"{p[0]}×{p[1]}"


@dataclass(frozen=True)
class ConvGeometry:
    """Everything about a sliding window over an ``in_h × in_w`` plane.

    Attributes are ``(h, w)`` pairs; ``out`` is the output size.
    """

    in_size: tuple[int, int]
    kernel: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]

    @property
    def padded(self) -> tuple[int, int]:
        """Input size after zero padding on both sides."""
        return (self.in_size[0] + 2 * self.padding[0], self.in_size[1] + 2 * self.padding[1])

    @property
    def effective_kernel(self) -> tuple[int, int]:
        """Extent the (dilated) kernel covers: ``d*(k-1)+1``."""
        return (
            self.dilation[0] * (self.kernel[0] - 1) + 1,
            self.dilation[1] * (self.kernel[1] - 1) + 1,
        )

    @property
    def out(self) -> tuple[int, int]:
        """Output size ``floor((n + 2p - d*(k-1) - 1) / s) + 1`` per axis."""
        ph, pw = self.padded
        eh, ew = self.effective_kernel
        return ((ph - eh) // self.stride[0] + 1, (pw - ew) // self.stride[1] + 1)


def conv_geometry(
    in_size: IntPair,
    kernel: IntPair,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
) -> ConvGeometry:
    """Validate sliding-window parameters and return their geometry.

    Valid geometries are remembered: training asks for the same few on every
    batch, and validating costs more than the arithmetic on small batches.

    Raises
    ------
    ValueError
        With the parameter's name and the sizes involved, when the kernel,
        stride or dilation is < 1, the padding is negative, or the (dilated)
        kernel does not fit the padded input.
    """
    key = (_hashable(in_size), _hashable(kernel), _hashable(stride), _hashable(padding),
           _hashable(dilation))
    try:
        hit = _GEOMETRIES.get(key)
    except TypeError:  # an unhashable argument, e.g. an array: just validate
        return _validated_geometry(in_size, kernel, stride, padding, dilation)
    if hit is not None:
        return hit
    geo = _validated_geometry(in_size, kernel, stride, padding, dilation)
    if len(_GEOMETRIES) > 256:
        _GEOMETRIES.clear()
    _GEOMETRIES[key] = geo
    return geo


_GEOMETRIES: dict[tuple, ConvGeometry] = {}


def _hashable(value: object) -> object:
    """A cache key part that tells 2 from 2.0, (2, 2) from [2, 2] and numpy ints apart."""
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple((type(v).__name__, v) for v in value))
    return (type(value).__name__, value)


def _checked_pairs(
    in_size: IntPair, kernel: IntPair, stride: IntPair, padding: IntPair, dilation: IntPair
) -> tuple[tuple[int, int], ...]:
    """The five window parameters as (h, w) pairs, or ``ValueError`` in words for a size,
    kernel, stride or dilation below 1 or a negative padding."""
    n = pair(in_size, "input size")
    k = pair(kernel, "kernel size")
    s = pair(stride, "stride")
    p = pair(padding, "padding")
    d = pair(dilation, "dilation")
    if min(n) < 1:
        raise ValueError(f"input size must be at least 1×1, got {_fmt(n)}")
    if min(k) < 1:
        raise ValueError(f"kernel size must be at least 1×1, got {_fmt(k)}")
    if min(s) < 1:
        raise ValueError(f"stride must be at least 1, got {_fmt(s)}")
    if min(d) < 1:
        raise ValueError(f"dilation must be at least 1, got {_fmt(d)}")
    if min(p) < 0:
        raise ValueError(f"padding must not be negative, got {_fmt(p)}")
    return n, k, s, p, d


def _validated_geometry(
    in_size: IntPair, kernel: IntPair, stride: IntPair, padding: IntPair, dilation: IntPair
) -> ConvGeometry:
    n, k, s, p, d = _checked_pairs(in_size, kernel, stride, padding, dilation)
    geo = ConvGeometry(n, k, s, p, d)
    ph, pw = geo.padded
    eh, ew = geo.effective_kernel
    if eh > ph or ew > pw:
        dilated = f" (dilated {eh}×{ew})" if d != (1, 1) else ""
        raise ValueError(
            f"kernel {_fmt(k)}{dilated} does not fit the padded input {ph}×{pw} "
            f"(input {_fmt(n)}, padding {_fmt(p)})"
        )
    return geo


def conv_output_shape(
    in_size: IntPair,
    kernel: IntPair,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
) -> tuple[int, int]:
    """Output ``(OH, OW)`` of a convolution or pooling window; validates like
    :func:`conv_geometry`."""
    return conv_geometry(in_size, kernel, stride, padding, dilation).out


def output_size_formula(n: int, k: int, s: int, p: int, d: int = 1) -> str:
    """The formula with numbers substituted, e.g. ``⌊(5 + 2·1 − 3) / 2⌋ + 1 = 3``.

    Used by the shape panel; the caller validates first.
    """
    kd = d * (k - 1) + 1
    kernel_term = f"{kd}" if d == 1 else f"({d}·({k} − 1) + 1)"
    out = (n + 2 * p - kd) // s + 1
    return f"⌊({n} + 2·{p} − {kernel_term}) / {s}⌋ + 1 = {out}"


def check_groups(groups: object, in_channels: int, out_channels: int) -> int:
    """Validate ``groups`` for a convolution from ``in_channels`` to ``out_channels``.

    Returns ``groups`` as an int. Raises ``ValueError`` in words unless it is a
    positive int dividing both channel counts (PyTorch's rule).
    """
    if isinstance(groups, bool) or not _is_integer_scalar(groups):
        raise ValueError(f"groups must be a positive int, got {groups!r}")
    g = int(groups)  # type: ignore[call-overload]
    if g < 1:
        raise ValueError(f"groups must be at least 1, got {g}")
    if in_channels % g:
        raise ValueError(
            f"groups={g} must divide the number of input channels, but there are {in_channels}"
        )
    if out_channels % g:
        raise ValueError(
            f"groups={g} must divide the number of filters (output channels), but there are {out_channels}"
        )
    return g


@dataclass(frozen=True)
class TransposedGeometry:
    """A transposed convolution over an ``in_h × in_w`` plane (PyTorch's
    ``conv_transpose2d``). Attributes are ``(h, w)`` pairs.

    Its output is the input of the forward convolution :attr:`conv` (same
    kernel, stride, padding, dilation) whose input gradient it computes.
    """

    in_size: tuple[int, int]
    kernel: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    output_padding: tuple[int, int]
    dilation: tuple[int, int]

    @property
    def out(self) -> tuple[int, int]:
        """Output size ``(n − 1)·s − 2p + d·(k − 1) + output_padding + 1`` per axis."""
        return (
            _transposed_size(self.in_size[0], self.kernel[0], self.stride[0], self.padding[0],
                             self.output_padding[0], self.dilation[0]),
            _transposed_size(self.in_size[1], self.kernel[1], self.stride[1], self.padding[1],
                             self.output_padding[1], self.dilation[1]),
        )

    @property
    def conv(self) -> ConvGeometry:
        """The forward convolution over the output plane. Its ``out`` is at least
        ``in_size`` (larger only when ``output_padding ≥ stride``; the extra rows
        and columns then see no input)."""
        return ConvGeometry(self.out, self.kernel, self.stride, self.padding, self.dilation)


def _transposed_size(n: int, k: int, s: int, p: int, op: int, d: int) -> int:
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def transposed_geometry(
    in_size: IntPair,
    kernel: IntPair,
    stride: IntPair = 1,
    padding: IntPair = 0,
    output_padding: IntPair = 0,
    dilation: IntPair = 1,
) -> TransposedGeometry:
    """Validate the parameters of a transposed convolution and return its geometry.

    Raises
    ------
    ValueError
        In words, as PyTorch refuses them: kernel, stride or dilation < 1,
        negative padding or output padding, output padding not smaller than
        either the stride or the dilation, or an output smaller than 1×1.
    """
    n, k, s, p, d = _checked_pairs(in_size, kernel, stride, padding, dilation)
    op = pair(output_padding, "output padding")
    if min(op) < 0:
        raise ValueError(f"output padding must not be negative, got {_fmt(op)}")
    for axis in (0, 1):
        if op[axis] >= s[axis] and op[axis] >= d[axis]:
            raise ValueError(
                f"output padding must be smaller than either the stride or the dilation, "
                f"got output padding {_fmt(op)} with stride {_fmt(s)} and dilation {_fmt(d)}"
            )
    geo = TransposedGeometry(n, k, s, p, op, d)
    if min(geo.out) < 1:
        raise ValueError(
            f"the output would be {_fmt(geo.out)}, smaller than 1×1: padding {_fmt(p)} is too large "
            f"for input {_fmt(n)}, kernel {_fmt(k)}, stride {_fmt(s)} and dilation {_fmt(d)}"
        )
    return geo


def transposed_output_shape(
    in_size: IntPair,
    kernel: IntPair,
    stride: IntPair = 1,
    padding: IntPair = 0,
    output_padding: IntPair = 0,
    dilation: IntPair = 1,
) -> tuple[int, int]:
    """Output ``(OH, OW)`` of a transposed convolution; validates like
    :func:`transposed_geometry`."""
    return transposed_geometry(in_size, kernel, stride, padding, output_padding, dilation).out


def transposed_output_formula(n: int, k: int, s: int, p: int, d: int = 1, output_padding: int = 0) -> str:
    """The transposed formula with numbers substituted, e.g.
    ``(3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6``.

    Used by the shape panel; the caller validates first.
    """
    out = _transposed_size(n, k, s, p, output_padding, d)
    return f"({n} − 1)·{s} − 2·{p} + {d}·({k} − 1) + {output_padding} + 1 = {out}"
