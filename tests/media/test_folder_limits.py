"""Folder datasets: the per-class cap is reported, and big images are read small."""

from __future__ import annotations

import tracemalloc

import numpy as np
from PIL import Image

from cnnviz.core.datasets import split_dataset
from cnnviz.media import folder_dataset
from cnnviz.media.folder_dataset import load_folder_dataset


def make_folder(root, per_class: dict[str, int]):
    for k, (cls, n) in enumerate(per_class.items()):
        (root / cls).mkdir(parents=True)
        for i in range(n):
            Image.new("L", (6, 6), 60 * k + i).save(root / cls / f"{i:03}.png")
    return root


def test_images_over_the_per_class_cap_are_counted_and_said(tmp_path, monkeypatch):
    monkeypatch.setattr(folder_dataset, "MAX_PER_CLASS", 3)
    make_folder(tmp_path, {"cat": 5, "dog": 3, "eel": 4})
    ds = load_folder_dataset(tmp_path, size=4)
    assert len(ds.y) == 9 and ds.dropped == 3 and ds.per_class_cap == 3
    assert np.bincount(ds.y).tolist() == [3, 3, 3]
    line = split_dataset(ds, 0.34, seed=0).describe()
    assert line.endswith("; 3 images left out: at most 3 per class are read"), line


def test_no_cap_note_when_nothing_is_left_out(tmp_path):
    make_folder(tmp_path, {"cat": 2, "dog": 2})
    ds = load_folder_dataset(tmp_path, size=4)
    assert ds.dropped == 0 and "left out" not in split_dataset(ds, 0.5).describe()


def test_big_sixteen_bit_images_are_reduced_before_they_are_float(tmp_path):
    ramp = np.linspace(0, 65535, 40).astype(np.uint16)
    big = Image.fromarray(np.tile(ramp, (30, 1))).resize((2000, 1500), Image.Resampling.NEAREST)
    for cls in ("a", "b"):
        (tmp_path / cls).mkdir()
        big.save(tmp_path / cls / "big.png", compress_level=1)
    load_folder_dataset(tmp_path, size=16)  # imports and plugin registration
    tracemalloc.start()
    try:
        ds = load_folder_dataset(tmp_path, size=16)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert ds.x.shape == (2, 1, 16, 16)
    assert peak < 1 << 20, f"peak {peak / 2**20:.1f} MiB"  # one image as float64 is 24 MB
    assert ds.x[0, 0, :, 0].mean() < 0.05 and ds.x[0, 0, :, -1].mean() > 0.95
