from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from cnnviz.core.checkpoint import CheckpointError, load_model, save_model
from cnnviz.core.train import Architecture

ARCH = Architecture((1, 8, 8), 10, filters=4, kernel_size=3, pool="max", hidden=8)
NAMES = tuple("0123456789")


def trained_like_model():
    model = ARCH.build(seed=3)
    rng = np.random.default_rng(0)
    for p in model.parameters():  # values no fresh model would have
        p.value[...] = rng.standard_normal(p.value.shape).astype(np.float32)
    return model


def test_save_then_load_round_trips_exactly(tmp_path):
    model = trained_like_model()
    path = save_model(tmp_path / "m.npz", model, ARCH, class_names=NAMES, dataset="digits", mean=0.3, std=0.4)
    ck = load_model(path, expected=ARCH)
    assert ck.architecture == ARCH and ck.class_names == NAMES and ck.dataset == "digits"
    assert (ck.mean, ck.std) == (pytest.approx(0.3), pytest.approx(0.4))
    for (name, a), (_, b) in zip(model.named_parameters(), ck.model.named_parameters(), strict=True):
        assert np.array_equal(a.value, b.value), name
        assert b.value.dtype == np.float32
    x = np.random.default_rng(1).standard_normal((5, 1, 8, 8)).astype(np.float32)
    assert np.array_equal(model.forward(x), ck.model.forward(x))
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]  # no temporary left behind


def test_saving_into_a_missing_folder_is_refused_and_keeps_nothing(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        save_model(tmp_path / "nope" / "m.npz", ARCH.build(), ARCH, class_names=NAMES)


def test_overwriting_keeps_the_old_file_until_the_new_one_is_complete(tmp_path, monkeypatch):
    path = save_model(tmp_path / "m.npz", ARCH.build(seed=1), ARCH, class_names=NAMES)
    before = path.read_bytes()

    def broken_savez(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(CheckpointError, match="No space left"):
        save_model(path, ARCH.build(seed=2), ARCH, class_names=NAMES)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]


def test_corrupt_file_is_refused(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(), ARCH, class_names=NAMES)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="damaged|not a valid"):
        load_model(path)
    (tmp_path / "junk.npz").write_bytes(b"this is not a zip file at all")
    with pytest.raises(CheckpointError):
        load_model(tmp_path / "junk.npz")
    with pytest.raises(CheckpointError, match="does not exist"):
        load_model(tmp_path / "missing.npz")


def test_pickled_files_are_refused(tmp_path):
    path = tmp_path / "evil.npz"
    with open(path, "wb") as fh:
        np.savez(fh, meta=np.array([{"format": "cnnviz-model"}], dtype=object))
    with pytest.raises(CheckpointError, match="pickled"):
        load_model(path)
    raw = tmp_path / "raw.pkl"
    raw.write_bytes(pickle.dumps({"weights": [1, 2, 3]}))
    with pytest.raises(CheckpointError, match="pickled"):
        load_model(raw)


def _rewrite(path, **changes):
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    arrays.update(changes)
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)


def test_wrong_shape_is_refused_with_the_names_and_shapes(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(), ARCH, class_names=NAMES)
    _rewrite(path, **{"0.weight": np.zeros((4, 1, 5, 5), np.float32)})
    with pytest.raises(CheckpointError, match=r"0.weight has shape \(4, 1, 5, 5\).*\(4, 1, 3, 3\)"):
        load_model(path)


def test_wrong_dtype_is_refused(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(), ARCH, class_names=NAMES)
    _rewrite(path, **{"0.bias": np.zeros(4, np.float64)})
    with pytest.raises(CheckpointError, match="0.bias is float64"):
        load_model(path)


def test_missing_parameter_and_foreign_npz_are_refused(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(), ARCH, class_names=NAMES)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files if k != "4.weight"}
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)
    with pytest.raises(CheckpointError, match="missing: 4.weight"):
        load_model(path)
    other = tmp_path / "other.npz"
    with open(other, "wb") as fh:
        np.savez(fh, a=np.zeros(3))
    with pytest.raises(CheckpointError, match="not a cnnviz model"):
        load_model(other)


def test_a_model_for_another_architecture_is_refused(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(), ARCH, class_names=NAMES)
    other = Architecture((1, 12, 12), 8, filters=4, kernel_size=3, pool="max", hidden=8)
    with pytest.raises(CheckpointError, match="different network.*1×8×8 input.*1×12×12 input"):
        load_model(path, expected=other)


def test_damaged_meta_is_refused(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(), ARCH, class_names=NAMES)
    meta = {"format": "cnnviz-model", "version": 1, "architecture": {"in_shape": [1, 8, 8]}}
    _rewrite(path, meta=np.array(json.dumps(meta)))
    with pytest.raises(CheckpointError, match="incomplete or malformed"):
        load_model(path)
    _rewrite(path, meta=np.array("{not json"))
    with pytest.raises(CheckpointError, match="damaged model description"):
        load_model(path)


def test_a_saved_model_gets_the_users_umask_not_a_private_mode(tmp_path):
    import os

    old = os.umask(0o027)
    try:
        path = save_model(tmp_path / "m.npz", ARCH.build(seed=0), ARCH, class_names=NAMES)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o640
