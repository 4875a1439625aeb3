"""SIGINT/SIGTERM/SIGHUP during ``cnnviz export`` and ``cnnviz train``: a flag checked between
frames or steps, one line, exit 128 + n, no temporary file left; stale ``.part`` files swept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.commands.interrupts import Interrupted, StopFlag, stop_on_signals
from cnnviz.media.atomic import AtomicFile, sweep_stale

posix_only = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _long_export(tmp_path: Path) -> list[str]:
    """3844 frames: minutes of drawing, so a signal always lands mid-export."""
    img = tmp_path / "noise.png"
    rng = np.random.default_rng(0)
    Image.fromarray((rng.random((64, 64, 3)) * 255).astype(np.uint8)).save(img)
    out = tmp_path / "out.gif"
    return [sys.executable, "-m", "cnnviz", "export", "--image", str(img), "--size", "64",
            "--max-frames", "5000", "-o", str(out)]  # fmt: skip


def _poll(condition, timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)  # a subprocess, not Qt: nothing to wait on but the file system
    return False


def _start_export(tmp_path: Path) -> subprocess.Popen:
    """Start the long export in a process group of its own (as a terminal would) and
    return once frames are being encoded into the temporary file."""
    proc = subprocess.Popen(
        _long_export(tmp_path), cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    def part() -> bool:
        for p in tmp_path.iterdir():
            try:
                if p.name.endswith(".part") and p.stat().st_size > 0:
                    return True
            except FileNotFoundError:  # listed, then renamed or swept before stat: look again
                continue
        return False

    if not _poll(lambda: part() or proc.poll() is not None):
        proc.kill()
        pytest.fail("the export never started writing")
    assert proc.poll() is None, proc.communicate()
    return proc


@posix_only
@pytest.mark.parametrize(
    "signum, status, line",
    [
        (signal.SIGINT, 130, "cnnviz: interrupted\n"),
        (signal.SIGTERM, 143, "cnnviz: interrupted by SIGTERM\n"),
        (signal.SIGHUP, 129, "cnnviz: interrupted by SIGHUP\n"),
    ],
)
def test_a_signal_mid_export_removes_the_part_file_and_exits_128_plus_n(tmp_path, signum, status, line):
    # SIGINT crashed about every second run (an exception unwinding through a Qt paint): try it often
    for _ in range(5 if signum == signal.SIGINT else 1):
        proc = _start_export(tmp_path)
        os.killpg(proc.pid, signum)  # the whole group, as Ctrl-C in a terminal does
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == status, err.decode()
        assert err.decode() == line
        assert _parts(tmp_path) == [] and not (tmp_path / "out.gif").exists()


@posix_only
def test_sigint_mid_training_exits_130_without_saving(tmp_path):
    model = tmp_path / "m.npz"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cnnviz", "train", "--dataset", "shapes", "--epochs", "500",
         "--save", str(model)],
        cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    for text in proc.stdout:  # epoch lines are flushed one by one
        if text.startswith("epoch "):
            break
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == "cnnviz: interrupted\n"
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_stale_part_files_of_a_killed_export_are_swept_by_the_next_one(tmp_path):
    proc = _start_export(tmp_path)
    os.killpg(proc.pid, signal.SIGKILL)  # nothing can clean up after this
    proc.communicate(timeout=60)
    stale = _parts(tmp_path)
    assert len(stale) == 1 and stale[0].startswith(".out.gif.")
    others = [tmp_path / ".other.gif.abcd1234.part", tmp_path / ".out.gif.not-ours.part"]
    for p in others:
        p.write_bytes(b"not ours to remove")
    from cnnviz.cli import main

    assert main(["export", "--demo", "-o", str(tmp_path / "out.gif")]) == 0
    assert _parts(tmp_path) == sorted(p.name for p in others)
    with Image.open(tmp_path / "out.gif") as im:
        assert im.n_frames == 18


def test_a_part_file_still_being_written_is_not_swept(tmp_path):
    target = tmp_path / "a.gif"
    first = AtomicFile(target)
    try:
        assert sweep_stale(target) == []
        second = AtomicFile(target)
        second.discard()
        assert Path(first.name).exists()
    finally:
        first.discard()
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_a_signal_sets_the_flag_instead_of_raising():
    previous = signal.getsignal(signal.SIGTERM)
    with stop_on_signals() as stop:
        assert not stop
        os.kill(os.getpid(), signal.SIGTERM)
        _poll(lambda: bool(stop), timeout=5)  # delivered at the next bytecode
        assert stop.signum == signal.SIGTERM
        with pytest.raises(Interrupted) as exc:
            stop.check()
    assert exc.value.exit_status == 143 and exc.value.message == "interrupted by SIGTERM"
    assert signal.getsignal(signal.SIGTERM) is previous


def test_the_export_job_stops_between_frames_and_removes_its_file(tmp_path, qapp):
    from cnnviz.presenters.export_job import ExportJob

    stop = StopFlag()
    rendered = []

    def render(k: int) -> np.ndarray:
        rendered.append(k)
        if k == 3:
            stop.signum = signal.SIGINT  # as the handler would, mid-paint
        return np.full((8, 8, 3), 20 * k, np.uint8)

    job = ExportJob(range(10), render, tmp_path / "x.gif")
    with pytest.raises(Interrupted):
        job.run(between_frames=stop.check)
    assert rendered == [0, 1, 2, 3] and list(tmp_path.iterdir()) == []


@posix_only
def test_a_signal_ignored_at_start_stays_ignored(tmp_path):
    """``nohup`` starts a command with SIGHUP ignored: a hang-up must not end the export."""
    def ignore_hup() -> None:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    proc = subprocess.Popen(
        _long_export(tmp_path), cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, preexec_fn=ignore_hup,
    )
    assert _poll(lambda: any(p.stat().st_size for p in tmp_path.iterdir() if p.name.endswith(".part")))
    os.killpg(proc.pid, signal.SIGHUP)
    with pytest.raises(subprocess.TimeoutExpired):
        proc.wait(timeout=1.0)  # still exporting
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err.decode() == "cnnviz: interrupted\n"
    assert _parts(tmp_path) == []
