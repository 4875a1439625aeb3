"""The array-module seam: CNNVIZ_BACKEND, get_xp, to_numpy."""

from __future__ import annotations

import logging
import sys

import numpy as np
import pytest

from cnnviz.core import backend, backend_name, conv2d, default_xp, get_xp, to_numpy


@pytest.fixture
def no_cupy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import cupy`` fail and forget any earlier probe, whatever the machine has."""
    monkeypatch.setitem(sys.modules, "cupy", None)
    monkeypatch.setattr(backend, "_cupy", None)
    monkeypatch.setattr(backend, "_cupy_checked", False)
    monkeypatch.setattr(backend, "_cupy_reason", "")


@pytest.mark.parametrize("value", ["numpy", "NumPy", " numpy ", ""])
def test_numpy_backend(monkeypatch, value):
    monkeypatch.setenv("CNNVIZ_BACKEND", value)
    assert backend_name() == "numpy"
    assert default_xp() is np


def test_unset_backend_is_numpy(monkeypatch):
    monkeypatch.delenv("CNNVIZ_BACKEND", raising=False)
    assert backend_name() == "numpy"


def test_bogus_backend_is_a_value_error(monkeypatch):
    monkeypatch.setenv("CNNVIZ_BACKEND", "tensorflow")
    with pytest.raises(
        ValueError, match=r"CNNVIZ_BACKEND must be one of numpy, cupy, auto, got 'tensorflow'"
    ):
        backend_name()
    with pytest.raises(ValueError):
        default_xp()


def test_auto_falls_back_to_numpy_and_logs_why(monkeypatch, caplog, no_cupy):
    monkeypatch.setenv("CNNVIZ_BACKEND", "auto")
    caplog.set_level(logging.INFO, logger="cnnviz.core.backend")
    assert backend_name() == "numpy"
    assert default_xp() is np
    reasons = [r.getMessage() for r in caplog.records if r.name == "cnnviz.core.backend"]
    assert reasons and "CuPy is not installed" in reasons[0]
    assert "numpy" in reasons[0]


def test_auto_falls_back_when_cupy_sees_no_device(monkeypatch, caplog):
    class FakeRuntime:
        @staticmethod
        def getDeviceCount() -> int:  # noqa: N802 (CuPy's name)
            return 0

    class FakeCupy:
        class cuda:  # noqa: N801
            runtime = FakeRuntime

    monkeypatch.setitem(sys.modules, "cupy", FakeCupy)
    monkeypatch.setattr(backend, "_cupy", None)
    monkeypatch.setattr(backend, "_cupy_checked", False)
    monkeypatch.setenv("CNNVIZ_BACKEND", "auto")
    caplog.set_level(logging.INFO, logger="cnnviz.core.backend")
    assert backend_name() == "numpy"
    assert any("no CUDA device" in r.getMessage() for r in caplog.records)
    monkeypatch.setenv("CNNVIZ_BACKEND", "cupy")
    with pytest.raises(RuntimeError, match="CNNVIZ_BACKEND=cupy but CuPy found no CUDA device"):
        backend_name()


def test_cupy_without_cupy_is_a_runtime_error(monkeypatch, no_cupy):
    monkeypatch.setenv("CNNVIZ_BACKEND", "cupy")
    with pytest.raises(RuntimeError, match=r"CNNVIZ_BACKEND=cupy but CuPy is not installed"):
        backend_name()


def test_ops_follow_their_inputs_not_the_setting(monkeypatch, no_cupy):
    monkeypatch.setenv("CNNVIZ_BACKEND", "auto")
    x = np.ones((1, 1, 3, 3), np.float32)
    y = conv2d(x, np.ones((1, 1, 2, 2), np.float32))
    assert isinstance(y, np.ndarray)
    assert get_xp(x, None, [1, 2]) is np


def test_to_numpy():
    a = np.arange(6).reshape(2, 3)
    assert to_numpy(a) is a  # no copy for a numpy array
    out = to_numpy([[1, 2], [3, 4]])
    assert isinstance(out, np.ndarray) and out.shape == (2, 2)
    assert to_numpy(np.float32(2.5)) == 2.5


def test_only_backend_imports_cupy():
    import pathlib

    core = pathlib.Path(backend.__file__).parent
    offenders = [
        p.name for p in core.glob("*.py") if p.name != "backend.py" and "import cupy" in p.read_text("utf-8")
    ]
    assert offenders == []


@pytest.mark.gpu
def test_cupy_round_trip(cupy, monkeypatch):
    a = cupy.arange(12, dtype=cupy.float32).reshape(3, 4)
    assert get_xp(a) is cupy
    assert get_xp(np.ones(2), a) is cupy  # any CuPy operand decides
    back = to_numpy(a)
    assert isinstance(back, np.ndarray)
    np.testing.assert_array_equal(back, np.arange(12, dtype=np.float32).reshape(3, 4))
    monkeypatch.setenv("CNNVIZ_BACKEND", "cupy")
    assert backend_name() == "cupy" and default_xp() is cupy
    monkeypatch.setenv("CNNVIZ_BACKEND", "auto")
    assert backend_name() == "cupy"
