"""``cnnviz export -o NAME.apng|.webp|.mp4``: the extension picks the format; .mp4 needs the video extra."""

from __future__ import annotations

import sys

import cli_helpers
import numpy as np
import pytest
from cli_helpers import decode_frames

from cnnviz.cli import main


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    return cli_helpers.run_cli(capsys, "export", *argv)


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture(scope="module")
def demo_frames(qapp):
    """The demo's 18 steps as the window's own view draws them, at the export's default size."""
    from cnnviz.core import load_demo
    from cnnviz.views.export_frames import OffscreenFrames, build_session, to_rgb

    d = load_demo()
    p = build_session(d.x, d.w, d.b, stride=d.stride, padding=d.padding, dilation=1, name="demo")
    frames = OffscreenFrames(p, (1100, 800), 1.0)
    try:
        return [to_rgb(frames(k)) for k in range(18)]
    finally:
        frames.close()
        p.deleteLater()


@pytest.mark.parametrize(("suffix", "fmt"), [(".apng", "PNG"), (".webp", "WEBP")])
def test_lossless_formats_hold_the_windows_frames_with_their_captions(
    tmp_path, capsys, demo_frames, suffix, fmt
):
    out = tmp_path / f"demo{suffix}"
    code, stdout, err = run_cli(capsys, "--demo", "--fps", "4", "-o", str(out))
    assert (code, err) == (0, "")
    assert f"wrote 18 frames (steps 0..17, every 1) of 18 to {out}" in stdout
    got_fmt, frames, durations, info = decode_frames(out)
    assert got_fmt == fmt and len(frames) == 18 and info["loop"] == 0
    assert durations == [250] * 18  # 1 / fps
    for k in range(18):  # lossless: each frame is the view, caption (step, filter, position) included
        assert np.array_equal(frames[k], demo_frames[k]), f"frame {k} differs from the window's view"
    assert listing(tmp_path) == [f"demo{suffix}"]


def test_a_range_as_webp_keeps_its_steps_and_default_timing(tmp_path, capsys, demo_frames):
    out = tmp_path / "w1.WEBP"  # the extension is read without regard to case
    code, _, err = run_cli(capsys, "--demo", "--start", "9", "--every", "2", "-o", str(out))
    assert code == 0, err
    _, frames, durations, _ = decode_frames(out)
    assert durations == [500] * 5  # the default 2 frames per second
    assert all(np.array_equal(f, demo_frames[k]) for f, k in zip(frames, range(9, 18, 2)))


def test_mp4_has_the_18_frames(tmp_path, capsys):
    av = pytest.importorskip("av")
    out = tmp_path / "demo.mp4"
    code, _, err = run_cli(capsys, "--demo", "-o", str(out))
    assert code == 0, err
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 1100, 800)
        times = [float(f.time) for f in container.decode(stream)]
    assert times == pytest.approx([k / 2 for k in range(18)])  # 1 / fps apart
    assert listing(tmp_path) == ["demo.mp4"]


def test_mp4_without_the_video_library_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    from cnnviz.commands import export

    monkeypatch.setitem(sys.modules, "av", None)  # `import av` fails as if it were not installed

    def no_work(*_args, **_kwargs):
        raise AssertionError("the inputs were loaded before the output was refused")

    monkeypatch.setattr(export, "session_arrays", no_work)
    existing = tmp_path / "keep.mp4"
    existing.write_bytes(b"old video")
    for name in ("keep.mp4", "new.MP4"):
        code, stdout, err = run_cli(capsys, "--demo", "-o", str(tmp_path / name))
        assert code == 2 and stdout == ""
        assert err == (
            "cnnviz: error: writing .mp4 needs the optional video library; "
            'install it with: pip install "cnnviz[video]"\n'
        )
    assert listing(tmp_path) == ["keep.mp4"] and existing.read_bytes() == b"old video"


def test_other_extensions_are_refused_naming_the_formats(tmp_path, capsys):
    for name, hint in (("a.avi", ""), ("a.png", " (add --step K to write one step as a PNG)"), ("a", "")):
        code, _, err = run_cli(capsys, "--demo", "-o", str(tmp_path / name))
        assert code == 2
        assert err == f"cnnviz: error: the output must end in .gif, .apng, .webp or .mp4, not {name}{hint}\n"
    code, _, err = run_cli(capsys, "--demo", "--step", "0", "-o", str(tmp_path / "one.webp"))
    assert code == 2 and "ending in .png" in err
    assert listing(tmp_path) == []


@pytest.mark.parametrize("suffix", [".apng", ".webp", ".mp4"])
def test_a_failure_mid_export_writes_nothing(tmp_path, capsys, monkeypatch, suffix):
    if suffix == ".mp4":
        pytest.importorskip("av")
    from cnnviz.views import export_frames

    real = export_frames.OffscreenFrames.__call__

    def flaky(self, k):
        if k == 5:
            raise RuntimeError("the view could not be drawn")
        return real(self, k)

    monkeypatch.setattr(export_frames.OffscreenFrames, "__call__", flaky)
    out = tmp_path / f"demo{suffix}"
    out.write_bytes(b"old")
    code, _, err = run_cli(capsys, "--demo", "-o", str(out))
    assert code == 1
    assert err == ("cnnviz: error: the export stopped, nothing was written: the view could not be drawn\n")
    assert out.read_bytes() == b"old"
    assert listing(tmp_path) == [f"demo{suffix}"]  # no .part left


def test_help_lists_the_formats_and_the_extra(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = capsys.readouterr().out
    assert ".apng (animated PNG, lossless)" in text and ".webp (animated WebP, lossless)" in text
    assert '.mp4 (H.264 video; needs the optional video\nlibrary: pip install "cnnviz[video]")' in text
    assert "cnnviz export --demo -o demo.webp" in text
