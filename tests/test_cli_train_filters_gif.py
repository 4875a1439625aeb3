"""``cnnviz train --filters-gif``: one labelled frame per kept snapshot, written atomically,
refused before training when the file cannot be written; the divergence advice trains."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import run_cli
from PIL import Image

from cnnviz.media import filter_frames


@pytest.fixture
def captions(monkeypatch):
    """Every caption a frame is drawn with, in order."""
    seen: list[str] = []
    draw = filter_frames.filters_frame

    def spy(weights, levels, caption):
        seen.append(caption)
        return draw(weights, levels, caption)

    monkeypatch.setattr(filter_frames, "filters_frame", spy)
    return seen


def frames_of(path: Path) -> list[np.ndarray]:
    with Image.open(path) as im:
        out = []
        for k in range(im.n_frames):
            im.seek(k)
            out.append(np.asarray(im.convert("RGB")))
        return out


def test_the_gif_has_one_labelled_frame_per_snapshot(tmp_path, capsys, captions):
    gif = tmp_path / "filters.gif"
    code, out, _ = run_cli(capsys, "train", "--dataset", "shapes", "--epochs", "2", "--filters", "4",
                           "--filters-gif", str(gif))
    assert code == 0
    # 1280 training images in batches of 32: 2 × 40 updates, N = 1: the start and every update
    expected = ["start: no batch trained yet"] + [
        f"epoch {e}, batch {b} of 40" for e in (1, 2) for b in range(1, 41)
    ]
    assert captions == expected
    frames = frames_of(gif)
    assert len(frames) == 81 and f"{gif}: 81 frames" in out
    # the caption is drawn: the strip above the filters differs between two frames
    caption_strip = slice(0, filter_frames.MARGIN + filter_frames.CAPTION_H - 4)
    assert (frames[0][caption_strip] < 128).any()
    assert not np.array_equal(frames[1][caption_strip], frames[2][caption_strip])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filters.gif"]  # no temporary file left


def test_a_long_run_keeps_a_few_hundred_frames(tmp_path, capsys, captions):
    gif = tmp_path / "long.gif"
    code, _, _ = run_cli(capsys, "train", "--epochs", "20", "--batch", "8", "--filters", "2",
                         "--kernel", "3", "--filters-gif", str(gif))
    assert code == 0
    # 1438 images in batches of 8: 180 a batch epoch, 3600 updates; N = 18 → 200, plus the start
    assert len(captions) == 201 == len(frames_of(gif))
    assert captions[-1] == "epoch 20, batch 180 of 180"


def test_a_failure_while_writing_leaves_the_old_file_and_no_part_file(tmp_path, capsys, monkeypatch):
    gif = tmp_path / "filters.gif"
    gif.write_bytes(b"last week's file")
    draw = filter_frames.filters_frame
    calls = []

    def failing(weights, levels, caption):
        calls.append(caption)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return draw(weights, levels, caption)

    monkeypatch.setattr(filter_frames, "filters_frame", failing)
    code, _, err = run_cli(capsys, "train", "--epochs", "1", "--batch", "512", "--filters-gif", str(gif))
    assert code == 1 and f"could not write {gif}: No space left on device" in err
    assert gif.read_bytes() == b"last week's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filters.gif"]


def test_a_bad_gif_path_exits_2_before_training_and_writes_nothing(tmp_path, capsys, monkeypatch):
    from cnnviz.commands import train as train_cmd

    def no_training(*args, **kwargs):
        raise AssertionError("the data was loaded before the --filters-gif target was checked")

    monkeypatch.setattr(train_cmd, "load_dataset", no_training)
    cases = [
        (str(tmp_path / "missing" / "f.gif"), f"cannot write {tmp_path / 'missing' / 'f.gif'}: "
                                              f"the folder {tmp_path / 'missing'} does not exist"),
        (str(tmp_path / "f.png"), f"--filters-gif must name a .gif file, got {tmp_path / 'f.png'}"),
    ]
    (tmp_path / "dir.gif").mkdir()
    cases.append((str(tmp_path / "dir.gif"), f"cannot write {tmp_path / 'dir.gif'}: it is a folder"))
    for target, message in cases:
        code, out, err = run_cli(capsys, "train", "--filters-gif", target)
        assert code == 2 and out == "", target
        assert err == f"cnnviz: error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.gif"]


def test_the_divergence_advice_names_a_rate_that_trains(capsys):
    code, _, err = run_cli(capsys, "train", "--epochs", "1", "--lr", "100")
    assert code == 1 and "learning rate 100 is too large" in err
    advised = re.search(r"--lr ([0-9.e-]+)", err).group(1)
    assert float(advised) < 10  # a tenth (10) diverges again
    code, out, _ = run_cli(capsys, "train", "--epochs", "2", "--lr", advised)
    assert code == 0
    val = [float(m) for m in re.findall(r"val +(\d+\.\d)%", out)]
    assert val[-1] >= 90.0


def test_the_gifs_colours_are_the_panels():
    from cnnviz.views.palette import diverging_lut

    assert np.array_equal(filter_frames.diverging_lut(), diverging_lut())
