"""``cnnviz export --weights``: hostile .npy/.npz files are refused fast, in one line."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hostile_builders import forge_declared_size, npy_header, npz_with, zeros_bomb

from cnnviz.cli import UsageError
from cnnviz.commands.export_inputs import load_weights


def refusal(path: Path) -> tuple[str, float, int]:
    """load_weights on ``path``: (message, seconds, tracemalloc peak)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(UsageError) as info:
            load_weights(path, 3)
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    message = str(info.value)
    assert "\n" not in message and message.startswith(("cannot read the weights", "w in", "the weights"))
    return message, seconds, peak


@pytest.fixture(autouse=True)
def _warm(tmp_path):
    np.savez(tmp_path / "warm.npz", w=np.ones((1, 3, 3, 3), np.float32))
    load_weights(tmp_path / "warm.npz", 3)


def test_good_weights_still_load(tmp_path):
    w = np.random.default_rng(0).standard_normal((2, 3, 3, 3))
    np.savez_compressed(tmp_path / "f.npz", w=w, b=np.array([1.0, 2.0]))
    got_w, got_b = load_weights(tmp_path / "f.npz", 3)
    assert got_w.dtype == np.float32 and np.allclose(got_w, w) and got_b.tolist() == [1.0, 2.0]
    np.save(tmp_path / "f.npy", w.astype(np.float32))
    assert load_weights(tmp_path / "f.npy", 3)[1] is None


def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path):
    message, seconds, peak = refusal(zeros_bomb(tmp_path / "bomb.npz", 32 << 20))
    assert "bomb.npz: w would unpack to 32.0 MiB, more than the 16.0 MiB cnnviz reads" in message
    assert seconds < 0.5 and peak < 1 << 20
    forged = npz_with(tmp_path / "forged.npz", {"w": npy_header((1, 3, 3, 3)) + bytes(108)}, compress=True)
    message, seconds, peak = refusal(forge_declared_size(forged, 0xFFFF_FFF0))
    assert "would unpack to 4.0 GiB" in message and seconds < 0.5 and peak < 1 << 20


def test_a_header_declaring_a_hundred_terabytes_is_refused(tmp_path):
    path = tmp_path / "huge.npy"
    path.write_bytes(npy_header((10**13, 3, 1, 1)) + bytes(64))
    message, seconds, peak = refusal(path)
    assert "declares 109.1 TiB of data" in message and seconds < 0.5 and peak < 1 << 20


def test_shapes_are_checked_from_the_header_before_the_data(tmp_path):
    # 20 filters: refused by shape although the data (and the zip directory) are honest
    path = npz_with(tmp_path / "many.npz", {"w": npy_header((20, 3, 3, 3)) + bytes(20 * 27 * 4)})
    assert "has 20 filters of 3×3" in refusal(path)[0]
    path = npz_with(tmp_path / "lying.npz", {"w": npy_header((2, 3, 3, 3)) + bytes(8)})
    assert "damaged or forged" in refusal(path)[0]


def test_a_text_file_renamed_npz_says_it_is_text(tmp_path):
    path = tmp_path / "weights.npz"
    path.write_text("0.1, 0.2, 0.3\n0.4, 0.5, 0.6\n")
    message, _, _ = refusal(path)
    assert message == "cannot read the weights weights.npz: not a valid .npy/.npz file (it looks like text)"
