"""The built-in samples (pure numpy generators in cnnviz.core.samples)."""

from __future__ import annotations

import numpy as np

from cnnviz.core.samples import SAMPLES, distorted_x, edges_picture, reference_x


def test_x_samples_are_binary_and_differ():
    ref, dist = reference_x(), distorted_x()
    assert ref.shape == dist.shape == (1, 9, 9)
    assert set(np.unique(ref)) == {0.0, 1.0} and set(np.unique(dist)) == {0.0, 1.0}
    assert np.array_equal(ref[0], ref[0].T) and np.array_equal(ref[0], ref[0][:, ::-1])  # a true X
    assert 0 < np.sum(ref != dist) < ref.size // 3  # similar, not equal


def test_edges_picture_has_edges_and_gradients():
    img = edges_picture(64)
    assert img.shape == (1, 64, 64) and img.dtype == np.float32
    assert 0.0 <= img.min() and img.max() <= 1.0
    steps = np.abs(np.diff(img[0], axis=1))
    assert steps.max() > 0.5  # sharp edges
    assert np.sum((steps > 0) & (steps < 0.05)) > 100  # smooth ramps


def test_every_sample_is_a_volume():
    for make in SAMPLES.values():
        assert make().ndim == 3
