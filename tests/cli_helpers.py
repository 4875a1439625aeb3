"""Helpers the command-line and file-format tests share."""

from __future__ import annotations

import numpy as np
from PIL import Image

from cnnviz.cli import main


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """``cnnviz ARGV`` in this process: its exit status (argparse's exits included), stdout, stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse errors
        code = exc.code if isinstance(exc.code, int) else int(bool(exc.code))
    out, err = capsys.readouterr()
    return code, out, err


def decode_frames(path) -> tuple[str, list[np.ndarray], list[float], dict]:
    """An animated file's format, its frames as RGB arrays, their durations and its info."""
    frames, durations = [], []
    with Image.open(path) as im:
        info = dict(im.info)
        for k in range(im.n_frames):
            im.seek(k)
            frames.append(np.asarray(im.convert("RGB")))
            durations.append(im.info["duration"])
        return im.format, frames, durations, info
