"""``cnnviz worksheet``: printable convolution exercises with answer keys.

One seed gives one exercise (:func:`cnnviz.core.worksheet.make_exercise`); the
sheet and its key are A4 PNGs at 150 dpi, byte-identical for the same seed,
level and language. ``--seeds A-B`` writes one pair per student into a folder,
named ``sheet_<seed>.png`` and ``key_<seed>.png`` (the seed unpadded, so a
student's sheet can be found from the seed printed on it).

Every argument and every target file is checked before anything is drawn or
written; a problem exits 2 with one ``cnnviz: error:`` line and no file.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from cnnviz.core.worksheet import LEVELS, SEED_RANGE, make_exercise
from cnnviz.media.atomic import target_problem

from .errors import UsageError, check_range, one_line_error, whole_number
from .interrupts import StopFlag

#: most pairs one ``--seeds`` range may write
MAX_SEEDS = 500
LANGS = ("en", "zh_CN")

EPILOG = f"""\
levels: 1 integers, one channel, no padding, stride 1; 2 adds zero padding
and/or a stride of 2; 3 has two input channels. Seeds are whole numbers {SEED_RANGE[0]}..{SEED_RANGE[1]}.

With --seeds A-B, -o names a folder (created if missing, its parent must exist)
and each seed S gets sheet_S.png and key_S.png there; at most {MAX_SEEDS} seeds.

examples:
  cnnviz worksheet --seed 7 -o sheet.png --answers key.png
  cnnviz worksheet --seed 7 --level 3 --lang zh_CN -o sheet.png --answers key.png
  cnnviz worksheet --seeds 1-40 --level 2 -o class_5b
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "worksheet",
        help="write a printable convolution exercise and its answer key (PNG)",
        description="Draw a seeded convolution exercise as a printable page, and its answer key\n"
        "with the arithmetic written out. The same seed gives the same files.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.error = one_line_error  # type: ignore[method-assign]
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--seed", type=whole_number, metavar="S", help="the exercise's seed")
    which.add_argument("--seeds", metavar="A-B", help="one exercise per seed A..B (inclusive), for a class")
    p.add_argument("--level", type=whole_number, default=1, metavar="L", help="1, 2 or 3 (default 1)")
    p.add_argument("--lang", default="en", metavar="LANG", help="en or zh_CN (default en)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="the sheet's .png; with --seeds, the folder for all pairs")  # fmt: skip
    p.add_argument("--answers", metavar="KEY.png", help="also write the answer key here (with --seed)")
    p.set_defaults(handler=run)


def parse_seeds(text: str) -> range:
    """``"1-40"`` → ``range(1, 41)``; ``"7"`` → ``range(7, 8)``; raises :class:`UsageError`."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", text)
    if not m:
        raise UsageError(f"--seeds must be a range like 1-40, got {text!r}")
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) is not None else first
    check_range("first seed", first, SEED_RANGE)
    check_range("last seed", last, SEED_RANGE)
    if last < first:
        raise UsageError(f"--seeds {text.strip()}: the range is empty (the last seed is below the first)")
    if last - first + 1 > MAX_SEEDS:
        raise UsageError(f"--seeds {text.strip()} asks for {last - first + 1} pairs; at most {MAX_SEEDS}")
    return range(first, last + 1)


def _check_png(path: Path, flag: str) -> None:
    if path.suffix.lower() != ".png":
        raise UsageError(f"{flag} {path}: the file name must end in .png")
    if problem := target_problem(path):
        raise UsageError(f"cannot write {path}: {problem}")


Pair = tuple[int, Path, "Path | None"]


def plan(args: argparse.Namespace) -> tuple[list[Pair], Path | None]:
    """Check ``args``; return ``[(seed, sheet, key or None), …]`` and the folder to
    create first (``None`` when it exists or no folder is written). Raises
    :class:`UsageError`; touches no file."""
    if args.level not in LEVELS:
        raise UsageError(f"--level must be 1, 2 or 3, got {args.level}")
    if args.lang not in LANGS:
        raise UsageError(f"--lang must be en or zh_CN, got {args.lang!r}")
    out = Path(args.output)
    if args.seed is not None:
        check_range("seed", args.seed, SEED_RANGE)
        _check_png(out, "-o")
        key = Path(args.answers) if args.answers else None
        if key is not None:
            _check_png(key, "--answers")
            if key.resolve() == out.resolve():
                raise UsageError("-o and --answers name the same file")
        return [(args.seed, out, key)], None
    if args.answers:
        raise UsageError(
            "--answers goes with --seed; with --seeds each key is written as key_S.png in the -o folder"
        )
    seeds = parse_seeds(args.seeds)
    if out.suffix.lower() == ".png":
        raise UsageError(f"with --seeds, -o names a folder, got {out}")
    pairs: list[Pair] = [(s, out / f"sheet_{s}.png", out / f"key_{s}.png") for s in seeds]
    if out.exists() and not out.is_dir():
        raise UsageError(f"with --seeds, -o names a folder; {out} is a file")
    if not out.exists():
        if problem := target_problem(out):
            raise UsageError(f"cannot create the folder {out}: {problem}")
        return pairs, out
    for path in [p for _, sheet, key in pairs for p in (sheet, key) if p is not None]:
        if problem := target_problem(path):
            raise UsageError(f"cannot write {path}: {problem}")
    return pairs, None


def run(args: argparse.Namespace, stop: StopFlag | None = None) -> int:
    """Write the sheet(s) and key(s) ``args`` ask for; ``stop`` (set by SIGINT,
    SIGTERM or SIGHUP) is checked between pages. Each file is written atomically."""
    stop = stop if stop is not None else StopFlag()
    pairs, new_folder = plan(args)
    from cnnviz.media.worksheet_page import FontMissingError, fonts_for, page_png, write_png

    try:
        fonts_for(args.lang)
    except FontMissingError as exc:
        raise UsageError(f"cannot draw the worksheet: {exc}") from None
    stop.check()
    if new_folder is not None:
        try:
            new_folder.mkdir()
        except OSError as exc:
            raise UsageError(f"cannot create the folder {new_folder}: {exc.strerror or exc}") from None
    written: list[Path] = []
    for seed, sheet, key in pairs:
        exercise = make_exercise(seed, args.level)
        pages = [(sheet, page_png(exercise, args.lang, answers=False))]
        if key is not None:
            pages.append((key, page_png(exercise, args.lang, answers=True)))
        for path, data in pages:
            stop.check()
            try:
                write_png(path, data)
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
            written.append(path)
    if args.seed is not None:
        names = " and ".join(str(p) for p in written)
        print(f"wrote {names} (seed {args.seed}, level {args.level}, {args.lang})")
    else:
        print(
            f"wrote {len(pairs)} sheets and {len(pairs)} answer keys to {args.output} "
            f"(seeds {pairs[0][0]}-{pairs[-1][0]}, level {args.level}, {args.lang})"
        )
    return 0
