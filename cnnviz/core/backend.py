"""The array-module seam: numpy always, CuPy when asked for and present.

``CNNVIZ_BACKEND`` selects the module new arrays are created with:
``numpy`` (default), ``cupy``, or ``auto`` (CuPy when it imports and sees a
CUDA device, else numpy with a logged reason). Operations never consult the
setting: they follow their inputs through :func:`get_xp`. This is the only
module that imports CuPy.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from types import ModuleType
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

_BACKENDS = ("numpy", "cupy", "auto")
_cupy: ModuleType | None = None
_cupy_checked = False
_cupy_reason = ""


def _load_cupy() -> ModuleType | None:
    """Import CuPy once; remember why it is unusable if it is."""
    global _cupy, _cupy_checked, _cupy_reason
    if not _cupy_checked:
        _cupy_checked = True
        try:
            import cupy  # type: ignore[import-not-found]

            if cupy.cuda.runtime.getDeviceCount() < 1:
                _cupy_reason = "CuPy found no CUDA device"
            else:
                _cupy = cupy
        except ImportError:
            _cupy_reason = "CuPy is not installed (pip install 'cnnviz[gpu]')"
        except Exception as exc:  # CUDA driver or runtime errors
            _cupy_reason = f"CuPy cannot use a CUDA device: {exc}"
    return _cupy


def backend_name() -> str:
    """The backend new arrays use: ``"numpy"`` or ``"cupy"``.

    Raises ``ValueError`` for an unknown ``CNNVIZ_BACKEND`` and
    ``RuntimeError`` when ``cupy`` is demanded but unusable.
    """
    wanted = os.environ.get("CNNVIZ_BACKEND", "numpy").strip().lower() or "numpy"
    if wanted not in _BACKENDS:
        raise ValueError(
            f"CNNVIZ_BACKEND must be one of {', '.join(_BACKENDS)}, got {wanted!r}"
        )
    if wanted == "numpy":
        return "numpy"
    cupy = _load_cupy()
    if cupy is not None:
        return "cupy"
    if wanted == "cupy":
        raise RuntimeError(f"CNNVIZ_BACKEND=cupy but {_cupy_reason}")
    log.info("CNNVIZ_BACKEND=auto: using numpy because %s", _cupy_reason)
    return "numpy"


def default_xp() -> ModuleType:
    """The array module new arrays are created with (see ``CNNVIZ_BACKEND``)."""
    if backend_name() == "cupy":
        assert _cupy is not None
        return _cupy
    return np


def get_xp(*arrays: Any) -> ModuleType:
    """The array module of ``arrays``: CuPy if any is a CuPy array, else numpy."""
    if _cupy is not None or "cupy" in sys.modules:
        cupy = sys.modules.get("cupy")
        if cupy is not None and any(isinstance(a, cupy.ndarray) for a in arrays):
            return cupy
    return np


def is_numpy(xp: ModuleType) -> bool:
    """True when ``xp`` is numpy (the fast CPU paths apply)."""
    return xp is np


def to_numpy(x: Any) -> np.ndarray:
    """A numpy array of ``x``, copying from the device when ``x`` is CuPy."""
    cupy = sys.modules.get("cupy")
    if cupy is not None and isinstance(x, cupy.ndarray):
        return cupy.asnumpy(x)
    return np.asarray(x)


_allocator_tuned = False


def tune_allocator() -> None:
    """Keep glibc from mapping and unmapping each multi-MB temporary.

    numpy's temporaries of a few MB are served by ``mmap`` and returned with
    ``munmap`` on every call; the page faults that follow cost more than the
    arithmetic for the sizes cnnviz uses. Raising the mmap and trim
    thresholds keeps that memory in the heap for reuse. A no-op off glibc.
    """
    global _allocator_tuned
    if _allocator_tuned or not sys.platform.startswith("linux"):
        return
    _allocator_tuned = True
    try:
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 32 * 1024 * 1024)
        libc.mallopt(m_trim_threshold, 256 * 1024 * 1024)
    except (OSError, AttributeError):  # not glibc
        pass
