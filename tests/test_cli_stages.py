"""``cnnviz export`` for the stages after the convolution, the article's worked
examples, the backward pass and the neuron page: frame counts, what the
frames show, and one-line refusals with exit status 2 and nothing written."""

from __future__ import annotations

import pytest
from cli_helpers import run_cli
from PIL import Image

from cnnviz.cli import main


def frame_count(path) -> int:
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


@pytest.mark.parametrize(
    "argv, frames",
    [
        (["--example", "A"], 1),  # one step: ... + -4*2 = -8
        (["--example", "b"], 18),  # keys are case-insensitive
        (["--example", "C"], 4),  # max pooling 2×2/2 of the 4×4 map: 6, 8, 3, 4
        (["--demo", "--stage", "relu"], 18),
        (["--demo", "--stage", "pool"], 2),  # 3×3 maps pool to 1×1, two channels
        (["--demo", "--stage", "pool", "--pool", "avg", "--pool-size", "2", "--pool-stride", "1"], 8),
        (["--example", "C", "--pool-stride", "1"], 9),
        (["--demo", "--backward", "weights"], 54),
        (["--demo", "--backward", "biases", "--upstream", "target-zero"], 2),
        (["--demo", "--backward", "inputs"], 75),
    ],
)
def test_stage_exports_have_one_frame_per_step(tmp_path, capsys, argv, frames):
    out = tmp_path / "x.gif"
    code, stdout, err = run_cli(capsys, "export", *argv, "-o", str(out))
    assert (code, err) == (0, "")
    assert frame_count(out) == frames
    assert f"of {frames} to" in stdout


def test_a_stage_step_as_png_and_the_neuron_page(tmp_path, capsys):
    png = tmp_path / "c.png"
    assert run_cli(capsys, "export", "--example", "C", "--step", "3", "-o", str(png))[0] == 0
    with Image.open(png) as im:
        assert im.size == (1100, 800)
    page = tmp_path / "and.png"
    code, stdout, _ = run_cli(capsys, "export", "--neuron", "AND", "-o", str(page))
    assert code == 0 and "and neuron" in stdout
    with Image.open(page) as im:
        assert im.size[0] >= 640


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--example", "Z"], "invalid choice: 'Z'"),
        (["--demo", "--stage", "softmax"], "invalid choice: 'softmax'"),
        (["--demo", "--stage", "pool", "--pool-size", "5"], "needs a map of at least 5×5"),
        (["--demo", "--stage", "pool", "--pool-size", "99"], "between 1 and 8"),
        (["--demo", "--stage", "relu", "--pool", "avg"], "apply to --stage pool"),
        (["--demo", "--upstream", "ones"], "--upstream applies to --backward"),
        (["--demo", "--backward", "weights", "--stage", "relu"], "leave out --stage"),
        (["--demo", "--backward", "gradients"], "invalid choice"),
        (["--example", "A", "--gray"], "brings its own input"),
        (["--neuron", "xor"], "invalid choice: 'xor'"),
    ],
)
def test_bad_stage_arguments_exit_2_with_one_line_and_no_file(tmp_path, capsys, argv, words):
    out = tmp_path / "x.gif"
    with pytest.raises(SystemExit) as info:
        code = main(["export", *argv, "-o", str(out)])
        raise SystemExit(code)
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert err.count("\n") == 1 and err.startswith("cnnviz: error:") and words in err
    assert list(tmp_path.iterdir()) == []


def test_neuron_page_must_be_a_png(tmp_path, capsys):
    code, _, err = run_cli(capsys, "export", "--neuron", "and", "-o", str(tmp_path / "and.gif"))
    assert code == 2 and "ending in .png" in err
    assert list(tmp_path.iterdir()) == []
