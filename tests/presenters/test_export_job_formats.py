"""ExportJob writes the format the path's extension names; Cancel leaves nothing in any format."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from PIL import Image

from cnnviz.presenters.export_job import ExportJob, animation_formats, format_problem


def render(k: int) -> np.ndarray:
    f = np.full((40, 60, 3), 255, np.uint8)
    f[(k // 60) % 40, :] = (0, 0, 200)
    f[:, k % 60] = (20, 20, 20)
    return f


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(("suffix", "fmt"), [(".apng", "PNG"), (".webp", "WEBP")])
def test_job_writes_the_format_the_extension_names(qtbot, tmp_path, suffix, fmt):
    out = tmp_path / f"a{suffix}"
    job = ExportJob(range(10, 60, 2), render, out, fps=5, palette=lambda: pytest.fail("GIF only"))
    with qtbot.waitSignal(job.finished, timeout=20000):
        job.start()
    with Image.open(out) as im:
        assert im.format == fmt and im.n_frames == 25
        for i, k in enumerate(range(10, 60, 2)):
            im.seek(i)
            assert np.array_equal(np.asarray(im.convert("RGB")), render(k))
            assert im.info["duration"] == 200  # known once the frame is decoded (WebP)


@pytest.mark.parametrize("suffix", [".apng", ".webp", ".mp4"])
def test_cancel_leaves_the_old_file_in_every_format(qtbot, tmp_path, suffix):
    if suffix == ".mp4":
        pytest.importorskip("av")
    out = tmp_path / f"keep{suffix}"
    out.write_bytes(b"old animation")

    def big(k: int) -> np.ndarray:
        f = np.full((300, 400, 3), 255, np.uint8)
        f[:, k % 400] = 0
        return f

    job = ExportJob(range(2000), big, out)
    job.progressed.connect(lambda d, t: job.cancel())
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        job.start()
    assert out.read_bytes() == b"old animation"
    assert listing(tmp_path) == [f"keep{suffix}"]
    assert not job.is_running


def test_mp4_without_the_library_fails_with_the_install_line(qtbot, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)
    out = tmp_path / "a.mp4"
    assert format_problem(out) == (
        'Writing .mp4 needs the optional video library. Install it with:\npip install "cnnviz[video]"'
    )
    assert format_problem(tmp_path / "a.webp") == ""
    job = ExportJob(range(3), render, out)
    with qtbot.waitSignal(job.failed) as blocker:
        job.start()
    assert 'pip install "cnnviz[video]"' in blocker.args[0]
    assert listing(tmp_path) == []


def test_the_formats_listed_for_the_dialog():
    assert [s for s, _ in animation_formats()] == [".gif", ".apng", ".webp", ".mp4"]
