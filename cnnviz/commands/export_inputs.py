"""What ``cnnviz export`` checks before it draws anything: the output path, the
input image, the filters and the sliding-window settings.

Every problem becomes a :class:`cnnviz.commands.errors.UsageError` with one sentence, so
the command exits 2 with ``cnnviz: error: …`` and no file is created.
No Qt here: these run before the offscreen platform is chosen.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

import numpy as np

from cnnviz.core import PRESET_NAMES, conv_geometry, load_demo, preset_kernel
from cnnviz.core.limits import (
    DILATION_RANGE,
    IMAGE_SIZE_RANGE,
    MAX_FILTERS,
    MAX_KERNEL,
    PADDING_RANGE,
    STRIDE_RANGE,
)
from cnnviz.media.atomic import target_problem

from .errors import UsageError, shown_number
from .export_variants import variant_bank, variant_groups


def check_output(out: Path, single: bool) -> Path:
    """The output must be an animation (.gif, .apng, .webp or .mp4, whose library
    must be installed) or, with --step, a .png, that can be written: an existing
    folder that takes new files, and no write-protected file there."""
    from cnnviz.media.formats import ANIMATED_SUFFIXES, missing_library

    suffix = out.suffix.lower()
    if single and suffix != ".png":
        raise UsageError(f"--step writes one frame as a PNG; give an output ending in .png, not {out.name}")
    if not single and suffix not in ANIMATED_SUFFIXES:
        hint = " (add --step K to write one step as a PNG)" if suffix == ".png" else ""
        raise UsageError(f"the output must end in .gif, .apng, .webp or .mp4, not {out.name}{hint}")
    missing = None if single else missing_library(suffix)
    if missing:
        raise UsageError(missing)
    problem = target_problem(out)
    if problem:
        raise UsageError(f"cannot write {out}: {problem}")
    return out


def check_settings(args: argparse.Namespace) -> None:
    """Refuse what the window's widgets cannot be set to, before anything is loaded.

    Geometry that is in range but does not fit the input is :func:`check_geometry`'s.
    """
    ranges = (
        ("--stride", args.stride, STRIDE_RANGE), ("--padding", args.padding, PADDING_RANGE),
        ("--dilation", args.dilation, DILATION_RANGE), ("--size", args.size, IMAGE_SIZE_RANGE),
        ("--kernel", args.kernel, (1, MAX_KERNEL)), ("--filters", args.filters, (1, MAX_FILTERS)),
    )  # fmt: skip
    for flag, value, (lo, hi) in ranges:
        if value is None:
            continue
        if value < lo:
            raise UsageError(f"{flag} must be at least {lo}, got {shown_number(value)}")
        if value > hi:
            raise UsageError(f"{flag} must be between {lo} and {hi}, got {shown_number(value)}")


def frame_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--frame-size must look like 1100x800, got {text!r}") from None
    return w, h


def session_arrays(
    args: argparse.Namespace,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, str, int, int, int]:
    """``x`` (C, H, W), ``w`` (F, C, KH, KW), ``b`` (F,) or None, name, stride, padding, dilation.

    With a variant (``--groups``, ``--transposed``) ``w`` is laid out as PyTorch lays it out for
    it: (F, C/groups, KH, KW), or (C_in, C_out, KH, KW) with ``b`` (C_out,).
    """
    if getattr(args, "example", None):
        if args.gray or args.size is not None or args.weights or args.preset:
            raise UsageError(
                "--example brings its own input and filters; leave out --gray, --size, --weights, --preset"
            )
        from cnnviz.core.examples import example

        ex = example(args.example)
        stride = ex.stride if args.stride is None else args.stride
        padding = ex.padding if args.padding is None else args.padding
        dilation = 1 if args.dilation is None else args.dilation
        variant_groups(args, ex.x.shape[0])
        return ex.x, variant_bank(args, ex.w), ex.b, f"example {ex.key}", stride, padding, dilation
    if args.demo:
        if args.gray or args.size is not None:
            raise UsageError("--gray and --size apply to --image, not to --demo")
        demo = load_demo()
        x, name = demo.x, "demo"
        stride, padding = demo.stride, demo.padding
    else:
        x, name = _load_image(args.image, args.gray, args.size), Path(args.image).name
        stride, padding = 1, 0
    stride = stride if args.stride is None else args.stride
    padding = padding if args.padding is None else args.padding
    dilation = 1 if args.dilation is None else args.dilation
    groups = variant_groups(args, x.shape[0])
    if args.weights is not None:
        if args.preset or args.kernel is not None or args.filters is not None:
            raise UsageError("--weights gives the filters; leave out --preset, --kernel and --filters")
        transposed = bool(getattr(args, "transposed", False))
        w, b = load_weights(Path(args.weights), x.shape[0], groups=groups, transposed=transposed)
    elif args.demo and not args.preset and args.kernel is None and args.filters is None:
        w, b = variant_bank(args, load_demo().w), load_demo().b
    else:  # one channel per group: the presets are built for the channels a filter sees
        w, b = variant_bank(args, _preset_bank(args, x.shape[0] // groups)), None
    return x, w, b, name, stride, padding, dilation


def _load_image(path: str, gray: bool, size: int | None) -> np.ndarray:
    from cnnviz.media import DEFAULT_WORKING_SIZE, ImageLoadError, load_image

    try:
        return load_image(path, mode="gray" if gray else "rgb", working_size=size or DEFAULT_WORKING_SIZE)
    except ImageLoadError as exc:
        raise UsageError(f"cannot open the image: {exc}") from None


def _preset_bank(args: argparse.Namespace, channels: int) -> np.ndarray:
    k = 3 if args.kernel is None else args.kernel
    names = args.preset or (["sobel_x"] if k == 3 else ["box_blur"])
    unknown = [n for n in names if n not in PRESET_NAMES]
    if unknown:
        raise UsageError(f"unknown preset {unknown[0]!r}; choose from {', '.join(PRESET_NAMES)}")
    if not 1 <= k <= MAX_KERNEL:
        raise UsageError(f"--kernel must be between 1 and {MAX_KERNEL}, got {k}")
    count = len(names) if args.filters is None else args.filters
    if not 1 <= count <= MAX_FILTERS:
        raise UsageError(f"--filters must be between 1 and {MAX_FILTERS}, got {count}")
    try:
        bank = [preset_kernel(names[f % len(names)], channels, (k, k), seed=f) for f in range(count)]
    except ValueError as exc:
        raise UsageError(f"cannot use the preset: {exc}") from None
    return np.stack(bank).astype(np.float32)


def load_weights(
    path: Path, channels: int, *, groups: int = 1, transposed: bool = False
) -> tuple[np.ndarray, np.ndarray | None]:
    """Read ``w`` (F, C, KH, KW) and optional ``b`` (F,) from a .npy or .npz file.

    Each array's header (shape, dtype, byte count) is checked against the zip
    directory, a byte limit and the shapes below before its data is read;
    nothing is unpickled (:class:`cnnviz.core.safe_files.ArrayFile`).
    """
    from cnnviz.core.safe_files import ArrayFile, ArrayFileError

    if not path.is_file():
        raise UsageError(f"cannot read the weights {path}: the file does not exist")
    name = path.name
    try:
        with ArrayFile(path, what=".npy/.npz", max_bytes=16 << 20, max_members=16) as archive:
            key = "" if archive.single else "w"
            if key not in archive.headers:
                found = ", ".join(archive.headers) or "none"
                raise UsageError(f"the weights file {name} has no array named w (it has: {found})")
            wh, bh = archive.headers[key], None if archive.single else archive.headers.get("b")
            if len(wh.shape) != 4 or wh.dtype.kind not in "iuf" or 0 in wh.shape:
                raise UsageError(
                    f"w in {name} must be a numeric (F, C, KH, KW) array, got shape {wh.shape} {wh.dtype}"
                )
            f, c, kh, kw = wh.shape
            if transposed:  # (C_in, C_out, KH, KW): one bias per output channel
                if f != channels:
                    raise UsageError(
                        f"w in {name} is read as (C_in, C_out, KH, KW) for --transposed: it has {f} "
                        f"input channel(s) but the input has {channels}"
                    )
                f = c
            elif c * groups != channels:
                if groups == 1:
                    raise UsageError(f"w in {name} has {c} input channel(s) but the input has {channels}")
                raise UsageError(
                    f"w in {name} has {c} input channel(s) per filter, but {channels} channels in "
                    f"{groups} groups need (F, {channels // groups}, KH, KW)"
                )
            if f > MAX_FILTERS or max(kh, kw) > MAX_KERNEL:
                raise UsageError(
                    f"w in {name} has {f} filters of {kh}×{kw}; at most {MAX_FILTERS} filters of "
                    f"{MAX_KERNEL}×{MAX_KERNEL} can be shown"
                )
            if bh is not None and (bh.shape != (f,) or bh.dtype.kind not in "iuf"):
                raise UsageError(
                    f"b in {name} must be a numeric array of shape ({f},), got {bh.shape} {bh.dtype}"
                )
            w = archive.read(key)
            b = None if bh is None else archive.read("b")
    except ArrayFileError as exc:
        raise UsageError(f"cannot read the weights {name}: {exc}") from None
    if not np.isfinite(w).all() or (b is not None and not np.isfinite(b).all()):
        raise UsageError(f"the weights in {name} contain NaN or infinity")
    return w.astype(np.float32), None if b is None else b.astype(np.float32)


def check_geometry(x: np.ndarray, w: np.ndarray, stride: int, padding: int, dilation: int) -> None:
    """Refuse settings the convolution cannot compute, in the core's words."""
    for flag, v, lo in (("--stride", stride, 1), ("--padding", padding, 0), ("--dilation", dilation, 1)):
        if v < lo:
            raise UsageError(f"{flag} must be at least {lo}, got {v}")
    try:
        conv_geometry(x.shape[1:], w.shape[2:], stride, padding, dilation)
    except ValueError as exc:
        raise UsageError(f"impossible settings: {exc}") from None


def check_cap(steps: range, total: int, max_frames: int) -> None:
    """Refuse (rather than silently cut) an export longer than ``max_frames``."""
    if max_frames < 1:
        raise UsageError(f"--max-frames must be at least 1, got {max_frames}")
    if len(steps) <= max_frames:
        return
    every = math.ceil(len(steps) * steps.step / max_frames)
    stop = steps.start + max_frames * steps.step
    raise UsageError(
        f"this export would have {len(steps)} frames (steps {steps.start}..{steps[-1]} of {total}, "
        f"every {steps.step}), more than --max-frames {max_frames}; nothing was written. "
        f"Choose a range (e.g. --start {steps.start} --stop {stop}), fewer frames (e.g. --every {every}), "
        f"or raise --max-frames"
    )


def use_offscreen_without_display() -> None:
    """Pick Qt's offscreen platform when there is no display (before QtGui loads)."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
