"""``cnnviz export`` for slides and handouts: ``--caption``, ``--lang``, ``--panels``
and ``--taps`` (one frame per multiply-add).

Checked before anything is loaded (one ``cnnviz: error:`` line, exit 2,
nothing written); the frames themselves are drawn by
:class:`~cnnviz.views.export_frames.OffscreenFrames`.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError

LANGUAGES = ("en", "zh_CN")
PANELS = ("input", "filters", "output", "arithmetic")  # cnnviz.views.step_image.PANELS, without Qt
MAX_CAPTION = 200


@dataclass(frozen=True)
class SlideOptions:
    """What the frames show beyond the step: a caption, the panels (None: all), the language."""

    caption: str = ""
    panels: tuple[str, ...] | None = None
    lang: str = "en"
    taps: bool = False


def register_slide_args(p: argparse.ArgumentParser) -> None:
    """Add the slide options to the ``export`` parser."""
    p.add_argument(
        "--taps",
        action="store_true",
        help="one frame per multiply-add: every tap of every step's window with its running sum, "
        "then the bias (convolution only)",
    )
    p.add_argument(
        "--caption",
        metavar="TEXT",
        default="",
        help=f"a title above every frame (≤ {MAX_CAPTION} characters)",
    )
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        metavar="en|zh_CN",
        help="the language of the frames' titles and labels (default en)",
    )
    p.add_argument(
        "--panels",
        metavar="LIST",
        help=f"the panels to draw, comma-separated, from {','.join(PANELS)} (default all); "
        "for ReLU and pooling 'filters' is ignored, for the backward pass it is the middle volume",
    )


def check_slide_args(args: argparse.Namespace) -> SlideOptions:
    """The slide options, checked; raises :class:`UsageError` in one sentence."""
    caption = str(args.caption or "")
    if len(caption) > MAX_CAPTION:
        raise UsageError(f"--caption is {len(caption)} characters long; at most {MAX_CAPTION} fit a frame")
    if any(not ch.isprintable() for ch in caption):
        raise UsageError("--caption must be one line of printable characters")
    panels = None
    if args.panels is not None:
        names = [n.strip().lower() for n in str(args.panels).split(",") if n.strip()]
        unknown = [n for n in names if n not in PANELS]
        if unknown:
            raise UsageError(f"--panels: unknown panel {unknown[0]!r}; choose from {','.join(PANELS)}")
        if not names:
            raise UsageError(f"--panels needs at least one of {','.join(PANELS)}")
        panels = tuple(dict.fromkeys(names))
    if args.taps:
        if args.step is not None:
            raise UsageError(
                "--taps writes an animation of every multiply-add; choose the steps with --start/--stop"
            )
        if args.backward or args.stage in ("relu", "pool") or getattr(args, "neuron", None):
            raise UsageError("--taps walks the convolution's window; leave out --stage/--backward")
    return SlideOptions(caption.strip(), panels, args.lang, bool(args.taps))


def install_language(app: Any, lang: str) -> Callable[[], None]:
    """Translate what is drawn from now on into ``lang``, as the window does; returns
    the function that puts English back (the command may run inside a test)."""
    from cnnviz.app import LanguageSwitcher

    switcher = LanguageSwitcher(app)
    switcher.apply(lang)
    return lambda: switcher.apply("en")


def export_taps(
    frames: Any,
    steps: range,
    out: Path,
    args: argparse.Namespace,
    between_frames: Callable[[], None],
    write: Callable[[Callable[[], object], Path], None],
) -> int:
    """Every multiply-add of ``steps`` as one frame each (``--taps``)."""
    from cnnviz.presenters.export_job import ExportJob

    presenter = frames.presenter
    n = presenter.num_steps
    taps = presenter.num_taps
    if taps == 0:
        if presenter.stage != "conv":
            raise UsageError(
                f"--taps walks the convolution's window, and this export shows the {presenter.stage} "
                "stage; add --stage conv"
            )
        raise UsageError("--taps walks a convolution window; the transposed convolution scatters instead")
    count = len(steps) * taps
    if count > args.max_frames:
        most = max(1, args.max_frames // taps)
        raise UsageError(
            f"--taps draws {taps} frames per step ({taps - 1} multiply-adds and the bias): "
            f"{len(steps)} steps would make {count} frames, more than --max-frames {args.max_frames}; "
            f"nothing was written. Choose at most {most} steps (e.g. --start {steps.start} "
            f"--stop {steps.start + most * steps.step}) or raise --max-frames"
        )
    pairs = frames.tap_frames(steps)
    frames.walk_taps = True
    t0 = time.perf_counter()
    job = ExportJob(pairs, lambda pair: frames.at(*pair), out, fps=args.fps, palette=frames.palette)
    write(lambda: job.run(between_frames=between_frames), out)
    dt = max(time.perf_counter() - t0, 1e-6)
    print(
        f"wrote {len(pairs)} frames ({taps} per step: {taps - 1} multiply-adds and the bias; "
        f"steps {steps.start}..{steps[-1]}, every {steps.step}) of {n} steps to {out} in {dt:.1f} s"
    )
    return 0
