"""``cnnviz worksheet``: run in-process through ``cnnviz.cli.main``; the pages drawn
by ``cnnviz.media.worksheet_page`` checked against the core's trace."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import cli_helpers
import numpy as np
import pytest
from PIL import Image, ImageDraw

from cnnviz import cli
from cnnviz.commands import worksheet
from cnnviz.core import ConvTrace, format_number
from cnnviz.core.worksheet import answer_key, make_exercise
from cnnviz.media import page_drawing
from cnnviz.media.worksheet_page import MARGIN, PAGE_SIZE, WORDS, layout_page, page_png, text_boxes

ROOT = Path(__file__).resolve().parents[1]


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


@pytest.fixture(autouse=True)
def _worksheet_registered(monkeypatch):
    """Until cli.build_parser registers the command, register it in a wrapper."""
    original = cli.build_parser
    if "worksheet" in _subparsers(original()).choices:
        return

    def build() -> argparse.ArgumentParser:
        parser = original()
        worksheet.register(_subparsers(parser))
        return parser

    monkeypatch.setattr(cli, "build_parser", build)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    return cli_helpers.run_cli(capsys, "worksheet", *argv)


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- files ---------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(tmp_path, capsys):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        code, out, err = run_cli(capsys, "--seed", "11", "--level", "2", "-o", str(tmp_path / name / "s.png"),
                                 "--answers", str(tmp_path / name / "k.png"))  # fmt: skip
        assert (code, err) == (0, "")
        assert "s.png" in out and "k.png" in out
    for f in ("s.png", "k.png"):
        assert (tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes()
    assert (tmp_path / "one" / "s.png").read_bytes() != (tmp_path / "one" / "k.png").read_bytes()


def test_another_process_draws_the_same_bytes(tmp_path, capsys):
    sheet, key = tmp_path / "s.png", tmp_path / "k.png"
    assert run_cli(capsys, "--seed", "5", "--level", "3", "--lang", "zh_CN", "-o", str(sheet),
                   "--answers", str(key))[0] == 0  # fmt: skip
    probe = (
        "import sys\n"
        "from cnnviz.core.worksheet import make_exercise\n"
        "from cnnviz.media.worksheet_page import page_png\n"
        "sys.stdout.buffer.write(page_png(make_exercise(5, 3), 'zh_CN', answers=True))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, cwd=ROOT, env=env, timeout=120,
                         check=True)  # fmt: skip
    assert out.stdout == key.read_bytes()


def test_different_seeds_give_different_sheets(tmp_path, capsys):
    pages = set()
    for seed in range(4):
        path = tmp_path / f"{seed}.png"
        assert run_cli(capsys, "--seed", str(seed), "-o", str(path))[0] == 0
        pages.add(path.read_bytes())
    assert len(pages) == 4


def test_page_is_a4_at_150_dpi_without_varying_metadata(tmp_path, capsys):
    path = tmp_path / "s.png"
    assert run_cli(capsys, "--seed", "1", "-o", str(path))[0] == 0
    with Image.open(path) as im:
        assert im.size == PAGE_SIZE == (1240, 1754)
        assert im.format == "PNG"
        assert set(im.info) == {"dpi"}
        assert [round(v) for v in im.info["dpi"]] == [150, 150]
        assert np.asarray(im.convert("L")).min() == 0  # something is drawn


def test_seed_range_writes_one_named_pair_per_seed(tmp_path, capsys):
    folder = tmp_path / "class"  # created: its parent exists
    code, out, err = run_cli(capsys, "--seeds", "3-7", "--level", "2", "-o", str(folder))
    assert (code, err) == (0, "")
    assert "5 sheets and 5 answer keys" in out
    assert listing(folder) == sorted(
        [f"sheet_{s}.png" for s in range(3, 8)] + [f"key_{s}.png" for s in range(3, 8)]
    )
    single = tmp_path / "five.png"
    assert (
        run_cli(
            capsys, "--seed", "5", "--level", "2", "-o", str(single), "--answers", str(tmp_path / "k5.png")
        )[0]
        == 0
    )
    assert (folder / "sheet_5.png").read_bytes() == single.read_bytes()
    assert (folder / "key_5.png").read_bytes() == (tmp_path / "k5.png").read_bytes()


def test_seed_range_into_an_existing_folder(tmp_path, capsys):
    assert run_cli(capsys, "--seeds", "9", "-o", str(tmp_path))[0] == 0
    assert listing(tmp_path) == ["key_9.png", "sheet_9.png"]


def test_files_get_the_users_umask(tmp_path, capsys):
    old = os.umask(0o027)
    try:
        assert (
            run_cli(
                capsys, "--seed", "2", "-o", str(tmp_path / "s.png"), "--answers", str(tmp_path / "k.png")
            )[0]
            == 0
        )
    finally:
        os.umask(old)
    for f in ("s.png", "k.png"):
        assert (tmp_path / f).stat().st_mode & 0o777 == 0o640


def test_chinese_page_differs_from_english(tmp_path, capsys):
    en, zh = tmp_path / "en.png", tmp_path / "zh.png"
    assert run_cli(capsys, "--seed", "4", "-o", str(en))[0] == 0
    assert run_cli(capsys, "--seed", "4", "--lang", "zh_CN", "-o", str(zh))[0] == 0
    assert en.read_bytes() != zh.read_bytes()


# -- errors: exit 2, one line, nothing written ------------------------------------------


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--seeds", "5-1", "-o", "{d}/out"], "empty"),
        (["--seeds", "1-x", "-o", "{d}/out"], "range"),
        (["--seeds", "1-100000", "-o", "{d}/out"], "at most"),
        (["--seed", "1", "--level", "4", "-o", "{d}/s.png"], "level"),
        (["--seed", "1", "--level", "0", "-o", "{d}/s.png"], "level"),
        (["--seed", "-1", "-o", "{d}/s.png"], "seed"),
        (["--seed", "1000000", "-o", "{d}/s.png"], "seed"),
        (["--seed", "x", "-o", "{d}/s.png"], "--seed"),
        (["--seed", "1"], "-o"),
        (["-o", "{d}/s.png"], "--seed"),
        (["--seed", "1", "--seeds", "1-2", "-o", "{d}/s.png"], "not allowed"),
        (["--seeds", "1-3", "-o", "{d}/out", "--answers", "{d}/k.png"], "--answers"),
        (["--seed", "1", "--lang", "fr", "-o", "{d}/s.png"], "zh_CN"),
        (["--seed", "1", "-o", "{d}/s.jpg"], ".png"),
        (["--seed", "1", "-o", "{d}/s.png", "--answers", "{d}/k.txt"], ".png"),
        (["--seed", "1", "-o", "{d}/s.png", "--answers", "{d}/s.png"], "same file"),
        (["--seed", "1", "-o", "{d}/missing/s.png"], "does not exist"),
        (["--seed", "1", "-o", "{d}/s.png", "--answers", "{d}/missing/k.png"], "does not exist"),
        (["--seeds", "1-2", "-o", "{d}/missing/out"], "does not exist"),
        (["--seeds", "1-2", "-o", "{d}/out.png"], "folder"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(tmp_path, capsys, argv, words):
    code, out, err = run_cli(capsys, *[a.format(d=tmp_path) for a in argv])
    assert code == 2
    assert err.startswith("cnnviz: error: ") and err.count("\n") == 1, err
    assert words in err
    assert listing(tmp_path) == []


def test_seeds_onto_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "out").write_text("mine")
    code, _, err = run_cli(capsys, "--seeds", "1-2", "-o", str(tmp_path / "out"))
    assert code == 2 and "is a file" in err
    assert listing(tmp_path) == ["out"]


def test_write_protected_key_is_refused_and_no_sheet_written(tmp_path, capsys):
    key = tmp_path / "k.png"
    key.write_bytes(b"keep")
    key.chmod(0o444)
    code, _, err = run_cli(capsys, "--seed", "1", "-o", str(tmp_path / "s.png"), "--answers", str(key))
    assert code == 2 and err.count("\n") == 1 and "write-protected" in err
    assert listing(tmp_path) == ["k.png"] and key.read_bytes() == b"keep"


def test_write_protected_file_in_a_range_stops_everything(tmp_path, capsys):
    (tmp_path / "key_3.png").write_bytes(b"keep")
    (tmp_path / "key_3.png").chmod(0o444)
    code, _, err = run_cli(capsys, "--seeds", "1-4", "-o", str(tmp_path))
    assert code == 2 and "key_3.png" in err
    assert listing(tmp_path) == ["key_3.png"]


def test_missing_font_is_one_line_and_nothing_written(tmp_path, capsys, monkeypatch):
    spec = page_drawing.FONTS["cjk"]
    monkeypatch.setitem(page_drawing.FONTS, "cjk", page_drawing.FontSpec(
        spec.family, spec.pattern, (str(tmp_path / "nowhere.ttc"),), spec.package))  # fmt: skip
    monkeypatch.setattr(page_drawing, "_fc_match", lambda pattern: ("DejaVu Sans", "/x.ttf"))  # a substitute
    code, _, err = run_cli(capsys, "--seed", "1", "--lang", "zh_CN", "-o", str(tmp_path / "s.png"))
    assert code == 2 and err.count("\n") == 1
    assert "WenQuanYi Micro Hei" in err and "fonts-wqy-microhei" in err
    assert listing(tmp_path) == []


# -- what the pages say -----------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3])
def test_key_page_numbers_are_the_traces(level):
    for seed in range(6):
        ex = make_exercise(seed, level)
        trace = ConvTrace(ex.x.astype(np.float64), ex.w.astype(np.float64), ex.b.astype(np.float64),
                          stride=ex.stride, padding=ex.padding)  # fmt: skip
        key, sheet = layout_page(ex, answers=True), layout_page(ex, answers=False)
        expected = {f"out:{r},{c}": format_number(v) for (r, c), v in np.ndenumerate(trace.output[0])}
        assert key.texts("out:") == expected
        given = {t: v for t, v in expected.items() if tuple(map(int, t[4:].split(","))) not in ex.blanks}
        assert sheet.texts("out:") == given  # blanks are blank on the sheet
        work = answer_key(ex).working
        written = key.texts("work:")
        for i, w in enumerate(work):
            step = trace[trace.index(0, w.row, w.col)]
            lines = [*w.channel_lines, w.total_line]
            for j, line in enumerate(lines):
                parts = [written[t] for t in sorted(written) if t.startswith(f"work:{w.label}:{j}:")]
                assert " + ".join(p.removeprefix("+ ") for p in parts) == line
            assert lines[-1].endswith(f" = {format_number(step.value)}")
            assert written[f"work:{w.label}"] == w.label == "abcdefgh"[i]
        assert not sheet.texts("work:")
        assert key.texts("size")["size"] == answer_key(ex).size_line
        assert str(ex.question.answer) in key.texts("size_answer")["size_answer"]


def test_grids_show_the_exercise():
    ex = make_exercise(8, 3)
    page = layout_page(ex, answers=False)
    texts = page.texts("in:")
    p = ex.padding
    for (ch, r, c), v in np.ndenumerate(ex.x):
        assert texts[f"in:{ch},{r + p},{c + p}"] == str(v)
    assert page.texts("w:") == {f"w:{ch},{r},{c}": str(v) for (_, ch, r, c), v in np.ndenumerate(ex.w)}
    assert page.texts("bias") == {"bias": str(int(ex.b[0]))}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("level", [1, 2, 3])
def test_nothing_runs_off_the_page_or_into_the_footer(lang, level):
    for seed in range(0, 60, 3):
        for answers in (False, True):
            page = layout_page(make_exercise(seed, level), lang, answers=answers)
            boxes = text_boxes(page)
            footer = [b for op, b in boxes if op.text.startswith("cnnviz worksheet")]
            assert len(footer) == 1
            for op, (x0, y0, x1, y1) in boxes:
                assert MARGIN - 2 <= x0 and x1 <= PAGE_SIZE[0] - MARGIN + 2, op
                assert MARGIN - 12 <= y0 and y1 <= PAGE_SIZE[1] - MARGIN / 2, op
                if not op.text.startswith("cnnviz worksheet"):
                    assert y1 < footer[0][1] - 10, op


def test_every_page_word_is_translated():
    assert WORDS["zh_CN"].keys() == WORDS["en"].keys()
    for name, text in WORDS["zh_CN"].items():
        assert text != WORDS["en"][name], name
    for term in ("输入", "滤波器", "偏置", "步长", "填充", "输出", "答案", "练习"):
        assert any(term in text for text in WORDS["zh_CN"].values()), term


def test_chinese_text_uses_a_font_that_has_its_characters():
    page = layout_page(make_exercise(1, 3), "zh_CN", answers=True)
    fonts = page_drawing.PageFonts("zh_CN")
    cjk = [
        op for op in page.ops if isinstance(op, page_drawing.Text) and any(ord(ch) > 0x2E80 for ch in op.text)
    ]
    assert cjk
    for op in cjk:
        font, _ = fonts.get(op.style)
        for ch in set(op.text) - {" "}:
            assert glyph(font, ch) != glyph(font, "\uffff"), (op.style, ch)  # not the missing-glyph box


def glyph(font, ch: str) -> bytes:
    im = Image.new("L", (64, 64))
    ImageDraw.Draw(im).text((4, 4), ch, font=font, fill=255)
    return im.tobytes()


def test_glyph_check_sees_a_missing_character():
    font = page_drawing.load_font(page_drawing.find_font("sans"), 23)
    assert glyph(font, "滤") == glyph(font, "\uffff")


def test_page_png_is_deterministic_in_process():
    ex = make_exercise(21, 2)
    assert page_png(ex, "en", answers=True) == page_png(make_exercise(21, 2), "en", answers=True)
