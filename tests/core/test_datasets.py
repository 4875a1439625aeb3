from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.datasets import (
    SHAPE_NAMES,
    class_counts,
    dataset_from_arrays,
    load_digits,
    make_shapes,
    render_shape,
    split_dataset,
)


def test_shapes_are_seeded_balanced_and_in_range():
    a = make_shapes(160, size=12, seed=3)
    b = make_shapes(160, size=12, seed=3)
    c = make_shapes(160, size=12, seed=4)
    assert a.x.shape == (160, 1, 12, 12) and a.x.dtype == np.float32
    assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.x, c.x)
    assert a.x.min() >= 0 and a.x.max() <= 1
    assert class_counts(a.y, len(SHAPE_NAMES)).tolist() == [20] * 8
    assert a.class_names == SHAPE_NAMES


def test_shapes_size_is_chosen():
    assert make_shapes(32, size=20, seed=0).x.shape == (32, 1, 20, 20)
    with pytest.raises(ValueError, match="6 to 64"):
        make_shapes(32, size=3)


def test_render_shape_draws_the_glyph_where_asked():
    # a horizontal bar through the centre lights the middle row, not the corners
    img = render_shape("−", 12, centre=(6.5, 6.5), scale=4, thickness=1.0)
    assert img[6, 3:10].min() == 1.0 and img[4].max() == 0
    assert img[0, 0] == 0 and img[11, 11] == 0
    vertical = render_shape("|", 12, centre=(6.5, 6.5), scale=4, thickness=1.0)
    assert np.allclose(vertical, img.T)
    ring = render_shape("O", 12, centre=(6, 6), scale=4, thickness=1.0)
    assert ring[6, 6] == 0 and ring[6, 2] > 0.5  # hollow centre, bright rim
    with pytest.raises(ValueError, match="unknown shape"):
        render_shape("?", 12, centre=(6, 6), scale=4, thickness=1)


def test_digits_are_the_uci_set():
    ds = load_digits()
    assert ds.x.shape == (1797, 1, 8, 8)
    assert ds.class_names == tuple("0123456789")
    assert 0 <= ds.x.min() and ds.x.max() == 1.0
    assert class_counts(ds.y, 10).sum() == 1797
    assert class_counts(ds.y, 10).min() >= 170


def test_split_is_seeded_stratified_and_counted():
    ds = load_digits()
    s1, s2 = split_dataset(ds, 0.2, seed=5), split_dataset(ds, 0.2, seed=5)
    assert np.array_equal(s1.y_val, s2.y_val) and np.array_equal(s1.x_train, s2.x_train)
    assert len(s1.y_train) + len(s1.y_val) == 1797
    val_counts = class_counts(s1.y_val, 10)
    assert np.all(np.abs(val_counts - 0.2 * class_counts(ds.y, 10)) <= 1)
    assert "1797 images 1×8×8, 10 classes" in s1.describe()
    assert f"{len(s1.y_train)} for training, {len(s1.y_val)} for validation" in s1.describe()
    other = split_dataset(ds, 0.2, seed=6)
    assert not np.array_equal(s1.y_val, other.y_val)


def test_split_standardises_with_training_statistics():
    s = split_dataset(make_shapes(200, seed=1), seed=0)
    assert abs(float(s.x_train.mean())) < 1e-4
    assert abs(float(s.x_train.std()) - 1) < 1e-3
    raw_train = s.x_train * s.std + s.mean  # undoing it gives images in [0, 1] again
    assert raw_train.min() >= -1e-5 and raw_train.max() <= 1 + 1e-5
    assert np.isclose(((s.x_val * s.std + s.mean).max()), 1.0, atol=1e-5)


def test_split_refuses_too_few_images():
    ds = dataset_from_arrays("tiny", np.zeros((2, 4, 4)), np.array([0, 1]), ["a", "b"])
    with pytest.raises(ValueError, match="too few images"):
        split_dataset(ds)


def test_dataset_from_arrays_checks_labels():
    with pytest.raises(ValueError, match="labels must lie"):
        dataset_from_arrays("bad", np.zeros((3, 4, 4)), np.array([0, 1, 2]), ["a", "b"])
    with pytest.raises(ValueError, match="at least 2 classes"):
        dataset_from_arrays("bad", np.zeros((3, 4, 4)), np.array([0, 0, 0]), ["a"])
    with pytest.raises(ValueError, match="non-finite"):
        dataset_from_arrays("bad", np.full((2, 4, 4), np.nan), np.array([0, 1]), ["a", "b"])
