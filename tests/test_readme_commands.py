"""Every ``cnnviz …`` command in the README's code blocks and in ``cnnviz export
--help`` runs as written (with stand-in files), so the documentation cannot rot."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnnviz.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ").strip()
            if line.startswith("cnnviz "):
                lines.append(line)
    return lines


def help_commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001
    epilog = sub.choices["export"].epilog or ""
    return [line.strip() for line in epilog.splitlines() if line.strip().startswith("cnnviz ")]


def argv_of(line: str) -> list[str]:
    """The command's words: what follows two or more spaces is a comment or a description."""
    words = shlex.split(re.split(r"\s{2,}", line)[0].split(" # ")[0])
    return words[1:]


@pytest.fixture
def stand_ins(tmp_path, monkeypatch):
    """A photo, two digit images, a weights file, a lesson and a trained model, in the cwd."""
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    Image.fromarray((rng.random((200, 300, 3)) * 255).astype(np.uint8)).save("cat.jpg")
    for name in ("digit.png", "another.png"):
        Image.fromarray((rng.random((8, 8)) * 255).astype(np.uint8)).save(name)
    np.savez("filters.npz", w=rng.standard_normal((2, 3, 3, 3)).astype(np.float32))
    shutil.copy(ROOT / "resources" / "lessons" / "example_B.cnnviz", "lesson.cnnviz")
    (tmp_path / "docs").mkdir()
    assert main(["train", "--dataset", "digits", "--epochs", "1", "--save", "digits.npz"]) == 0
    return tmp_path


def test_the_readme_has_commands_to_check():
    assert len(readme_commands()) >= 15 and len(help_commands()) >= 5


@pytest.mark.parametrize("line", readme_commands() + help_commands())
def test_documented_command_runs_as_written(stand_ins, capsys, line):
    argv = argv_of(line)
    if any(a.endswith(".mp4") for a in argv):
        pytest.importorskip("av")  # the optional video extra
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 0, f"{line!r} failed: {err.strip()}"
    assert err == ""
