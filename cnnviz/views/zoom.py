"""One zoom for everything a student reads: grid numbers, the arithmetic, titles,
formulas, the neuron page and the trainer's plots grow and shrink together.

A :class:`Zoom` holds the factor; a view that reads text takes it through its
``set_zoom(factor)`` setter (:meth:`Zoom.bind` calls it now and on every change).
This is not Qt's global scale factor, which would shrink the grids' share of
the screen with everything else: here only the text and the cells that hold
text grow, and each grid keeps filling the room the layout gives it.
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

NORMAL = 1.0
#: presentation mode's first zoom ("large"): the 13 px arithmetic becomes 28 px (one line per
#: channel of the demo at 1280 px), the filter's weights 28 px, grid numbers up to 34 px
LARGE = 2.15
#: the steps of Ctrl+= and Ctrl+−
LEVELS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0, LARGE, 2.5, 2.75, 3.0)
MIN_FACTOR, MAX_FACTOR = LEVELS[0], LEVELS[-1]


def scaled(base: float, factor: float) -> int:
    """``base`` pixels at zoom ``factor``, rounded, at least 1."""
    return max(1, round(base * factor))


def title_factor(factor: float) -> float:
    """How much titles and labels grow at zoom ``factor``: half as much as the numbers
    (at 2.15, 1.58×), so the numbers and sums get the room."""
    return factor if factor <= 1.0 else 1.0 + (factor - 1.0) * 0.5


def clamp_factor(factor: float) -> float:
    try:
        value = float(factor)
    except (TypeError, ValueError):
        return NORMAL
    if value != value:  # NaN from a damaged settings file
        return NORMAL
    return min(max(value, MIN_FACTOR), MAX_FACTOR)


class Zoom(QObject):
    """The zoom factor (1.0 = the normal sizes) and its change signal.

    Signals
    -------
    changed(float) : the new factor
    """

    changed = Signal(float)

    def __init__(self, factor: float = NORMAL, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factor = clamp_factor(factor)

    @property
    def factor(self) -> float:
        return self._factor

    def set_factor(self, factor: float) -> None:
        """Zoom to ``factor`` (clamped to :data:`MIN_FACTOR`..:data:`MAX_FACTOR`)."""
        value = clamp_factor(factor)
        if value != self._factor:
            self._factor = value
            self.changed.emit(value)

    def zoom_in(self) -> None:
        """The next larger level (Ctrl+=)."""
        self.set_factor(next((v for v in LEVELS if v > self._factor + 1e-6), MAX_FACTOR))

    def zoom_out(self) -> None:
        """The next smaller level (Ctrl+−)."""
        self.set_factor(next((v for v in reversed(LEVELS) if v < self._factor - 1e-6), MIN_FACTOR))

    def bind(self, target: object) -> None:
        """Call ``target.set_zoom(factor)`` now and on every change."""
        setter: Callable[[float], None] = target.set_zoom  # type: ignore[attr-defined]
        setter(self._factor)
        self.changed.connect(setter)


# -- pyqtgraph plots ---------------------------------------------------------------------
TICK_PX = 11
LABEL_PX = 12
TITLE_PX = 15
LEGEND_PX = 12


def _font(px: int) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    return font


def _scene_items(root: QWidget, kind: type) -> list:
    """The pyqtgraph items of ``kind`` in the views inside ``root``, found through pyqtgraph's
    own Python objects (a layout's items, a plot widget's plot, a plot's legend)."""
    views = [root] if isinstance(root, pg.GraphicsView) else []
    views += root.findChildren(pg.GraphicsView)
    found: list = []
    for view in views:
        layout = getattr(view, "ci", None)
        candidates = list(layout.items) if isinstance(layout, pg.GraphicsLayout) else []
        plot = getattr(view, "plotItem", None)
        candidates += [plot] if plot is not None else []
        candidates += [c.legend for c in candidates if isinstance(c, pg.PlotItem) and c.legend is not None]
        found += [c for c in candidates if isinstance(c, kind) and c not in found]
    return found


def plot_items(root: QWidget) -> list[pg.PlotItem]:
    """Every pyqtgraph plot drawn inside ``root`` (``root`` included)."""
    return _scene_items(root, pg.PlotItem)


def scale_plots(root: QWidget, factor: float, legends: bool = True) -> None:
    """Set the tick numbers, axis labels, titles and (with ``legends``) legends of every plot
    in ``root`` to their sizes at zoom ``factor`` (the lines and the plotted data are unchanged).

    A legend laid out in one row sets its plots' width: keep it as it is where that row is long.
    """
    for plot in plot_items(root):
        for name in ("left", "bottom", "right", "top"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=_font(scaled(TICK_PX, factor)))
            axis.labelStyle = {**axis.labelStyle, "font-size": f"{scaled(LABEL_PX, factor)}px"}
            axis._updateLabel()  # noqa: SLF001 (pyqtgraph has no public "restyle the label")
        title = plot.titleLabel
        if title.text:
            title.setText(title.text, size=f"{scaled(TITLE_PX, factor)}px")
    for legend in _scene_items(root, pg.LegendItem) if legends else []:
        for _sample, label in legend.items:
            label.setText(label.text, size=f"{scaled(LEGEND_PX, factor)}px")
        legend.updateSize()
