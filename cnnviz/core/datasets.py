"""Training data for the mini trainer: generated shapes, shipped digits, and
the seeded train/validation split.

Every dataset is a :class:`Dataset` of images ``x`` ``(N, C, H, W)`` float32
in ``[0, 1]`` and labels ``y`` ``(N,)`` int64. Decoding the user's own image
files needs Pillow, so it lives in ``cnnviz.media.folder_dataset``, which
builds its :class:`Dataset` with :func:`dataset_from_arrays`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .resources import resource_path
from .safe_files import ArrayFile

#: The glyphs of the shapes dataset, in label order.
SHAPE_NAMES: tuple[str, ...] = ("X", "O", "+", "−", "|", "/", "\\", "□")

# Each glyph as line segments ((x0, y0), (x1, y1)) in unit coordinates, y down;
# the "O" is a circle of radius 1 handled separately.
_SEGMENTS: dict[str, tuple[tuple[tuple[float, float], tuple[float, float]], ...]] = {
    "X": (((-1, -1), (1, 1)), ((-1, 1), (1, -1))),
    "+": (((0, -1), (0, 1)), ((-1, 0), (1, 0))),
    "−": (((-1, 0), (1, 0)),),
    "|": (((0, -1), (0, 1)),),
    "/": (((-1, 1), (1, -1)),),
    "\\": (((-1, -1), (1, 1)),),
    "□": (((-1, -1), (1, -1)), ((1, -1), (1, 1)), ((1, 1), (-1, 1)), ((-1, 1), (-1, -1))),
}


@dataclass(frozen=True, eq=False)
class Dataset:
    """Images and labels of one dataset.

    x : (N, C, H, W) float32 in [0, 1]; y : (N,) int64 in ``[0, len(class_names))``.
    ``skipped`` counts input files that could not be read (folder datasets);
    ``dropped`` counts images left unread because a class had more than
    ``per_class_cap`` of them (folder datasets; ``per_class_cap`` 0 means no cap).
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    class_names: tuple[str, ...]
    skipped: int = 0
    dropped: int = 0
    per_class_cap: int = 0


@dataclass(frozen=True, eq=False)
class Split:
    """A fixed train/validation split of a :class:`Dataset`, standardised.

    x_train : (NT, C, H, W), y_train : (NT,), x_val : (NV, C, H, W), y_val : (NV,).
    Both image sets are ``(raw - mean) / std`` with the training set's ``mean``
    and ``std`` (the input layer's 去均值 and 归一化); a saved model keeps them
    so new images can be prepared the same way.
    """

    name: str
    class_names: tuple[str, ...]
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    seed: int
    mean: float = 0.0
    std: float = 1.0
    skipped: int = 0
    dropped: int = 0
    per_class_cap: int = 0

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """Per-sample shape ``(C, H, W)``."""
        c, h, w = self.x_train.shape[1:]
        return int(c), int(h), int(w)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def describe(self) -> str:
        """One line with every count, e.g. ``digits: 1797 images 1×8×8, 10 classes; …``."""
        c, h, w = self.input_shape
        total = len(self.y_train) + len(self.y_val)
        text = (
            f"{self.name}: {total} images {c}×{h}×{w}, {self.num_classes} classes; "
            f"{len(self.y_train)} for training, {len(self.y_val)} for validation (split seed {self.seed}); "
            f"{preprocessing_text(self.mean, self.std)}"
        )
        if self.skipped:
            text += f"; {self.skipped} unreadable file{'s' if self.skipped != 1 else ''} skipped"
        if self.dropped:
            text += "; " + describe_dropped(self.dropped, self.per_class_cap)
        return text


def preprocessing_text(mean: float, std: float) -> str:
    """The input layer's preprocessing in words: ``"pixels standardised: (x − 0.302) / 0.376"``."""
    return f"pixels standardised: (x − {mean:.3g}) / {std:.3g}"


def describe_dropped(dropped: int, per_class_cap: int) -> str:
    """E.g. ``"500 images left out: at most 2000 per class are read"``."""
    return (
        f"{dropped} image{'s' if dropped != 1 else ''} left out: "
        f"at most {per_class_cap} per class are read"
    )


def _freeze(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def dataset_from_arrays(
    name: str, images: np.ndarray, labels: np.ndarray, class_names: tuple[str, ...] | list[str],
    skipped: int = 0, *, dropped: int = 0, per_class_cap: int = 0,
) -> Dataset:
    """Check and wrap arrays as a :class:`Dataset`.

    images : (N, H, W) or (N, C, H, W), any real dtype, scaled by the caller to [0, 1];
    labels : (N,) ints in ``[0, K)``; ``skipped``, ``dropped`` and ``per_class_cap``
    as in :class:`Dataset`. Raises ``ValueError`` with a readable message.
    """
    x = np.asarray(images)
    if x.ndim == 3:
        x = x[:, None]
    if x.ndim != 4 or x.dtype.kind not in "fiu":
        raise ValueError(f"images must be a (N, C, H, W) array of numbers, got shape {x.shape}")
    y = np.asarray(labels)
    names = tuple(str(n) for n in class_names)
    if len(names) < 2:
        raise ValueError(f"a dataset needs at least 2 classes, found {len(names)}")
    if y.shape != (x.shape[0],) or y.dtype.kind not in "iu":
        raise ValueError(f"labels must be {x.shape[0]} integers, got shape {y.shape}")
    if len(y) and (y.min() < 0 or y.max() >= len(names)):
        raise ValueError(f"labels must lie in [0, {len(names)}), got {y.min()}..{y.max()}")
    x = np.ascontiguousarray(x, dtype=np.float32)
    if not np.all(np.isfinite(x)):
        raise ValueError("images contain non-finite values")
    return Dataset(name, _freeze(x), _freeze(y.astype(np.int64)), names, skipped, dropped, per_class_cap)


def _segment_distance(px: np.ndarray, py: np.ndarray, p0: tuple, p1: tuple) -> np.ndarray:
    """Distance from points ``(px, py)`` (any shape) to the segment p0–p1."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    t = np.clip(((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
    return np.hypot(px - (x0 + t * dx), py - (y0 + t * dy))


def render_shape(
    name: str, size: int, *, centre: tuple[float, float], scale: float, thickness: float
) -> np.ndarray:
    """One antialiased glyph: ``(size, size)`` float64 in [0, 1].

    ``centre`` is in pixels, ``scale`` is the glyph's half-extent in pixels,
    ``thickness`` the stroke width in pixels.
    """
    coords = np.arange(size) + 0.5
    py, px = np.meshgrid(coords, coords, indexing="ij")
    u = (px - centre[0]) / scale
    v = (py - centre[1]) / scale
    if name == "O":
        dist = np.abs(np.hypot(u, v) - 1.0)
    elif name in _SEGMENTS:
        dist = np.min([_segment_distance(u, v, a, b) for a, b in _SEGMENTS[name]], axis=0)
    else:
        raise ValueError(f"unknown shape {name!r}; choose from {', '.join(SHAPE_NAMES)}")
    return np.clip(thickness / 2 + 0.5 - dist * scale, 0.0, 1.0)


def make_shapes(
    n: int = 1600, *, size: int = 12, seed: int = 0, noise: float = 0.1,
    classes: tuple[str, ...] = SHAPE_NAMES,
) -> Dataset:
    """Generate ``n`` glyphs (balanced classes) with random shift, scale,
    thickness and Gaussian noise; the same ``seed`` gives the same images.

    Returns a Dataset with x (n, 1, size, size), y (n,).
    """
    if size < 6 or size > 64:
        raise ValueError(f"shape images must be 6 to 64 pixels wide, got {size}")
    if n < 2 * len(classes):
        raise ValueError(f"need at least {2 * len(classes)} shapes (2 per class), got {n}")
    if not 0 <= noise <= 1:
        raise ValueError(f"noise must lie in [0, 1], got {noise}")
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % len(classes))
    x = np.empty((n, 1, size, size), dtype=np.float32)
    half = size / 2
    for i, label in enumerate(y):
        scale = half * rng.uniform(0.5, 0.8)
        room = half - scale - 0.5
        centre = (half + rng.uniform(-room, room), half + rng.uniform(-room, room))
        thickness = rng.uniform(0.8, 1.8) * size / 12
        img = render_shape(classes[label], size, centre=centre, scale=scale, thickness=thickness)
        img = img + noise * rng.standard_normal(img.shape)
        x[i, 0] = np.clip(img, 0.0, 1.0)
    return dataset_from_arrays("shapes", x, y, classes)


def load_digits() -> Dataset:
    """The 1797 UCI 8×8 handwritten digits shipped in ``resources/digits``.

    Returns a Dataset with x (1797, 1, 8, 8) scaled from counts 0..16 to [0, 1].
    """
    path = resource_path("digits", "digits_8x8.npz")
    with ArrayFile(path, what=".npz", max_bytes=4 << 20, max_members=4) as data:
        heads = data.headers
        if not {"images", "labels"} <= set(heads) or heads["images"].shape[1:] != (8, 8) or (
            heads["labels"].shape != heads["images"].shape[:1]
        ):
            raise ValueError(f"{path.name} is damaged: it must hold images (N, 8, 8) and labels (N,)")
        images, labels = data.read("images"), data.read("labels")
    return dataset_from_arrays(
        "digits", images.astype(np.float32) / 16.0, labels.astype(np.int64),
        tuple(str(d) for d in range(10)),
    )


def class_counts(y: np.ndarray, num_classes: int) -> np.ndarray:
    """Samples per class: y (N,) → (K,) int64."""
    return np.bincount(np.asarray(y, dtype=np.int64), minlength=num_classes)


def split_dataset(ds: Dataset, val_fraction: float = 0.2, seed: int = 0) -> Split:
    """A stratified, seeded train/validation split (same seed → same split).

    Each class with at least 2 samples puts ``round(val_fraction * n)`` of them
    (at least one) into validation. Raises ``ValueError`` when a part would be empty.
    """
    if not 0 < val_fraction < 1:
        raise ValueError(f"the validation fraction must lie between 0 and 1, got {val_fraction}")
    rng = np.random.default_rng(seed)
    train_idx: list[np.ndarray] = []
    val_idx: list[np.ndarray] = []
    for k in range(len(ds.class_names)):
        idx = rng.permutation(np.flatnonzero(ds.y == k))
        n_val = 0 if len(idx) < 2 else min(len(idx) - 1, max(1, round(val_fraction * len(idx))))
        val_idx.append(idx[:n_val])
        train_idx.append(idx[n_val:])
    tr = rng.permutation(np.concatenate(train_idx))
    va = rng.permutation(np.concatenate(val_idx))
    if len(tr) == 0 or len(va) == 0:
        raise ValueError(
            f"{ds.name} has too few images to split into training and validation "
            f"({len(ds.y)} images); every class needs at least 2"
        )
    mean = float(ds.x[tr].mean())
    std = float(ds.x[tr].std()) or 1.0

    def prepared(idx: np.ndarray) -> np.ndarray:
        return _freeze(((ds.x[idx] - mean) / std).astype(np.float32))

    return Split(
        ds.name, ds.class_names, prepared(tr), _freeze(ds.y[tr]), prepared(va), _freeze(ds.y[va]),
        seed, mean, std, ds.skipped, ds.dropped, ds.per_class_cap,
    )
