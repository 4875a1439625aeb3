"""Save and load a trained model as a plain ``.npz`` file.

The file holds one float32 array per parameter (``"0.weight"``, ``"0.bias"``,
…) and a ``"meta"`` string of JSON: the format tag, the architecture, the
class names and the input standardisation. Loading never unpickles
(``allow_pickle=False``) and checks every array's shape and dtype against the
architecture before touching a model. Writing is atomic: a temporary file in
the same folder, then ``os.replace``.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .model import Sequential
from .train import Architecture

FORMAT = "cnnviz-model"
VERSION = 1


class CheckpointError(ValueError):
    """A model file that cannot be written or is refused on loading; the message says why."""


@dataclass(frozen=True, eq=False)
class Checkpoint:
    """A loaded model and what it was trained on."""

    model: Sequential
    architecture: Architecture
    class_names: tuple[str, ...]
    dataset: str
    mean: float
    std: float


def save_model(
    path: str | os.PathLike[str], model: Sequential, architecture: Architecture, *,
    class_names: tuple[str, ...] | list[str], dataset: str = "", mean: float = 0.0, std: float = 1.0,
) -> Path:
    """Write ``model`` to ``path`` atomically; returns the path written.

    Raises :class:`CheckpointError` when the folder is missing or not writable
    (an existing file at ``path`` is then left as it was).
    """
    path = Path(path)
    state = model.state_dict()
    meta = {
        "format": FORMAT, "version": VERSION, "architecture": architecture.to_dict(),
        "class_names": list(class_names), "dataset": dataset, "mean": float(mean), "std": float(std),
    }
    if len(class_names) != architecture.num_classes:
        raise CheckpointError(
            f"{len(class_names)} class names given for a model with {architecture.num_classes} classes"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CheckpointError(f"cannot save the model: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CheckpointError(f"cannot save the model in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            arrays: dict[str, Any] = {"meta": np.array(json.dumps(meta)), **state}
            np.savez(fh, **arrays)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CheckpointError(f"cannot save the model to {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _read(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The parsed meta and the parameter arrays; every failure is a CheckpointError."""
    name = path.name
    try:
        with np.load(path, allow_pickle=False) as data:
            if not isinstance(data, np.lib.npyio.NpzFile):
                raise CheckpointError(f"{name} is a single array, not a cnnviz model (.npz)")
            arrays = {key: data[key] for key in data.files}
    except CheckpointError:
        raise
    except FileNotFoundError:
        raise CheckpointError(f"{name} does not exist") from None
    except IsADirectoryError:
        raise CheckpointError(f"{name} is a folder, not a model file") from None
    except OSError as exc:
        raise CheckpointError(f"cannot read {name}: {exc.strerror or exc}") from None
    except ValueError as exc:
        if "pickle" in str(exc).lower():
            raise CheckpointError(
                f"{name} contains pickled Python objects; cnnviz refuses to load them "
                "because unpickling can run arbitrary code"
            ) from None
        raise CheckpointError(f"{name} is not a valid .npz model file ({exc})") from None
    except (zipfile.BadZipFile, EOFError, KeyError, RuntimeError) as exc:
        raise CheckpointError(f"{name} is damaged or not a .npz model file ({exc})") from None
    meta_arr = arrays.pop("meta", None)
    if meta_arr is None or meta_arr.shape != () or meta_arr.dtype.kind != "U":
        raise CheckpointError(f"{name} is not a cnnviz model: it has no model description")
    try:
        meta = json.loads(str(meta_arr))
    except json.JSONDecodeError:
        raise CheckpointError(f"{name} has a damaged model description") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CheckpointError(f"{name} is not a cnnviz model file")
    if meta.get("version") != VERSION:
        raise CheckpointError(
            f"{name} uses model format version {meta.get('version')}; this cnnviz reads version {VERSION}"
        )
    return meta, arrays


def load_model(path: str | os.PathLike[str], expected: Architecture | None = None) -> Checkpoint:
    """Read a model saved by :func:`save_model`.

    When ``expected`` is given, the file's architecture must equal it (same
    input shape, classes, filters, …). Every parameter must be float32 with
    the architecture's shape and finite values. Raises :class:`CheckpointError`
    with a message for a person otherwise.
    """
    path = Path(path)
    meta, arrays = _read(path)
    try:
        arch = Architecture.from_dict(meta.get("architecture") or {})
    except ValueError as exc:
        raise CheckpointError(f"{path.name}: {exc}") from None
    if expected is not None and arch != expected:
        raise CheckpointError(
            f"{path.name} holds a different network: {describe_architecture(arch)}; "
            f"the current settings need {describe_architecture(expected)}"
        )
    class_names = tuple(str(c) for c in meta.get("class_names") or ())
    if len(class_names) != arch.num_classes:
        raise CheckpointError(
            f"{path.name} names {len(class_names)} classes but the network has {arch.num_classes}"
        )
    model = arch.build(seed=0)
    for key, value in arrays.items():
        if value.dtype != np.float32:
            raise CheckpointError(
                f"{path.name}: parameter {key} is {value.dtype}, cnnviz models store float32"
            )
    try:
        model.load_state_dict(arrays)
    except ValueError as exc:
        raise CheckpointError(f"{path.name} does not fit its architecture: {exc}") from None
    try:
        mean, std = float(meta.get("mean", 0.0)), float(meta.get("std", 1.0))
    except (TypeError, ValueError):
        raise CheckpointError(f"{path.name} has a damaged input standardisation") from None
    if not (np.isfinite(mean) and np.isfinite(std) and std > 0):
        raise CheckpointError(f"{path.name} has an invalid input standardisation (std {std})")
    return Checkpoint(model, arch, class_names, str(meta.get("dataset", "")), mean, std)


def describe_architecture(arch: Architecture) -> str:
    """E.g. ``1×8×8 input, 16 filters 5×5, max pooling, no hidden layer, 10 classes``."""
    c, h, w = arch.in_shape
    pool = "no pooling" if arch.pool == "none" else f"{arch.pool} pooling"
    hidden = f"{arch.hidden} hidden units" if arch.hidden else "no hidden layer"
    k = arch.kernel_size
    return f"{c}×{h}×{w} input, {arch.filters} filters {k}×{k}, {pool}, {hidden}, {arch.num_classes} classes"
