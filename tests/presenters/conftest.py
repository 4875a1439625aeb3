"""Fixtures the presenter tests share."""

from __future__ import annotations

import pytest

from cnnviz.core.checkpoint import save_model
from cnnviz.core.datasets import load_digits, split_dataset
from cnnviz.core.train import Architecture


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A saved untrained two-block digits model: ``(path, split, model)``."""
    split = split_dataset(load_digits(), 0.2, seed=0)
    arch = Architecture(split.input_shape, 10, filters=4, kernel_size=3, blocks=2, hidden=24)
    model = arch.build(3)
    path = tmp_path_factory.mktemp("m") / "digits2.npz"
    save_model(
        path, model, arch, class_names=split.class_names, dataset="digits", mean=split.mean, std=split.std
    )
    return path, split, model
