"""``cnnviz export --lesson L.cnnviz``: a lesson file rendered headless.

The lesson brings everything (input, filters, parameters, pooling, stage,
upstream gradient and target, step): flags that would set any of it again are
refused, and the frames start at the lesson's step unless ``--start`` or
``--step`` say otherwise. The export's private session is opened exactly as
the window opens the file (:func:`cnnviz.presenters.lesson_session.check_lesson`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from cnnviz.core.lesson_data import Lesson, LessonError
from cnnviz.media.lesson_file import read_lesson

from .errors import UsageError

#: flags that set what a lesson already holds (dest, flag); variants' flags are included when present
_LESSON_HOLDS = (
    ("stage", "--stage"),
    ("pool", "--pool"),
    ("pool_size", "--pool-size"),
    ("pool_stride", "--pool-stride"),
    ("backward", "--backward"),
    ("upstream", "--upstream"),
    ("gray", "--gray"),
    ("size", "--size"),
    ("preset", "--preset"),
    ("weights", "--weights"),
    ("kernel", "--kernel"),
    ("filters", "--filters"),
    ("stride", "--stride"),
    ("padding", "--padding"),
    ("dilation", "--dilation"),
    ("padding_mode", "--padding-mode"),
    ("flip", "--flip"),
    ("groups", "--groups"),
    ("transposed", "--transposed"),
    ("output_padding", "--output-padding"),
)


def read_lesson_arg(args: argparse.Namespace) -> Lesson:
    """The lesson ``--lesson`` names, checked in full (its stage and step too).

    Raises :class:`UsageError` (one line, exit 2) for a flag the lesson already
    sets, or for a file that is refused, saying why.
    """
    given = [flag for dest, flag in _LESSON_HOLDS if getattr(args, dest, None) not in (None, False, [])]
    if given:
        raise UsageError(f"--lesson brings its own input, filters and settings; leave out {', '.join(given)}")
    path = Path(args.lesson)
    try:
        lesson = read_lesson(path)
        from cnnviz.presenters.lesson_session import check_lesson  # Qt: only once a lesson was read

        check_lesson(lesson)
    except LessonError as exc:
        raise UsageError(f"cannot open the lesson {path.name}: {exc}") from None
    return lesson


def lesson_arrays(lesson: Lesson) -> tuple[np.ndarray, np.ndarray, np.ndarray, str, int, int, int]:
    """``x`` (C, H, W), ``w`` as PyTorch lays it out for the lesson's variant ((F, C/groups,
    KH, KW), or (C_in, C_out, KH, KW) when transposed), ``b`` (F,), name, stride, padding,
    dilation."""
    name = lesson.name or "lesson"
    return lesson.x, lesson.w, lesson.b, name, lesson.stride, lesson.padding, lesson.dilation


def lesson_variant(lesson: Lesson) -> dict[str, object]:
    """The lesson's convolution variant as ``Params`` keywords (checked when it was read)."""
    return {k: getattr(lesson, k) for k in ("padding_mode", "flip", "groups", "transposed", "output_padding")}


def open_in(presenter: Any, lesson: Lesson) -> None:
    """Make the export's private session the lesson's (stage, pooling, upstream, step).

    Raises ``ValueError`` in words when the session refuses it.
    """
    from cnnviz.presenters.lesson_session import apply_lesson

    refused: list[str] = []
    presenter.error_reported.connect(refused.append)
    if not apply_lesson(presenter, lesson):
        raise ValueError(refused[-1] if refused else "the lesson cannot be shown")


def first_step(args: argparse.Namespace, lesson: Lesson | None) -> int:
    """``--start``, else the lesson's step, else 0."""
    if args.start is not None:
        return args.start
    return lesson.step if lesson is not None else 0
