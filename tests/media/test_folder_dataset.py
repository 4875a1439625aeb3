from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from cnnviz.media.folder_dataset import DatasetError, load_dataset, load_folder_dataset


def make_folder(root, classes=("cat", "dog"), per_class=3, size=(20, 10)):
    for k, cls in enumerate(classes):
        (root / cls).mkdir(parents=True)
        for i in range(per_class):
            Image.new("L", size, color=40 * k + 10 * i).save(root / cls / f"{i}.png")
    return root


def test_folder_classes_are_sub_folders_resized_to_size(tmp_path):
    make_folder(tmp_path)
    (tmp_path / "dog" / "notes.txt").write_text("ignored: not an image name")
    ds = load_folder_dataset(tmp_path, size=12)
    assert ds.class_names == ("cat", "dog")
    assert ds.x.shape == (6, 1, 12, 12) and ds.skipped == 0
    assert ds.y.tolist() == [0, 0, 0, 1, 1, 1]
    assert np.allclose(ds.x[4], 50 / 255, atol=1e-6)  # dog #1: grey level 40 + 10


def test_unreadable_files_are_skipped_and_counted(tmp_path):
    make_folder(tmp_path)
    (tmp_path / "cat" / "broken.jpg").write_bytes(b"\xff\xd8 truncated")
    (tmp_path / "dog" / "empty.png").write_bytes(b"")
    ds = load_folder_dataset(tmp_path, size=8)
    assert ds.skipped == 2 and len(ds.y) == 6


def test_too_few_classes_is_a_clear_error(tmp_path):
    make_folder(tmp_path, classes=("only",))
    with pytest.raises(DatasetError, match="at least two sub-folders.*only"):
        load_folder_dataset(tmp_path)
    with pytest.raises(DatasetError, match="does not exist"):
        load_folder_dataset(tmp_path / "missing")


def test_load_dataset_by_name():
    assert load_dataset("digits").x.shape == (1797, 1, 8, 8)
    assert load_dataset("shapes", size=16, seed=2).x.shape[2:] == (16, 16)
    with pytest.raises(DatasetError, match="needs a folder"):
        load_dataset("folder")
    with pytest.raises(DatasetError, match="unknown dataset"):
        load_dataset("mnist")
