from __future__ import annotations

import io
import re

import numpy as np

from cnnviz.cli import build_parser, main
from cnnviz.commands import train as train_cmd
from cnnviz.core.checkpoint import load_model

EPOCH_LINE = re.compile(
    r"^epoch (\d+)/(\d+)  loss (\d+\.\d{4})  train +(\d+\.\d)%  val +(\d+\.\d)%  "
    r"\(val loss \d+\.\d{4}\)  \d+\.\d\d s$"
)


def epoch_lines(text):
    return [line for line in text.splitlines() if line.startswith("epoch ")]


def test_train_shapes_prints_one_line_per_epoch_and_saves(tmp_path, capsys):
    model_path = tmp_path / "shapes.npz"
    rc = main(["train", "--dataset", "shapes", "--epochs", "3", "--seed", "1", "--save", str(model_path)])
    out = capsys.readouterr().out
    assert rc == 0
    lines = epoch_lines(out)
    assert len(lines) == 3 and all(EPOCH_LINE.match(line) for line in lines)
    assert "1600 images 1×12×12, 8 classes; 1280 for training, 320 for validation" in out
    assert float(EPOCH_LINE.match(lines[-1]).group(5)) >= 90.0
    assert "\r" not in out and "[#" not in out  # no progress bar when stdout is not a terminal
    ck = load_model(model_path)
    assert ck.dataset == "shapes" and len(ck.class_names) == 8


def test_same_seed_gives_the_same_numbers(capsys):
    def numbers():
        assert main(["train", "--dataset", "shapes", "--epochs", "2", "--seed", "4"]) == 0
        return [re.sub(r"\d+\.\d\d s$", "", line) for line in epoch_lines(capsys.readouterr().out)]

    first, second = numbers(), numbers()
    assert first == second and len(first) == 2


def test_diverging_run_exits_1_with_a_message(capsys):
    rc = main(["train", "--dataset", "shapes", "--epochs", "2", "--lr", "100"])
    captured = capsys.readouterr()
    assert rc == 1
    assert "diverged" in captured.err and "learning rate 100 is too large" in captured.err
    assert "Traceback" not in captured.err


def test_bad_usage_exits_2(capsys, tmp_path):
    assert main(["train", "--epochs", "0"]) == 2
    assert "cnnviz: error: epochs must be between 1 and 1000" in capsys.readouterr().err
    assert main(["train", "--dataset", "folder"]) == 2
    assert "needs --data DIR" in capsys.readouterr().err
    assert main(["train", "--dataset", "folder", "--data", str(tmp_path / "none")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["train", "--save", str(tmp_path / "no" / "m.npz")]) == 2
    assert "cnnviz: error: cannot save" in capsys.readouterr().err
    assert main(["train", "--kernel", "4"]) == 2
    assert "kernel size must be 1, 3, 5 or 7" in capsys.readouterr().err
    try:
        main(["train", "--epochs", "many"])
    except SystemExit as exc:  # argparse's own usage errors
        assert exc.code == 2
    assert "invalid int value" in capsys.readouterr().err


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal():
    args = build_parser().parse_args(["train", "--dataset", "shapes", "--epochs", "1", "--batch", "256"])
    out, err = FakeTerminal(), io.StringIO()
    assert train_cmd.run(args, out=out, err=err) == 0
    text = out.getvalue()
    assert "\repoch 1/1 [" in text and "] 5/5" in text
    assert len(epoch_lines(text.replace("\r\x1b[K", "\n"))) >= 1


def test_folder_dataset_trains_and_counts_unreadable_files(tmp_path, capsys):
    from PIL import Image

    rng = np.random.default_rng(0)
    for cls, row in (("bar", 4), ("dot", 0)):
        (tmp_path / cls).mkdir()
        for i in range(6):
            a = (rng.random((16, 16)) * 40).astype(np.uint8)
            if row:
                a[row : row + 3] = 255
            else:
                a[6:10, 6:10] = 255
            Image.fromarray(a).save(tmp_path / cls / f"{i}.png")
    (tmp_path / "bar" / "broken.png").write_bytes(b"not really a png")
    rc = main(["train", "--dataset", "folder", "--data", str(tmp_path), "--epochs", "2", "--size", "8"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "12 images 1×8×8, 2 classes" in out and "1 unreadable file skipped" in out


def test_pool_option_builds_that_pooling(capsys):
    from cnnviz.cli import main

    assert main(["train", "--dataset", "digits", "--epochs", "1", "--pool", "avg"]) == 0
    out = capsys.readouterr().out
    assert "AvgPool2d" in out
    assert main(["train", "--dataset", "digits", "--epochs", "1", "--pool", "none"]) == 0
    assert "Pool2d" not in capsys.readouterr().out.splitlines()[1]
