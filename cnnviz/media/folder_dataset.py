"""The trainer's datasets by name, including the user's own folder of images.

A folder dataset is one sub-folder per class (the sub-folder's name is the
class name), each holding image files. Every image is read as grey levels and
resized to ``size × size`` while it is still small-typed (never as a
full-size float array); files that cannot be read are skipped and counted,
never fatal; files beyond :data:`MAX_PER_CLASS` in a class are left out and
counted too (``Dataset.dropped``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from cnnviz.core.datasets import Dataset, dataset_from_arrays, load_digits, make_shapes

from .images import IMAGE_SUFFIXES, ImageLoadError, load_image

DATASET_NAMES: tuple[str, ...] = ("shapes", "digits", "folder")
#: image side used when none is chosen (digits are always 8 × 8)
DEFAULT_SIZES = {"shapes": 12, "folder": 16}
#: most images read per class, so a huge folder cannot stall the app
MAX_PER_CLASS = 2000


class DatasetError(ValueError):
    """A dataset that cannot be built; ``str(exc)`` is for the user."""


def load_folder_dataset(folder: str | os.PathLike[str], size: int = 16) -> Dataset:
    """Images under ``folder/<class>/`` as a Dataset with x (N, 1, size, size).

    Raises :class:`DatasetError` when the folder is missing or has fewer than
    two classes with readable images; unreadable files are counted in
    ``Dataset.skipped``, files beyond the first :data:`MAX_PER_CLASS` of a class
    (by name) in ``Dataset.dropped``.
    """
    root = Path(folder)
    if not root.is_dir():
        raise DatasetError(f"the folder {root} does not exist")
    if not 4 <= size <= 64:
        raise DatasetError(f"the image size must be between 4 and 64 pixels, got {size}")
    try:
        class_dirs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError as exc:
        raise DatasetError(f"cannot list the folder {root}: {exc.strerror or exc}") from None
    images: list[np.ndarray] = []
    labels: list[int] = []
    names: list[str] = []
    skipped = dropped = 0
    for class_dir in class_dirs:
        files = sorted(
            p for p in class_dir.iterdir()
            if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in IMAGE_SUFFIXES
        )
        dropped += max(0, len(files) - MAX_PER_CLASS)
        loaded = []
        for f in files[:MAX_PER_CLASS]:
            try:
                loaded.append(load_image(f, mode="gray", shape=(size, size))[0])
            except ImageLoadError:
                skipped += 1
        if loaded:
            labels += [len(names)] * len(loaded)
            names.append(class_dir.name)
            images += loaded
    if len(names) < 2:
        found = ", ".join(names) or "none"
        raise DatasetError(
            f"{root} needs at least two sub-folders of images, one per class "
            f"(classes with readable images: {found}"
            + (f"; {skipped} unreadable file{'s' if skipped != 1 else ''} skipped)" if skipped else ")")
        )
    return dataset_from_arrays(
        root.name or "folder", np.stack(images), np.array(labels, dtype=np.int64), names, skipped,
        dropped=dropped, per_class_cap=MAX_PER_CLASS,
    )


def load_dataset(
    name: str, *, data: str | os.PathLike[str] | None = None, size: int | None = None, seed: int = 0,
) -> Dataset:
    """``"shapes"`` (generated with ``seed``), ``"digits"`` (shipped, 8 × 8) or
    ``"folder"`` (needs ``data``). Raises :class:`DatasetError` in words."""
    if name == "digits":
        return load_digits()
    if name == "shapes":
        try:
            return make_shapes(size=size or DEFAULT_SIZES["shapes"], seed=seed)
        except ValueError as exc:
            raise DatasetError(str(exc)) from None
    if name == "folder":
        if data is None:
            raise DatasetError("the folder dataset needs a folder of images (one sub-folder per class)")
        return load_folder_dataset(data, size or DEFAULT_SIZES["folder"])
    raise DatasetError(f"unknown dataset {name!r}; choose one of {', '.join(DATASET_NAMES)}")
