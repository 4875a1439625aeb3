"""Outputs: write-protected files are refused, new files get the user's umask, a ``--save``
target is checked before training, a closed stdout ends quietly, ``/proc`` is not "missing"."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import run_cli
from PIL import Image

from cnnviz.cli import main
from cnnviz.media.atomic import AtomicFile, WriteProtectedError, is_write_protected

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
HAS_PROC = Path("/proc/self").is_dir()




def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield 0o640
    os.umask(old)


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("model") / "digits.npz"
    assert main(["train", "--epochs", "1", "--batch", "512", "--filters", "2", "--kernel", "3",
                 "--save", str(path)]) == 0  # fmt: skip
    return path


# -- write-protected targets ------------------------------------------------------------
@pytest.mark.parametrize("argv", [["--demo"], ["--demo", "--step", "0"]], ids=["gif", "png"])
def test_a_write_protected_export_target_is_refused_not_replaced(tmp_path, capsys, argv):
    out = tmp_path / ("x.png" if "--step" in argv else "x.gif")
    out.write_bytes(b"the student's file")
    out.chmod(0o444)
    code, stdout, err = run_cli(capsys, "export", *argv, "-o", str(out))
    assert code == 2 and stdout == ""
    assert err == f"cnnviz: error: cannot write {out}: the file is write-protected (it was left as it is)\n"
    assert out.read_bytes() == b"the student's file" and mode(out) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_the_atomic_writer_refuses_a_write_protected_file_even_for_root(tmp_path):
    target = tmp_path / "a.gif"
    target.write_bytes(b"keep")
    target.chmod(0o444)
    assert is_write_protected(target)
    with pytest.raises(WriteProtectedError):
        AtomicFile(target)
    assert list(tmp_path.iterdir()) == [target] and target.read_bytes() == b"keep"
    target.chmod(0o644)
    assert not is_write_protected(target)


def test_the_window_export_says_the_file_is_write_protected(tmp_path, qtbot):
    from cnnviz.presenters.export_job import ExportJob

    target = tmp_path / "a.gif"
    target.write_bytes(b"keep")
    target.chmod(0o444)
    job = ExportJob(range(3), lambda k: np.full((4, 4, 3), 40 * k, np.uint8), target)
    with qtbot.waitSignal(job.failed) as failed:
        job.start()
    assert "write-protected" in failed.args[0] and target.read_bytes() == b"keep"


def test_train_refuses_a_write_protected_model_before_training(tmp_path, capsys):
    target = tmp_path / "m.npz"
    target.write_bytes(b"an older model")
    target.chmod(0o444)
    code, stdout, err = run_cli(capsys, "train", "--epochs", "1", "--save", str(target))
    assert code == 2 and stdout == ""  # not one line of training
    reason = "the file is write-protected (it was left as it is)"
    assert err == f"cnnviz: error: cannot save to {target}: {reason}\n"
    assert target.read_bytes() == b"an older model"


def test_the_trainer_panel_refuses_a_write_protected_model(tmp_path, qtbot, model_file):
    from cnnviz.presenters.trainer import TrainerPresenter

    p = TrainerPresenter()
    try:
        assert p.load_model(str(model_file))
        target = tmp_path / "m.npz"
        target.write_bytes(b"an older model")
        target.chmod(0o444)
        with qtbot.waitSignal(p.error_reported) as refused:
            assert not p.save_model(str(target))
        assert "write-protected" in refused.args[0] and target.read_bytes() == b"an older model"
    finally:
        p.shutdown()


# -- permissions of new files ----------------------------------------------------------
def test_new_gif_png_and_model_files_get_the_users_umask(tmp_path, capsys, umask_027, qtbot, model_file):
    from cnnviz.presenters.trainer import TrainerPresenter

    gif, png, npz = tmp_path / "a.gif", tmp_path / "a.png", tmp_path / "m.npz"
    assert main(["export", "--demo", "-o", str(gif)]) == 0
    assert main(["export", "--demo", "--step", "3", "-o", str(png)]) == 0
    assert main(["train", "--dataset", "shapes", "--epochs", "1", "--batch", "512", "--save", str(npz)]) == 0
    capsys.readouterr()
    assert (mode(gif), mode(png), mode(npz)) == (umask_027,) * 3
    p = TrainerPresenter()
    try:
        assert p.load_model(str(model_file)) and p.save_model(str(tmp_path / "w.npz"))
    finally:
        p.shutdown()
    assert mode(tmp_path / "w.npz") == umask_027


def test_a_gif_from_the_encoder_process_gets_the_users_umask(tmp_path, capsys, umask_027):
    from cnnviz.presenters.export_job import PROCESS_MIN_FRAMES

    img = tmp_path / "small.png"
    Image.fromarray((np.random.default_rng(2).random((10, 10, 3)) * 255).astype(np.uint8)).save(img)
    out = tmp_path / "p.gif"
    assert 64 >= PROCESS_MIN_FRAMES
    assert main(["export", "--image", str(img), "--size", "10", "-o", str(out)]) == 0
    assert mode(out) == umask_027


def test_replacing_a_file_keeps_its_permissions(tmp_path, capsys):
    out = tmp_path / "a.gif"
    out.write_bytes(b"old")
    out.chmod(0o600)
    assert main(["export", "--demo", "-o", str(out)]) == 0
    assert mode(out) == 0o600 and out.read_bytes()[:6] == b"GIF89a"


# -- --save checked before training ------------------------------------------------------
def _save_cases(tmp_path: Path) -> list[tuple[str, str]]:
    cases = [
        (str(tmp_path), "it is a folder"),
        (str(tmp_path / "missing" / "m.npz"), f"the folder {tmp_path / 'missing'} does not exist"),
    ]
    if HAS_PROC:
        cases.append(("/proc/x.npz", "files cannot be created in /proc"))
    return cases


def test_save_targets_that_cannot_be_written_are_refused_before_training(tmp_path, capsys, monkeypatch):
    from cnnviz.commands import train as train_cmd

    def no_training(*args, **kwargs):
        raise AssertionError("the data was loaded before the --save target was checked")

    monkeypatch.setattr(train_cmd, "load_dataset", no_training)
    for target, reason in _save_cases(tmp_path):
        code, stdout, err = run_cli(capsys, "train", "--save", target)
        assert code == 2 and stdout == "", target
        assert err == f"cnnviz: error: cannot save to {target}: {reason}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.skipif(IS_ROOT, reason="root may write in a read-only folder; /proc covers an unwritable one")
def test_a_read_only_folder_is_refused_before_training(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    code, stdout, err = run_cli(capsys, "train", "--save", str(ro / "m.npz"))
    assert code == 2 and stdout == "" and f"permission denied in {ro}" in err


# -- /proc -----------------------------------------------------------------------------------
@pytest.mark.skipif(not HAS_PROC, reason="needs /proc")
def test_a_proc_target_is_not_reported_as_a_missing_folder(capsys, qapp):
    from cnnviz.presenters.export_job import describe_error

    code, _, err = run_cli(capsys, "export", "--demo", "-o", "/proc/x.gif")
    assert code == 2
    assert err == "cnnviz: error: cannot write /proc/x.gif: files cannot be created in /proc\n"
    assert describe_error(FileNotFoundError(2, "No such file"), Path("/proc/x.gif")) == (
        "Files cannot be created in /proc."
    )
    assert "does not exist" in describe_error(FileNotFoundError(2, "x"), Path("/no/such/x.gif"))


# -- a closed stdout -------------------------------------------------------------------------
def test_a_closed_stdout_ends_training_quietly_with_141(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cnnviz", "train", "--dataset", "shapes", "--epochs", "300"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # as `| head -1` does
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert first.startswith(b"shapes: 1600 images")
    assert proc.returncode == 141 and err == b""


def test_a_broken_pipe_in_process_returns_141(capsys, monkeypatch):
    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def isatty(self) -> bool:
            return False

        def fileno(self) -> int:
            raise OSError("not a file")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["train", "--dataset", "shapes", "--epochs", "1"]) == 141
