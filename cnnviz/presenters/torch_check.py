"""Check with PyTorch: the session's stage recomputed by ``torch`` and compared with
what cnnviz shows.

torch is never a dependency: :func:`torch_available` only looks for it, and the
computation runs in a child process (``python -P -m cnnviz.presenters.torch_check``),
so importing torch (one to several seconds, a few hundred MB) never freezes the
window or stays in its memory. The session's arrays go to the child as an
``.npz`` on its standard input (read with ``allow_pickle=False``), the settings as
one JSON argument; the child prints one JSON line with the largest absolute
difference per array. On the 2-core development machine importing torch took
≈ 2 s, a 128-px picture's convolution milliseconds, and the largest the window
allows (16 × 1024 × 1024, sixteen 15 × 15 filters) ≈ 1.3 s; a child still
running after :data:`TIME_LIMIT_MS` is stopped and reported.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, QTimer, Signal

from cnnviz.media.child_process import module_command

__all__ = ["INSTALL_COMMAND", "TorchCheck", "compare", "torch_available"]

INSTALL_COMMAND = "python3 -m pip install torch"
TIME_LIMIT_MS = 120_000
#: the arrays compared: the convolution's output and the shown stage's result
_LABELS = {
    "conv": "y",
    "relu": "ReLU(y)",
    "pool": "pool",
    "grad_w": "∂L/∂w",
    "grad_b": "∂L/∂b",
    "grad_x": "∂L/∂x",
}


def torch_available() -> bool:
    """Whether ``import torch`` can be tried (found on the import path; not imported)."""
    return importlib.util.find_spec("torch") is not None


def install_message() -> str:
    """What to say when torch is not installed."""
    return QCoreApplication.translate(
        "TorchCheck",
        "PyTorch is not installed, so there is nothing to check against. Install it with "
        "“{0}” (cnnviz itself never needs it) and press Check again.",
    ).format(INSTALL_COMMAND)


# -- the child's side -------------------------------------------------------------------
def _torch_conv(fn: Any, x: Any, w: Any, b: Any, s: dict[str, Any]) -> Any:
    """The convolution (or its variant) of ``x`` (1, C, H, W) in torch."""
    if s.get("transposed"):
        kw = {k: s[k] for k in ("stride", "padding", "output_padding", "dilation")}
        return fn.conv_transpose2d(x, w, b, **kw)
    padding, mode = s["padding"], s.get("padding_mode", "zeros")
    if mode != "zeros" and padding:
        x, padding = fn.pad(x, (padding,) * 4, mode=mode), 0  # as torch.nn.Conv2d(padding_mode=...)
    if s.get("flip"):
        w = w.flip(-2, -1)
    return fn.conv2d(
        x, w, b, stride=s["stride"], padding=padding, dilation=s["dilation"], groups=s.get("groups", 1)
    )


def torch_results(arrays: dict[str, np.ndarray], settings: dict[str, Any]) -> dict[str, np.ndarray]:
    """The convolution's output ``y`` (F, OH, OW) and the ``settings["stage"]`` result, by torch.

    ``arrays``: x (C, H, W), w (F, C, KH, KW), b (F,), optional target (F, OH, OW), float32.
    """
    import torch

    fn = torch.nn.functional
    stage = settings["stage"]
    backward = stage.startswith("grad_")
    x = torch.from_numpy(arrays["x"])[None].requires_grad_(backward)
    w = torch.from_numpy(arrays["w"]).requires_grad_(backward)
    b = torch.from_numpy(arrays["b"]).requires_grad_(backward)
    y = _torch_conv(fn, x, w, b, settings)
    out = {"conv": y[0]}
    if stage in ("relu", "pool"):
        out["relu"] = a = torch.relu(y)[0]
        if stage == "pool":
            pool = fn.max_pool2d if settings["pool_mode"] == "max" else fn.avg_pool2d
            out["pool"] = pool(a[None], settings["pool_size"], stride=settings["pool_stride"])[0]
    if backward:
        if settings["upstream"] == "target":
            t = torch.from_numpy(arrays["target"])[None] if "target" in arrays else torch.zeros_like(y)
            (0.5 * ((y - t) ** 2).sum()).backward()
        else:
            y.backward(torch.ones_like(y))
        out[stage] = {"grad_w": w.grad, "grad_b": b.grad, "grad_x": x.grad[0]}[stage]
    return {k: v.detach().numpy() for k, v in out.items()}


def compare(
    expected: dict[str, np.ndarray], got: dict[str, np.ndarray]
) -> list[tuple[str, list[int], float, float]]:
    """``(name, shape, largest |expected − got|, largest |expected|)`` for each expected
    array (in float64)."""
    rows = []
    for name, want in expected.items():
        have, want64 = np.asarray(got[name], np.float64), np.asarray(want, np.float64)
        if have.shape != want.shape:
            raise ValueError(f"{name}: torch gives the shape {have.shape}, cnnviz {want.shape}")
        diff = float(np.max(np.abs(have - want64), initial=0.0))
        rows.append((name, list(want.shape), diff, float(np.max(np.abs(want64), initial=0.0))))
    return rows


def _child_main(argv: list[str]) -> int:
    """Read the npz on stdin and the settings in ``argv[0]``; print one JSON line."""
    settings = json.loads(argv[0])
    with np.load(io.BytesIO(sys.stdin.buffer.read()), allow_pickle=False) as npz:
        data = {k: npz[k] for k in npz.files}
    arrays = {k: data[k] for k in ("x", "w", "b", "target") if k in data}
    expected = {k[len("expected_") :]: v for k, v in data.items() if k.startswith("expected_")}
    try:
        import torch
    except Exception as exc:  # a broken install: say so, in one line
        print(json.dumps({"error": f"import torch failed: {type(exc).__name__}: {exc}"[:300]}))
        return 0
    rows = compare(expected, torch_results(arrays, settings))
    print(json.dumps({"torch": torch.__version__, "rows": rows}))
    return 0


# -- the window's side ------------------------------------------------------------------
def _payload(presenter: Any) -> tuple[bytes, dict[str, Any]]:
    """The session's arrays (as PyTorch lays them out) and what cnnviz shows, and its settings."""
    prm, pool = presenter.params, presenter.pool_settings
    transposed = presenter.transposed_trace
    arrays = {
        "x": np.asarray(presenter.input_x, np.float32),
        "w": np.asarray(presenter.weights, np.float32),
        "b": np.asarray(presenter.biases, np.float32),
        "expected_conv": np.asarray((presenter.trace if transposed is None else transposed).output),
    }
    network = presenter.upstream_mode == "network"
    if presenter.upstream_mode in ("target", "network"):  # the network's gradient as t = y − ∂L/∂y
        arrays["target"] = np.asarray(presenter.upstream_as_target(), np.float32)
    if presenter.stage != "conv":
        arrays["expected_" + presenter.stage] = np.asarray(presenter.stage_trace.output)
    out = io.BytesIO()
    np.savez(out, **arrays)
    names = (
        "stride",
        "padding",
        "dilation",
        "padding_mode",
        "flip",
        "groups",
        "transposed",
        "output_padding",
    )
    settings = {k: getattr(prm, k) for k in names}
    settings.update(
        stage=presenter.stage,
        pool_mode=pool.mode,
        pool_size=pool.size,
        pool_stride=pool.stride,
        upstream="target" if network else presenter.upstream_mode,
    )
    return out.getvalue(), settings


def report(result: dict[str, Any]) -> str:
    """The child's JSON result in words. float32 sums agree to about 1e-4 of their size
    (up to 3,600 products per output in the window), so a larger difference is one."""
    if "error" in result:
        return QCoreApplication.translate("TorchCheck", "PyTorch could not be used: {0}").format(
            result["error"]
        )
    rows = result["rows"]
    worst = max(d for _, _, d, _ in rows)
    agree = all(d <= 1e-4 * max(1.0, scale) for _, _, d, scale in rows)
    parts = "; ".join(f"{_LABELS.get(n, n)} {'×'.join(map(str, shape))}: {d:.3g}" for n, shape, d, _ in rows)
    if agree:
        text = QCoreApplication.translate(
            "TorchCheck", "PyTorch {0} agrees: the largest absolute difference from cnnviz is {1:.3g} ({2})."
        )
    else:
        text = QCoreApplication.translate(
            "TorchCheck",
            "PyTorch {0} disagrees: the largest absolute difference from cnnviz is {1:.3g} ({2}).",
        )
    return text.format(result["torch"], worst, parts)


class TorchCheck(QObject):
    """Runs one check at a time in a child process.

    Signals
    -------
    finished(str) : the result in words (or why there is none)
    running_changed(bool)
    """

    finished = Signal(str)
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: QProcess | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TIME_LIMIT_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        return self._process is not None

    def start(self, presenter: Any) -> bool:
        """Check ``presenter``'s current stage; False (and ``finished`` with the reason) when
        torch is absent, or when a check is already running."""
        if self._process is not None:
            return False
        if not torch_available():
            self.finished.emit(install_message())
            return False
        data, settings = _payload(presenter)
        cmd, env = module_command(__name__)
        environment = QProcessEnvironment()
        for key, value in env.items():
            environment.insert(key, value)
        proc = QProcess(self)
        proc.setProgram(cmd[0])
        proc.setArguments([*cmd[1:], json.dumps(settings)])
        proc.setProcessEnvironment(environment)
        proc.finished.connect(self._on_process_finished)
        proc.errorOccurred.connect(self._on_process_error_occurred)
        self._process = proc
        proc.start()
        proc.write(data)
        proc.closeWriteChannel()
        self._timer.start()
        self.running_changed.emit(True)
        return True

    def cancel(self) -> None:
        """Stop a running check quietly (the window is closing)."""
        proc = self._end()
        if proc is not None:
            proc.kill()
            proc.waitForFinished(2000)
            proc.deleteLater()

    def _end(self) -> QProcess | None:
        proc, self._process = self._process, None
        self._timer.stop()
        if proc is not None:
            proc.finished.disconnect(self._on_process_finished)
            proc.errorOccurred.disconnect(self._on_process_error_occurred)
            self.running_changed.emit(False)
        return proc

    def _on_process_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        proc = self._end()
        if proc is None:
            return
        out = bytes(proc.readAllStandardOutput().data()).decode("utf-8", "replace").strip()
        err = bytes(proc.readAllStandardError().data()).decode("utf-8", "replace").strip()
        proc.deleteLater()
        try:
            message = report(json.loads(out.splitlines()[-1]))
        except (ValueError, IndexError, KeyError, TypeError):
            last = (err.splitlines() or [f"exit status {code}"])[-1][:300]
            message = QCoreApplication.translate("TorchCheck", "PyTorch could not be used: {0}").format(last)
        self.finished.emit(message)

    def _on_process_error_occurred(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._end()
            self.finished.emit(
                QCoreApplication.translate(
                    "TorchCheck", "PyTorch could not be used: the check could not be started."
                )
            )

    def _on_timer_timeout(self) -> None:
        self.cancel()
        self.finished.emit(
            QCoreApplication.translate("TorchCheck", "The check with PyTorch took too long and was stopped.")
        )


if __name__ == "__main__":
    raise SystemExit(_child_main(sys.argv[1:]))
