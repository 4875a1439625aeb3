"""``cnnviz FILE`` opens the window with a lesson or a picture, the subcommands keep
working beside it, and ``cnnviz export --lesson`` renders a lesson headless."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest
from PIL import Image

from cnnviz import cli
from cnnviz.cli import main
from cnnviz.core.lesson_data import Lesson, example_lesson
from cnnviz.media.lesson_file import lesson_to_bytes, write_lesson


@pytest.fixture
def launched(monkeypatch):
    """What ``main`` would open the window with, without opening it."""
    calls: list[dict] = []
    monkeypatch.setattr("cnnviz.display_check.display_problem", lambda: "")
    monkeypatch.setattr("cnnviz.app.run_app", lambda **kw: calls.append(kw) or 0)
    return calls


@pytest.mark.parametrize(
    ("argv", "file"),
    [
        ([], None),
        (["lesson.cnnviz"], "lesson.cnnviz"),
        (["cat photo.JPG"], "cat photo.JPG"),
        (["--", "-odd.png"], "-odd.png"),
        (["export"], None),  # a command word is never a file
    ],
)
def test_split_file(argv, file):
    assert cli._split_file(argv, ("train", "export", "worksheet"))[0] == file


@pytest.mark.parametrize("argv", [[], ["lesson.cnnviz"], ["pictures/cat.jpg"], ["--", "-odd.png"]])
def test_cnnviz_file_opens_the_window_with_it(launched, argv):
    assert main(argv) == 0
    assert launched == [{"file": argv[-1] if argv else None}]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["a.jpg", "b.jpg"], "one file at a time"),
        (["a.jpg", "export", "--demo"], "not both ('a.jpg' and 'export')"),
        (["exprot", "--demo"], "'exprot' is neither a command ('train', 'export', "),
    ],
)
def test_a_file_and_something_else_is_refused(launched, capsys, argv, words):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2 and launched == []
    assert words in capsys.readouterr().err


def test_help_says_plain_cnnviz_opens_the_window(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "Plain `cnnviz` opens the window" in out and "`cnnviz FILE`" in out and "lesson (.cnnviz)" in out
    with pytest.raises(SystemExit):
        main(["worksheet", "--help"])
    assert capsys.readouterr().out.startswith("usage: cnnviz worksheet")  # no [FILE] in a command's usage


def test_the_subcommands_still_work(tmp_path, capsys, launched):
    assert main(["export", "--demo", "--step", "0", "-o", str(tmp_path / "d.png")]) == 0
    assert main(["worksheet", "--seed", "3", "-o", str(tmp_path / "w.png")]) == 0
    assert main(["train", "--dataset", "digits", "--epochs", "1", "--save", str(tmp_path / "m.npz")]) == 0
    assert (
        (tmp_path / "d.png").is_file() and (tmp_path / "w.png").is_file() and (tmp_path / "m.npz").is_file()
    )
    assert launched == []
    assert "epoch 1/1" in capsys.readouterr().out


# -- cnnviz export --lesson ---------------------------------------------------------------


def frame_count(path) -> int:
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


def lesson_file(tmp_path, lesson: Lesson, name: str = "l.cnnviz"):
    path = tmp_path / name
    write_lesson(path, lesson)
    return path


def at(key: str, **changes) -> Lesson:
    ex = example_lesson(key)
    fields = {k: getattr(ex, k) for k in ("stride", "padding", "dilation", "stage", "name")}
    fields.update(changes)
    return Lesson(ex.x, ex.w, ex.b, **fields)


@pytest.mark.parametrize(
    ("lesson", "extra", "frames", "first"),
    [
        (example_lesson("C"), [], 4, 0),  # max pooling 2×2 of a 4×4 map
        (at("B", step=5), [], 13, 5),  # from its step
        (at("B", step=5), ["--start", "0"], 18, 0),
        (at("B", step=5), ["--start", "2", "--stop", "8", "--every", "2"], 3, 2),
        (at("B", stage="grad_w", step=50), [], 4, 50),  # 54 weights
        (at("B", stage="relu", step=17), [], 1, 17),
    ],
)
def test_export_lesson_frame_counts(tmp_path, capsys, lesson, extra, frames, first):
    out = tmp_path / "x.gif"
    code = main(["export", "--lesson", str(lesson_file(tmp_path, lesson)), *extra, "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert frame_count(out) == frames
    assert f"wrote {frames} frames (steps {first}.." in stdout


def variant(kind: str, **changes) -> Lesson:
    """Example B's numbers as a convolution variant: x (3, 5, 5), stride 2, padding 1."""
    ex = example_lesson("B")
    w, b, fields = ex.w, ex.b, {"stride": 2, "padding": 1, "name": "variant", **changes}
    if kind == "transposed":  # the filters read as PyTorch's (C_in, C_out, KH, KW) = (3, 2, 3, 3)
        w, b = np.ascontiguousarray(ex.w.transpose(1, 0, 2, 3)), np.array([0.5, -1], np.float32)
        fields.update(transposed=True)
    elif kind == "depthwise":  # (F, C/groups, KH, KW) = (3, 1, 3, 3)
        w, b = np.ascontiguousarray(ex.w[:, :1].repeat(3, axis=0)[:3]), np.zeros(3, np.float32)
        fields.update(groups=3)
    else:
        fields.update(padding_mode=kind, flip=True)
    return Lesson(ex.x, w, b, **fields)


@pytest.mark.parametrize(
    ("lesson", "steps", "frames", "first"),
    [
        (variant("reflect", step=5), 18, 13, 5),  # 2 filters × 3×3 outputs, from step 5
        (variant("circular", stage="relu", step=10), 18, 8, 10),
        (variant("depthwise", stage="pool", pool_size=2, pool_stride=1), 12, 12, 0),  # 3 × 2×2
        (variant("transposed", step=70), 75, 5, 70),  # scatter: one step per input cell, 3×5×5
        (variant("transposed", picture="direct", output_padding=1, step=190), 2 * 10 * 10, 10, 190),
    ],
)
def test_export_lesson_renders_a_variant(tmp_path, capsys, lesson, steps, frames, first):
    from cnnviz.presenters import ConvSessionPresenter
    from cnnviz.presenters.lesson_session import apply_lesson

    p = ConvSessionPresenter()  # the window opens it with the same number of steps
    assert apply_lesson(p, lesson) and p.num_steps == steps and p.params.transposed == lesson.transposed
    p.deleteLater()
    out = tmp_path / "v.gif"
    code = main(["export", "--lesson", str(lesson_file(tmp_path, lesson)), "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert frame_count(out) == frames
    assert f"wrote {frames} frames (steps {first}..{steps - 1}, every 1) of {steps}" in stdout


def test_export_lesson_refuses_variant_flags(tmp_path, capsys):
    path = lesson_file(tmp_path, variant("transposed"))
    assert main(["export", "--lesson", str(path), "--flip", "-o", str(tmp_path / "x.gif")]) == 2
    assert "leave out --flip" in capsys.readouterr().err


def test_export_lesson_step_writes_one_png(tmp_path, capsys):
    path = lesson_file(tmp_path, at("B", step=5))
    assert main(["export", "--lesson", str(path), "--step", "3", "-o", str(tmp_path / "s.png")]) == 0
    assert "wrote step 3 of 18" in capsys.readouterr().out


def test_export_lesson_uses_its_target(tmp_path):
    """The private session the export draws is the lesson's, target and all."""
    from cnnviz.commands.export_lesson import open_in
    from cnnviz.views.export_frames import build_session

    ex = example_lesson("B")
    t = np.zeros((2, 3, 3), np.float32)
    t[1, 2, 0] = 4.5
    lesson = Lesson(
        ex.x, ex.w, ex.b, stride=2, padding=1, stage="grad_b", upstream="target", target=t, step=1
    )
    p = build_session(ex.x, ex.w, ex.b, stride=2, padding=1, dilation=1, name="l")
    open_in(p, lesson)
    assert (p.stage, p.step_index, p.upstream_mode) == ("grad_b", 1, "target")
    assert p.target.tobytes() == t.tobytes()
    p.deleteLater()


def damaged_step(tmp_path):
    with zipfile.ZipFile(io.BytesIO(lesson_to_bytes(example_lesson("B")))) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    meta = json.loads(members["lesson.json"])
    meta["step"] = 99
    members["lesson.json"] = json.dumps(meta).encode()
    path = tmp_path / "late.cnnviz"
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    return path


@pytest.mark.parametrize(
    ("make", "extra", "words"),
    [
        (lambda p: lesson_file(p, example_lesson("B")), ["--stride", "1"], "leave out --stride"),
        (lambda p: lesson_file(p, example_lesson("B")), ["--stage", "relu"], "leave out --stage"),
        (lambda p: p / "none.cnnviz", [], "cannot open the lesson none.cnnviz: the file does not exist"),
        (damaged_step, [], "step 100 of the conv stage, which has 18 step(s)"),
        (
            lambda p: lesson_file(p, example_lesson("B")),
            ["--start", "18"],
            "first step must be between 0 and 17",
        ),
    ],
)
def test_export_lesson_refusals_are_one_line(tmp_path, capsys, make, extra, words):
    out = tmp_path / "x.gif"
    code = main(["export", "--lesson", str(make(tmp_path)), *extra, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("cnnviz: error: ") and words in err, err
    assert not out.exists()
