"""The training record a model file keeps: settings, seed, final accuracy and loss."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cnnviz.core.checkpoint import load_model, save_model
from cnnviz.core.train import Architecture, BatchRecord, EpochRecord
from cnnviz.core.training_info import LOG_COLUMNS, TrainingInfo, TrainingLog

ARCH = Architecture((1, 8, 8), 10, filters=4, kernel_size=3, pool="max", hidden=8)
NAMES = tuple("0123456789")
DATA = Path(__file__).parent / "data"
INFO = TrainingInfo(dataset="digits", epochs=12, lr=0.005, batch_size=32, optimizer="adam", seed=0,
                    val_accuracy=0.978, val_loss=0.07, train_accuracy=0.99, train_loss=0.03)


def _rewrite_meta(path: Path, change) -> None:
    with np.load(path) as f:
        arrays = {k: f[k] for k in f.files}
    meta = json.loads(str(arrays["meta"]))
    change(meta)
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez(path, **arrays)


def test_training_record_round_trips(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(seed=1), ARCH, class_names=NAMES, training=INFO)
    ck = load_model(path)
    assert ck.training == INFO
    assert ck.training.describe() == (
        "trained 12 epochs on digits (seed 0, adam, lr 0.005): validation accuracy 97.8 %")


def test_a_model_saved_without_a_record_loads_with_none(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(seed=1), ARCH, class_names=NAMES)
    assert load_model(path).training is None


@pytest.mark.parametrize("name", ["model_v1_max_hidden", "model_v1_nopool"])
def test_old_version_1_files_still_load_without_a_record(name):
    assert load_model(DATA / f"{name}.npz").training is None


@pytest.mark.parametrize("bad", [
    "12", 3.5, None, [1, 2], {"epochs": "many"},
])
def test_a_damaged_record_is_ignored_never_a_crash(tmp_path, bad):
    path = save_model(tmp_path / "m.npz", ARCH.build(seed=1), ARCH, class_names=NAMES)
    _rewrite_meta(path, lambda m: m.__setitem__("training", bad))
    ck = load_model(path)
    assert ck.training is None or ck.training == TrainingInfo()


def test_fields_of_the_wrong_type_are_dropped_the_rest_kept(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(seed=1), ARCH, class_names=NAMES, training=INFO)

    def spoil(meta):
        meta["training"].update(epochs=True, lr="fast", seed=-1, optimizer=7, val_loss=1e400,
                                dataset="x" * 10_000, batch_size=2.5)

    _rewrite_meta(path, spoil)
    t = load_model(path).training
    assert t == TrainingInfo(val_accuracy=0.978, train_accuracy=0.99, train_loss=0.03)


def test_training_log_has_one_row_per_batch_and_per_epoch():
    log = TrainingLog()
    w = np.zeros((1, 1, 1, 1), np.float32)
    for e in (1, 2):
        for b in (1, 2, 3):
            log.add(BatchRecord(e, b, 3, (e - 1) * 3 + b, 6, 1.0 / b, 0.5, w, w[:, 0, 0, 0]))
        log.add(EpochRecord(e, 2, 0.5, 0.6, 0.4, 0.7, np.zeros((2, 2)), np.zeros(2)))
    lines = log.to_csv().splitlines()
    assert lines[0] == ",".join(LOG_COLUMNS)
    assert len(lines) == 1 + 2 * 3 + 2
    assert lines[1] == "1,1,1,1,0.5,,"
    assert lines[4] == "1,,3,0.5,0.6,0.4,0.7"


def test_one_epoch_is_written_in_the_singular():
    assert TrainingInfo(epochs=1, dataset="digits").describe() == "trained 1 epoch on digits"
    assert TrainingInfo(epochs=2).describe() == "trained 2 epochs"
