"""Live loss and accuracy curves, per batch and per epoch (pyqtgraph)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

BATCH_PEN = pg.mkPen((120, 160, 220), width=1)
TRAIN_PEN = pg.mkPen((30, 80, 200), width=2)
VAL_PEN = pg.mkPen((230, 120, 0), width=2)


class TrainerPlots(pg.GraphicsLayoutWidget):
    """Two plots side by side: loss and accuracy (%) against epochs.

    Thin: every batch; thick with dots: training and validation per epoch.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.loss_plot = self.addPlot(row=0, col=0)
        self.acc_plot = self.addPlot(row=0, col=1)
        self.batch_x: list[float] = []
        self.batch_loss: list[float] = []
        self.batch_acc: list[float] = []
        self.epoch_x: list[float] = []
        self.epoch_values: dict[str, list[float]] = {"tl": [], "ta": [], "vl": [], "va": []}
        self.curves: dict[str, pg.PlotDataItem] = {}
        for plot, kind in ((self.loss_plot, "l"), (self.acc_plot, "a")):
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.setMenuEnabled(False)
            legend = plot.addLegend(offset=(-8, 8) if kind == "l" else (-8, -8))
            legend.setLabelTextColor((40, 40, 40))
            self.curves["b" + kind] = plot.plot(pen=BATCH_PEN)
            self.curves["t" + kind] = plot.plot(pen=TRAIN_PEN, symbol="o", symbolSize=6,
                                                symbolBrush=TRAIN_PEN.color())
            self.curves["v" + kind] = plot.plot(pen=VAL_PEN, symbol="s", symbolSize=6,
                                                symbolBrush=VAL_PEN.color())
            for name in ("left", "bottom"):
                plot.getAxis(name).setTextPen((40, 40, 40))
                plot.getAxis(name).setPen((120, 120, 120))
        self.acc_plot.setYRange(0, 100, padding=0.02)
        self.acc_plot.disableAutoRange(pg.ViewBox.YAxis)
        self.retranslate()

    def retranslate(self) -> None:
        self.loss_plot.setTitle(self.tr("Loss"), color="#202020", size="11pt")
        self.acc_plot.setTitle(self.tr("Accuracy (%)"), color="#202020", size="11pt")
        for plot in (self.loss_plot, self.acc_plot):
            plot.setLabel("bottom", self.tr("epoch"), color="#404040")
        for kind, plot in (("l", self.loss_plot), ("a", self.acc_plot)):
            legend = plot.legend
            legend.clear()
            legend.addItem(self.curves["b" + kind], self.tr("each batch"))
            legend.addItem(self.curves["t" + kind], self.tr("training, per epoch"))
            legend.addItem(self.curves["v" + kind], self.tr("validation, per epoch"))

    def show_run(self, x_start: float, x_end: float) -> None:
        """Fix the epoch axis for a run, so the axes are not laid out again on every update."""
        for plot in (self.loss_plot, self.acc_plot):
            plot.setXRange(0, x_end, padding=0.02)
            plot.disableAutoRange(pg.ViewBox.XAxis)

    def clear_curves(self) -> None:
        self.batch_x.clear()
        self.batch_loss.clear()
        self.batch_acc.clear()
        self.epoch_x.clear()
        for values in self.epoch_values.values():
            values.clear()
        for curve in self.curves.values():
            curve.setData([], [])

    def add_batches(self, x: np.ndarray, loss: np.ndarray, acc: np.ndarray) -> None:
        self.batch_x += x.tolist()
        self.batch_loss += loss.tolist()
        self.batch_acc += (100 * acc).tolist()
        self.curves["bl"].setData(self.batch_x, self.batch_loss)
        self.curves["ba"].setData(self.batch_x, self.batch_acc)

    def add_epoch(
        self, x: float, train_loss: float, train_acc: float, val_loss: float, val_acc: float
    ) -> None:
        self.epoch_x.append(x)
        for key, v in (("tl", train_loss), ("ta", 100 * train_acc), ("vl", val_loss), ("va", 100 * val_acc)):
            self.epoch_values[key].append(v)
            self.curves[key].setData(self.epoch_x, self.epoch_values[key])
