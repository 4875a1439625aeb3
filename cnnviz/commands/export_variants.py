"""``cnnviz export``'s convolution variants: ``--padding-mode``, ``--flip``,
``--groups G`` and ``--transposed [--output-padding K]``.

Filters come laid out as PyTorch lays them out for the variant:
``(F, C/groups, KH, KW)`` with groups, ``(C_in, C_out, KH, KW)`` for the
transposed convolution. The demo's and the presets' banks are converted the
way the window converts them (each filter keeps its group's channels; the
transposed convolution reads filter ``w_o`` as output channel ``o``).

Every bad combination is a :class:`~cnnviz.commands.errors.UsageError` in one
sentence, raised before anything is drawn or written. No Qt here.
"""

from __future__ import annotations

import argparse

import numpy as np

from cnnviz.core import check_groups, check_padding_mode, conv_geometry, transposed_geometry
from cnnviz.core.limits import MAX_FILTERS, STRIDE_RANGE
from cnnviz.core.padding import PADDING_MODES

from .errors import UsageError, whole_number

__all__ = ["add_variant_arguments", "check_variant", "check_variant_flags", "variant_bank", "variant_groups"]

MAX_OUTPUT_PADDING = STRIDE_RANGE[1] - 1

EPILOG = """\
variants (each with --demo, --image or --example):
  --padding-mode reflect|replicate|circular   the border holds copies of input cells
  --flip                                      true convolution: the kernel used flipped
  --groups G                                  each filter sees C/G channels; --weights (F, C/G, KH, KW)
  --transposed [--output-padding K]           --weights (C_in, C_out, KH, KW), as conv_transpose2d
  cnnviz export --demo --padding-mode reflect -o reflect.gif
  cnnviz export --demo --transposed -o scatter.gif          75 frames: one per input cell
  cnnviz export --image cat.jpg --size 16 --groups 3 --filters 3 --preset sobel_x -o depthwise.gif
"""


def add_variant_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("convolution variants")
    g.add_argument(
        "--padding-mode",
        choices=PADDING_MODES,
        metavar="|".join(PADDING_MODES),
        help="what the padded border holds, as PyTorch's padding_mode (default zeros)",
    )
    g.add_argument("--flip", action="store_true", help="true convolution: the kernel flipped (rotated 180°)")
    g.add_argument(
        "--groups",
        type=whole_number,
        metavar="G",
        help="split the channels into G groups (G = channels: depthwise); G divides the channels and filters",
    )
    g.add_argument(
        "--transposed",
        action="store_true",
        help="the transposed convolution (conv_transpose2d): frames are the input cells scattering w·x",
    )
    g.add_argument(
        "--output-padding",
        type=whole_number,
        metavar="K",
        help="with --transposed: K more output rows and columns, K < stride (default 0)",
    )


def _used(args: argparse.Namespace) -> list[str]:
    flags = [
        ("--padding-mode", getattr(args, "padding_mode", None) not in (None, "zeros")),
        ("--flip", getattr(args, "flip", False)),
        ("--groups", getattr(args, "groups", None) not in (None, 1)),
        ("--transposed", getattr(args, "transposed", False)),
    ]
    return [flag for flag, on in flags if on]


def check_variant_flags(args: argparse.Namespace) -> None:
    """Flags that contradict each other, refused before anything is loaded."""
    groups, op = getattr(args, "groups", None), getattr(args, "output_padding", None)
    if groups is not None and not 1 <= groups <= MAX_FILTERS:
        raise UsageError(f"--groups must be between 1 and {MAX_FILTERS}, got {groups}")
    if op is not None and not 0 <= op <= MAX_OUTPUT_PADDING:
        raise UsageError(f"--output-padding must be between 0 and {MAX_OUTPUT_PADDING}, got {op}")
    if op is not None and not getattr(args, "transposed", False):
        raise UsageError("--output-padding applies to --transposed")
    used = _used(args)
    if getattr(args, "transposed", False):
        other = [f for f in used if f != "--transposed"]
        if other:
            raise UsageError(
                f"--transposed pads with zeros and has one group here (as PyTorch's ConvTranspose2d); "
                f"leave out {', '.join(other)}"
            )
    if not used:
        return
    if getattr(args, "lesson", None):
        raise UsageError(f"--lesson brings its own settings; leave out {', '.join(used)}")
    if getattr(args, "backward", None):
        raise UsageError(f"--backward follows the plain convolution; leave out {', '.join(used)}")


def variant_groups(args: argparse.Namespace, channels: int) -> int:
    """``--groups`` (1 when not given), which must divide the input's channels."""
    g = getattr(args, "groups", None) or 1
    if channels % g:
        options = ", ".join(str(d) for d in range(1, channels + 1) if channels % d == 0)
        raise UsageError(f"--groups {g} must divide the input's {channels} channel(s); use one of {options}")
    return g


def variant_bank(args: argparse.Namespace, w: np.ndarray) -> np.ndarray:
    """An ordinary bank ``(F, C, KH, KW)`` (the demo's, an example's, the presets')
    laid out for the variant: cut to each filter's group, or read as PyTorch's
    ``(C_in, C_out, KH, KW)`` for ``--transposed``."""
    from cnnviz.presenters.variant_banks import group_bank, to_pytorch

    w = np.asarray(w, np.float32)
    g = getattr(args, "groups", None) or 1
    if g > 1 and w.shape[1] % g == 0 and w.shape[0] % g == 0:
        w = group_bank(w, g)
    return to_pytorch(w, bool(getattr(args, "transposed", False)))


def check_variant(
    args: argparse.Namespace, x: np.ndarray, w: np.ndarray, stride: int, padding: int, dilation: int
) -> dict[str, object]:
    """Refuse a variant the convolution cannot compute, in the core's words; the
    variant's settings (``Params`` keywords) when it can."""
    for flag, v, lo in (("--stride", stride, 1), ("--padding", padding, 0), ("--dilation", dilation, 1)):
        if v < lo:
            raise UsageError(f"{flag} must be at least {lo}, got {v}")
    mode = getattr(args, "padding_mode", None) or "zeros"
    groups = getattr(args, "groups", None) or 1
    transposed = bool(getattr(args, "transposed", False))
    op = getattr(args, "output_padding", None) or 0
    try:
        if transposed:
            transposed_geometry(x.shape[1:], w.shape[2:], stride, padding, op, dilation)
        else:
            conv_geometry(x.shape[1:], w.shape[2:], stride, padding, dilation)
            check_groups(groups, x.shape[0], w.shape[0])
            check_padding_mode(mode, x.shape[1:], padding)
    except ValueError as exc:
        hint = ""
        if "number of filters" in str(exc) and not getattr(args, "weights", None):
            hint = f"; add --filters {groups} (a multiple of {groups}) with --preset"
        raise UsageError(f"impossible settings: {exc}{hint}") from None
    return dict(
        padding_mode=mode, flip=bool(getattr(args, "flip", False)), groups=groups,
        transposed=transposed, output_padding=op,
    )  # fmt: skip
