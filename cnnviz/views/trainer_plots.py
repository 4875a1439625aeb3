"""Live loss and accuracy curves, per batch and per epoch (pyqtgraph)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from .zoom import LABEL_PX, LEGEND_PX, scale_plots, scaled, title_factor

BATCH_PEN = pg.mkPen((120, 160, 220), width=1)
TRAIN_PEN = pg.mkPen((30, 80, 200), width=2)
VAL_PEN = pg.mkPen((230, 120, 0), width=2)
#: accuracy axis: 0 and 100 % stay inside the frame, each with its label (pyqtgraph drops
#: a label that does not fit between the plot's edges once a grid is drawn)
ACC_RANGE = (-7.0, 107.0)
ACC_TICKS = tuple(range(0, 101, 20))
#: the loss axis before any loss is known (it never goes below 0)
EMPTY_LOSS_TOP = 2.5
MAX_EPOCH_TICKS = 8
MIN_PLOT_HEIGHT = 170
LEGEND_HEIGHT = 26
FEW_BATCHES = 40
GRID_PEN = pg.mkPen((0, 0, 0, 40), width=1)


class LossAxis(pg.AxisItem):
    """The loss axis: a sliver below 0 keeps a loss near 0 off the frame, but a loss
    is never negative, so no label below 0 is written."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        strings = super().tickStrings(values, scale, spacing)
        return ["" if v * scale < -1e-9 else s for v, s in zip(values, strings, strict=True)]


def epoch_ticks(last: float, most: int = MAX_EPOCH_TICKS) -> list[int]:
    """Whole epochs to label on an axis from 0 to ``last``: a round spacing
    (1, 2, 5, 10, 20, 50, …) giving at most ``most`` labels, and always ``last``
    itself (a multiple too close to it gives way to it)."""
    end = max(1, math.ceil(last - 1e-9))
    step = 1
    for k in range(12):
        step = (1, 2, 5)[k % 3] * 10 ** (k // 3)
        if math.ceil(end / step) + 1 <= most:  # the multiples below ``end``, and ``end``
            break
    ticks = [t for t in range(0, end, step) if end - t > step / 2 or t == 0]
    return [*ticks, end]


class TrainerPlots(pg.GraphicsLayoutWidget):
    """Two plots side by side, loss and accuracy (%) against epochs, under one legend.

    Thin: every batch; thick with dots: training and validation per epoch.
    The legend sits above the plots, never over the curves; the loss axis
    starts at 0, the accuracy axis shows 0 to 100 with both ends labelled, and
    the epoch axis always labels the run's last epoch.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumHeight(MIN_PLOT_HEIGHT)
        self.legend = pg.LegendItem(colCount=3)
        self.legend.setLabelTextColor((40, 40, 40))
        self.addItem(self.legend, row=0, col=0, colspan=2)
        self.loss_plot = self.addPlot(row=1, col=0, axisItems={"left": LossAxis("left")})
        self.acc_plot = self.addPlot(row=1, col=1)
        self.ci.layout.setRowStretchFactor(0, 0)
        self.ci.layout.setRowStretchFactor(1, 1)
        self.ci.layout.setRowMaximumHeight(0, LEGEND_HEIGHT)
        self.ci.setSpacing(2)
        self.batch_x: list[float] = []
        self.batch_loss: list[float] = []
        self.batch_acc: list[float] = []
        self.epoch_x: list[float] = []
        self.epoch_values: dict[str, list[float]] = {"tl": [], "ta": [], "vl": [], "va": []}
        self.curves: dict[str, pg.PlotDataItem] = {}
        #: the labelled epochs on both plots' bottom axes
        self.epoch_tick_values: list[int] = []
        self.x_end = 1.0
        self._epoch_lines: list[pg.InfiniteLine] = []
        for plot, kind in ((self.loss_plot, "l"), (self.acc_plot, "a")):
            # vertical grid lines are drawn at the labelled epochs (see show_run): pyqtgraph's own
            # x grid would hide the last epoch's label, which overhangs the plot's right edge
            plot.showGrid(x=False, y=True, alpha=0.25)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            self.curves["b" + kind] = plot.plot(pen=BATCH_PEN, symbolSize=4, symbolPen=None,
                                                symbolBrush=BATCH_PEN.color())
            self.curves["t" + kind] = plot.plot(pen=TRAIN_PEN, symbol="o", symbolSize=6,
                                                symbolBrush=TRAIN_PEN.color())
            self.curves["v" + kind] = plot.plot(pen=VAL_PEN, symbol="s", symbolSize=6,
                                                symbolBrush=VAL_PEN.color())
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setTextPen((40, 40, 40))
                axis.setPen((120, 120, 120))
            # the epoch and accuracy axes get their ticks from here: label every one (pyqtgraph
            # drops labels past 40 % of a short axis), and let the last epoch's label reach past
            # the axis's end
            plot.getAxis("bottom").setStyle(textFillLimits=[(0, 0.95)], hideOverlappingLabels=16)
            plot.disableAutoRange()
        self.acc_plot.getAxis("left").setStyle(textFillLimits=[(0, 0.95)])
        self.acc_plot.setYRange(*ACC_RANGE, padding=0)
        self.acc_plot.getAxis("left").setTicks([[(v, str(v)) for v in ACC_TICKS], []])
        self.loss_top = 0.0
        self._zoom = 1.0
        self._show_loss_range()
        self.show_run(0.0, 1.0)
        self.retranslate()

    def set_zoom(self, factor: float) -> None:
        """Tick numbers, axis names and the legend at zoom ``factor``, by its title share (the
        curves keep their room); the legend stays one row, as large as the plots' width allows."""
        if factor != self._zoom:
            self._zoom = factor
            self._apply_zoom()

    def _apply_zoom(self) -> None:
        if self._zoom == 1.0:
            self._unzoom()
            return
        words = title_factor(self._zoom)
        scale_plots(self, words, legends=False)
        px = scaled(LEGEND_PX, words)
        need = self._size_legend(px)
        if need > self.width() - 10 > 0 and px > LEGEND_PX:
            px = max(LEGEND_PX, int(px * (self.width() - 10) / need))
            self._size_legend(px)
        self.ci.layout.setRowMaximumHeight(0, round(LEGEND_HEIGHT * px / LEGEND_PX))
        self.ci.layout.activate()
        axes = [plot.getAxis("left") for plot in (self.loss_plot, self.acc_plot)]
        px = min(self._fit_value_label(axis, scaled(LABEL_PX, words)) for axis in axes)
        for axis in axes:  # both names alike: the size the longer one fits at
            self._set_label_px(axis, px)

    def _unzoom(self) -> None:
        """pyqtgraph's own sizes again, as the plots were made."""
        for plot in (self.loss_plot, self.acc_plot):
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setStyle(tickFont=None)
                axis.labelStyle = {k: v for k, v in axis.labelStyle.items() if k != "font-size"}
                axis._updateLabel()  # noqa: SLF001 (pyqtgraph has no public "restyle the label")
        for _sample, label in self.legend.items:
            label.setText(label.text, size=self.legend.opts["labelTextSize"])
        self.legend.updateSize()
        self.ci.layout.setRowMaximumHeight(0, LEGEND_HEIGHT)

    @staticmethod
    def _set_label_px(axis: pg.AxisItem, px: int) -> None:
        axis.labelStyle = {**axis.labelStyle, "font-size": f"{px}px"}
        axis._updateLabel()  # noqa: SLF001 (pyqtgraph has no public "restyle the label")

    def _fit_value_label(self, axis: pg.AxisItem, px: int) -> int:
        """The size, at most ``px`` pixels, at which the value axis's name is whole along a short
        axis (pyqtgraph cuts it off), never below its size at zoom 1."""
        self._set_label_px(axis, px)
        room, length = axis.geometry().height() - 4, axis.label.boundingRect().width()
        return max(LABEL_PX, int(px * room / length)) if 0 < room < length else px

    def _size_legend(self, px: int) -> float:
        """The legend's words at ``px`` pixels; the width its one row needs."""
        for _sample, label in self.legend.items:
            label.setText(label.text, size=f"{px}px")
        self.legend.updateSize()
        return sum(label.minimumWidth() + 2.5 * px for _sample, label in self.legend.items)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if getattr(self, "_zoom", 1.0) != 1.0:  # pyqtgraph resizes while __init__ runs
            self._apply_zoom()  # the legend and the axes' names fit the new size

    def retranslate(self) -> None:
        # the names go on the value axes, not above the plots: a title row would take the
        # height the curves need on a 720-px screen
        self.loss_plot.setLabel("left", self.tr("Loss"), color="#202020")
        self.acc_plot.setLabel("left", self.tr("Accuracy (%)"), color="#202020")
        for plot in (self.loss_plot, self.acc_plot):
            plot.setLabel("bottom", self.tr("epoch"), color="#404040")
        self.legend.clear()
        self.legend.addItem(self.curves["bl"], self.tr("each batch"))
        self.legend.addItem(self.curves["tl"], self.tr("training, per epoch"))
        self.legend.addItem(self.curves["vl"], self.tr("validation, per epoch"))
        if self._zoom != 1.0:
            self._apply_zoom()  # the new words at the zoom's size

    def show_run(self, x_start: float, x_end: float) -> None:
        """Fix the epoch axis from 0 to ``x_end`` for a run (so the axes are not laid out
        again on every update), labelling ``x_end``."""
        self.x_end = max(1.0, float(x_end))
        self.epoch_tick_values = epoch_ticks(self.x_end)
        ticks = [[(float(t), str(t)) for t in self.epoch_tick_values], []]
        for line in self._epoch_lines:
            line.getViewBox().removeItem(line)
        self._epoch_lines.clear()
        for plot in (self.loss_plot, self.acc_plot):
            plot.setXRange(0, self.x_end, padding=0.02)
            plot.getAxis("bottom").setTicks(ticks)
            for t in self.epoch_tick_values:
                line = pg.InfiniteLine(t, angle=90, pen=GRID_PEN, movable=False)
                line.setZValue(-10)
                plot.addItem(line, ignoreBounds=True)
                self._epoch_lines.append(line)

    def clear_curves(self) -> None:
        self.batch_x.clear()
        self.batch_loss.clear()
        self.batch_acc.clear()
        self.epoch_x.clear()
        for values in self.epoch_values.values():
            values.clear()
        for curve in self.curves.values():
            curve.setData([], [])
        self.loss_top = 0.0
        self._show_loss_range()

    def _show_loss_range(self) -> None:
        top = self.loss_top * 1.06 if self.loss_top > 0 else EMPTY_LOSS_TOP
        # a sliver below 0 keeps a loss near 0 off the frame; too little for a negative label
        self.loss_plot.setYRange(-0.06 * top, top, padding=0)

    def _grow_loss_range(self, values: np.ndarray) -> None:
        finite = values[np.isfinite(values)]
        if finite.size and float(finite.max()) > self.loss_top:
            self.loss_top = float(finite.max())
            self._show_loss_range()

    def add_batches(self, x: np.ndarray, loss: np.ndarray, acc: np.ndarray) -> None:
        self.batch_x += x.tolist()
        self.batch_loss += loss.tolist()
        self.batch_acc += (100 * acc).tolist()
        # a few batches (trained with Step) get dots, or one batch would be invisible
        symbol = "o" if len(self.batch_x) <= FEW_BATCHES else None
        for key, values in (("bl", self.batch_loss), ("ba", self.batch_acc)):
            self.curves[key].setSymbol(symbol)
            self.curves[key].setData(self.batch_x, values)
        self._grow_loss_range(np.asarray(loss, dtype=float))

    def add_epoch(
        self, x: float, train_loss: float, train_acc: float, val_loss: float, val_acc: float
    ) -> None:
        self.epoch_x.append(x)
        for key, v in (("tl", train_loss), ("ta", 100 * train_acc), ("vl", val_loss), ("va", 100 * val_acc)):
            self.epoch_values[key].append(v)
            self.curves[key].setData(self.epoch_x, self.epoch_values[key])
        self._grow_loss_range(np.array([train_loss, val_loss], dtype=float))
