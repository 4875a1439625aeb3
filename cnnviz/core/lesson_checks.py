"""The refusal every lesson check raises, and the small field checks they share.

Each check returns the value it accepted or raises :class:`LessonError` with
one phrase naming the field (:mod:`cnnviz.core.lesson_data`,
:mod:`cnnviz.core.lesson_variant`).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

__all__ = ["LessonError", "bool_field", "choice_field", "int_field", "shown", "text_field"]


class LessonError(ValueError):
    """A lesson refused; ``str(exc)`` is one phrase for a person, without the file's name.

    ``reason`` is one of ``missing, folder, unreadable, not_lesson, newer, damaged,
    pickle, too_large, invalid, step, write_protected, unwritable``.
    """

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.reason = reason


def shown(value: Any) -> str:
    """``repr(value)``, cut to 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def int_field(value: Any, name: str, lo: int, hi: int) -> int:
    """A whole number in ``lo..hi`` (a bool is not one)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise LessonError(f"the {name} must be a whole number, got {shown(value)}")
    v = int(value)
    if not lo <= v <= hi:
        raise LessonError(f"the {name} must be between {lo} and {hi}, got {v}")
    return v


def bool_field(value: Any, name: str) -> bool:
    """``True`` or ``False`` (not 0, 1 or a string)."""
    if not isinstance(value, (bool, np.bool_)):
        raise LessonError(f"the {name} must be true or false, got {shown(value)}")
    return bool(value)


def choice_field(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise LessonError(f"the {name} must be one of {', '.join(choices)}, got {shown(value)}")
    return value


def text_field(value: Any, name: str, limit: int, bad: re.Pattern[str]) -> str:
    """Text of at most ``limit`` characters holding nothing ``bad`` matches."""
    if not isinstance(value, str):
        raise LessonError(f"the {name} must be text, got {shown(value)}")
    if len(value) > limit:
        raise LessonError(f"the {name} is {len(value):,} characters long, more than the {limit:,} allowed")
    hit = bad.search(value)
    if hit is not None:
        code = ord(hit.group())
        kind = "unpaired surrogate" if 0xD800 <= code <= 0xDFFF else "control character"
        raise LessonError(f"the {name} holds the {kind} U+{code:04X}")
    return value
