"""``cnnviz export`` for slides and handouts: ``--taps`` (a frame per multiply-add),
``--caption``, ``--lang zh_CN`` (every word drawn comes from the catalogue) and
``--panels``; refusals exit 2 with one line and write nothing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import run_cli
from PIL import Image

from cnnviz.cli import main

TS = Path(__file__).resolve().parents[1] / "resources" / "translations" / "cnnviz_zh_CN.ts"
WORD = re.compile(r"[A-Za-z]{2,}")
#: what a formula writes in any language: max(0, x), exp(z)
FORMULA_WORDS = {"max", "exp"}




def exit_status(capsys, argv: list[str]) -> tuple[int, str]:
    """The exit status of ``cnnviz ARGV`` (argparse exits, a usage error returns 2) and stderr."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr()[1]


def frame_count(path) -> int:
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


def pixels(path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


# -- --taps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, frames",
    [
        (["--example", "A"], 10),  # one 3×3 window: 9 multiply-adds, then the bias
        (["--demo", "--stop", "2"], 2 * 28),  # two steps of 3 channels × 9 taps + bias
        (["--example", "C", "--stage", "conv", "--stop", "1"], 1 * 2),  # 1×1 kernel on one channel
    ],
)
def test_taps_export_one_frame_per_multiply_add(tmp_path, capsys, argv, frames):
    out = tmp_path / "taps.gif"
    code, stdout, err = run_cli(capsys, "export", *argv, "--taps", "-o", str(out))
    assert (code, err) == (0, "")
    assert frame_count(out) == frames
    assert f"wrote {frames} frames" in stdout


def test_tap_frames_are_the_walk_the_window_shows(qtbot):
    from cnnviz.core import load_demo
    from cnnviz.views.export_frames import OffscreenFrames, build_session

    d = load_demo()
    frames = OffscreenFrames(build_session(d.x, d.w, d.b, stride=2, padding=1, dilation=1, name="demo"))
    try:
        assert frames.tap_frames(range(0, 2)) == [(k, t) for k in range(2) for t in range(28)]
        first, fifth = frames.at(0, 0), frames.at(0, 5)
        assert not np.array_equal(first, fifth)
        assert frames.view.arithmetic_view.channel_lines[0].endswith("+ 1*1 = 1")
        assert not np.array_equal(frames(0), fifth)  # a whole step again, not the walk
        assert frames.presenter.tap == -1
    finally:
        frames.close()


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--demo", "--stage", "relu"], "leave out --stage/--backward"),
        (["--demo", "--backward", "weights"], "leave out --stage/--backward"),
        (["--example", "C"], "add --stage conv"),  # example C opens on its pooling stage
        (["--demo", "--max-frames", "50"], "28 frames per step"),
        (["--demo", "--transposed"], "the transposed convolution scatters instead"),
    ],
)
def test_bad_taps_exports_exit_2_and_write_nothing(tmp_path, capsys, argv, words):
    out = tmp_path / "x.gif"
    code, err = exit_status(capsys, ["export", *argv, "--taps", "-o", str(out)])
    assert code == 2
    assert err.startswith("cnnviz: error:") and err.count("\n") == 1 and words in err
    assert list(tmp_path.iterdir()) == []


def test_taps_with_a_single_step_png_is_refused(tmp_path, capsys):
    code, err = exit_status(
        capsys, ["export", "--demo", "--taps", "--step", "0", "-o", str(tmp_path / "a.png")]
    )
    assert code == 2 and "--start/--stop" in err


# -- --caption and --panels ---------------------------------------------------------------------


def test_caption_is_drawn_above_the_view(tmp_path, capsys):
    plain, captioned = tmp_path / "plain.png", tmp_path / "captioned.png"
    assert run_cli(capsys, "export", "--demo", "--step", "0", "-o", str(plain))[0] == 0
    code, _, err = run_cli(
        capsys,
        "export",
        "--demo",
        "--step",
        "0",
        "--caption",
        "Step 1: the first output",
        "-o",
        str(captioned),
    )
    assert (code, err) == (0, "")
    a, b = pixels(plain), pixels(captioned)
    assert a.shape == b.shape == (800, 1100, 3)  # same frame size: the view makes room
    assert not np.array_equal(a[:40], b[:40])


def test_caption_and_panels_in_the_frames(qtbot):
    from cnnviz.core import load_demo
    from cnnviz.views.export_frames import OffscreenFrames, build_session

    d = load_demo()
    session = build_session(d.x, d.w, d.b, stride=2, padding=1, dilation=1, name="demo")
    frames = OffscreenFrames(session, caption="Convolution, step by step", panels=["arithmetic", "output"])
    try:
        frames(0)
        page, conv = frames.page, frames.view.conv_view
        assert page.caption_label.text() == "Convolution, step by step" and page.caption_label.isVisibleTo(
            page
        )
        assert not conv.input_view.isVisibleTo(page) and not conv.filter_panel.isVisibleTo(page)
        assert conv.output_view.isVisibleTo(page) and conv.arithmetic_view.isVisibleTo(page)
        session.set_stage("relu")
        relu = frames.view.relu_view
        frames(0)
        assert not relu.input_view.isVisibleTo(page) and relu.output_view.isVisibleTo(page)
        assert relu.formula_label.isVisibleTo(page)
    finally:
        frames.close()
    only = OffscreenFrames(
        build_session(d.x, d.w, d.b, stride=2, padding=1, dilation=1, name="demo"), panels=["arithmetic"]
    )
    try:
        assert not only.view.conv_view.volumes_splitter.isVisibleTo(only.page)  # the arithmetic fills it
    finally:
        only.close()


def test_frames_carry_no_on_screen_hints(qtbot):
    from cnnviz.core import load_demo
    from cnnviz.views.export_frames import OffscreenFrames, build_session

    d = load_demo()
    frames = OffscreenFrames(build_session(d.x, d.w, d.b, stride=2, padding=1, dilation=1, name="demo"))
    try:
        frames(0)
        texts = " ".join(visible_texts(frames.page)).lower()
        assert "click" not in texts and "all filters" not in texts
    finally:
        frames.close()


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--panels", "input,weights"], "unknown panel 'weights'"),
        (["--panels", ","], "at least one"),
        (["--caption", "x" * 201], "at most 200"),
        (["--caption", "two\nlines"], "one line"),
        (["--lang", "fr"], "invalid choice: 'fr'"),
    ],
)
def test_bad_slide_options_exit_2_and_write_nothing(tmp_path, capsys, argv, words):
    out = tmp_path / "x.gif"
    code, err = exit_status(capsys, ["export", "--demo", *argv, "-o", str(out)])
    assert code == 2 and err.startswith("cnnviz: error:") and words in err
    assert list(tmp_path.iterdir()) == []


# -- --lang zh_CN ---------------------------------------------------------------------------------


def visible_texts(top) -> list[str]:
    """Every text a frame shows: visible labels, grid titles, the arithmetic's row labels."""
    from PySide6.QtWidgets import QLabel

    from cnnviz.views.arithmetic_view import ArithmeticView
    from cnnviz.views.volume_view import VolumeView

    texts = [w.text() for w in top.findChildren(QLabel) if w.isVisibleTo(top) and w.text()]
    for view in top.findChildren(VolumeView):
        if view.isVisibleTo(top):
            texts += [p.title.text for p in view.panels if p.title.text]
    for view in top.findChildren(ArithmeticView):
        if view.isVisibleTo(top):
            texts += [label for label, _ in view.canvas.rows]
            texts += [view.total_line]
    return texts


def english_words() -> tuple[set[str], set[str]]:
    """Words of the catalogue's English sources, and those its Chinese texts keep (ReLU, dy …)."""
    sources, kept = set(), set()
    for message in ET.parse(TS).getroot().iter("message"):
        sources |= set(WORD.findall(message.findtext("source", "")))
        kept |= set(WORD.findall(message.findtext("translation", "") or ""))
    return sources, kept


def untranslated(texts: list[str]) -> list[str]:
    sources, kept = english_words()
    return [t for t in texts if set(WORD.findall(t)) & (sources - kept - FORMULA_WORDS)]


def test_zh_frames_show_only_catalogue_chinese(qtbot):
    from PySide6.QtWidgets import QApplication

    from cnnviz.commands.export_slides import install_language
    from cnnviz.core import load_demo
    from cnnviz.views.export_frames import OffscreenFrames, build_session

    d = load_demo()

    def all_stage_texts() -> list[str]:
        session = build_session(d.x, d.w, d.b, stride=2, padding=1, dilation=1, name="demo")
        frames = OffscreenFrames(session, caption="卷积")
        texts = []
        try:
            for stage in ("conv", "relu", "pool", "grad_w", "grad_b", "grad_x"):
                session.set_stage(stage)
                frames(0)
                texts += visible_texts(frames.page)
        finally:
            frames.close()
        return texts

    english = all_stage_texts()
    assert untranslated(english)  # the check finds English words when they are there
    restore = install_language(QApplication.instance(), "zh_CN")
    try:
        chinese = all_stage_texts()
    finally:
        restore()
    assert untranslated(chinese) == []
    assert len(chinese) == len(english) and chinese != english


def test_zh_frames_differ_from_english_ones(tmp_path, capsys):
    en, zh = tmp_path / "en.png", tmp_path / "zh.png"
    assert run_cli(capsys, "export", "--demo", "--step", "0", "-o", str(en))[0] == 0
    assert run_cli(capsys, "export", "--demo", "--step", "0", "--lang", "zh_CN", "-o", str(zh))[0] == 0
    assert not np.array_equal(pixels(en), pixels(zh))
    again = tmp_path / "again.png"  # the command puts English back behind itself
    assert run_cli(capsys, "export", "--demo", "--step", "0", "-o", str(again))[0] == 0
    assert np.array_equal(pixels(en), pixels(again))


def test_the_cli_panel_names_are_the_views():
    from cnnviz.commands.export_slides import MAX_CAPTION, PANELS
    from cnnviz.views import step_image

    assert PANELS == step_image.PANELS and MAX_CAPTION == step_image.MAX_CAPTION
