"""Write the article's worked examples as lesson files in ``resources/lessons/``.

``example_A.cnnviz``, ``example_B.cnnviz`` and ``example_C.cnnviz`` are built from
:func:`cnnviz.core.examples.example`; the bytes are deterministic, and
``tests/media/test_lesson_file.py`` checks the shipped files equal a fresh build.

Usage: ``python3 -P tools/make_lessons.py [--check] [OUT_DIR]`` (``--check``: write
nothing, exit 1 if a shipped file differs from a fresh build).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cnnviz.core.examples import EXAMPLE_KEYS
from cnnviz.core.lesson_data import example_lesson
from cnnviz.media.lesson_file import LESSON_SUFFIX, lesson_to_bytes, write_lesson

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "lessons"


def lesson_name(key: str) -> str:
    """``"A"`` → ``"example_A.cnnviz"``."""
    return f"example_{key}{LESSON_SUFFIX}"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    rest = [a for a in argv if a != "--check"]
    out = Path(rest[0]) if rest else DEFAULT_OUT
    stale = []
    for key in EXAMPLE_KEYS:
        lesson, path = example_lesson(key), out / lesson_name(key)
        if check:
            if not path.is_file() or path.read_bytes() != lesson_to_bytes(lesson):
                stale.append(path.name)
            continue
        out.mkdir(parents=True, exist_ok=True)
        write_lesson(path, lesson)
        print(f"wrote {path}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python3 -P tools/make_lessons.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
