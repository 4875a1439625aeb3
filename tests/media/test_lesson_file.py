"""Lesson files: a faithful round trip, deterministic bytes, atomic writes, and every
damaged, tampered, newer or oversized file refused fast with one phrase.

Every hostile file is built small in ``tmp_path`` from a real lesson's members.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import stat
import struct
import time
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest
from hostile_builders import forge_declared_size, npy_header

from cnnviz.core.examples import EXAMPLE_KEYS, example
from cnnviz.core.lesson_data import MAX_NOTE_CHARS, STAGES, Lesson, LessonError, check_step, example_lesson
from cnnviz.core.lesson_variant import VARIANT_FIELDS, Variant, output_shape
from cnnviz.core.resources import resource_path
from cnnviz.core.trace import ConvTrace
from cnnviz.media import lesson_file
from cnnviz.media.lesson_file import lesson_to_bytes, read_lesson, write_lesson


def rich_lesson(stage: str = "grad_w", **changes) -> Lesson:
    """A lesson with every field away from its default, arrays with awkward values."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 6, 5)).astype(np.float32)
    x[0, 0, 0], x[0, 0, 1], x[1, 5, 4] = -0.0, 1e-40, 123456.5  # signed zero, subnormal
    w = rng.normal(size=(3, 2, 3, 2)).astype(np.float32)
    fields = dict(
        stride=2,
        padding=1,
        dilation=2,
        stage=stage,
        pool_mode="avg",
        pool_size=1,
        pool_stride=3,
        upstream="target",
        target=rng.normal(size=(3, 2, 3)).astype(np.float32),
        step=4,
        speed=7.5,
        name="chat (0).png",
        note="Look at w0: it finds edges.\n\tNächster Schritt — 下一步 ✓",
    )
    fields.update(changes)
    return Lesson(x, w, np.array([0.5, -1.25, 3.0], np.float32), **fields)


def members_of(lesson: Lesson) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(lesson_to_bytes(lesson))) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_of(path, members: dict[str, bytes], method: int = zipfile.ZIP_STORED):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate names on purpose
        with zipfile.ZipFile(path, "w", method) as zf:
            for name, data in members.items() if isinstance(members, dict) else members:
                zf.writestr(name, data)
    return path


def with_meta(lesson: Lesson | None = None, **changes) -> dict[str, bytes]:
    """A lesson's members with ``lesson.json`` fields changed (``None`` deletes one)."""
    members = members_of(lesson or example_lesson("B"))
    meta = json.loads(members["lesson.json"])
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    members["lesson.json"] = json.dumps(meta).encode()
    return members


def npy(arr) -> bytes:
    out = io.BytesIO()
    np.save(out, arr, allow_pickle=True)
    return out.getvalue()


def refused(path, reason: str | None = None, *words: str) -> LessonError:
    """``read_lesson(path)`` refuses in one line, within 1 s and 4 MiB of Python memory."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        read_lesson(path)
    except LessonError as exc:
        error = exc
    else:
        raise AssertionError("a hostile lesson was accepted")
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    message = str(error)
    assert "\n" not in message and message
    assert seconds < 1.0 and peak < 4 << 20, (seconds, peak)
    if reason is not None:
        assert error.reason == reason, (error.reason, message)
    for word in words:
        assert word in message, message
    return error


@pytest.fixture(autouse=True)
def _warm(tmp_path):
    """Read one lesson first, so tracemalloc sees only the hostile file's cost."""
    path = tmp_path / "warm.cnnviz"
    write_lesson(path, example_lesson("A"))
    read_lesson(path)
    path.unlink()


# -- round trip and determinism ---------------------------------------------------------


@pytest.mark.parametrize("stage", STAGES)
def test_every_field_survives_a_round_trip_in_every_stage(tmp_path, stage):
    lesson = rich_lesson(stage, pool_size=1) if stage != "pool" else rich_lesson(stage)
    write_lesson(tmp_path / "l.cnnviz", lesson)
    back = read_lesson(tmp_path / "l.cnnviz")
    assert back.same_as(lesson)
    for key in ("x", "w", "b", "target"):
        a, b = getattr(lesson, key), getattr(back, key)
        assert a.dtype == b.dtype == np.float32 and a.tobytes() == b.tobytes()
    assert np.signbit(back.x[0, 0, 0]) and back.x[0, 0, 1] == np.float32(1e-40)
    assert (back.stage, back.step, back.speed, back.note) == (stage, 4, 7.5, lesson.note)
    assert not back.x.flags.writeable


def test_a_lesson_without_target_or_note_round_trips(tmp_path):
    lesson = rich_lesson("conv", upstream="ones", target=None, note="", name="")
    write_lesson(tmp_path / "l.cnnviz", lesson)
    back = read_lesson(tmp_path / "l.cnnviz")
    assert back.same_as(lesson) and back.target is None
    assert sorted(members_of(back)) == ["b.npy", "lesson.json", "w.npy", "x.npy"]


def test_the_same_lesson_gives_the_same_bytes(tmp_path):
    a = rich_lesson()
    assert lesson_to_bytes(a) == lesson_to_bytes(rich_lesson()) == lesson_to_bytes(Lesson(**vars(a)))
    write_lesson(tmp_path / "1.cnnviz", a)
    os.utime(tmp_path / "1.cnnviz", (0, 0))  # nothing in the file depends on when it was written
    write_lesson(tmp_path / "2.cnnviz", read_lesson(tmp_path / "1.cnnviz"))
    assert (tmp_path / "1.cnnviz").read_bytes() == (tmp_path / "2.cnnviz").read_bytes() == lesson_to_bytes(a)
    with zipfile.ZipFile(tmp_path / "1.cnnviz") as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == ["lesson.json", "x.npy", "w.npy", "b.npy", "target.npy"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    meta = json.loads(members_of(a)["lesson.json"])
    assert (meta["format"], meta["version"]) == ("cnnviz-lesson", 1)


# -- the shipped examples ------------------------------------------------------------------


@pytest.mark.parametrize("key", EXAMPLE_KEYS)
def test_shipped_example_lessons_equal_a_fresh_build_and_load(key):
    path = resource_path("lessons", f"example_{key}.cnnviz")
    assert path.read_bytes() == lesson_to_bytes(example_lesson(key)), "run python3 -P tools/make_lessons.py"
    lesson, ex = read_lesson(path), example(key)
    assert lesson.x.tobytes() == ex.x.tobytes() and lesson.w.tobytes() == ex.w.tobytes()
    assert (lesson.stage, lesson.stride, lesson.padding, lesson.name) == (
        ex.stage,
        ex.stride,
        ex.padding,
        f"example {key}",
    )
    assert (lesson.pool_mode, lesson.pool_size, lesson.pool_stride) == ex.pool
    trace = ConvTrace(lesson.x, lesson.w, lesson.b, stride=lesson.stride, padding=lesson.padding)
    assert check_step(lesson, len(trace)) == 0


def test_check_step_refuses_a_step_past_the_stage(tmp_path):
    lesson = example_lesson("A")  # one step
    assert check_step(lesson, 1) == 0
    late = Lesson(lesson.x, lesson.w, lesson.b, step=1)
    with pytest.raises(LessonError, match="step 2 of the conv stage, which has 1 step") as info:
        check_step(late, 1)
    assert info.value.reason == "step"


# -- newer, foreign and damaged files --------------------------------------------------------


def test_a_newer_version_is_refused_before_anything_else(tmp_path):
    members = with_meta(version=2, stage="softmax", extra_field=[1, 2])
    members["new_kind.bin"] = b"\x00" * 10
    err = refused(zip_of(tmp_path / "v2.cnnviz", members), "newer", "newer cnnviz", "update cnnviz")
    assert "version 2" in str(err)


@pytest.mark.parametrize(
    ("change", "reason", "words"),
    [
        ({"format": "something-else"}, "not_lesson", "not a cnnviz lesson"),
        ({"format": None}, "not_lesson", "names no format"),
        ({"version": 0}, "damaged", "version"),
        ({"version": "1"}, "damaged", "version"),
        ({"version": True}, "damaged", "version"),
    ],
)
def test_a_foreign_format_or_bad_version_is_refused(tmp_path, change, reason, words):
    refused(zip_of(tmp_path / "f.cnnviz", with_meta(**change)), reason, words)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
        (b"hello, this is text\n", "text"),
        (pickle.dumps({"x": 1}), "pickle"),
        (npy(np.zeros(3, np.float32)), "not a cnnviz lesson"),
        (b"", "not a cnnviz lesson"),
    ],
)
def test_a_file_that_is_not_a_lesson_is_named_for_what_it_is(tmp_path, content, words):
    path = tmp_path / "odd.cnnviz"
    path.write_bytes(content)
    refused(path, "not_lesson", words)


def test_an_npz_without_lesson_json_is_not_a_lesson(tmp_path):
    members = members_of(example_lesson("B"))
    del members["lesson.json"]
    refused(zip_of(tmp_path / "n.cnnviz", members), "not_lesson", "no lesson.json")


def test_a_missing_file_or_a_folder_is_refused(tmp_path):
    refused(tmp_path / "none.cnnviz", "missing")
    (tmp_path / "dir.cnnviz").mkdir()
    refused(tmp_path / "dir.cnnviz", "folder")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.cnnviz")  # opening it to read would wait for a writer
        refused(tmp_path / "pipe.cnnviz", "unreadable", "not a regular file")


@pytest.mark.parametrize("missing", ["x.npy", "w.npy", "b.npy"])
def test_a_missing_array_is_refused(tmp_path, missing):
    members = members_of(example_lesson("B"))
    del members[missing]
    refused(zip_of(tmp_path / "m.cnnviz", members), "damaged", missing)


@pytest.mark.parametrize(("name", "data"), [("y.npy", None), ("notes.txt", b"hi"), ("sub/x.npy", None)])
def test_an_unexpected_member_is_refused(tmp_path, name, data):
    members = members_of(example_lesson("B"))
    members[name] = npy(np.zeros(2, np.float32)) if data is None else data
    refused(zip_of(tmp_path / "e.cnnviz", members), "damaged", name)


def test_a_duplicated_member_is_refused(tmp_path):
    members = list(members_of(example_lesson("B")).items())
    members.append(("x.npy", npy(np.ones((3, 7, 7), np.float32))))
    refused(zip_of(tmp_path / "d.cnnviz", members), "damaged", "twice")


def test_a_flipped_byte_or_a_cut_file_is_called_damaged(tmp_path):
    good = bytearray(lesson_to_bytes(example_lesson("B")))
    at = good.find(b"\x93NUMPY", good.find(b"w.npy")) + 128 + 3  # inside w's data
    good[at] ^= 0x40
    (tmp_path / "flip.cnnviz").write_bytes(bytes(good))
    refused(tmp_path / "flip.cnnviz", "damaged", "damaged")
    whole = lesson_to_bytes(example_lesson("B"))
    for cut in (len(whole) // 2, len(whole) - 10):
        (tmp_path / "cut.cnnviz").write_bytes(whole[:cut])
        refused(tmp_path / "cut.cnnviz", "damaged")


def test_damaged_lesson_json_is_refused(tmp_path):
    members = members_of(example_lesson("B"))
    cases = [(b"{not json", "not valid JSON"), (b"\xff\xfe{}", "UTF-8"), (b"[1, 2]", "not a cnnviz")]
    for text, words in cases:
        members["lesson.json"] = text
        refused(zip_of(tmp_path / "j.cnnviz", members), None, words)


# -- pickles, absurd sizes, bombs ---------------------------------------------------------------


def test_a_pickled_object_array_is_refused_without_unpickling(tmp_path):
    members = members_of(example_lesson("B"))
    members["x.npy"] = npy(np.array([{"evil": 1}, None], dtype=object))
    refused(zip_of(tmp_path / "p.cnnviz", members), "pickle", "pickled")


@pytest.mark.parametrize(
    ("arr", "words"),
    [
        (np.zeros((3, 7, 7), np.float64), "float32"),
        (np.zeros((3, 7, 7), np.int32), "data type"),
        (np.zeros((3, 7, 7), "U2"), "data type"),
    ],
)
def test_an_array_that_is_not_float32_is_refused(tmp_path, arr, words):
    members = members_of(example_lesson("B"))
    members["x.npy"] = npy(arr)
    refused(zip_of(tmp_path / "t.cnnviz", members), None, words)


def test_big_endian_float32_is_read(tmp_path):
    lesson = example_lesson("B")
    members = members_of(lesson)
    members["x.npy"] = npy(lesson.x.astype(">f4"))
    back = read_lesson(zip_of(tmp_path / "be.cnnviz", members))
    assert back.x.dtype == np.float32 and np.array_equal(back.x, lesson.x)


def test_a_header_declaring_terabytes_is_refused_unread(tmp_path):
    members = members_of(example_lesson("B"))
    members["x.npy"] = npy_header((3, 10**7, 10**7)) + bytes(64)
    refused(zip_of(tmp_path / "tb.cnnviz", members), "too_large", "PiB")


def test_shapes_past_a_lessons_limits_are_refused_before_reading(tmp_path):
    members = members_of(example_lesson("B"))
    members["x.npy"] = npy_header((3, 2000, 7)) + bytes(3 * 2000 * 7 * 4)
    refused(zip_of(tmp_path / "big.cnnviz", members), "invalid", "2000×7")


def test_a_member_claiming_gigabytes_is_refused_without_inflating(tmp_path):
    path = zip_of(tmp_path / "claim.cnnviz", members_of(example_lesson("B")), zipfile.ZIP_DEFLATED)
    refused(forge_declared_size(path, 3 << 30), None)


def test_a_real_zip_bomb_is_refused(tmp_path):
    members = members_of(example_lesson("B"))
    path = tmp_path / "bomb.cnnviz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("lesson.json", members["lesson.json"])
        with zf.open("x.npy", "w") as fh:
            fh.write(npy_header((16, 1024, 1024)))
            block = bytes(1 << 20)
            for _ in range(64):
                fh.write(block)
        for name in ("w.npy", "b.npy"):
            zf.writestr(name, members[name])
    refused(path, "too_large", "zip bomb")


def test_a_zip_directory_with_thousands_of_entries_is_refused_before_listing(tmp_path):
    data = bytearray(lesson_to_bytes(example_lesson("A")))
    at = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, at + 8, 60000, 60000)
    (tmp_path / "many.cnnviz").write_bytes(bytes(data))
    refused(tmp_path / "many.cnnviz", "damaged", "60,000 files")
    data = bytearray(lesson_to_bytes(example_lesson("A")))
    struct.pack_into("<I", data, at + 12, 3 << 20)  # the count says 5, the directory's size 3 MiB
    (tmp_path / "long.cnnviz").write_bytes(bytes(data))
    refused(tmp_path / "long.cnnviz", "damaged", "zip directory takes 3.0 MiB")


def test_json_bombs_are_refused(tmp_path):
    deep = with_meta(note=None)
    deep["lesson.json"] = deep["lesson.json"][:-1] + b', "note": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    refused(zip_of(tmp_path / "deep.cnnviz", deep), "damaged", "levels deep")
    big = with_meta(note="x" * 300_000)
    refused(zip_of(tmp_path / "big.cnnviz", big, zipfile.ZIP_DEFLATED), "too_large", "lesson.json")
    members = members_of(example_lesson("B"))
    members["lesson.json"] = members["lesson.json"].replace(b'"version": 1,', b'"version": 1, "version": 1,')
    refused(zip_of(tmp_path / "dup.cnnviz", members), "damaged", "twice")


def test_a_huge_file_is_refused_by_its_size(tmp_path):
    path = tmp_path / "huge.cnnviz"
    with open(path, "wb") as fh:
        fh.write(lesson_to_bytes(example_lesson("A")))
        fh.truncate(lesson_file.MAX_FILE_BYTES + 1)  # sparse
    refused(path, "too_large")


# -- settings that are wrong -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"stage": "softmax"}, "stage"),
        ({"stage": ["conv"]}, "stage"),
        ({"step": -1}, "step"),
        ({"step": True}, "whole number"),
        ({"step": 2.5}, "whole number"),
        ({"step": 10**30}, "step"),
        ({"speed": 100}, "speed"),
        ({"speed": 0.1}, "speed"),
        ({"speed": "fast"}, "speed"),
        ({"upstream": "zeros"}, "upstream"),
        ({"name": 3}, "name"),
        ({"name": "a\x00b"}, "control character"),
        ({"name": "n" * 201}, "name"),
        ({"note": "n" * (MAX_NOTE_CHARS + 1)}, "note"),
        ({"note": "bell\x07"}, "U+0007"),
        ({"note": "\ud800"}, "unpaired surrogate U+D800"),
        ({"convolution": {"stride": 0, "padding": 0, "dilation": 1}}, "stride"),
        ({"convolution": {"stride": 1, "padding": 99, "dilation": 1}}, "padding"),
        ({"convolution": {"stride": 1, "padding": 0, "dilation": 9}}, "dilation"),
        ({"convolution": {"stride": 1, "padding": 0}}, "lacks the field 'dilation'"),
        ({"convolution": {"stride": 1, "padding": 0, "dilation": 1, "bias_mode": 2}}, "'bias_mode'"),
        ({"convolution": [1, 0, 1]}, "JSON object"),
        ({"pooling": {"mode": "min", "size": 2, "stride": 2}}, "pooling mode"),
        ({"pooling": {"mode": "max", "size": 9, "stride": 2}}, "pooling size"),
        ({"surprise": 1}, "unexpected field 'surprise'"),
        ({"note": None}, "lacks the field 'note'"),
    ],
)
def test_each_wrong_setting_is_refused_in_words(tmp_path, change, words):
    members = with_meta(**change)
    if "note" in change and change["note"] == "\ud800":  # json.dumps escapes it as \ud800
        assert b"\\ud800" in members["lesson.json"]
    refused(zip_of(tmp_path / "s.cnnviz", members), None, words)


@pytest.mark.parametrize(
    ("key", "arr", "words"),
    [
        ("w", np.zeros((2, 1, 3, 3), np.float32), "1 channel(s) but the input has 3"),
        ("w", np.zeros((2, 3, 9, 9), np.float32), "cannot be computed"),
        ("w", np.zeros((17, 3, 3, 3), np.float32), "17 filters"),
        ("b", np.zeros(3, np.float32), "(2,)"),
        ("x", np.zeros((7, 7), np.float32), "(C, H, W)"),
        ("x", np.full((3, 7, 7), np.nan, np.float32), "NaN"),
        ("x", np.full((3, 7, 7), 1e7, np.float32), "beyond"),
        ("target", np.zeros((2, 4, 4), np.float32), "output's shape (2, 3, 3)"),
        ("target", np.zeros((5, 3, 3), np.float32), "target"),
    ],
)
def test_inconsistent_arrays_are_refused(tmp_path, key, arr, words):
    members = members_of(example_lesson("B"))  # x (3, 7, 7), w (2, 3, 3, 3), stride 2, padding 1
    members[f"{key}.npy"] = npy(arr)
    refused(zip_of(tmp_path / "a.cnnviz", members), None, words)


# -- the convolution variants ------------------------------------------------------------------


def variant_lesson(kind: str, **changes) -> Lesson:
    """:func:`rich_lesson`'s numbers as one convolution variant (forward stages only)."""
    base = rich_lesson("relu", upstream="ones", target=None, **changes.pop("base", {}))
    fields = {
        k: getattr(base, k) for k in ("stride", "padding", "dilation", "stage", "step", "speed", "name")
    }
    fields.update(pool_mode="avg", pool_size=2, pool_stride=1, note=base.note)
    w = base.w  # (3, 2, 3, 2)
    if kind == "groups":  # 4 filters of 1 channel each: groups 2 over 2 channels
        w = np.concatenate([w[:, :1], w[:1, 1:]], axis=0)
        fields.update(groups=2, padding_mode="circular", flip=True)
    elif kind.startswith("transposed"):  # (C_in, C_out, KH, KW) = (2, 3, 3, 2)
        w = np.ascontiguousarray(w.transpose(1, 0, 2, 3))
        fields.update(transposed=True, output_padding=1, picture=kind.split("_")[1])
    else:
        fields.update(padding_mode=kind)
    b = np.arange(w.shape[1] if kind.startswith("transposed") else w.shape[0], dtype=np.float32) - 0.5
    fields.update(changes)
    return Lesson(base.x, w, b, **fields)


VARIANT_KINDS = ("reflect", "replicate", "circular", "groups", "transposed_scatter", "transposed_direct")


@pytest.mark.parametrize("kind", VARIANT_KINDS)
def test_a_variant_survives_a_round_trip_with_all_its_fields_written(tmp_path, kind):
    lesson = variant_lesson(kind)
    write_lesson(tmp_path / "v.cnnviz", lesson)
    back = read_lesson(tmp_path / "v.cnnviz")
    assert back.same_as(lesson) and back.variant == lesson.variant and not back.variant.default
    assert back.w.tobytes() == lesson.w.tobytes() and back.w.shape == lesson.w.shape
    conv = json.loads(members_of(lesson)["lesson.json"])["convolution"]
    assert list(conv) == ["stride", "padding", "dilation", *VARIANT_FIELDS]
    assert lesson_to_bytes(back) == lesson_to_bytes(lesson)


def test_the_picture_alone_is_kept_for_the_ordinary_convolution(tmp_path):
    lesson = rich_lesson("conv", picture="direct")
    write_lesson(tmp_path / "p.cnnviz", lesson)
    back = read_lesson(tmp_path / "p.cnnviz")
    assert back.picture == "direct" and back.variant.plain and back.same_as(lesson)


def test_an_ordinary_lesson_writes_no_variant_and_old_files_still_load(tmp_path):
    conv = json.loads(members_of(rich_lesson())["lesson.json"])["convolution"]
    assert conv == {"stride": 2, "padding": 1, "dilation": 2}  # the bytes of before the variants
    old = read_lesson(resource_path("lessons", "example_B.cnnviz"))  # written before the variants
    assert old.variant == Variant() and old.variant.default
    # one variant key alone: the others take their defaults
    path = zip_of(
        tmp_path / "f.cnnviz", with_meta(convolution={"stride": 2, "padding": 1, "dilation": 1, "flip": True})
    )
    back = read_lesson(path)
    assert back.flip and back.variant == Variant(flip=True)


@pytest.mark.parametrize(
    ("kind", "conv", "words"),
    [
        ("reflect", {"padding_mode": "mirror"}, "padding mode must be one of zeros, reflect, replicate"),
        ("reflect", {"flip": "true"}, "flip (true convolution) setting must be true or false"),
        ("reflect", {"transposed": 0}, "transposed setting must be true or false, got 0"),
        ("reflect", {"groups": True}, "groups must be a whole number"),
        ("reflect", {"groups": 17}, "groups must be between 1 and 16"),
        ("reflect", {"padding": 6}, "reflect padding must be smaller than the input: padding 6"),
        ("circular", {"padding": 6}, "circular padding must not be larger than the input"),
        ("reflect", {"output_padding": 1}, "output padding belongs to the transposed convolution"),
        ("reflect", {"picture": "both"}, "picture must be one of scatter, direct"),
        ("reflect", {"groups": 2}, "groups 2 must divide the number of filters, 3"),
        ("groups", {"groups": 1}, "the filters have 1 channel(s) but the input has 2"),
        ("groups", {"groups": 4}, "groups 4 must divide the input's 2 channel(s)"),
        ("groups", {"transposed": True}, "shown with one group, got groups 2"),
        (
            "transposed_scatter",
            {"output_padding": 2},
            "output padding must be smaller than either the stride",
        ),
        ("transposed_scatter", {"output_padding": 16}, "output padding must be between 0 and 15"),
        ("transposed_scatter", {"padding_mode": "replicate"}, "pads with zeros only"),
        ("transposed_scatter", {"flip": True}, "cannot be flipped"),
        ("transposed_scatter", {"transposed": False, "output_padding": 0}, "channel(s) but the input has 2"),
        ("transposed_scatter", {"padding": 16}, "smaller than 1×1"),
    ],
)
def test_each_wrong_variant_setting_is_refused_in_words(tmp_path, kind, conv, words):
    lesson = variant_lesson(kind)
    meta = json.loads(members_of(lesson)["lesson.json"])
    members = with_meta(lesson, convolution={**meta["convolution"], **conv})
    error = refused(zip_of(tmp_path / "v.cnnviz", members), "invalid", words)
    assert "\n" not in str(error)


@pytest.mark.parametrize(
    ("kind", "key", "arr", "words"),
    [
        ("groups", "w", np.zeros((4, 2, 3, 2), np.float32), "with 2 groups each filter"),
        ("groups", "b", np.zeros(3, np.float32), "(4,)"),
        ("transposed_direct", "w", np.zeros((3, 2, 3, 2), np.float32), "must have C_in = 2"),
        ("transposed_direct", "b", np.zeros(2, np.float32), "(3,), one per filter"),
        ("transposed_direct", "target", np.zeros((3, 2, 3), np.float32), "output's shape (3, 14, 10)"),
        ("transposed_direct", "target", np.zeros((2, 14, 10), np.float32), "(3, OH, OW)"),
        ("reflect", "target", np.zeros((3, 3, 3), np.float32), "output's shape (3, 2, 3)"),
    ],
)
def test_arrays_that_do_not_fit_the_variant_are_refused(tmp_path, kind, key, arr, words):
    members = members_of(variant_lesson(kind))
    members[f"{key}.npy"] = npy(arr)
    refused(zip_of(tmp_path / "a.cnnviz", members), "invalid", words)


def test_a_variant_target_of_the_variants_shape_round_trips(tmp_path):
    target = np.linspace(-1, 1, 3 * 14 * 10, dtype=np.float32).reshape(3, 14, 10)
    lesson = variant_lesson("transposed_direct", upstream="target", target=target)
    assert lesson.out_shape == (3, 14, 10)
    write_lesson(tmp_path / "t.cnnviz", lesson)
    assert read_lesson(tmp_path / "t.cnnviz").target.tobytes() == target.tobytes()


def test_the_variants_are_checked_by_the_lesson_constructor_too():
    lesson = variant_lesson("reflect")
    with pytest.raises(LessonError, match="the grad_x stage follows the ordinary convolution only"):
        variant_lesson("reflect", stage="grad_x")
    with pytest.raises(LessonError, match="pooling 5×5 needs a map .* output is 8×4"):
        variant_lesson("transposed_scatter", stage="pool", pool_size=5, padding=4)
    x = np.zeros((1, 1000, 1000), np.float32)
    with pytest.raises(LessonError, match="output would be 1×15985×15985 .* more than the 18,874,368"):
        Lesson(x, np.zeros((1, 1, 1, 1), np.float32), np.zeros(1, np.float32), stride=16, transposed=True)
    with pytest.raises(LessonError, match="zero-inserted input would be 16×"):
        output_shape((16, 1000, 1000), (16, 1, 15, 15), 4, 0, 8, Variant(transposed=True))
    # the ordinary convolution's largest output still fits
    assert output_shape((16, 1024, 1024), (16, 16, 1, 1), 1, 16, 1, Variant()) == (16, 1056, 1056)
    assert lesson.variant == Variant(padding_mode="reflect")


def test_pooling_that_does_not_fit_is_refused_only_on_the_pooling_stage(tmp_path):
    ex = example_lesson("B")  # output 3×3
    Lesson(ex.x, ex.w, ex.b, stride=2, padding=1, stage="relu", pool_size=4)  # kept for later: fine
    with pytest.raises(LessonError, match="pooling 4×4 needs a map"):
        Lesson(ex.x, ex.w, ex.b, stride=2, padding=1, stage="pool", pool_size=4)


def test_the_lesson_constructor_checks_types():
    ex = example_lesson("A")
    with pytest.raises(LessonError, match="float32"):
        Lesson(ex.x.astype(np.float64), ex.w, ex.b)
    with pytest.raises(LessonError, match="numpy array"):
        Lesson(ex.x.tolist(), ex.w, ex.b)  # type: ignore[arg-type]
    with pytest.raises(LessonError, match="whole number"):
        Lesson(ex.x, ex.w, ex.b, stride=True)
    with pytest.raises(TypeError):
        lesson_to_bytes("not a lesson")  # type: ignore[arg-type]
    x = np.array(ex.x)
    lesson = Lesson(x, ex.w, ex.b)
    x[0, 0, 0] = 99  # the lesson holds its own copy
    assert lesson.x[0, 0, 0] == 0


# -- writing ------------------------------------------------------------------------------------


def test_a_failed_write_leaves_no_file_and_no_part_file(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(LessonError, match="No space left") as info:
        write_lesson(tmp_path / "l.cnnviz", example_lesson("B"))
    assert info.value.reason == "unwritable"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_existing_file(tmp_path, monkeypatch):
    path = tmp_path / "l.cnnviz"
    write_lesson(path, example_lesson("A"))
    before = path.read_bytes()
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    with pytest.raises(LessonError, match="Input/output error"):
        write_lesson(path, example_lesson("B"))
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["l.cnnviz"]


def test_a_new_file_gets_the_users_umask(tmp_path):
    old = os.umask(0o027)
    try:
        write_lesson(tmp_path / "l.cnnviz", example_lesson("A"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "l.cnnviz").stat().st_mode) == 0o640


def test_a_write_protected_lesson_is_refused_and_left_as_it_is(tmp_path):
    path = tmp_path / "l.cnnviz"
    write_lesson(path, example_lesson("A"))
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        with pytest.raises(LessonError, match="write-protected") as info:
            write_lesson(path, example_lesson("B"))
    finally:
        path.chmod(0o644)
    assert info.value.reason == "write_protected"
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["l.cnnviz"]


def test_a_missing_folder_is_refused_in_words(tmp_path):
    with pytest.raises(LessonError) as info:
        write_lesson(tmp_path / "no" / "l.cnnviz", example_lesson("A"))
    assert info.value.reason == "unwritable" and "\n" not in str(info.value)
