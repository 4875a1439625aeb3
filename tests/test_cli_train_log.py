"""``cnnviz train --log FILE.csv``: the training log, and the record ``--save`` keeps."""

from __future__ import annotations

import csv
import os

import pytest

from cnnviz.cli import main
from cnnviz.core.checkpoint import load_model
from cnnviz.core.training_info import LOG_COLUMNS

SMALL = ["train", "--dataset", "shapes", "--size", "8", "--epochs", "2", "--batch", "256", "--seed", "3"]


def test_log_has_a_header_and_one_row_per_batch_and_epoch(tmp_path, capsys):
    log, model = tmp_path / "run.csv", tmp_path / "m.npz"
    assert main([*SMALL, "--log", str(log), "--save", str(model)]) == 0
    assert f"wrote the training log to {log}" in capsys.readouterr().out
    with open(log, newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == LOG_COLUMNS
    body = rows[1:]
    epochs = [r for r in body if r[1] == ""]
    batches = [r for r in body if r[1] != ""]
    assert [r[0] for r in epochs] == ["1", "2"]
    per_epoch = 1280 // 256
    assert len(batches) == 2 * per_epoch and batches[-1][:3] == ["2", str(per_epoch), str(2 * per_epoch)]
    assert all(r[5] and r[6] for r in epochs) and not any(r[5] or r[6] for r in batches)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz", "run.csv"]  # no temporary left
    assert os.stat(log).st_mode & 0o777 == 0o666 & ~_umask()
    t = load_model(model).training
    assert (t.dataset, t.epochs, t.batch_size, t.seed, t.optimizer) == ("shapes", 2, 256, 3, "adam")
    assert t.val_accuracy == pytest.approx(float(epochs[-1][6]), abs=1e-5)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("where", ["missing/run.csv", "protected.csv"])
def test_an_unwritable_log_is_refused_before_training(tmp_path, capsys, where):
    target = tmp_path / where
    if where == "protected.csv":
        target.write_text("keep")
        target.chmod(0o444)
    assert main([*SMALL, "--log", str(target)]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("cnnviz: error: cannot write") and len(err.strip().splitlines()) == 1
    assert "epoch " not in out  # nothing trained
    if where == "protected.csv":
        assert target.read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if where.startswith("missing") else [where])


def test_a_diverging_run_still_writes_its_log_up_to_the_divergence(tmp_path, capsys):
    log = tmp_path / "run.csv"
    args = ["train", "--dataset", "shapes", "--size", "8", "--epochs", "2", "--lr", "1000", "--seed", "3"]
    assert main([*args, "--log", str(log)]) == 1
    captured = capsys.readouterr()
    assert "diverged" in captured.err and f"wrote the training log to {log}" in captured.out
    with open(log, newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == LOG_COLUMNS and len(rows) >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.csv"]
