"""Fixtures for the core tests: the array module the ops run on."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest


def _cupy_or_skip() -> ModuleType:
    cupy = pytest.importorskip("cupy", reason="CuPy is not installed")
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:  # no driver, no runtime
        pytest.skip(f"CuPy cannot reach a CUDA device: {exc}")
    if count < 1:
        pytest.skip("CuPy found no CUDA device")
    return cupy


@pytest.fixture(params=["numpy", pytest.param("cupy", marks=pytest.mark.gpu)])
def xp(request: pytest.FixtureRequest) -> ModuleType:
    """The array module under test: numpy always, CuPy on a CUDA machine.

    Tests build their data with numpy, move it with ``xp.asarray`` and bring
    results back with ``cnnviz.core.to_numpy`` before comparing.
    """
    if request.param == "numpy":
        return np
    return _cupy_or_skip()


@pytest.fixture
def cupy() -> ModuleType:
    """CuPy with a CUDA device, or skip (mark such tests ``@pytest.mark.gpu``)."""
    return _cupy_or_skip()
