"""Input checks shared by the ops: dtype policy, ndim and finiteness."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np


def float_dtype(xp: ModuleType, *arrays: Any) -> Any:
    """float64 when any array is float64, else float32 (the app's default)."""
    for a in arrays:
        if a is not None and getattr(a, "dtype", None) == xp.float64:
            return xp.float64
    return xp.float32


def as_float(xp: ModuleType, a: Any, dtype: Any, name: str) -> Any:
    """``a`` as a ``dtype`` array; rejects complex, object and bool data."""
    arr = xp.asarray(a)
    kind = arr.dtype.kind
    if kind not in "fiu":
        raise ValueError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.dtype != dtype:
        arr = arr.astype(dtype)
    return arr


def check_ndim(a: Any, ndim: int, name: str, layout: str) -> None:
    """Raise ``ValueError`` unless ``a`` has ``ndim`` axes (``layout`` names them)."""
    if a.ndim != ndim:
        raise ValueError(
            f"{name} must have {ndim} axes {layout}, got shape {tuple(a.shape)}"
        )


def check_finite(xp: ModuleType, a: Any, name: str) -> None:
    """Raise ``ValueError`` if ``a`` holds NaN or infinity.

    A sum is non-finite whenever any element is, so one reduction decides the
    common case; only an overflowing sum of finite values needs the full check.
    """
    if a.size == 0 or a.dtype.kind != "f":
        return
    if a.size < 65536:
        if bool(xp.isfinite(a).all()):
            return
    elif a.flags.c_contiguous:
        flat = a.reshape(-1)
        # a dot product is non-finite whenever an element is, and BLAS reads
        # memory faster than isfinite; only an overflow needs the full check
        # an overflowing sum of squares is expected here, not worth a warning
        with np.errstate(over="ignore", invalid="ignore"):
            if bool(xp.isfinite(xp.dot(flat, flat))):
                return
    bad = int((~xp.isfinite(a)).sum())
    if bad:
        raise ValueError(
            f"{name} contains {bad} non-finite value{'s' if bad != 1 else ''} "
            f"(NaN or infinity) in shape {tuple(a.shape)}"
        )


def as_index_array(labels: Any, n: int, classes: int) -> np.ndarray:
    """Integer class labels of length ``n`` in ``[0, classes)``."""
    lab = np.asarray(labels)
    if lab.ndim != 1 or lab.shape[0] != n:
        raise ValueError(f"labels must have shape ({n},), got {tuple(lab.shape)}")
    if lab.dtype.kind not in "iu":
        if lab.dtype.kind == "f" and np.all(np.isfinite(lab)) and np.all(lab == np.round(lab)):
            lab = lab.astype(np.int64)
        else:
            raise ValueError(f"labels must be integers, got dtype {lab.dtype}")
    if n and (lab.min() < 0 or lab.max() >= classes):
        raise ValueError(
            f"labels must lie in 0..{classes - 1} for {classes} classes, "
            f"got values {int(lab.min())}..{int(lab.max())}"
        )
    return lab
