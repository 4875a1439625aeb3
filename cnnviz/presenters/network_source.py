"""Where the Network tab's model and its validation samples come from.

A :class:`ModelSnapshot` is one model with what it was trained on (class
names, the input standardisation). It comes from a checkpoint file
(:func:`snapshot_from_file`), from arrays a caller built, or from the trainer
(:func:`snapshot_from_trainer`): its current weights — untrained (the weights
Start would begin from), mid-training (the child's last report) or trained.
:func:`sample_set` finds validation samples that fit a model.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnviz.core.checkpoint import load_model
from cnnviz.core.datasets import Split, split_dataset
from cnnviz.core.model import Sequential
from cnnviz.core.train import Architecture
from cnnviz.media.folder_dataset import DatasetError, load_dataset

from .trainer_session import STRIP_SAMPLES, VAL_FRACTION

#: the trainer states whose weights are the ones it started from
UNTRAINED, TRAINING, TRAINED, DIVERGED = "untrained", "training", "trained", "diverged"


@dataclass(frozen=True, eq=False)
class ModelSnapshot:
    """A model for the overview.

    ``state`` is ``"untrained"``, ``"training"``, ``"trained"`` or ``"diverged"``
    for the trainer's model, ``""`` for a file or arrays; ``origin`` is
    ``"trainer"``, ``"file"`` or ``"given"``; ``name`` is the file's name, the
    dataset or what the caller called it.
    """

    model: Sequential
    architecture: Architecture | None
    class_names: tuple[str, ...]
    mean: float
    std: float
    dataset: str
    name: str
    origin: str
    state: str = ""
    key: Any = None  # what the weights were built from, for reuse by the next snapshot

    @property
    def in_shape(self) -> tuple[int, int, int]:
        c, h, w = (int(n) for n in self.model.in_shape or (1, 1, 1))
        return c, h, w


@dataclass(frozen=True, eq=False)
class SampleSet:
    """Validation images for the strip: ``raw`` (M, C, H, W) in [0, 1] for
    showing, ``fed`` (M, C, H, W) standardised as the model was trained,
    ``labels`` (M,), the ``dataset`` they come from and the ``seed`` of its split."""

    raw: np.ndarray
    fed: np.ndarray
    labels: np.ndarray
    dataset: str
    seed: int


def snapshot_from_file(path: str | os.PathLike[str]) -> ModelSnapshot:
    """A saved model; raises :class:`~cnnviz.core.checkpoint.CheckpointError` in words."""
    ck = load_model(path)
    return ModelSnapshot(
        ck.model,
        ck.architecture,
        ck.class_names,
        ck.mean,
        ck.std,
        ck.dataset,
        os.path.basename(os.fspath(path)),
        "file",
    )


def snapshot_from_trainer(trainer: Any, cached: ModelSnapshot | None) -> ModelSnapshot | None:
    """The trainer's model now, None before it has data.

    ``cached`` (the previous snapshot from this trainer) is reused when the
    architecture is the same, so a live refresh only copies weights in.
    Raises ``ValueError`` for weights that are not numbers (a diverged run).
    """
    split: Split | None = trainer.split
    if split is None:
        return None
    arch: Architecture | None = trainer.architecture
    weights = trainer.current_weights() if arch is not None else None
    state = {"running": TRAINING, "diverged": DIVERGED}.get(trainer.state, TRAINED)
    if arch is None or weights is None:
        arch = trainer.settings.architecture(split)
        arch.check()
        key: tuple[Any, ...] = (UNTRAINED, arch, trainer.settings.seed)
        if cached is not None and cached.key == key:
            model = cached.model
        else:
            model = arch.build(trainer.settings.seed)  # the weights Start begins from
        return ModelSnapshot(
            model,
            arch,
            split.class_names,
            split.mean,
            split.std,
            split.name,
            split.name,
            "trainer",
            UNTRAINED,
            key,
        )
    key = (TRAINED, arch)
    model = cached.model if cached is not None and cached.key == key else arch.build(0)
    model.load_state_dict(weights)  # ValueError for NaN weights: the caller keeps the last good ones
    return ModelSnapshot(
        model, arch, split.class_names, split.mean, split.std, split.name, split.name, "trainer", state, key
    )


def _strip(split: Split, mean: float, std: float, same: bool) -> SampleSet:
    m = min(STRIP_SAMPLES, len(split.y_val))
    x = np.asarray(split.x_val[:m], np.float32)
    raw = (x.astype(np.float64) * split.std + split.mean).astype(np.float32)
    fed = x if same else ((raw.astype(np.float64) - mean) / std).astype(np.float32)
    for a in (raw, fed):
        a.flags.writeable = False
    return SampleSet(raw, fed, np.array(split.y_val[:m]), split.name, split.seed)


def sample_set(snapshot: ModelSnapshot, trainer_split: Split | None) -> SampleSet | None:
    """Validation samples that fit ``snapshot``'s input and classes, or None.

    The trainer's split when it matches (the trainer's own model always does);
    for a model file of the digits or shapes dataset, that dataset split as the
    trainer splits it with seed 0; otherwise none (a folder's images are not
    recorded in a model file).
    """
    shape, names = snapshot.in_shape, snapshot.class_names
    if (
        trainer_split is not None
        and trainer_split.input_shape == shape
        and tuple(trainer_split.class_names) == tuple(names)
    ):
        same = snapshot.origin == "trainer"
        return _strip(trainer_split, snapshot.mean, snapshot.std, same)
    dataset = snapshot.dataset
    if dataset not in ("digits", "shapes") or shape[0] != 1:
        return None
    try:
        ds = load_dataset(dataset, size=shape[1] if dataset == "shapes" else None, seed=0)
        split = split_dataset(ds, VAL_FRACTION, seed=0)
    except (DatasetError, ValueError):
        return None
    if split.input_shape != shape or tuple(split.class_names) != tuple(names):
        return None
    return _strip(split, snapshot.mean, snapshot.std, False)


def given_snapshot(
    model: Sequential, class_names: Sequence[str] | None, mean: float, std: float, name: str
) -> ModelSnapshot:
    """A snapshot of a model built by the caller (benchmarks, exports, tests)."""
    if model.in_shape is None:
        raise ValueError("the model must know its input shape (C, H, W)")
    k = int(model.out_shape(model.in_shape)[0])
    names = tuple(str(n) for n in class_names) if class_names is not None else tuple(str(i) for i in range(k))
    if len(names) != k:
        raise ValueError(f"the model has {k} classes but {len(names)} names were given")
    return ModelSnapshot(model, None, names, float(mean), float(std), name, name, "given")
