"""``cnnviz export``: run in-process through ``cnnviz.cli.main`` (and once as a real process)."""

from __future__ import annotations

import os
import subprocess
import sys

import cli_helpers
import numpy as np
import pytest
from PIL import Image

from cnnviz.cli import main


def decode(path) -> tuple[list[np.ndarray], list[int], dict]:
    frames, durations = [], []
    with Image.open(path) as im:
        info = dict(im.info)
        for k in range(im.n_frames):
            im.seek(k)
            frames.append(np.asarray(im.convert("RGB")))
            durations.append(im.info["duration"])
    return frames, durations, info


def png_pixels(path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    return cli_helpers.run_cli(capsys, "export", *argv)


@pytest.fixture(scope="module")
def demo_gif(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.gif"
    assert main(["export", "--demo", "-o", str(path)]) == 0
    return path


def test_demo_has_18_frames_in_step_order_looping_forever(demo_gif):
    frames, durations, info = decode(demo_gif)
    assert len(frames) == 18
    assert info["loop"] == 0
    assert durations == [500] * 18  # the default 2 frames per second
    assert frames[0].shape == (800, 1100, 3)
    for k in range(1, 18):
        assert not np.array_equal(frames[k - 1], frames[k]), f"frame {k} repeats frame {k - 1}"


@pytest.mark.parametrize("k", [0, 9, 17])
def test_step_png_equals_the_gif_frame(demo_gif, tmp_path, capsys, k):
    out = tmp_path / f"step{k}.png"
    code, stdout, _ = run_cli(capsys, "--demo", "--step", str(k), "-o", str(out))
    assert code == 0
    assert f"wrote step {k} of 18" in stdout
    assert np.array_equal(png_pixels(out), decode(demo_gif)[0][k])


def test_first_frame_is_the_articles_first_step(demo_gif, qapp):
    """Frame 0 is the view drawn at step 0, which computes worked example B (= 1)."""
    from cnnviz.core import load_demo
    from cnnviz.views.export_frames import OffscreenFrames, build_session

    d = load_demo()
    frames = OffscreenFrames(build_session(d.x, d.w, d.b, stride=2, padding=1, dilation=1, name="demo"))
    try:
        pixels = frames(0)
        step = frames.presenter.current
        assert (step.filter, step.row, step.col, step.value) == (0, 0, 0, 1.0)
        assert list(step.channel_sums) == [1, -1, 0] and step.bias == 1
        assert frames.view.position_text() == "step 1 / 18 · filter w0 · output row 0, column 0"
        assert frames.view.arithmetic_view.total_line.endswith("= 1")
        palette = frames.palette()
        idx = palette.indices(pixels & np.uint32(0xFFFFFF))
        table = np.frombuffer(palette.to_bytes(), np.uint8).reshape(-1, 3)
        assert np.array_equal(table[idx], decode(demo_gif)[0][0])
        # most of the frame is drawn in exact colours (solid fills, lines, most of the text)
        rgb = np.stack([(pixels >> 16) & 255, (pixels >> 8) & 255, pixels & 255], axis=-1)
        assert (table[idx] == rgb).all(axis=2).mean() > 0.98
    finally:
        frames.close()


def test_range_every_and_fps(tmp_path, capsys):
    out = tmp_path / "part.gif"
    code, stdout, _ = run_cli(
        capsys, "--demo", "--start", "9", "--stop", "18", "--every", "4", "--fps", "3", "-o", str(out)
    )
    assert code == 0, stdout
    frames, durations, _ = decode(out)
    assert len(frames) == 3  # steps 9, 13, 17
    assert durations == [330, 340, 330]
    single = tmp_path / "s13.png"
    assert run_cli(capsys, "--demo", "--step", "13", "-o", str(single))[0] == 0
    assert np.array_equal(png_pixels(single), frames[1])


def test_image_with_presets_and_padding(tmp_path, capsys):
    src = tmp_path / "in.png"
    Image.fromarray((np.indices((12, 12)).sum(0) * 10).astype(np.uint8), "L").save(src)
    out = tmp_path / "img.gif"
    code, stdout, err = run_cli(
        capsys,
        "--image",
        str(src),
        "--gray",
        "--preset",
        "sobel_x",
        "sobel_y",
        "--padding",
        "1",
        "--stride",
        "2",
        "-o",
        str(out),
    )
    assert (code, err) == (0, "")
    assert "wrote 72 frames" in stdout  # 2 filters × 6 × 6 outputs
    assert len(decode(out)[0]) == 72


def test_weights_file(tmp_path, capsys):
    w = np.zeros((2, 3, 3, 3), np.float32)
    w[0, :, 1, 1] = 1
    w[1, 0] = [[1, 0, -1]] * 3
    np.savez(tmp_path / "f.npz", w=w, b=np.array([0.5, -1], np.float32))
    out = tmp_path / "w.gif"
    code, stdout, _ = run_cli(
        capsys, "--demo", "--weights", str(tmp_path / "f.npz"), "--stop", "4", "-o", str(out)
    )
    assert code == 0
    assert len(decode(out)[0]) == 4


def _bad_inputs(tmp):
    garbage = tmp / "garbage.png"
    garbage.write_bytes(b"this is not a picture")
    small = tmp / "small.png"
    Image.new("L", (4, 4), 128).save(small)
    big = tmp / "big.png"
    Image.new("RGB", (64, 64), (10, 200, 30)).save(big)
    np.save(tmp / "w2d.npy", np.ones((3, 3), np.float32))
    np.savez(tmp / "nob.npz", weights=np.ones((1, 3, 3, 3)))
    np.savez(tmp / "chan.npz", w=np.ones((1, 1, 3, 3)))
    np.savez(tmp / "badb.npz", w=np.ones((2, 3, 3, 3)), b=np.ones(3))
    np.save(tmp / "obj.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    (tmp / "junk.npz").write_bytes(b"PK\x03\x04 nonsense")
    out = str(tmp / "out.gif")
    return [
        (["--image", str(garbage), "-o", out], "not an image file"),
        (["--image", str(tmp / "missing.jpg"), "-o", out], "does not exist"),
        (["--demo", "--preset", "nope", "-o", out], "unknown preset 'nope'"),
        (["--demo", "--stride", "0", "-o", out], "--stride must be at least 1"),
        (["--demo", "--padding", "-1", "-o", out], "--padding must be at least 0"),
        (["--image", str(small), "--kernel", "9", "-o", out], "impossible settings"),
        (["--demo", "--dilation", "5", "-o", out], "impossible settings"),
        (["--demo", "-o", str(tmp / "no" / "such" / "out.gif")], "does not exist"),
        (["--demo", "-o", str(tmp)], "must end in .gif"),
        (["--demo", "-o", str(tmp / "x.png")], "add --step K"),
        (["--demo", "--step", "0", "-o", out], "ending in .png"),
        (["--demo", "--step", "18", "-o", str(tmp / "x.png")], "--step must be between 0 and 17"),
        (["--demo", "--start", "18", "-o", out], "first step must be between 0 and 17"),
        (["--demo", "--every", "0", "-o", out], "one frame every 0 steps"),
        (["--demo", "--fps", "0", "-o", out], "--fps must be between"),
        (["--demo", "--scale", "9", "-o", out], "scale must be between"),
        (["--image", str(big), "-o", out], "more than --max-frames 600"),
        (["--demo", "--weights", str(tmp / "w2d.npy"), "-o", out], "(F, C, KH, KW)"),
        (["--demo", "--weights", str(tmp / "nob.npz"), "-o", out], "no array named w"),
        (["--demo", "--weights", str(tmp / "chan.npz"), "-o", out], "1 input channel(s) but the input has 3"),
        (["--demo", "--weights", str(tmp / "badb.npz"), "-o", out], "shape (2,)"),
        (["--demo", "--weights", str(tmp / "obj.npy"), "-o", out], "not a valid .npy/.npz"),
        (["--demo", "--weights", str(tmp / "junk.npz"), "-o", out], "not a valid .npy/.npz"),
        (["--demo", "--weights", str(tmp / "gone.npz"), "-o", out], "does not exist"),
        (
            ["--demo", "--weights", str(tmp / "w2d.npy"), "--preset", "sobel_x", "-o", out],
            "leave out --preset",
        ),
        (["--demo", "--image", str(big), "-o", out], "not allowed with argument"),
        (["--demo"], "required: -o/--output"),
        (["--demo", "--stride", "two", "-o", out], "invalid int value"),
    ]


def test_every_bad_input_exits_2_with_one_line_and_no_file(tmp_path, capsys):
    existing = tmp_path / "keep.gif"
    existing.write_bytes(b"the student's earlier export")
    before = sorted(p.name for p in tmp_path.iterdir())
    for argv, message in _bad_inputs(tmp_path):
        listing = sorted(p.name for p in tmp_path.iterdir())
        code, stdout, err = run_cli(capsys, *argv)
        assert code == 2, (argv, err)
        assert err.startswith("cnnviz: error: ") and err.count("\n") == 1, (argv, err)
        assert message in err, (argv, err)
        assert "Traceback" not in err and stdout == ""
        assert sorted(p.name for p in tmp_path.iterdir()) == listing, argv
    assert existing.read_bytes() == b"the student's earlier export"
    assert "keep.gif" in before


def test_capped_export_says_how_to_narrow_it(tmp_path, capsys):
    img = tmp_path / "big.png"
    Image.new("RGB", (64, 64), (10, 200, 30)).save(img)
    code, _, err = run_cli(capsys, "--image", str(img), "--size", "64", "-o", str(tmp_path / "o.gif"))
    assert code == 2
    assert "this export would have 3844 frames" in err  # 62 × 62 outputs, one filter
    assert "--start 0 --stop 600" in err and "--every 7" in err and "nothing was written" in err


def test_failed_export_keeps_the_existing_file(tmp_path, capsys, monkeypatch):
    """A failure while frames are written (here: a full disk) leaves the old file as it was."""
    from cnnviz.media import animation

    out = tmp_path / "demo.gif"
    out.write_bytes(b"old")
    real = animation.GifWriter.add_frame

    def flaky(self, frame):
        if self.frames_written == 5:
            raise OSError(28, "No space left on device")
        real(self, frame)

    monkeypatch.setattr(animation.GifWriter, "add_frame", flaky)
    code, _, err = run_cli(capsys, "--demo", "-o", str(out))
    assert code == 2
    assert err == f"cnnviz: error: cannot write {out}: No space left on device\n"
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.gif"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    code, _, err = run_cli(capsys, "--demo", "-o", str(ro / "a.gif"))
    assert code == 2 and "permission denied" in err


def test_help_documents_every_flag_with_examples(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    for flag in [
        "--demo",
        "--image",
        "--gray",
        "--size",
        "--preset",
        "--weights",
        "--kernel",
        "--filters",
        "--stride",
        "--padding",
        "--dilation",
        "--fps",
        "--start",
        "--stop",
        "--every",
        "--max-frames",
        "--step",
        "-o",
    ]:
        assert flag in text, flag
    assert "examples:" in text and "cnnviz export --demo -o demo.gif" in text
    assert "(F, C, KH, KW)" in text


def test_real_entry_point_without_a_display(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "first.png"
    proc = subprocess.run(
        [sys.executable, "-m", "cnnviz", "export", "--demo", "--step", "0", "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert png_pixels(out).shape == (800, 1100, 3)
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "cnnviz",
            "export",
            "--demo",
            "--preset",
            "nope",
            "-o",
            str(tmp_path / "x.gif"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("cnnviz: error: unknown preset") and bad.stderr.count("\n") == 1


def test_an_unexpected_failure_is_one_line_exit_1_and_no_file(tmp_path, capsys, monkeypatch):
    from cnnviz.media import animation

    def broken(self, frame):
        raise ValueError("the encoder broke")

    monkeypatch.setattr(animation.GifWriter, "add_frame", broken)
    code, _, err = run_cli(capsys, "--demo", "-o", str(tmp_path / "a.gif"))
    assert code == 1
    assert err == "cnnviz: error: the export stopped, nothing was written: the encoder broke\n"
    assert list(tmp_path.iterdir()) == []


def test_qt_decodes_the_same_frames_as_pillow(demo_gif, qapp):
    """A second, independent decoder: unchanged pixels are transparent over the previous frame."""
    from PySide6.QtGui import QImage, QImageReader

    reader = QImageReader(str(demo_gif))
    assert reader.imageCount() == 18
    assert reader.loopCount() == -1  # Qt's word for "forever"
    pillow_frames = decode(demo_gif)[0]
    for k in range(18):
        q = reader.read().convertToFormat(QImage.Format.Format_RGB888)
        rows = np.frombuffer(q.constBits(), np.uint8).reshape(q.height(), q.bytesPerLine())
        assert np.array_equal(rows[:, : q.width() * 3].reshape(q.height(), q.width(), 3), pillow_frames[k]), k


def test_the_view_paints_every_pixel_of_a_frame(qapp):
    """Frames reuse one image; nothing from an earlier frame may show through."""
    from cnnviz.presenters import ConvSessionPresenter
    from cnnviz.views.export_frames import OffscreenFrames

    frames = OffscreenFrames(ConvSessionPresenter())
    try:
        frames._image.fill(0xFFFF00FF)  # magenta, a colour the view never uses
        assert not ((frames(3) & np.uint32(0xFFFFFF)) == 0xFF00FF).any()
    finally:
        frames.presenter.deleteLater()
        frames.close()
