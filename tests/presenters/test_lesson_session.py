"""A session saved as a lesson and opened again is the same session; a bad lesson is
refused in words and leaves the student's session exactly as it was."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import numpy as np
import pytest
from hostile_builders import npy_header

from cnnviz.core import load_demo
from cnnviz.core.lesson_data import Lesson, LessonError, example_lesson
from cnnviz.media.lesson_file import lesson_to_bytes, write_lesson
from cnnviz.presenters import STAGES, ConvSessionPresenter, Params, PoolSettings
from cnnviz.presenters.lesson_session import (
    apply_lesson,
    describe_lesson_error,
    lesson_from_session,
    open_lesson,
    save_lesson,
)


@pytest.fixture
def presenter(qapp):
    p = ConvSessionPresenter()
    yield p
    p.pause()


def rich_session(p: ConvSessionPresenter, stage: str) -> None:
    """Every part of the session away from the demo's: awkward numbers, target, speed."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 7, 6)).astype(np.float32)
    x[0, 0, 0], x[1, 6, 5] = -0.0, 1e-40  # a signed zero and a subnormal survive bit for bit
    assert p.set_input(x, "chat\n(0).png")
    assert p.set_filters(
        rng.normal(size=(3, 2, 3, 2)).astype(np.float32), np.array([0.5, -1.25, 3], np.float32)
    )
    assert p.set_stride(2) and p.set_padding(1) and p.set_dilation(2)
    assert p.set_pool("avg", 2, 1)
    assert p.set_upstream("target")
    assert p.set_target_value(1, 1, 0, 2.5)
    assert p.set_stage(stage)
    p.seek(min(3, p.num_steps - 1))
    p.set_speed(7.5)


def snapshot(p: ConvSessionPresenter) -> Lesson:
    return lesson_from_session(p, "")


@pytest.mark.parametrize("stage", STAGES)
def test_save_then_open_gives_the_identical_session_in_every_stage(presenter, qapp, tmp_path, stage):
    rich_session(presenter, stage)
    note = "Look at w0.\n\tNächster Schritt — 下一步 ✓"
    path = tmp_path / "lesson.cnnviz"
    assert save_lesson(presenter, path, note)
    before = lesson_from_session(presenter, note)
    other = ConvSessionPresenter()  # a fresh window: the demo at step 1
    lesson = open_lesson(other, path)
    assert lesson is not None and lesson.note == note
    after = lesson_from_session(other, note)
    assert after.same_as(before)
    assert (other.stage, other.step_index, other.speed) == (stage, min(3, presenter.num_steps - 1), 7.5)
    assert other.input_name == "chat?(0).png"  # a lesson's name holds no control characters
    for name in ("x", "w", "b"):
        assert getattr(other.trace, name).tobytes() == getattr(presenter.trace, name).tobytes()
    assert other.target.tobytes() == presenter.target.tobytes() and other.upstream_mode == "target"
    assert other.params == presenter.params and other.pool_settings == presenter.pool_settings
    np.testing.assert_array_equal(other.stage_trace.output, presenter.stage_trace.output)
    other.pause()


def test_an_untouched_target_is_saved_as_none_and_comes_back_as_zeros(presenter, tmp_path):
    lesson = snapshot(presenter)
    assert lesson.target is None and lesson.upstream == "ones"
    assert presenter.set_upstream("target") and presenter.set_stage("grad_b")
    assert apply_lesson(presenter, lesson)
    assert presenter.upstream_mode == "ones" and not presenter.target.any()
    assert snapshot(presenter).same_as(lesson)


def test_opening_a_lesson_restarts_the_other_stages_and_switches_stage(presenter, qtbot):
    presenter.set_stage("relu")
    presenter.seek(5)
    with qtbot.waitSignals([presenter.session_changed, presenter.stage_changed, presenter.step_changed]):
        assert apply_lesson(presenter, example_lesson("C"))
    assert (presenter.stage, presenter.step_index, presenter.input_name) == ("pool", 0, "example C")
    assert presenter.set_stage("relu") and presenter.step_index == 0


# -- refusals: the session untouched ------------------------------------------------------


def members_of(lesson: Lesson) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(lesson_to_bytes(lesson))) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_of(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def with_meta(**changes) -> dict[str, bytes]:
    members = members_of(example_lesson("B"))
    meta = json.loads(members["lesson.json"])
    meta.update(changes)
    members["lesson.json"] = json.dumps(meta).encode()
    return members


def npy(arr) -> bytes:
    out = io.BytesIO()
    np.save(out, arr, allow_pickle=True)
    return out.getvalue()


def _missing(tmp_path):
    return tmp_path / "none.cnnviz"


def _folder(tmp_path):
    (tmp_path / "dir.cnnviz").mkdir()
    return tmp_path / "dir.cnnviz"


def _png(tmp_path):
    (tmp_path / "p.cnnviz").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return tmp_path / "p.cnnviz"


def _flipped(tmp_path):
    data = bytearray(lesson_to_bytes(example_lesson("B")))
    data[data.find(b"\x93NUMPY", data.find(b"w.npy")) + 131] ^= 0x40
    (tmp_path / "f.cnnviz").write_bytes(bytes(data))
    return tmp_path / "f.cnnviz"


def _with(**members):
    def build(tmp_path):
        base = members_of(example_lesson("B"))
        base.update(members)
        return zip_of(tmp_path / "m.cnnviz", base)

    return build


def _meta(**changes):
    return lambda tmp_path: zip_of(tmp_path / "j.cnnviz", with_meta(**changes))


BAD = {
    "missing": (_missing, "missing", "does not exist"),
    "folder": (_folder, "folder", "folder"),
    "not_lesson": (_png, "not_lesson", "not a cnnviz lesson"),
    "newer": (_meta(version=2), "newer", "newer version"),
    "damaged": (_flipped, "damaged", "damaged"),
    "pickle": (_with(**{"x.npy": npy(np.array([{"evil": 1}], dtype=object))}), "pickle", "pickled"),
    "too_large": (_with(**{"x.npy": npy_header((3, 10**7, 10**7)) + bytes(64)}), "too_large", "far larger"),
    "invalid_setting": (_meta(convolution={"stride": 0, "padding": 0, "dilation": 1}), "invalid", "stride"),
    "invalid_array": (_with(**{"x.npy": npy(np.full((3, 7, 7), np.nan, np.float32))}), "invalid", "NaN"),
    "stage": (_meta(stage="softmax"), "invalid", "stage"),
    "step": (_meta(step=18), "step", "step 19 of the conv stage"),
    "pool_step": (_meta(stage="pool", step=2), "step", "past the last step"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_each_bad_lesson_is_refused_in_words_with_the_session_untouched(presenter, tmp_path, kind):
    build, reason, words = BAD[kind]
    rich_session(presenter, "grad_x")
    before = snapshot(presenter)
    messages: list[str] = []
    presenter.error_reported.connect(messages.append)
    path = build(tmp_path)
    assert open_lesson(presenter, path) is None
    assert len(messages) == 1 and path.name in messages[0] and words in messages[0], messages
    assert "\n" not in messages[0]
    assert snapshot(presenter).same_as(before)
    assert (presenter.stage, presenter.input_name) == ("grad_x", "chat\n(0).png")
    if reason == "step":
        assert "its step is past the last step of its stage" in messages[0]


def test_a_step_past_the_stage_is_refused_by_apply_lesson(presenter):
    before = snapshot(presenter)
    ex = example_lesson("C")  # pooling: 4 steps
    late = Lesson(ex.x, ex.w, ex.b, stage="pool", step=4, name="late")
    messages: list[str] = []
    presenter.error_reported.connect(messages.append)
    assert not apply_lesson(presenter, late, "late.cnnviz")
    assert messages == [
        "Could not open the lesson late.cnnviz: its step is past the last step of its stage. "
        "(the lesson is at step 5 of the pool stage, which has 4 step(s))"
    ]
    assert snapshot(presenter).same_as(before)


def test_restore_refuses_a_stage_that_cannot_be_shown_and_changes_nothing(presenter):
    before = snapshot(presenter)
    t = presenter.trace
    big_pool = PoolSettings("max", 4, 1)  # the demo's output is 3×3
    assert not presenter.restore(t.x, t.w, t.b, Params(2, 1, 1), big_pool, "pool", "ones", None, 0, "x")
    assert not presenter.restore(
        t.x, t.w, t.b, Params(2, 1, 1), PoolSettings(), "conv", "zeros", None, 0, "x"
    )
    assert snapshot(presenter).same_as(before)


@pytest.mark.parametrize(
    ("params", "stage", "picture", "words"),
    [
        (Params(2, 5, 1, padding_mode="reflect"), "conv", "scatter", "Reflect padding 5"),
        (Params(2, 1, 1, flip=True), "grad_w", "scatter", "cannot be shown on the grad_w stage"),
        (Params(2, 1, 1, transposed=True), "grad_x", "scatter", "cannot be shown on the grad_x stage"),
        (Params(2, 1, 1, transposed=True, output_padding=2), "conv", "scatter", "smaller than the stride"),
        (Params(2, 1, 1, groups=2), "conv", "scatter", "must divide the input's 3 channel(s)"),
        (Params(2, 1, 1, transposed=True), "conv", "sideways", "scatter or direct"),
    ],
)
def test_restore_refuses_a_variant_it_cannot_show_and_changes_nothing(
    presenter, params, stage, picture, words
):
    assert presenter.set_transposed(True) and presenter.set_transposed_picture("direct")
    presenter.seek(7)
    before, kept = snapshot(presenter), (presenter.params, presenter.picture, presenter.step_index)
    messages: list[str] = []
    presenter.error_reported.connect(messages.append)
    x, w, b = DEMO.x, DEMO.w, DEMO.b
    assert not presenter.restore(
        x, w, b, params, PoolSettings(), stage, "ones", None, 0, "x", picture=picture
    )
    assert len(messages) == 1 and words in messages[0], messages
    assert snapshot(presenter).same_as(before)
    assert (presenter.params, presenter.picture, presenter.step_index) == kept


def test_a_lesson_opens_as_the_ordinary_convolution_after_a_variant(presenter):
    assert presenter.set_padding_mode("reflect") and presenter.set_flip(True)
    assert apply_lesson(presenter, example_lesson("B"))
    assert presenter.params == Params(2, 1, 1) and presenter.trace.output[0, 0, 0] == 1
    assert snapshot(presenter).same_as(Lesson(**{**vars(example_lesson("B")), "note": ""}))


# -- the convolution variants ---------------------------------------------------------------

DEMO = load_demo()

#: each variant of the session, made through the window's own slots
VARIANTS = {
    "reflect": lambda p: p.set_padding_mode("reflect"),
    "replicate": lambda p: p.set_padding_mode("replicate"),
    "circular": lambda p: p.set_padding_mode("circular"),
    "flip": lambda p: p.set_flip(True),
    "groups": lambda p: p.set_groups(2),
    "depthwise_flip_reflect": lambda p: (
        p.set_groups(2) and p.set_flip(True) and p.set_padding_mode("reflect")
    ),
    "transposed_scatter": lambda p: p.set_transposed(True) and p.set_output_padding(1),
    "transposed_direct": lambda p: p.set_transposed(True) and p.set_transposed_picture("direct"),
}
FORWARD = ("conv", "relu", "pool")


def variant_session(p: ConvSessionPresenter, variant: str, stage: str) -> None:
    """:func:`rich_session`'s numbers with 4 filters (groups 2 divide them) and a variant."""
    assert p.load_demo()  # the article's convolution first
    rich_session(p, "conv")
    assert p.set_filter_count(4) and VARIANTS[variant](p)
    assert p.available_stages() == FORWARD  # no backward stage for a variant
    assert p.set_stage(stage)
    p.seek(p.num_steps * 2 // 3)


@pytest.mark.parametrize("stage", FORWARD)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_variant_saved_then_opened_is_the_identical_session(presenter, tmp_path, variant, stage):
    variant_session(presenter, variant, stage)
    path = tmp_path / "variant.cnnviz"
    assert save_lesson(presenter, path, "a variant")
    other = ConvSessionPresenter()  # a fresh window: the demo at step 1
    try:
        lesson = open_lesson(other, path)
        assert lesson is not None
        assert lesson_from_session(other, "a variant").same_as(lesson_from_session(presenter, "a variant"))
        assert other.params == presenter.params != Params(2, 1, 2)
        assert (other.picture, other.stage, other.step_index) == (
            presenter.picture,
            stage,
            presenter.num_steps * 2 // 3,
        )
        for name in ("input_x", "weights", "biases"):
            assert getattr(other, name).tobytes() == getattr(presenter, name).tobytes(), name
        assert other.trace.x.tobytes() == presenter.trace.x.tobytes()  # zero-inserted when transposed
        assert other.target.tobytes() == presenter.target.tobytes()
        np.testing.assert_array_equal(other.stage_trace.output, presenter.stage_trace.output)
        assert _same_step(other.current, presenter.current)
        if stage == "conv" and presenter.transposed_trace is not None:
            assert other.shows_scatter == (variant == "transposed_scatter")
            np.testing.assert_array_equal(other.scatter_sums(), presenter.scatter_sums())
    finally:
        other.pause()
        other.deleteLater()


def _same_step(a, b) -> bool:
    """Step records (frozen dataclasses) compared field by field, arrays by value."""
    if type(a) is not type(b):
        return False
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if not (np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y):
            return False
    return True


def test_a_variant_lesson_holds_the_variant_and_the_weights_as_pytorch_lays_them_out(presenter):
    variant_session(presenter, "transposed_direct", "relu")
    lesson = snapshot(presenter)
    assert (lesson.transposed, lesson.output_padding, lesson.picture) == (True, 0, "direct")
    assert lesson.w.shape == (2, 4, 3, 2)  # (C_in, C_out, KH, KW)
    assert lesson.x.shape == (2, 7, 6) and lesson.out_shape == presenter.transposed_trace.output.shape
    assert lesson.target is None  # the edited target had the ordinary convolution's shape
    variant_session(presenter, "depthwise_flip_reflect", "pool")
    lesson = snapshot(presenter)
    assert lesson.w.shape == (4, 1, 3, 2) and (lesson.groups, lesson.flip, lesson.padding_mode) == (
        2,
        True,
        "reflect",
    )


def test_opening_a_lesson_sets_the_picture_it_holds(presenter, qtbot):
    variant_session(presenter, "transposed_scatter", "conv")
    scatter = snapshot(presenter)
    assert presenter.set_transposed_picture("direct")
    presenter.seek(5)
    with qtbot.waitSignals([presenter.session_changed, presenter.step_changed]):
        assert apply_lesson(presenter, scatter)
    assert presenter.picture == "scatter" and presenter.shows_scatter
    assert snapshot(presenter).same_as(scatter)
    assert (
        presenter.set_transposed_picture("direct") and presenter.step_index == 0
    )  # the other picture: step 1


def test_the_code_of_a_variant_lesson_is_the_code_of_its_session(presenter):
    from cnnviz.presenters.code_text import lesson_code, session_code

    for variant in ("depthwise_flip_reflect", "transposed_scatter"):
        variant_session(presenter, variant, "pool")
        assert lesson_code(snapshot(presenter)) == session_code(presenter)


def variant_meta(tmp_path, **conv):
    """Example B's lesson file with its convolution's settings changed (None deletes one)."""
    members = members_of(example_lesson("B"))  # x (3, 5, 5), w (2, 3, 3, 3), stride 2, padding 1
    meta = json.loads(members["lesson.json"])
    meta["convolution"].update(conv)
    members["lesson.json"] = json.dumps(meta).encode()
    return zip_of(tmp_path / "variant.cnnviz", members)


BAD_VARIANTS = {
    "mode": ({"padding_mode": "mirror"}, "padding mode must be one of zeros, reflect"),
    "flip": ({"flip": 1}, "flip (true convolution) setting must be true or false, got 1"),
    "transposed": ({"transposed": "yes"}, "transposed setting must be true or false"),
    "groups_type": ({"groups": 1.5}, "groups must be a whole number"),
    "groups_range": ({"groups": 0}, "groups must be between 1 and 16"),
    "groups_channels": ({"groups": 2}, "groups 2 must divide the input's 3 channel(s)"),
    "groups_filters": ({"groups": 3}, "groups 3 must divide the number of filters, 2"),
    "reflect": ({"padding": 7, "padding_mode": "reflect"}, "reflect padding must be smaller than the input"),
    "circular": ({"padding": 8, "padding_mode": "circular"}, "circular padding must not be larger"),
    "op_alone": ({"output_padding": 1}, "output padding belongs to the transposed convolution"),
    "op_range": ({"output_padding": -1}, "output padding must be between 0 and 15"),
    "t_layout": ({"transposed": True}, "filters (C_in, C_out, KH, KW) must have C_in = 3"),
    "t_groups": ({"transposed": True, "groups": 2}, "shown with one group"),
    "t_mode": ({"transposed": True, "padding_mode": "circular"}, "pads with zeros only"),
    "t_flip": ({"transposed": True, "flip": True}, "cannot be flipped"),
    "picture": ({"picture": "sideways"}, "picture must be one of scatter, direct"),
}


@pytest.mark.parametrize("kind", sorted(BAD_VARIANTS))
def test_each_bad_variant_is_refused_in_words_with_the_session_untouched(presenter, tmp_path, kind):
    change, words = BAD_VARIANTS[kind]
    variant_session(presenter, "transposed_direct", "relu")
    before, kept = snapshot(presenter), (presenter.params, presenter.picture, presenter.step_index)
    messages: list[str] = []
    presenter.error_reported.connect(messages.append)
    path = variant_meta(tmp_path, **change)
    assert open_lesson(presenter, path) is None
    assert len(messages) == 1 and "variant.cnnviz" in messages[0] and words in messages[0], messages
    assert snapshot(presenter).same_as(before)
    assert (presenter.params, presenter.picture, presenter.step_index) == kept


def test_a_backward_stage_of_a_variant_is_refused(presenter):
    ex = example_lesson("B")
    before = snapshot(presenter)
    with pytest.raises(LessonError, match="grad_w stage follows the ordinary convolution only"):
        Lesson(ex.x, ex.w, ex.b, stride=2, padding=1, stage="grad_w", flip=True)
    assert snapshot(presenter).same_as(before)


# -- saving -------------------------------------------------------------------------------


def test_a_save_that_is_refused_writes_nothing_and_says_why(presenter, tmp_path):
    messages: list[str] = []
    presenter.error_reported.connect(messages.append)
    assert not save_lesson(presenter, tmp_path / "long.cnnviz", "n" * 20_001)
    assert not save_lesson(presenter, tmp_path / "bell.cnnviz", "ring\x07")
    assert list(tmp_path.iterdir()) == []
    kept = tmp_path / "kept.cnnviz"
    write_lesson(kept, example_lesson("A"))
    before = kept.read_bytes()
    kept.chmod(0o444)
    try:
        assert not save_lesson(presenter, kept, "")
    finally:
        kept.chmod(0o644)
    assert kept.read_bytes() == before
    assert not save_lesson(presenter, tmp_path / "no" / "folder.cnnviz", "")
    assert [m.split(":")[0] for m in messages] == [
        "Could not save the lesson long.cnnviz",
        "Could not save the lesson bell.cnnviz",
        "Could not save the lesson kept.cnnviz",
        "Could not save the lesson folder.cnnviz",
    ]
    assert "20,000" in messages[0] and "U+0007" in messages[1] and "write-protected" in messages[2]


def test_a_long_name_is_cut_to_fit_a_lesson(presenter):
    assert presenter.set_input(np.zeros((1, 4, 4), np.float32), "a" * 300 + ".png")
    name = snapshot(presenter).name
    assert len(name) == 200 and name.endswith("…")


def test_messages_in_chinese(qapp):
    from cnnviz.app import LanguageSwitcher

    switcher = LanguageSwitcher(qapp)
    try:
        switcher.apply("zh_CN")
        text = describe_lesson_error(LessonError("the file does not exist", "missing"), "a.cnnviz")
        assert "a.cnnviz" in text and "不存在" in text
        newer = describe_lesson_error(LessonError("made by a newer cnnviz", "newer"), "b.cnnviz")
        assert "更新" in newer or "新版本" in newer
    finally:
        switcher.apply("en")


def test_every_reason_has_words(qapp):
    reasons = "missing folder unreadable not_lesson newer damaged pickle too_large invalid step".split()
    texts = {describe_lesson_error(LessonError("detail", r), "f.cnnviz") for r in reasons}
    assert len(texts) == len(reasons)
