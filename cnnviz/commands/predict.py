"""``cnnviz predict``: a saved model's top classes for image files, headless.

Each image is prepared as the trainer prepared its data — grey (or RGB for a
three-channel model), resized to the model's input, standardised with the
model's training mean and std — and one line per image is printed::

    digit.png: 7 (0.93), 1 (0.04), 9 (0.01)

Every file is read before anything is printed: an unreadable model or image
ends the command with one ``cnnviz: error:`` line and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

import numpy as np

from .errors import UsageError, one_line_error, whole_number

DEFAULT_TOP = 3
MAX_IMAGES = 10_000


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "predict",
        help="a saved model's top classes for image files",
        description="Print a saved model's most probable classes for each image, one line per image.",
        epilog="example:\n  cnnviz train --save digits.npz && cnnviz predict --model digits.npz digit.png",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.error = one_line_error  # type: ignore[method-assign]
    p.add_argument(
        "--model",
        required=True,
        metavar="M.npz",
        help="a model saved by cnnviz train --save or the trainer's Save model",
    )
    p.add_argument(
        "--top",
        type=whole_number,
        default=DEFAULT_TOP,
        metavar="N",
        help=f"classes per image, most probable first (default {DEFAULT_TOP})",
    )
    p.add_argument("images", nargs="+", metavar="IMAGE", help="image files (PNG, JPEG, BMP, GIF, WebP, TIFF)")
    p.set_defaults(handler=run)


def prepare_images(paths: list[str], in_shape: tuple[int, int, int], mean: float, std: float) -> np.ndarray:
    """Image files → (N, C, H, W) float32 fed as the model's training data; UsageError in words."""
    from cnnviz.media import ImageLoadError, load_image

    c, h, w = in_shape
    if c not in (1, 3):
        raise UsageError(f"the model takes {c}-channel images; only grey or RGB files can be fed to it")
    batch = np.empty((len(paths), c, h, w), np.float32)
    for i, path in enumerate(paths):
        try:
            raw = load_image(path, mode="gray" if c == 1 else "rgb", shape=(h, w))
        except ImageLoadError as exc:
            raise UsageError(str(exc)) from None
        batch[i] = (raw.astype(np.float64) - mean) / std
    return batch


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from cnnviz.core import predict
    from cnnviz.core.checkpoint import CheckpointError, load_model

    if len(args.images) > MAX_IMAGES:
        raise UsageError(f"give at most {MAX_IMAGES} images at a time, got {len(args.images)}")
    try:
        ck = load_model(args.model)
    except CheckpointError as exc:
        raise UsageError(f"cannot read the model: {exc}") from None
    k = len(ck.class_names)
    if not 1 <= args.top <= k:
        raise UsageError(f"--top must be between 1 and {k} (the model's classes), got {args.top}")
    x = prepare_images(list(args.images), ck.architecture.in_shape, ck.mean, ck.std)
    probs = predict(ck.model, x)
    for path, p in zip(args.images, probs):
        order = np.argsort(-p.astype(np.float64), kind="stable")[: args.top]
        top = ", ".join(f"{ck.class_names[int(j)]} ({p[int(j)]:.2f})" for j in order)
        print(f"{path}: {top}", file=out)
    return 0
