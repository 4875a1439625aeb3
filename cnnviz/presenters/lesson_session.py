"""A convolution session saved as a lesson, and a lesson opened into a session.

:func:`lesson_from_session` takes everything a teacher hands out from a
:class:`~cnnviz.presenters.ConvSessionPresenter` (input, filters, biases,
parameters and convolution variant with the transposed convolution's picture,
pooling, stage, upstream gradient and target, step, speed, name) plus a note;
:func:`apply_lesson` puts a lesson back. Every check runs before the session
changes: the lesson is valid by construction (:class:`~cnnviz.core.lesson_data.Lesson`),
and its stage and step are tried on a private session first, so a refused lesson
leaves the student's session exactly as it was. :func:`open_lesson` and :func:`save_lesson` add the file
(:mod:`cnnviz.media.lesson_file`); :func:`describe_lesson_error` says what
went wrong in the interface's language.
"""

from __future__ import annotations

import os
import re
from dataclasses import fields

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnviz.core.lesson_data import MAX_NAME_CHARS, MAX_NOTE_CHARS, Lesson, LessonError, check_step
from cnnviz.core.lesson_variant import VARIANT_FIELDS
from cnnviz.core.resources import resource_path
from cnnviz.media.lesson_file import LESSON_SUFFIX, read_lesson, write_lesson

from .conv_session import ConvSessionPresenter, Params, PoolSettings

__all__ = [
    "LESSON_SUFFIX",
    "MAX_NOTE_CHARS",
    "Lesson",
    "LessonError",
    "apply_lesson",
    "check_lesson",
    "describe_lesson_error",
    "example_lesson_path",
    "lesson_from_session",
    "open_lesson",
    "save_lesson",
]

_NAME_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: reasons whose English detail says more than the translated sentence
_DETAILED = ("not_lesson", "damaged", "too_large", "invalid", "step", "unwritable")


def example_lesson_path(key: str) -> str:
    """The shipped lesson file of the article's worked example ``key`` ("A", "B", "C")."""
    return str(resource_path("lessons", f"example_{key}{LESSON_SUFFIX}"))


def _reasons() -> dict[str, str]:
    """Each :class:`LessonError` reason as a sentence, translated."""
    return {
        "missing": QCoreApplication.translate("LessonSession", "the file does not exist."),
        "folder": QCoreApplication.translate("LessonSession", "this is a folder, not a lesson file."),
        "unreadable": QCoreApplication.translate("LessonSession", "the file cannot be read."),
        "not_lesson": QCoreApplication.translate("LessonSession", "this is not a cnnviz lesson file."),
        "newer": QCoreApplication.translate(
            "LessonSession", "it was made by a newer version of cnnviz; update cnnviz to open it."
        ),
        "damaged": QCoreApplication.translate(
            "LessonSession", "the file is damaged or was changed by another program."
        ),
        "pickle": QCoreApplication.translate(
            "LessonSession", "it holds a pickled array, which cnnviz never opens."
        ),
        "too_large": QCoreApplication.translate(
            "LessonSession", "it is far larger than any lesson cnnviz makes."
        ),
        "invalid": QCoreApplication.translate("LessonSession", "one of its settings cannot be used."),
        "step": QCoreApplication.translate("LessonSession", "its step is past the last step of its stage."),
        "write_protected": QCoreApplication.translate(
            "LessonSession", "the file is write-protected; it was left as it is."
        ),
        "unwritable": QCoreApplication.translate("LessonSession", "the file cannot be written there."),
    }


def describe_lesson_error(exc: LessonError, name: str, saving: bool = False) -> str:
    """One line for the window's message bar: what failed, on which file, and why.

    ``name`` is the file's name (no folder); the English detail of the error
    follows in parentheses where it adds something (which setting, which member).
    """
    if saving:
        head = (
            QCoreApplication.translate("LessonSession", "Could not save the lesson {0}: {1}")
            if name
            else QCoreApplication.translate("LessonSession", "Could not save the lesson: {1}")
        )
    else:
        head = (
            QCoreApplication.translate("LessonSession", "Could not open the lesson {0}: {1}")
            if name
            else QCoreApplication.translate("LessonSession", "Could not open the lesson: {1}")
        )
    reason = _reasons().get(exc.reason)
    text = head.format(name, str(exc) if reason is None else reason)
    if reason is None:
        return text
    if exc.reason in _DETAILED and str(exc):
        text += " " + QCoreApplication.translate("LessonSession", "({0})").format(str(exc))
    return text


def shown_name(name: str) -> str:
    """The input's name as a lesson may hold it: no control characters, ≤ 200 characters."""
    name = _NAME_BAD.sub("?", name)
    return name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1] + "…"


def _unsaved_settings(params: Params) -> list[str]:
    """Parameters a lesson has no field for, set away from their defaults (none today:
    a setting added to :class:`Params` is refused here until lessons hold it)."""
    kept = ("stride", "padding", "dilation", *VARIANT_FIELDS)
    return [f.name for f in fields(params) if f.name not in kept and getattr(params, f.name) != f.default]


def _target_or_none(target: np.ndarray) -> np.ndarray | None:
    """The target, or None when it is still the untouched all-zero one (restored as zeros)."""
    t = np.asarray(target, np.float32)
    return None if t.tobytes() == bytes(t.nbytes) else t


def lesson_from_session(presenter: ConvSessionPresenter, note: str) -> Lesson:
    """The lesson of ``presenter``'s session now, with the teacher's ``note``.

    Returns
    -------
    Lesson
        x (C, H, W); w as PyTorch lays it out for the variant, (F, C/groups, KH, KW)
        or (C_in, C_out, KH, KW) when transposed (:attr:`ConvSessionPresenter.weights`);
        b (F,); target (F, OH, OW) or None — the network's gradient is stored as the
        target ``t = y − ∂L/∂y`` that gives the same gradient; float32; the parameters and variant, the
        transposed convolution's picture, pooling, stage, upstream, the current stage's
        step, speed and the input's name (control characters replaced, cut to 200 characters).

    Raises
    ------
    LessonError
        When the session holds what a lesson cannot (a note that is too long or has
        control characters, numbers past ±1,000,000, a setting lessons do not store).
    """
    params, pool = presenter.params, presenter.pool_settings
    network = presenter.upstream_mode == "network"
    unsaved = _unsaved_settings(params)
    if unsaved:
        raise LessonError(f"a lesson cannot hold the setting {unsaved[0]} yet", "invalid")
    return Lesson(
        np.asarray(presenter.input_x, np.float32),  # not trace.x: the zero-inserted one when transposed
        np.asarray(presenter.weights, np.float32),
        np.asarray(presenter.biases, np.float32),
        stride=params.stride,
        padding=params.padding,
        dilation=params.dilation,
        stage=presenter.stage,
        pool_mode=pool.mode,
        pool_size=pool.size,
        pool_stride=pool.stride,
        # the network's gradient has no model in a lesson: it is kept as the target giving it
        upstream="target" if network else presenter.upstream_mode,
        target=_target_or_none(presenter.upstream_as_target() if network else presenter.target),
        step=presenter.step_index,
        speed=presenter.speed,
        name=shown_name(presenter.input_name),
        note=note,
        picture=presenter.picture,
        **{k: getattr(params, k) for k in VARIANT_FIELDS if k != "picture"},
    )


def lesson_settings(lesson: Lesson) -> tuple[Params, PoolSettings]:
    """The convolution's and the pooling's settings a lesson holds."""
    params = Params(
        lesson.stride,
        lesson.padding,
        lesson.dilation,
        **{k: getattr(lesson, k) for k in VARIANT_FIELDS if k != "picture"},
    )
    return params, PoolSettings(lesson.pool_mode, lesson.pool_size, lesson.pool_stride)


def _restore(presenter: ConvSessionPresenter, lesson: Lesson) -> bool:
    return presenter.restore(
        lesson.x,
        lesson.w,
        lesson.b,
        *lesson_settings(lesson),
        lesson.stage,
        lesson.upstream,
        lesson.target,
        lesson.step,
        lesson.name,
        picture=lesson.picture,
    )


def check_lesson(lesson: Lesson) -> None:
    """Try ``lesson`` on a private session: its stage can be shown and its step exists.

    Raises
    ------
    LessonError
        ``reason`` "step" for a step past its stage's end, "invalid" for a stage
        the session refuses (the message says why).
    """
    trial = ConvSessionPresenter()
    refused: list[str] = []
    trial.error_reported.connect(refused.append)
    try:
        if not _restore(trial, lesson):
            raise LessonError(
                refused[-1] if refused else f"the {lesson.stage} stage cannot be shown", "invalid"
            )
        check_step(lesson, len(trial.trace_of(lesson.stage)))
    finally:
        trial.deleteLater()


def apply_lesson(presenter: ConvSessionPresenter, lesson: Lesson, source: str = "") -> bool:
    """Make ``presenter``'s session the lesson's: all of it, or (False) nothing.

    A refusal is reported through ``presenter.error_reported`` in words (naming
    ``source``, the file's name, when given); the session stays exactly as it was.
    """
    try:
        check_lesson(lesson)
    except LessonError as exc:
        presenter.error_reported.emit(describe_lesson_error(exc, source or lesson.name))
        return False
    if not _restore(presenter, lesson):  # checked above: only a changed presenter gets here
        return False
    presenter.set_speed(lesson.speed)
    return True


def open_lesson(presenter: ConvSessionPresenter, path: str | os.PathLike[str]) -> Lesson | None:
    """Read the lesson file ``path`` and apply it; the lesson, or None when refused.

    A refusal (a missing, damaged, newer or invalid file, a step past its stage) is
    reported through ``presenter.error_reported`` in words and changes nothing.
    """
    name = os.path.basename(os.fspath(path))
    try:
        lesson = read_lesson(path)
    except LessonError as exc:
        presenter.error_reported.emit(describe_lesson_error(exc, name))
        return None
    return lesson if apply_lesson(presenter, lesson, name) else None


def save_lesson(presenter: ConvSessionPresenter, path: str | os.PathLike[str], note: str) -> bool:
    """Write ``presenter``'s session and ``note`` to ``path`` atomically; False when refused
    (reported through ``presenter.error_reported``, nothing written, an existing file kept)."""
    name = os.path.basename(os.fspath(path))
    try:
        write_lesson(path, lesson_from_session(presenter, note))
    except LessonError as exc:
        presenter.error_reported.emit(describe_lesson_error(exc, name, saving=True))
        return False
    return True
