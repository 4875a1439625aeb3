"""ArrayFile's member checks: named non-array members let through unread, duplicated
members and damaged data refused in words (used by lesson files and checkpoints)."""

from __future__ import annotations

import io
import warnings
import zipfile

import numpy as np
import pytest

from cnnviz.core.safe_files import ArrayFile, ArrayFileError


def _npy(arr: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, arr)
    return out.getvalue()


def _zip(path, members, method=zipfile.ZIP_STORED):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a duplicate name, on purpose
        with zipfile.ZipFile(path, "w", method) as zf:
            for name, data in members:
                zf.writestr(name, data)
    return path


def test_named_other_members_are_let_through_unread(tmp_path):
    path = _zip(tmp_path / "a.zip", [("meta.json", b"{}"), ("w.npy", _npy(np.ones(3, np.float32)))])
    with pytest.raises(ArrayFileError, match="'meta.json', which is not an array"):
        ArrayFile(path)
    with ArrayFile(path, others=("meta.json",)) as archive:
        assert list(archive.headers) == ["w"]
        assert archive.read("w").tolist() == [1.0, 1.0, 1.0]


def test_an_other_member_is_bounded_by_max_bytes(tmp_path):
    path = _zip(tmp_path / "a.zip", [("meta.json", b" " * 5000), ("w.npy", _npy(np.ones(3, np.float32)))])
    with pytest.raises(ArrayFileError, match="meta.json would unpack") as info:
        ArrayFile(path, others=("meta.json",), max_bytes=1000)
    assert info.value.reason == "too_large"


def test_a_duplicated_member_is_refused(tmp_path):
    w = _npy(np.ones(3, np.float32))
    with pytest.raises(ArrayFileError, match="'w.npy' twice"):
        ArrayFile(_zip(tmp_path / "d.zip", [("w.npy", w), ("w.npy", w)]))


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_member_with_a_bad_checksum_is_called_damaged(tmp_path, method):
    path = _zip(tmp_path / "c.zip", [("w.npy", _npy(np.arange(64, dtype=np.float32)))], method)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x10  # inside w.npy's data (after its 30-byte local header and 5-byte name)
    path.write_bytes(bytes(data))
    with pytest.raises(ArrayFileError, match="damaged"):
        with ArrayFile(path) as archive:
            archive.read("w")
