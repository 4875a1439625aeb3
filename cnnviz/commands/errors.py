"""Bad input on the command line: the error every command raises, kept apart so
that :mod:`cnnviz.cli` and the command modules can both import it without a
cycle, and the helpers that turn bad flags into one ``cnnviz: error:`` line."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class UsageError(Exception):
    """Bad input found after parsing; reported like an argparse error (exit 2)."""


def one_line_error(message: str) -> NoReturn:
    """An argparse ``error`` that prints one ``cnnviz: error: …`` line and exits 2."""
    print(f"cnnviz: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def whole_number(text: str) -> int:
    """An argparse type: a whole number, or an error that says so (``1e20`` is not one)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r} (give a whole number)") from None


def check_range(name: str, value: float, bounds: tuple[float, float]) -> None:
    """Raise :class:`UsageError` unless ``lo <= value <= hi`` (NaN is outside every range)."""
    lo, hi = bounds
    if not lo <= value <= hi:
        raise UsageError(f"{name} must be between {lo:g} and {hi:g}, got {shown_number(value)}")


def shown_number(value: float) -> str:
    """``value`` for a message: a whole number of 40 digits is not spelled out."""
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return text if len(text) <= 24 else f"{text[:20]}… ({len(text.lstrip('-'))} digits)"
