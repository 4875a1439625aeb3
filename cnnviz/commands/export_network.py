"""``cnnviz export --network``: a saved model's overview for one input, as a PNG.

``cnnviz export --model M.npz --network (--image FILE | --sample K) -o net.png``
draws every layer's maps exactly as the Network tab does (its own
:class:`~cnnviz.views.network_overview.NetworkOverview`, rendered offscreen)
under a line naming the input and the prediction.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from .errors import UsageError, whole_number
from .export_inputs import use_offscreen_without_display

#: height of the drawn overview, in logical pixels; its width is what the network needs
OVERVIEW_HEIGHT = 560
MAX_WIDTH = 6000
#: export flags that draw something else
_OTHER = ("demo", "example", "lesson", "neuron", "stage", "backward", "step", "preset", "weights")

#: kept alive for the process when this module had to create the application
_APP = None


def add_network_arguments(p: argparse.ArgumentParser, sources: argparse._MutuallyExclusiveGroup) -> None:
    """``--network``, ``--model`` and ``--sample K`` (a source, beside ``--image``)."""
    p.add_argument(
        "--network",
        action="store_true",
        help="with --model: every layer of the network for one input (--image or --sample), a PNG",
    )
    p.add_argument("--model", metavar="M.npz", help="for --network: a model from cnnviz train --save")
    sources.add_argument(
        "--sample",
        type=whole_number,
        metavar="K",
        help="for --network: validation sample K (1..16, as the Network tab's strip)",
    )


def wants_network(args: argparse.Namespace) -> bool:
    return bool(
        getattr(args, "network", False)
        or getattr(args, "model", None)
        or getattr(args, "sample", None) is not None
    )


def _check(args: argparse.Namespace) -> Path:
    if not args.network or not args.model:
        raise UsageError(
            "--network, --model and --sample go together: "
            "cnnviz export --model M.npz --network (--image FILE | --sample K) -o net.png"
        )
    if args.image is None and args.sample is None:
        raise UsageError("--network needs an input: --image FILE or --sample K")
    other = [f"--{name}" for name in _OTHER if getattr(args, name, None) not in (None, False)]
    if other:
        raise UsageError(f"--network draws the whole network; leave out {', '.join(other)}")
    out = Path(args.output)
    if out.suffix.lower() != ".png":
        raise UsageError(f"--network writes one PNG; give an output ending in .png, not {out.name}")
    from cnnviz.media.atomic import target_problem

    problem = target_problem(out)
    if problem:
        raise UsageError(f"cannot write {out}: {problem}")
    return out


def export_network(args: argparse.Namespace) -> int:
    """Run ``cnnviz export --network``; :class:`UsageError` for bad input (exit 2)."""
    global _APP
    out = _check(args)
    use_offscreen_without_display()
    from PySide6.QtWidgets import QApplication

    from cnnviz.presenters.network import NetworkPresenter

    app = QApplication.instance()
    if app is None:
        app = _APP = QApplication(["cnnviz"])
    presenter = NetworkPresenter()
    refused: list[str] = []
    presenter.error_reported.connect(refused.append)
    try:
        if not presenter.open_model(args.model):
            raise UsageError(refused[-1])
        if args.image is not None:
            ok = presenter.open_image(args.image)
        else:
            if presenter.samples is None:
                name = Path(args.model).name
                raise UsageError(
                    f"{name} was not trained on digits or shapes: its validation samples "
                    "are unknown; use --image FILE"
                )
            ok = presenter.choose_sample(args.sample - 1)
        if not ok:
            raise UsageError(refused[-1])
        if presenter.problem:
            raise UsageError(presenter.problem)
        rgb = render_overview(presenter)
    finally:
        presenter.deleteLater()
    from cnnviz.media.animation import write_png

    try:
        write_png(out, rgb)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote the network for {presenter.input_description()} to {out} ({presenter.prediction_text()})")
    return 0


def render_overview(presenter, height: int = OVERVIEW_HEIGHT) -> np.ndarray:
    """The presenter's overview under its input and prediction line: (H, W, 3) uint8."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    from cnnviz.views.network_overview import NetworkOverview

    frame = QWidget()
    frame.setStyleSheet("background: white")
    layout = QVBoxLayout(frame)
    head = QLabel(f"{presenter.input_description()} · {presenter.prediction_text()}")
    head.setStyleSheet("font-size: 15px; font-weight: bold; color: #141414; padding: 4px")
    overview = NetworkOverview(presenter)
    layout.addWidget(head)
    layout.addWidget(overview, 1)
    try:
        frame.resize(400, height)
        frame.resize(min(MAX_WIDTH, max(400, overview.minimumWidth() + 24)), height)
        image = frame.grab().toImage()
        w, h = frame.width(), frame.height()
        if (image.width(), image.height()) != (w, h):  # a high-DPI screen: one pixel per logical pixel
            image = image.scaled(
                w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        image = image.convertToFormat(QImage.Format.Format_RGB888)
        rgb = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
        return rgb.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()
    finally:
        frame.deleteLater()
