"""``cnnviz export`` with the convolution variants: ``--padding-mode``, ``--flip``,
``--groups`` and ``--transposed [--output-padding]``, with ``--demo``, ``--image``
and ``--weights``; a bad combination exits 2 with one line and writes nothing."""

from __future__ import annotations

import numpy as np
import pytest
from cli_helpers import run_cli
from PIL import Image

from cnnviz.cli import main


def frame_count(path) -> int:
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


@pytest.fixture
def picture(tmp_path):
    """An 8×8 RGB picture."""
    rng = np.random.default_rng(3)
    path = tmp_path / "in" / "p.png"
    path.parent.mkdir()
    Image.fromarray(rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)).save(path)
    return path


@pytest.mark.parametrize(
    "argv, frames",
    [
        (["--demo", "--padding-mode", "reflect"], 18),
        (["--demo", "--padding-mode", "circular", "--stride", "1"], 50),
        (["--demo", "--flip"], 18),
        (["--demo", "--groups", "3", "--preset", "sobel_x", "--filters", "3"], 27),  # depthwise
        (["--demo", "--transposed"], 75),  # one frame per input cell, scattering x·w
        (["--demo", "--transposed", "--output-padding", "1"], 75),
    ],
)
def test_each_variant_exports_one_frame_per_step(tmp_path, capsys, argv, frames):
    out = tmp_path / "x.gif"
    code, stdout, err = run_cli(capsys, "export", *argv, "-o", str(out))
    assert (code, err) == (0, "")
    assert frame_count(out) == frames and f"of {frames} to" in stdout


def test_variants_with_an_image(tmp_path, capsys, picture):
    out = tmp_path / "g.gif"
    argv = ["--image", str(picture), "--size", "8", "--groups", "3", "--filters", "3", "--preset", "box_blur"]
    code, stdout, err = run_cli(capsys, "export", *argv, "-o", str(out))
    assert (code, err) == (0, "") and frame_count(out) == 3 * 6 * 6
    out = tmp_path / "t.gif"
    argv = ["--image", str(picture), "--size", "8", "--gray", "--transposed", "--stride", "2", "--every", "4"]
    code, stdout, err = run_cli(capsys, "export", *argv, "-o", str(out))
    assert (code, err) == (0, "") and frame_count(out) == 16  # 64 input cells, every 4th


def test_a_transposed_step_as_png_and_weights_laid_out_as_pytorch_does(tmp_path, capsys):
    png = tmp_path / "s.png"
    code, stdout, _ = run_cli(capsys, "export", "--demo", "--transposed", "--step", "12", "-o", str(png))
    assert code == 0 and "step 12 of 75" in stdout
    with Image.open(png) as im:
        assert im.size == (1100, 800)
    w = np.ones((3, 4, 2, 2), np.float32)  # (C_in, C_out, KH, KW)
    np.savez(tmp_path / "t.npz", w=w, b=np.zeros(4, np.float32))
    out = tmp_path / "w.gif"
    argv = ["--demo", "--transposed", "--weights", str(tmp_path / "t.npz"), "--stride", "1", "--padding", "0"]
    code, stdout, err = run_cli(capsys, "export", *argv, "-o", str(out))
    assert (code, err) == (0, "") and frame_count(out) == 75
    np.save(tmp_path / "g.npy", np.ones((6, 1, 3, 3), np.float32))  # (F, C/groups, KH, KW)
    out = tmp_path / "g.gif"
    code, stdout, err = run_cli(
        capsys, "export", "--demo", "--groups", "3", "--weights", str(tmp_path / "g.npy"), "-o", str(out)
    )
    assert (code, err) == (0, "") and frame_count(out) == 6 * 9


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--demo", "--groups", "2"], "--groups 2 must divide the input's 3 channel(s)"),
        (["--demo", "--groups", "3"], "add --filters 3"),
        (["--demo", "--groups", "0"], "--groups must be between 1 and 16"),
        (["--demo", "--padding-mode", "reflect", "--padding", "5"], "reflect padding must be smaller"),
        (["--demo", "--padding-mode", "mirror"], "invalid choice: 'mirror'"),
        (["--demo", "--transposed", "--output-padding", "2"], "output padding must be smaller"),
        (["--demo", "--output-padding", "1"], "--output-padding applies to --transposed"),
        (["--demo", "--transposed", "--flip"], "leave out --flip"),
        (["--demo", "--transposed", "--groups", "3"], "leave out --groups"),
        (["--demo", "--transposed", "--padding", "9"], "smaller than 1×1"),
        (["--demo", "--flip", "--backward", "weights"], "--backward follows the plain convolution"),
        (["--demo", "--padding-mode", "replicate", "--step", "99"], "between 0 and 17"),
    ],
)
def test_bad_variant_combinations_exit_2_with_one_line_and_no_file(tmp_path, capsys, argv, words):
    out = tmp_path / ("x.png" if "--step" in argv else "x.gif")
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(["export", *argv, "-o", str(out)]))
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert err.count("\n") == 1 and err.startswith("cnnviz: error:") and words in err
    assert list(tmp_path.iterdir()) == []


def test_weights_in_the_wrong_layout_for_the_variant_are_refused(tmp_path, capsys):
    np.save(tmp_path / "w.npy", np.ones((2, 3, 3, 3), np.float32))  # (F, C, KH, KW): not (C_in, C_out, …)
    code, _, err = run_cli(
        capsys, "export", "--demo", "--transposed", "--weights", str(tmp_path / "w.npy"),
        "-o", str(tmp_path / "x.gif"),
    )  # fmt: skip
    assert code == 2 and "read as (C_in, C_out, KH, KW) for --transposed" in err
    code, _, err = run_cli(
        capsys, "export", "--demo", "--groups", "3", "--weights", str(tmp_path / "w.npy"),
        "-o", str(tmp_path / "x.gif"),
    )  # fmt: skip
    assert code == 2 and "need (F, 1, KH, KW)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.npy"]
