"""Save and load a trained model as a plain ``.npz`` file.

The file holds one float32 array per parameter (``"0.weight"``, ``"0.bias"``,
…) and a ``"meta"`` string of JSON: the format tag, the architecture, the
class names and the input standardisation. Loading never unpickles and
checks every array's header (shape, dtype, byte count) against the zip
directory and the architecture before reading its data
(:mod:`cnnviz.core.safe_files`); the JSON is bounded in size and depth
(:mod:`cnnviz.core.safe_json`). Writing is atomic: a temporary file in
the same folder, then ``os.replace``.

Format versions: 1 is a one-conv-block network (files from before blocks
existed have no ``blocks`` field and are read as one block); 2 is the same
layout for a network of several conv blocks. A one-block model is still
written as version 1, so older cnnviz reads it; a deeper one is written as
version 2, which older cnnviz refuses by its version number rather than by a
parameter list that does not match.

An optional ``"training"`` entry (:class:`~cnnviz.core.training_info.TrainingInfo`:
settings, seed, final accuracy and loss) needs no new version: older cnnviz
ignores it, and a file without it loads with ``Checkpoint.training`` ``None``.
Fields of the wrong type in it are ignored, not refused.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .model import Sequential
from .safe_files import ArrayFile, ArrayFileError
from .safe_json import JsonLimitError, loads_json
from .train import Architecture
from .training_info import TrainingInfo

FORMAT = "cnnviz-model"
#: the newest format version written (for networks of more than one conv block)
VERSION = 2
#: every version this code reads
READ_VERSIONS = (1, 2)
#: the largest legal network (64×64×4 input, no pooling, 32 filters, 256 hidden) needs 128 MiB
MAX_ARRAY_BYTES = 256 << 20
MAX_TOTAL_BYTES = 512 << 20
MAX_MEMBERS = 32
MAX_META_CHARS = 1_000_000
MAX_META_DEPTH = 16


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
    training: TrainingInfo | None = None


def save_model(
    path: str | os.PathLike[str], model: Sequential, architecture: Architecture, *,
    class_names: tuple[str, ...] | list[str], dataset: str = "", mean: float = 0.0, std: float = 1.0,
    training: TrainingInfo | None = None,
) -> Path:
    """Write ``model`` to ``path`` atomically; returns the path written.

    Raises :class:`CheckpointError` when the folder is missing or not writable
    (an existing file at ``path`` is then left as it was). ``training``, when
    given, is stored as the description's ``"training"`` entry.
    """
    path = Path(path)
    state = model.state_dict()
    meta = {
        "format": FORMAT, "version": VERSION if architecture.blocks > 1 else 1,
        "architecture": architecture.to_dict(),
        "class_names": list(class_names), "dataset": dataset, "mean": float(mean), "std": float(std),
    }
    if training is not None:
        meta["training"] = training.to_dict()
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
        os.chmod(tmp, _file_mode(path))  # mkstemp made it private
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CheckpointError(f"cannot save the model to {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _open(path: Path) -> ArrayFile:
    """The file's array headers, checked for size and kind; every failure is a CheckpointError."""
    try:
        archive = ArrayFile(path, what=".npz model", max_bytes=MAX_ARRAY_BYTES, max_total=MAX_TOTAL_BYTES,
                            max_members=MAX_MEMBERS)
    except ArrayFileError as exc:
        raise CheckpointError(f"{path.name}: {exc}") from None
    if archive.single:
        archive.close()
        raise CheckpointError(f"{path.name} is a single array, not a cnnviz model (.npz)")
    return archive


def _read_meta(path: Path, archive: ArrayFile) -> dict[str, Any]:
    """The parsed model description, bounded in size and depth before it is read."""
    name = path.name
    head = archive.headers.get("meta")
    if head is None or head.shape != () or head.dtype.kind != "U":
        raise CheckpointError(f"{name} is not a cnnviz model: it has no model description")
    chars = head.dtype.itemsize // 4
    if chars > MAX_META_CHARS:
        raise CheckpointError(
            f"{name}: its model description is {chars:,} characters long, more than the "
            f"{MAX_META_CHARS:,} cnnviz reads"
        )
    try:
        meta = loads_json(str(archive.read("meta")), max_chars=MAX_META_CHARS, max_depth=MAX_META_DEPTH)
    except ArrayFileError as exc:
        raise CheckpointError(f"{name}: {exc}") from None
    except JsonLimitError as exc:
        raise CheckpointError(f"{name} has a damaged model description: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CheckpointError(f"{name} is not a cnnviz model file")
    version = meta.get("version")
    if type(version) is not int or version not in READ_VERSIONS:
        readable = " and ".join(str(v) for v in READ_VERSIONS)
        raise CheckpointError(
            f"{name} uses model format version {version}; this cnnviz reads versions {readable}"
        )
    return meta


def _check_headers(name: str, archive: ArrayFile, model: Sequential) -> None:
    """Every parameter's declared dtype, name and shape against ``model``, before reading data."""
    heads = {k: h for k, h in archive.headers.items() if k != "meta"}
    for key, head in heads.items():
        if head.dtype != np.float32:
            raise CheckpointError(f"{name}: parameter {key} is {head.dtype}, cnnviz models store float32")
    named = dict(model.named_parameters())
    missing, extra = sorted(set(named) - set(heads)), sorted(set(heads) - set(named))
    if missing or extra:
        raise CheckpointError(
            f"{name} does not fit its architecture: parameters do not match the architecture"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unexpected: {', '.join(extra)}" if extra else "")
        )
    for key, p in named.items():
        if heads[key].shape != tuple(p.value.shape):
            raise CheckpointError(
                f"{name} does not fit its architecture: {key} has shape {heads[key].shape}, "
                f"the architecture needs {tuple(p.value.shape)}"
            )


def load_model(path: str | os.PathLike[str], expected: Architecture | None = None) -> Checkpoint:
    """Read a model saved by :func:`save_model`.

    When ``expected`` is given, the file's architecture must equal it (same
    input shape, classes, filters, …). Every parameter must be float32 with
    the architecture's shape and finite values; shapes, dtypes and sizes are
    checked from the array headers before any data is read, and the model
    description is bounded in size and depth. Raises :class:`CheckpointError`
    with a message for a person otherwise.
    """
    path = Path(path)
    with _open(path) as archive:
        meta = _read_meta(path, archive)
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
        _check_headers(path.name, archive, model)
        try:
            arrays = {key: archive.read(key) for key in archive.headers if key != "meta"}
        except ArrayFileError as exc:
            raise CheckpointError(f"{path.name}: {exc}") from None
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
    return Checkpoint(model, arch, class_names, str(meta.get("dataset", "")), mean, std,
                      TrainingInfo.from_dict(meta.get("training")))


def describe_architecture(arch: Architecture) -> str:
    """E.g. ``1×8×8 input, 16 filters 5×5, max pooling, no hidden layer, 10 classes``;
    ``…, 3 conv blocks of 16 filters 5×5, …`` for a deeper network."""
    c, h, w = arch.in_shape
    pool = "no pooling" if arch.pool == "none" else f"{arch.pool} pooling"
    hidden = f"{arch.hidden} hidden units" if arch.hidden else "no hidden layer"
    k = arch.kernel_size
    blocks = f"{arch.blocks} conv blocks of " if arch.blocks > 1 else ""
    return (
        f"{c}×{h}×{w} input, {blocks}{arch.filters} filters {k}×{k}, {pool}, {hidden}, "
        f"{arch.num_classes} classes"
    )


def _file_mode(path: Path) -> int:
    """The mode a saved model gets: an existing file's own, else ``0o666`` less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        pass
    try:  # read without changing it (os.umask would race with other threads)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
