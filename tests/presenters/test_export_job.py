"""ExportJob: frames rendered per tick, encoded on a worker, cancel and failure leave no file."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from cnnviz.presenters.export_job import ExportJob, select_steps


def render(k: int) -> np.ndarray:
    """A distinct 40×60 frame per step: a dark bar whose position encodes ``k``."""
    f = np.full((40, 60, 3), 255, np.uint8)
    f[(k // 60) % 40, :] = (0, 0, 200)
    f[:, k % 60] = (20, 20, 20)
    return f


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_select_steps_ranges_and_every():
    assert select_steps(18) == range(0, 18)
    assert list(select_steps(18, 9, 18, 3)) == [9, 12, 15]
    for bad in [(18, 18, None, 1), (18, 5, 5, 1), (18, 0, 19, 1), (18, 0, 18, 0), (18, -1, None, 1)]:
        with pytest.raises(ValueError):
            select_steps(*bad)


def test_job_writes_every_frame_and_reports_progress(qtbot, tmp_path):
    out = tmp_path / "a.gif"
    job = ExportJob(select_steps(120, 10, 110, 2), render, out, fps=5)
    seen: list[tuple[int, int]] = []
    job.progressed.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(job.finished, timeout=20000) as blocker:
        job.start()
    assert blocker.args == [str(out)]
    assert seen[-1] == (50, 50)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with Image.open(out) as im:
        assert im.n_frames == 50
        assert im.info["duration"] == 200
        for i, k in enumerate(range(10, 110, 2)):
            im.seek(i)
            assert np.array_equal(np.asarray(im.convert("RGB")), render(k))
    assert not job.is_running


def test_cancel_leaves_no_file_and_keeps_an_existing_one(qtbot, tmp_path):
    out = tmp_path / "keep.gif"
    out.write_bytes(b"old animation")

    def big(k: int) -> np.ndarray:  # large enough that 2000 frames take many ticks
        f = np.full((300, 400, 3), 255, np.uint8)
        f[:, k % 400] = 0
        f[k // 400, :] = 90
        return f

    job = ExportJob(range(2000), big, out)
    job.progressed.connect(lambda d, t: job.cancel())
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        job.start()
    assert out.read_bytes() == b"old animation"
    assert files(tmp_path) == ["keep.gif"]
    assert not job.is_running


def test_renderer_failure_reports_once_and_leaves_existing_file(qtbot, tmp_path):
    out = tmp_path / "keep.gif"
    out.write_bytes(b"old animation")

    def broken(k: int) -> np.ndarray:
        if k == 7:
            raise RuntimeError("the view could not be drawn")
        return render(k)

    job = ExportJob(range(20), broken, out)
    messages: list[str] = []
    job.failed.connect(messages.append)
    with qtbot.waitSignal(job.failed, timeout=20000):
        job.start()
    assert messages == ["The export stopped: the view could not be drawn"]
    assert out.read_bytes() == b"old animation"
    assert files(tmp_path) == ["keep.gif"]


def test_encoder_failure_is_reported_and_no_file_is_left(qtbot, tmp_path):
    out = tmp_path / "dup.gif"
    job = ExportJob([0, 0, 1], render, out)  # step 0 twice: identical frames
    with qtbot.waitSignal(job.failed, timeout=20000) as blocker:
        job.start()
    assert "identical" in blocker.args[0]
    assert files(tmp_path) == []


def test_cancel_from_inside_the_renderer_is_safe(qtbot, tmp_path):
    job = ExportJob(range(50), lambda k: (job.cancel() if k == 3 else None) or render(k), tmp_path / "c.gif")
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.start()
    assert files(tmp_path) == []
    assert not job.is_running


def test_missing_folder_fails_with_a_sentence(qtbot, tmp_path):
    job = ExportJob(range(3), render, tmp_path / "gone" / "a.gif")
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    assert blocker.args == [f"The folder {tmp_path / 'gone'} does not exist."]
    assert files(tmp_path) == []


def test_blocking_run_matches_and_raises(tmp_path):
    out = ExportJob(range(5), render, tmp_path / "b.gif").run()
    with Image.open(out) as im:
        assert im.n_frames == 5
    with pytest.raises(FileNotFoundError):
        ExportJob(range(5), render, tmp_path / "gone" / "b.gif").run()
