"""``cnnviz export``: write the convolution animation (GIF, APNG, WebP or MP4; one step as a PNG), headless.

Frames are drawn by the window's own convolution view, rendered offscreen.
"""

from __future__ import annotations

import argparse
import errno
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cnnviz.core.limits import MAX_EXPORT_FRAMES as MAX_FRAMES

from .errors import UsageError, one_line_error, whole_number
from .export_inputs import (
    check_cap,
    check_output,
    check_settings,
    frame_size,
    session_arrays,
    use_offscreen_without_display,
)
from .export_lesson import first_step, lesson_arrays, lesson_variant, open_in, read_lesson_arg
from .export_slides import check_slide_args, export_taps, install_language, register_slide_args
from .export_variants import EPILOG as VARIANT_EPILOG
from .export_variants import add_variant_arguments, check_variant, check_variant_flags
from .interrupts import StopFlag

EXAMPLE_KEYS = ("A", "B", "C")
NEURON_NAMES = ("and", "or", "not", "festival")
FORWARD_STAGES = ("conv", "relu", "pool")
BACKWARD = {"weights": "grad_w", "biases": "grad_b", "inputs": "grad_x"}
MAX_POOL = 8
DEFAULT_FPS = 2.0

EPILOG = """\
steps are numbered from 0 (the frame's readout counts from 1: "step 1 / 18" is step 0);
--stop is exclusive, like Python's range.

formats, chosen by OUT's extension: .gif, .apng (animated PNG, lossless),
.webp (animated WebP, lossless), .mp4 (H.264 video; needs the optional video
library: pip install "cnnviz[video]"); .png with --step writes one step.

--weights FILE: a .npy array w of shape (F, C, KH, KW) (F filters, C = the input's
channels: 3, or 1 with --gray), or a .npz with w and optionally b of shape (F,);
saved with numpy.save / numpy.savez, no pickles.

examples:
  cnnviz export --demo -o demo.gif                         the article's 18 frames
  cnnviz export --demo --step 0 -o first.png               one step as a PNG
  cnnviz export --demo -o demo.webp                        the same 18 frames as a lossless WebP
  cnnviz export --demo --fps 4 -o demo.mp4                 an MP4 video for slides (video extra)
  cnnviz export --image cat.jpg --gray --size 16 --preset sobel_x sobel_y --padding 1 -o cat.gif
  cnnviz export --image cat.jpg --size 64 --start 0 --stop 300 --fps 20 -o part.gif
  cnnviz export --image cat.jpg --size 64 --weights filters.npz --every 16 -o sparse.gif
  cnnviz export --example C -o pooling.gif                 example C: max pooling, 4 frames
  cnnviz export --demo --stage relu -o relu.gif            ReLU of the demo's output, cell by cell
  cnnviz export --demo --stage pool --pool avg -o avg.gif  average pooling after ReLU
  cnnviz export --demo --backward weights -o dw.gif        the 54 weight gradients (upstream all ones)
  cnnviz export --neuron and -o and.png                    the AND neuron and its truth table
  cnnviz export --demo --taps --stop 1 -o taps.gif         step 1, one multiply-add per frame (28)
  cnnviz export --demo --step 0 --lang zh_CN --caption "第一步" --panels input,filters,arithmetic -o slide.png
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="export the convolution animation as a GIF, APNG, WebP or MP4 (no window needed)",
        description="Export the step-by-step convolution as a looping GIF, APNG or WebP, an MP4 video,\n"
        "or one step as a PNG (OUT's extension picks the format).\n"
        "Frames are drawn exactly as the window draws them; no display is needed.",
        epilog=EPILOG + "\n" + VARIANT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.error = one_line_error  # type: ignore[method-assign]
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--demo", action="store_true", help="the article's 7×7×3 demo with its filters w0, w1")
    src.add_argument("--image", metavar="PATH", help="an image file (PNG, JPEG, BMP, GIF, WebP, TIFF)")
    src.add_argument(
        "--example",
        type=str.upper,
        choices=EXAMPLE_KEYS,
        metavar="A|B|C",
        help="one of the article's worked examples (C opens on its pooling stage)",
    )
    src.add_argument(
        "--lesson",
        metavar="L.cnnviz",
        help="a lesson file (File → Save lesson…): its stage, from its step (unless --start or --step)",
    )
    src.add_argument(
        "--neuron",
        type=str.lower,
        choices=NEURON_NAMES,
        metavar="NAME",
        help=f"the neuron page with its truth table as a PNG: {', '.join(NEURON_NAMES)}",
    )
    from .export_network import add_network_arguments

    add_network_arguments(p, src)  # --network, --model, --sample: the Network tab as a PNG (issue 12)
    p.add_argument(
        "--stage",
        choices=FORWARD_STAGES,
        metavar="STAGE",
        help="conv, relu or pool: frames are that stage's steps (default conv; C: pool)",
    )
    p.add_argument("--pool", choices=("max", "avg"), metavar="max|avg", help="pooling kind (default max)")
    p.add_argument(
        "--pool-size", type=whole_number, metavar="K", help=f"pooling window K×K, 1..{MAX_POOL} (default 2)"
    )
    p.add_argument(
        "--pool-stride", type=whole_number, metavar="S", help=f"pooling stride 1..{MAX_POOL} (default 2)"
    )
    p.add_argument(
        "--backward",
        choices=tuple(BACKWARD),
        metavar="weights|biases|inputs",
        help="the convolution's backward pass: one frame per weight, bias or input cell",
    )
    p.add_argument(
        "--upstream",
        choices=("ones", "target-zero"),
        metavar="ones|target-zero",
        help="the upstream gradient for --backward: all ones (default) or y − t with target t = 0",
    )
    p.add_argument("--gray", action="store_true", help="load the image as one gray channel")
    p.add_argument(
        "--size",
        type=whole_number,
        metavar="N",
        help="scale the image down so its long side is N px, 8..1024 (default 128)",
    )
    p.add_argument(
        "--preset",
        nargs="+",
        metavar="NAME",
        help="one filter per name, repeated to --filters N (default sobel_x; box_blur if --kernel is not 3)",
    )
    p.add_argument("--weights", metavar="FILE", help="filters from a .npy/.npz file (see below)")
    p.add_argument("--kernel", type=whole_number, metavar="K", help="K×K presets, 1..15 (default 3)")
    p.add_argument(
        "--filters", type=whole_number, metavar="N", help="number of filters, 1..16 (default: one per preset)"
    )
    p.add_argument("--stride", type=whole_number, metavar="S", help="1..16; 2 for the demo, 1 otherwise")
    p.add_argument(
        "--padding", type=whole_number, metavar="P", help="zero padding 0..16; 1 for the demo, 0 otherwise"
    )
    p.add_argument("--dilation", type=whole_number, metavar="D", help="1..8 (default 1)")
    add_variant_arguments(p)  # --padding-mode, --flip, --groups, --transposed, --output-padding
    p.add_argument(
        "--fps", type=float, default=DEFAULT_FPS, metavar="F", help="frames per second, 0.1..50 (default 2)"
    )
    p.add_argument(
        "--start", type=whole_number, metavar="K", help="first step (default 0; --lesson: the lesson's)"
    )
    p.add_argument(
        "--stop", type=whole_number, metavar="K", help="stop before step K (default: after the last step)"
    )
    p.add_argument(
        "--every", type=whole_number, default=1, metavar="N", help="one frame every N steps (default 1)"
    )
    p.add_argument(
        "--max-frames",
        type=whole_number,
        default=MAX_FRAMES,
        metavar="M",
        help=f"refuse (exit 2, saying how to narrow it) more frames (default {MAX_FRAMES})",
    )
    p.add_argument("--step", type=whole_number, metavar="K", help="write only step K; OUT must end in .png")
    p.add_argument(
        "--frame-size",
        default="1100x800",
        metavar="WxH",
        help="size of the drawn view in logical pixels (default 1100x800)",
    )
    p.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="X",
        help="pixels per logical pixel, 1..3, for sharper large frames (default 1)",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the .gif, .apng, .webp or .mp4 to write (or .png with --step)",
    )
    register_slide_args(p)  # --taps, --caption, --lang, --panels
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, stop: StopFlag | None = None) -> int:
    """Export as ``args`` say; ``stop`` (set by SIGINT/SIGTERM/SIGHUP) is checked
    between frames, and raises :class:`~cnnviz.commands.interrupts.Interrupted`
    once the temporary file is gone."""
    stop = stop if stop is not None else StopFlag()
    if args.neuron:
        return _export_neuron(args)
    from .export_network import export_network, wants_network

    if wants_network(args):
        return export_network(args)
    out = check_output(Path(args.output), single=args.step is not None)
    lesson = read_lesson_arg(args) if getattr(args, "lesson", None) else None
    _check_stage_args(args)
    check_variant_flags(args)
    slides = check_slide_args(args)
    if not 0.1 <= args.fps <= 50:
        raise UsageError(f"--fps must be between 0.1 and 50, got {args.fps:g}")
    check_settings(args)
    size = frame_size(args.frame_size)
    x, w, b, name, stride, padding, dilation = lesson_arrays(lesson) if lesson else session_arrays(args)
    variant = lesson_variant(lesson) if lesson else check_variant(args, x, w, stride, padding, dilation)

    use_offscreen_without_display()
    from PySide6.QtWidgets import QApplication

    from cnnviz.media.animation import write_png
    from cnnviz.presenters.export_job import ExportJob, select_steps
    from cnnviz.views.export_frames import OffscreenFrames, build_session

    app = QApplication.instance() or QApplication(["cnnviz"])  # noqa: F841 (kept alive)
    try:
        from cnnviz.presenters import Params

        params = Params(stride, padding, dilation, **variant)  # type: ignore[arg-type]
        presenter = build_session(
            x, w, b, stride=stride, padding=padding, dilation=dilation, name=name, params=params
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:
        _choose_stage(presenter, args) if lesson is None else open_in(presenter, lesson)
        english = install_language(app, slides.lang)  # the frames' words; the messages stay English
        try:
            frames = OffscreenFrames(
                presenter, size, args.scale, caption=slides.caption, panels=slides.panels
            )
        except ValueError:
            english()
            raise
    except ValueError as exc:
        presenter.deleteLater()
        raise UsageError(str(exc)) from None
    n = presenter.num_steps
    try:
        stop.check()
        if args.step is not None:
            if not 0 <= args.step < n:
                raise UsageError(f"--step must be between 0 and {n - 1} (this convolution has {n} steps)")
            frame, palette = frames(args.step), frames.palette()
            stop.check()
            _write(lambda: write_png(out, frame, palette=palette), out)
            print(f"wrote step {args.step} of {n} to {out}")
            return 0
        try:
            steps = select_steps(n, first_step(args, lesson), args.stop, args.every)
        except ValueError as exc:
            raise UsageError(f"{exc} (--start/--stop/--every)") from None
        if slides.taps:
            return export_taps(frames, steps, out, args, stop.check, _write)
        check_cap(steps, n, args.max_frames)
        t0 = time.perf_counter()
        job = ExportJob(steps, frames, out, fps=args.fps, palette=frames.palette)
        _write(lambda: job.run(between_frames=stop.check), out)
        dt = time.perf_counter() - t0
        print(
            f"wrote {len(steps)} frames (steps {steps.start}..{steps[-1]}, every {steps.step}) "
            f"of {n} to {out} in {dt:.1f} s ({len(steps) / dt:.0f} frames/s)"
        )
        return 0
    finally:
        frames.close()
        presenter.deleteLater()
        english()


def _check_stage_args(args: argparse.Namespace) -> None:
    """Stage flags that contradict each other, refused before anything is loaded."""
    pool_flags = args.pool is not None or args.pool_size is not None or args.pool_stride is not None
    if args.backward and args.stage not in (None, "conv"):
        raise UsageError("--backward follows the convolution; leave out --stage")
    if args.upstream and not args.backward:
        raise UsageError("--upstream applies to --backward")
    if pool_flags and args.stage not in (None, "pool") and not args.example:
        raise UsageError("--pool, --pool-size and --pool-stride apply to --stage pool")
    for flag, value in (("--pool-size", args.pool_size), ("--pool-stride", args.pool_stride)):
        if value is not None and not 1 <= value <= MAX_POOL:
            raise UsageError(f"{flag} must be between 1 and {MAX_POOL}, got {value}")


def _choose_stage(presenter, args: argparse.Namespace) -> None:
    """Put the export's private session on the stage ``args`` ask for; ValueError in words."""
    refused: list[str] = []
    presenter.error_reported.connect(refused.append)
    if args.example:
        presenter.load_example(args.example)  # its stage and pooling window
    if args.pool is not None or args.pool_size is not None or args.pool_stride is not None:
        if not presenter.set_pool(args.pool, args.pool_size, args.pool_stride):
            raise ValueError(refused[-1] if refused else "this pooling window cannot be used here")
    stage = BACKWARD[args.backward] if args.backward else args.stage
    if args.backward:
        presenter.set_upstream("target" if args.upstream == "target-zero" else "ones")
    if stage is not None and not presenter.set_stage(stage):
        raise ValueError(presenter.pool_problem() or f"the {stage} stage is not available here")
    presenter.seek(0)


def _export_neuron(args: argparse.Namespace) -> int:
    """``--neuron NAME``: the neuron page with its truth table, one PNG."""
    out = Path(args.output)
    if out.suffix.lower() != ".png":
        raise UsageError(f"--neuron writes one page as a PNG; give an output ending in .png, not {out.name}")
    out = check_output(out, single=True)
    ignored = [
        f for f, v in (("--stage", args.stage), ("--backward", args.backward), ("--step", args.step)) if v
    ]
    if ignored:
        raise UsageError(f"--neuron writes one page; leave out {', '.join(ignored)}")
    from .export_neuron import render_neuron_png

    _write(lambda: render_neuron_png(args.neuron, out), out)
    print(f"wrote the {args.neuron} neuron page to {out}")
    return 0


def _write(action: Callable[[], object], out: Path) -> None:
    """Run ``action``; a file-system problem becomes a usage error (exit 2), any
    other failure a one-line error with exit status 1 — never a traceback."""
    try:
        action()
    except (ValueError, RuntimeError) as exc:
        print(f"cnnviz: error: the export stopped, nothing was written: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {_os_problem(exc, out)}") from None


def _os_problem(exc: OSError, out: Path) -> str:
    """Why writing ``out`` failed, in words (the folder was there when the export began)."""
    from cnnviz.media.atomic import WriteProtectedError

    folder = out.parent if str(out.parent) else Path(".")
    if isinstance(exc, WriteProtectedError):
        return "the file is write-protected (it was left as it is)"
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        if not folder.is_dir():
            return f"the folder {folder} does not exist"
        return f"files cannot be created in {folder}"
    if isinstance(exc, PermissionError):
        return f"permission denied in {folder}"
    return str(exc.strerror or exc)
