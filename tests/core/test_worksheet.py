"""Seeded worksheet exercises and their answer keys (cnnviz.core.worksheet)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cnnviz.core import ConvTrace, conv_output_shape, format_channel_sum, format_number, format_total
from cnnviz.core.worksheet import LEVELS, MAX_BLANKS, SEED_RANGE, answer_key, make_exercise

ROOT = Path(__file__).resolve().parents[2]


def reference_conv(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int, padding: int) -> np.ndarray:
    """The readable reference: nested loops over output cells and taps, integers only."""
    c, n, _ = x.shape
    k = w.shape[2]
    xp = np.zeros((c, n + 2 * padding, n + 2 * padding), dtype=np.int64)
    xp[:, padding : padding + n, padding : padding + n] = x
    out = (n + 2 * padding - k) // stride + 1
    y = np.zeros((out, out), dtype=np.int64)
    for r in range(out):
        for col in range(out):
            total = int(b[0])
            for ch in range(c):
                for i in range(k):
                    for j in range(k):
                        total += int(w[0, ch, i, j]) * int(xp[ch, r * stride + i, col * stride + j])
            y[r, col] = total
    return y


def fingerprint(ex) -> tuple:
    return (ex.x.tobytes(), ex.x.shape, ex.w.tobytes(), ex.w.shape, int(ex.b[0]), ex.stride, ex.padding,
            ex.blanks, ex.question)  # fmt: skip


@pytest.mark.parametrize("level", LEVELS)
def test_same_seed_and_level_give_the_same_exercise(level):
    a, b = make_exercise(12345, level), make_exercise(12345, level)
    assert a.same_as(b)
    assert fingerprint(a) == fingerprint(b)


@pytest.mark.parametrize("level", LEVELS)
def test_different_seeds_give_different_exercises(level):
    prints = {fingerprint(make_exercise(seed, level)) for seed in range(150)}
    assert len(prints) == 150


def test_an_exercise_is_pinned_across_versions():
    # a sheet handed out last term must still match its key: numpy's PCG64 stream is stable
    ex = make_exercise(7, 1)
    assert ex.w.tolist() == [[[[1, 0, 2], [0, -1, 2], [-1, 2, 1]]]]
    assert int(ex.b[0]) == -2 and ex.x.shape == (1, 6, 6)
    assert ex.x[0, 0].tolist() == [2, 2, 3, 2, 3, 3]


@pytest.mark.parametrize("level", LEVELS)
def test_levels_keep_their_promises(level):
    for seed in range(60):
        ex = make_exercise(seed, level)
        assert ex.level == level and ex.seed == seed
        assert ex.x.dtype.kind == ex.w.dtype.kind == ex.b.dtype.kind == "i"
        assert ex.channels == (2 if level == 3 else 1)
        assert ex.w.shape == (1, ex.channels, ex.w.shape[2], ex.w.shape[2])
        if level == 1:
            assert (ex.stride, ex.padding) == (1, 0)
            assert (ex.question.stride, ex.question.padding) == (1, 0)
        else:
            assert ex.stride > 1 or ex.padding > 0
            assert ex.question.stride > 1 or ex.question.padding > 0
        n, k = ex.x.shape[1], ex.w.shape[2]
        assert (n + 2 * ex.padding - k) % ex.stride == 0  # the formula divides exactly
        assert ex.padding < k
        oh, ow = ex.out_shape
        assert oh == ow and 2 <= oh <= 4
        assert np.count_nonzero(ex.w) >= 2


@pytest.mark.parametrize("level", LEVELS)
def test_blanks_are_some_but_not_all_output_cells(level):
    for seed in range(60):
        ex = make_exercise(seed, level)
        oh, ow = ex.out_shape
        assert 1 <= len(ex.blanks) <= min(MAX_BLANKS[level], oh * ow - 1)
        assert list(ex.blanks) == sorted(set(ex.blanks))
        assert all(0 <= r < oh and 0 <= c < ow for r, c in ex.blanks)


@pytest.mark.parametrize("level", LEVELS)
def test_size_question_follows_the_formula(level):
    for seed in range(60):
        q = make_exercise(seed, level).question
        assert (q.n + 2 * q.padding - q.k) % q.stride == 0
        assert q.answer == (q.n + 2 * q.padding - q.k) // q.stride + 1 >= 2
        assert q.answer == conv_output_shape(q.n, q.k, q.stride, q.padding)[0]


@pytest.mark.parametrize("level", LEVELS)
def test_answer_key_numbers_are_the_traces(level):
    for seed in range(25):
        ex = make_exercise(seed, level)
        key = answer_key(ex)
        trace = ConvTrace(ex.x.astype(np.float64), ex.w.astype(np.float64), ex.b.astype(np.float64),
                          stride=ex.stride, padding=ex.padding)  # fmt: skip
        expected = reference_conv(ex.x, ex.w, ex.b, ex.stride, ex.padding)
        np.testing.assert_array_equal(trace.output[0], expected)
        assert key.values == {(r, c): format_number(v) for (r, c), v in np.ndenumerate(trace.output[0])}
        assert [(w.row, w.col) for w in key.working] == list(ex.blanks)
        assert [w.label for w in key.working] == list("abcdefgh"[: len(ex.blanks)])
        for w in key.working:
            step = trace[trace.index(0, w.row, w.col)]
            assert w.channel_lines == tuple(format_channel_sum(step, c) for c in range(ex.channels))
            assert w.total_line == format_total(step)
            assert w.value == key.values[(w.row, w.col)] == str(expected[w.row, w.col])
            assert w.total_line.endswith(f" = {w.value}")  # integers: always exact
        q = ex.question
        assert key.size_line.endswith(f"= {q.answer}")
        assert key.size_line.startswith(f"({q.n} + 2·{q.padding} − {q.k}) / {q.stride} + 1")


def test_answer_key_writes_the_article_arithmetic():
    ex = make_exercise(7, 3)
    line = answer_key(ex).working[0].channel_lines[0]
    assert " + " in line and "*" in line and line.count("*") == ex.w.shape[2] ** 2


@pytest.mark.parametrize("level", [0, 4, -1, True, 1.0])
def test_bad_level_is_refused(level):
    with pytest.raises(ValueError, match="level"):
        make_exercise(1, level)


@pytest.mark.parametrize("seed", [-1, SEED_RANGE[1] + 1, 2.5, "3", True])
def test_bad_seed_is_refused(seed):
    with pytest.raises(ValueError, match="seed"):
        make_exercise(seed, 1)


def test_exercise_arrays_are_read_only():
    ex = make_exercise(3, 2)
    for a in (ex.x, ex.w, ex.b):
        with pytest.raises(ValueError):
            a[(0,) * a.ndim] = 9


def test_worksheet_core_loads_no_gui_or_pillow():
    probe = (
        "import json, sys\n"
        "from cnnviz.core.worksheet import make_exercise, answer_key\n"
        "answer_key(make_exercise(1, 3))\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         check=True)  # fmt: skip
    modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert not [m for m in modules if m.split(".")[0] in ("PIL", "PySide6", "pyqtgraph", "shiboken6")]
    assert not [m for m in modules if m.startswith("cnnviz.") and not m.startswith("cnnviz.core")]
