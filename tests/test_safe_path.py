"""A ``json.py`` or ``multiprocessing.py`` in the folder cnnviz is started from never runs,
neither in cnnviz itself nor in its children (the GIF encoder, the trainer's spawn)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.media import child_process
from cnnviz.presenters.export_job import PROCESS_MIN_FRAMES

PLANTED = ("json", "multiprocessing", "numpy", "PIL")


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with modules that shadow the standard library; each writes to the marker."""
    folder = tmp_path / "student"
    folder.mkdir()
    marker = tmp_path / "MARKER"
    for name in PLANTED:
        (folder / f"{name}.py").write_text(
            f"open({str(marker)!r}, 'a').write('{name} from the current folder ran\\n')\n"
            "raise SystemExit(97)\n"
        )
    return folder, marker


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONSAFEPATH")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=300)


def test_export_and_its_encoder_process_ignore_modules_in_the_current_folder(planted, tmp_path):
    folder, marker = planted
    img = tmp_path / "small.png"
    Image.fromarray((np.random.default_rng(1).random((10, 10, 3)) * 255).astype(np.uint8)).save(img)
    out = tmp_path / "out.gif"
    assert 8 * 8 >= PROCESS_MIN_FRAMES  # 10×10 with a 3×3 kernel: the encoder runs in a child process
    done = _run([sys.executable, "-m", "cnnviz", "export", "--image", str(img), "--size", "10",
                 "-o", str(out)], folder)  # fmt: skip
    assert not marker.exists(), marker.read_text()
    assert done.returncode == 0, done.stderr
    with Image.open(out) as im:
        assert im.n_frames == 64


def test_train_ignores_modules_in_the_current_folder(planted):
    folder, marker = planted
    done = _run([sys.executable, "-m", "cnnviz", "train", "--dataset", "shapes", "--epochs", "1",
                 "--batch", "512"], folder)  # fmt: skip
    assert not marker.exists(), marker.read_text()
    assert done.returncode == 0, done.stderr


_DRIVER = """
import time

from cnnviz.core.datasets import split_dataset
from cnnviz.core.train import Architecture, TrainConfig
from cnnviz.media.folder_dataset import load_dataset
from cnnviz.presenters.trainer_worker import TrainingProcess

if __name__ == "__main__":  # the spawned child runs this file again as __mp_main__
    import sys

    import cnnviz.media.child_process

    cnnviz.media.child_process.SAFE_PATH_FLAG = sys.argv[1] == "-P"  # "-I": Python 3.10's way
    split = split_dataset(load_dataset("digits"), 0.2, seed=0)
    arch = Architecture(split.input_shape, split.num_classes, filters=2, kernel_size=3)
    worker = TrainingProcess(split, arch, None, TrainConfig(epochs=1, batch_size=512, lr=0.01))
    records = []
    deadline = time.monotonic() + 120
    while not worker.done and time.monotonic() < deadline:
        records += worker.drain()
        time.sleep(0.02)
    worker.stop()
    print(len(records), worker.state is not None, worker._proc.exitcode)
"""


@pytest.mark.parametrize("mode", ["-P", "-I"])
def test_the_trainers_spawned_child_ignores_modules_in_the_current_folder(planted, tmp_path, mode):
    """The window's training process: ``python -c 'from multiprocessing.spawn import …'``."""
    folder, marker = planted
    if mode == "-P" and sys.version_info < (3, 11):
        pytest.skip("-P is new in Python 3.11")
    driver = tmp_path / "driver" / "drive.py"  # its folder, not the current one, is sys.path[0]
    driver.parent.mkdir()
    driver.write_text(textwrap.dedent(_DRIVER))
    done = _run([sys.executable, str(driver), mode], folder)
    assert not marker.exists(), marker.read_text()
    assert done.returncode == 0, done.stderr
    count, has_state, exitcode = done.stdout.split()
    assert int(count) >= 2 and has_state == "True" and exitcode == "0", done.stdout


def test_the_encoder_command_is_in_safe_path_mode(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([".", "", str(tmp_path), "/elsewhere"]))
    argv, env = child_process.module_command("cnnviz.media.gif_process")
    assert ("-P" if sys.version_info >= (3, 11) else "-I") in argv
    entries = env["PYTHONPATH"].split(os.pathsep)
    assert entries == [child_process.PACKAGE_ROOT, "/elsewhere"]


def test_safe_spawn_hides_the_current_folder_and_restores_everything(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", ["", str(tmp_path), *sys.path])
    monkeypatch.delenv("PYTHONSAFEPATH", raising=False)
    before = list(sys.path)
    with child_process.safe_spawn():
        assert "" not in sys.path and str(tmp_path) not in sys.path
        if sys.version_info >= (3, 11):
            assert os.environ["PYTHONSAFEPATH"] == "1"
        else:
            import multiprocessing.util

            assert "-I" in multiprocessing.util._args_from_interpreter_flags()
    assert sys.path == before and "PYTHONSAFEPATH" not in os.environ



@pytest.mark.parametrize("safe_path_flag", [True, False], ids=["-P", "-I (Python 3.10)"])
def test_a_module_child_ignores_modules_in_the_current_folder(planted, monkeypatch, safe_path_flag):
    folder, marker = planted
    if safe_path_flag and sys.version_info < (3, 11):
        pytest.skip("-P is new in Python 3.11")
    monkeypatch.setattr(child_process, "SAFE_PATH_FLAG", safe_path_flag)
    monkeypatch.chdir(folder)
    argv, env = child_process.module_command("json.tool")  # the package json, or the planted json.py
    done = subprocess.run(argv, env=env, input='{"a": 1}', capture_output=True, text=True, timeout=60)
    assert not marker.exists(), marker.read_text()
    assert done.returncode == 0 and '"a": 1' in done.stdout, done.stderr
