"""Array files and JSON that lie about their size or kind are refused fast, in words.

Every hostile file is built small in ``tmp_path``: zip members whose
directory claims gigabytes, members that really inflate a thousandfold,
``.npy`` headers promising 10¹⁴ bytes, text and pickles with an array's name,
and a model description nested 200,000 deep.
"""

from __future__ import annotations

import io
import json
import pickle
import time
import tracemalloc
import zipfile

import numpy as np
import pytest
from hostile_builders import forge_declared_size, npy_header, npz_with, zeros_bomb

from cnnviz.core.checkpoint import CheckpointError, load_model, save_model
from cnnviz.core.safe_files import ArrayFile, ArrayFileError
from cnnviz.core.safe_json import JsonLimitError, json_depth, loads_json
from cnnviz.core.train import Architecture

ARCH = Architecture((1, 8, 8), 10, filters=4, kernel_size=3, pool="max", hidden=8)
NAMES = tuple("0123456789")


def refused_quickly(fn, *args, **kwargs) -> tuple[str, float, int]:
    """Run ``fn`` expecting a refusal: (message, seconds, tracemalloc peak bytes)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        fn(*args, **kwargs)
    except (ArrayFileError, CheckpointError, JsonLimitError) as exc:
        message = str(exc)
    else:
        raise AssertionError(f"{fn.__name__} accepted a hostile file")
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert "\n" not in message
    return message, seconds, peak


@pytest.fixture(autouse=True)
def _warm_imports(tmp_path):
    """Import what loading touches once, so tracemalloc sees only the file's cost."""
    path = save_model(tmp_path / "warm.npz", ARCH.build(), ARCH, class_names=NAMES)
    load_model(path)


# -- zip bombs and lying sizes -------------------------------------------------------


def test_a_member_claiming_gigabytes_is_refused_without_inflating_it(tmp_path):
    path = npz_with(tmp_path / "claims.npz", {"w": npy_header((2, 3, 3, 3)) + bytes(216)}, compress=True)
    forge_declared_size(path, 0xFFFF_FFF0)
    message, seconds, peak = refused_quickly(ArrayFile, path)
    assert "would unpack to 4.0 GiB" in message and "64.0 MiB" in message
    assert seconds < 0.5 and peak < 1 << 20


def test_a_real_zip_bomb_is_refused_by_its_size_or_its_ratio(tmp_path):
    path = zeros_bomb(tmp_path / "bomb.npz", 32 << 20)
    assert path.stat().st_size < 100_000
    message, seconds, peak = refused_quickly(ArrayFile, path, max_bytes=16 << 20)
    assert "would unpack to 32.0 MiB, more than the 16.0 MiB" in message
    assert seconds < 0.5 and peak < 1 << 20
    message, seconds, peak = refused_quickly(ArrayFile, path, max_bytes=256 << 20)
    assert "times larger than it is stored" in message and "zip bomb" in message
    assert seconds < 0.5 and peak < 1 << 20


def test_a_checkpoint_bomb_is_refused_before_any_data_is_read(tmp_path):
    path = zeros_bomb(tmp_path / "model.npz", 32 << 20, name="0.weight")
    message, seconds, peak = refused_quickly(load_model, path)
    assert message.startswith("model.npz: ") and "zip bomb" in message
    assert seconds < 0.5 and peak < 1 << 20


def test_a_member_whose_header_disagrees_with_the_archive_is_called_forged(tmp_path):
    honest = npy_header((2, 3, 3, 3)) + bytes(216)
    path = npz_with(tmp_path / "short.npz", {"w": npy_header((2000, 3, 3, 3)) + bytes(216)})
    message, _, _ = refused_quickly(ArrayFile, path)
    assert "needs 210.9 KiB of data but the archive says it holds 216 bytes" in message
    assert "damaged or forged" in message
    path = npz_with(tmp_path / "long.npz", {"w": honest + bytes(1000)})
    assert "damaged or forged" in refused_quickly(ArrayFile, path)[0]


def test_an_npy_header_declaring_a_hundred_terabytes_is_refused(tmp_path):
    path = tmp_path / "huge.npy"
    path.write_bytes(npy_header((10**13, 3, 1, 1)) + bytes(64))
    message, seconds, peak = refused_quickly(ArrayFile, path)
    assert "declares 109.1 TiB of data, more than the 64.0 MiB cnnviz reads" in message
    assert seconds < 0.5 and peak < 1 << 20
    message, _, _ = refused_quickly(load_model, path)
    assert "109.1 TiB" in message and "MemoryError" not in message


def test_a_truncated_or_padded_npy_is_refused(tmp_path):
    path = tmp_path / "cut.npy"
    path.write_bytes(npy_header((4, 4)) + bytes(10))
    assert "needs 64 bytes of data but the file holds 10 bytes" in refused_quickly(ArrayFile, path)[0]


def test_the_total_size_and_member_count_are_bounded(tmp_path):
    one = npy_header((1024,), "<f8") + bytes(8192)
    path = npz_with(tmp_path / "many.npz", {f"a{i}": one for i in range(5)})
    assert "more than the 4" in refused_quickly(ArrayFile, path, max_members=4)[0]
    message = refused_quickly(ArrayFile, path, max_bytes=8192, max_total=20_000)[0]
    assert "would unpack to more than" in message


# -- the wrong kind of file -----------------------------------------------------------


@pytest.mark.parametrize(
    "content, words",
    [
        (b"hello, this is a text file\nnot numpy\n", "not a valid .npz model file (it looks like text)"),
        ("名前,値\n重み,1\n".encode(), "it looks like text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "it is a PNG image"),
        (pickle.dumps({"weights": [1, 2, 3]}), "it is pickled Python data"),
        (b"", "it is empty"),
        (bytes(range(256)), "unrecognised binary data"),
    ],
    ids=["text", "utf8-text", "png", "pickle", "empty", "binary"],
)
def test_a_file_that_is_not_an_array_file_is_named_for_what_it_is(tmp_path, content, words):
    path = tmp_path / "model.npz"
    path.write_bytes(content)
    message, seconds, _ = refused_quickly(load_model, path)
    assert words in message and "model.npz" in message
    assert "pickled" not in message or content.startswith(b"\x80")
    assert seconds < 0.5


def test_object_arrays_are_refused_as_pickles_without_unpickling(tmp_path):
    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    path = npz_with(tmp_path / "obj.npz", {"w": buf.getvalue()})
    message, _, _ = refused_quickly(ArrayFile, path)
    assert "w holds pickled Python objects" in message


def test_structured_and_foreign_members_are_refused(tmp_path):
    buf = io.BytesIO()
    np.save(buf, np.zeros(3, dtype=[("a", "<f4"), ("b", "<i4")]))
    path = npz_with(tmp_path / "rec.npz", {"w": buf.getvalue()})
    assert "does not read" in refused_quickly(ArrayFile, path)[0]
    with zipfile.ZipFile(tmp_path / "other.npz", "w") as zf:
        zf.writestr("notes.txt", "hello")
    assert "'notes.txt', which is not an array" in refused_quickly(ArrayFile, tmp_path / "other.npz")[0]


def test_a_good_file_reads_back_exactly(tmp_path):
    w = np.arange(54, dtype=np.float32).reshape(2, 3, 3, 3)
    f = np.asfortranarray(np.arange(6, dtype=">i2").reshape(2, 3))
    np.savez(tmp_path / "ok.npz", w=w, f=f, s=np.array("text"))
    with ArrayFile(tmp_path / "ok.npz") as archive:
        assert archive.headers["w"].shape == (2, 3, 3, 3) and archive.headers["w"].nbytes == 216
        assert np.array_equal(archive.read("w"), w) and np.array_equal(archive.read("f"), f)
        assert str(archive.read("s")) == "text"
    np.save(tmp_path / "one.npy", w)
    with ArrayFile(tmp_path / "one.npy") as archive:
        assert archive.single and np.array_equal(archive.read(""), w)
        archive.read("")[0, 0, 0, 0] = 1  # a writable array of its own


# -- JSON ---------------------------------------------------------------------------


def test_deeply_nested_model_description_is_refused_in_words(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(), ARCH, class_names=NAMES)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["meta"] = np.array("[" * 200_000 + "]" * 200_000)
    np.savez(path, **arrays)
    message, seconds, _ = refused_quickly(load_model, path)
    assert "nests 200,000 levels deep, more than the 16 allowed" in message
    assert seconds < 1.0


def test_an_oversized_model_description_is_refused_before_reading_it(tmp_path):
    path = save_model(tmp_path / "m.npz", ARCH.build(), ARCH, class_names=NAMES)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["meta"] = np.array(json.dumps({"format": "cnnviz-model", "pad": "x" * 1_100_000}))
    np.savez(path, **arrays)
    message, _, _ = refused_quickly(load_model, path)
    assert "characters long, more than the 1,000,000 cnnviz reads" in message


def test_json_depth_skips_strings_and_escapes():
    assert json_depth('{"a": "[[[[\\"{{{", "b": [1, [2]]}') == 3
    assert json_depth("") == 0
    assert loads_json('{"a": [1, {"b": "]]]"}]}') == {"a": [1, {"b": "]]]"}]}
    with pytest.raises(JsonLimitError, match="nests 40 levels"):
        loads_json("[" * 40 + "]" * 40)
    with pytest.raises(JsonLimitError, match="characters long"):
        loads_json("[]", max_chars=1)
    with pytest.raises(JsonLimitError, match="not valid JSON"):
        loads_json('{"a": ')
