"""The As-code text: the NumPy snippet runs in a fresh interpreter and prints what the
window shows; the PyTorch text and the Check with PyTorch agree (where torch is
installed); without torch the check says how to install it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from cnnviz.core.lesson_data import example_lesson
from cnnviz.presenters import STAGES, ConvSessionPresenter
from cnnviz.presenters import torch_check as tc
from cnnviz.presenters.code_text import MAX_WRITTEN, array_literal, lesson_code, session_code
from cnnviz.presenters.lesson_session import save_lesson

HAS_TORCH = tc.torch_available()


@pytest.fixture
def presenter(qapp):
    p = ConvSessionPresenter()
    yield p
    p.pause()


def set_stage(p: ConvSessionPresenter, stage: str, target: bool = False) -> None:
    if target:
        assert p.set_upstream("target") and p.set_target_value(0, 1, 1, 2.5)
    assert p.set_pool("max", 2, 1)  # the demo's 3×3 map pools to 2×2
    assert p.set_stage(stage)


def printed_numbers(text: str) -> np.ndarray:
    """The numbers numpy's ``print(array)`` wrote, in order."""
    return np.array([float(t) for t in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?", text)])


def run_snippet(code: str, folder) -> str:
    """Run ``code`` as a script in a fresh interpreter in safe-path mode, from ``folder``."""
    script = folder / "snippet.py"
    script.write_text(code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-P", str(script)], cwd=folder, capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_each_stages_snippet_runs_and_prints_the_traces_output(presenter, tmp_path):
    # one interpreter for all six stages: the scripts are joined, each printing between markers
    parts, expected = [], []
    for stage in STAGES:
        set_stage(presenter, stage, target=stage == "grad_x")
        code = session_code(presenter)
        assert code.data_file is None and "np.load" not in code.numpy
        parts.append(code.numpy + f"print('=== {stage}')\n")
        expected.append(np.asarray(presenter.stage_trace.output, np.float64).ravel())
    out = run_snippet("\n".join(parts), tmp_path)
    chunks = re.split(r"=== \w+\n", out)[:-1]
    assert len(chunks) == len(STAGES)
    for stage, chunk, want in zip(STAGES, chunks, expected):
        np.testing.assert_allclose(printed_numbers(chunk), want, rtol=1e-6, atol=1e-6, err_msg=stage)


VARIANTS = {
    "reflect": lambda p: p.set_padding_mode("reflect"),
    "circular_flip": lambda p: p.set_padding_mode("circular") and p.set_flip(True),
    "groups": lambda p: (
        p.set_input(np.arange(4 * 25, dtype=np.float32).reshape(4, 5, 5) % 7, "four") and p.set_groups(2)
    ),
    "transposed": lambda p: p.set_transposed(True),
    "transposed_direct": lambda p: p.set_transposed(True) and p.set_transposed_picture("direct"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_variants_snippet_runs_and_prints_what_is_shown(presenter, tmp_path, variant):
    assert VARIANTS[variant](presenter)
    code = session_code(presenter)
    assert code.data_file is None
    out = run_snippet(code.numpy, tmp_path)
    np.testing.assert_allclose(
        printed_numbers(out), presenter.stage_trace.output.ravel(), rtol=1e-6, atol=1e-6
    )
    assert presenter.set_stage("relu")
    out = run_snippet(session_code(presenter).numpy, tmp_path)
    np.testing.assert_allclose(
        printed_numbers(out), presenter.stage_trace.output.ravel(), rtol=1e-6, atol=1e-6
    )


def test_a_large_input_is_loaded_from_the_saved_lesson(presenter, tmp_path):
    rng = np.random.default_rng(0)
    assert presenter.set_input(rng.normal(size=(1, 20, 20)).astype(np.float32), "noise")
    assert presenter.set_stride(1) and presenter.set_padding(0)
    code = session_code(presenter)
    assert code.data_file == "lesson.cnnviz"
    assert 'x = data["x"]' in code.numpy and 'data = np.load("lesson.cnnviz")' in code.numpy
    assert "w = np.array(" in code.numpy  # the small filters are still written out
    assert save_lesson(presenter, tmp_path / "lesson.cnnviz", "")
    out = run_snippet(code.numpy, tmp_path)
    np.testing.assert_allclose(printed_numbers(out), presenter.trace.output.ravel(), rtol=1e-6, atol=1e-6)


def test_array_literals_read_back_bit_for_bit():
    a = np.array([[0.1, -2.5e-7, 1 / 3], [1e-40, -0.5, 123456.78], [7, -1e6, 3.4e38]], np.float32)
    back = eval(array_literal(a, "x = "), {"np": np})
    assert back.dtype == np.float32 and back.tobytes() == a.tobytes()
    text = "w = " + array_literal(np.array([[1, 0], [-1, 2]], np.float32), "w = ")
    assert text == "w = np.array([[ 1,  0],\n              [-1,  2]], dtype=np.float32)"  # rows aligned


def test_the_pytorch_call_names_the_settings_and_shapes(presenter):
    torch_text = session_code(presenter).torch
    assert "torch.nn.functional.conv2d(x, w, b, stride=2, padding=1)  # (1, 2, 3, 3)" in torch_text
    assert "(1, 3, 5, 5)" in torch_text and "(2, 3, 3, 3)" in torch_text
    set_stage(presenter, "pool")
    assert "torch.nn.functional.max_pool2d(a, 2, stride=1)  # (1, 2, 2, 2)" in session_code(presenter).torch
    lesson = example_lesson("A")
    assert "conv2d(x, w, b)" in lesson_code(lesson).torch  # PyTorch's defaults are left out


def test_the_threshold_for_writing_arrays_out(presenter):
    assert presenter.set_input(np.zeros((1, 16, 16), np.float32), "flat")  # 256 numbers: written
    assert MAX_WRITTEN == 256 and session_code(presenter).data_file is None
    assert presenter.set_input(np.zeros((1, 16, 17), np.float32), "flat")
    assert session_code(presenter).data_file == "lesson.cnnviz"


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
@pytest.mark.parametrize("stage", ["pool", "grad_x"])
def test_the_pytorch_text_runs_after_the_numpy_text_and_agrees(presenter, stage):
    import torch

    set_stage(presenter, stage, target=stage == "grad_x")
    code = session_code(presenter)
    shown: list = []
    exec(code.numpy + code.torch, {"print": shown.append, "__name__": "snippet"})  # noqa: S102
    ours, theirs = shown
    assert isinstance(theirs, torch.Tensor)
    np.testing.assert_allclose(theirs.detach().numpy(), ours, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(ours, presenter.stage_trace.output)


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_pytorch_text_of_each_variant_agrees(presenter, variant):
    import torch

    assert VARIANTS[variant](presenter)
    code = session_code(presenter)
    shown: list = []
    exec(code.numpy + code.torch, {"print": shown.append, "__name__": "snippet"})  # noqa: S102
    ours, theirs = shown
    assert isinstance(theirs, torch.Tensor)
    np.testing.assert_allclose(theirs.detach().numpy(), presenter.stage_trace.output, rtol=1e-5, atol=1e-5)


@pytest.mark.skipif(not HAS_TORCH, reason="PyTorch is not installed")
@pytest.mark.parametrize("stage", ["conv", "grad_w", "reflect", "transposed"])
def test_check_with_pytorch_reports_the_largest_difference(presenter, qtbot, stage):
    if stage in VARIANTS:
        assert VARIANTS[stage](presenter) and presenter.set_stage("pool")
    else:
        set_stage(presenter, stage, target=True)
    check = tc.TorchCheck()
    with qtbot.waitSignal(check.finished, timeout=90_000) as blocker:
        assert check.start(presenter)
        assert check.running and not check.start(presenter)  # one check at a time
    message = blocker.args[0]
    assert message.startswith("PyTorch 2.") and "largest absolute difference from cnnviz is" in message
    assert "agrees" in message, message
    assert ("∂L/∂w 2×3×3×3" in message) == (stage == "grad_w")
    assert not check.running


def test_without_torch_the_check_says_how_to_install_it(presenter, qtbot, monkeypatch):
    monkeypatch.setattr(tc.importlib.util, "find_spec", lambda name, *a: None)
    assert not tc.torch_available()
    check = tc.TorchCheck()
    with qtbot.waitSignal(check.finished) as blocker:
        assert not check.start(presenter)
    assert "PyTorch is not installed" in blocker.args[0] and "python3 -m pip install torch" in blocker.args[0]
    assert not check.running


def test_compare_and_report():
    rows = tc.compare({"conv": np.ones((2, 2), np.float32)}, {"conv": np.full((2, 2), 1.5, np.float32)})
    assert rows == [("conv", [2, 2], 0.5, 1.0)]
    assert tc.report({"torch": "9.9", "rows": rows}) == (
        "PyTorch 9.9 disagrees: the largest absolute difference from cnnviz is 0.5 (y 2×2: 0.5)."
    )
    big = [("conv", [2], 2e-3, 1e5), ("grad_w", [1], 0.0, 0.0)]  # float32 rounding at 100,000
    assert tc.report({"torch": "9.9", "rows": big}).startswith("PyTorch 9.9 agrees: ")
    assert tc.report({"error": "import torch failed: OSError: libfoo"}).endswith("libfoo")
    with pytest.raises(ValueError, match="shape"):
        tc.compare({"conv": np.ones(2)}, {"conv": np.ones(3)})
