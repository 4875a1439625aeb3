"""The activation ``g`` (and its derivative ``g'``) with the neuron's current z marked."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnviz.presenters.neuron import NeuronState

G_PEN = pg.mkPen((30, 80, 200), width=3)
DG_PEN = pg.mkPen((230, 120, 0), width=3)
MARK_COLOR = (200, 30, 30)
ROW_COLOR = (90, 90, 90)
SATURATED_BRUSH = pg.mkBrush(150, 150, 150, 45)
TEXT_COLOR = "#202020"


def _plot(parent: QWidget) -> pg.PlotWidget:
    widget = pg.PlotWidget(parent, background="w")
    widget.setMinimumHeight(140)
    item = widget.getPlotItem()
    item.showGrid(x=True, y=True, alpha=0.25)
    item.setMenuEnabled(False)
    item.hideButtons()
    for name in ("left", "bottom"):
        item.getAxis(name).setTextPen((40, 40, 40))
        item.getAxis(name).setPen((120, 120, 120))
    item.getAxis("left").setWidth(44)  # equal in both plots, so their z axes line up
    return widget


class NeuronPlot(QWidget):
    """Two plots sharing the z axis: ``g(z)`` on top, ``g'(z)`` below (on request).

    The current ``z`` is a red vertical line with a dot on each curve; the truth
    table's rows are hollow dots on ``g``; where a sigmoid or tanh saturates,
    both plots are shaded grey (there ``g'`` is flat at ~0).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.g_widget = _plot(self)
        self.dg_widget = _plot(self)
        self.dg_widget.setXLink(self.g_widget)
        self.g_curve = self.g_widget.plot(pen=G_PEN)
        self.dg_curve = self.dg_widget.plot(pen=DG_PEN)
        self.rows_item = pg.ScatterPlotItem(
            size=11, pen=pg.mkPen(ROW_COLOR, width=2), brush=pg.mkBrush(255, 255, 255)
        )
        self.g_widget.addItem(self.rows_item)
        self.lines = []
        self.dots = []
        for widget in (self.g_widget, self.dg_widget):
            line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(MARK_COLOR, width=2))
            dot = pg.ScatterPlotItem(size=14, pen=pg.mkPen("w", width=1.5), brush=pg.mkBrush(*MARK_COLOR))
            dot.setZValue(10)
            widget.addItem(line)
            widget.addItem(dot)
            self.lines.append(line)
            self.dots.append(dot)
        self.z_label = pg.TextItem(color=MARK_COLOR, anchor=(0, 1))
        self.z_label.setZValue(11)
        self.g_widget.addItem(self.z_label)
        self.regions: list[tuple[pg.PlotWidget, pg.LinearRegionItem]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.g_widget, 1)
        layout.addWidget(self.dg_widget, 1)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        self.dg_widget.hide()
        self._state: NeuronState | None = None
        self._retranslate()

    def show_state(self, s: NeuronState) -> None:
        """Draw the curves, marks and shading of ``s``."""
        self._state = s
        self.g_curve.setData(s.curve_z, s.curve_g)
        self.dg_curve.setData(s.curve_z, s.curve_dg)
        self.rows_item.setData([r.z for r in s.table], [r.a for r in s.table])
        for line, dot, y in zip(self.lines, self.dots, (s.a, s.derivative)):
            line.setValue(s.z)
            dot.setData([s.z], [y])
        self.z_label.setText(f"z = {s.z_text}")
        self.z_label.setPos(s.z, s.a)
        self.z_label.setAnchor((1, 1) if s.z > 0.5 * float(s.curve_z[-1]) else (0, 1))
        self._show_regions(s.saturated)
        self.dg_widget.setVisible(s.show_derivative)
        self.g_widget.setXRange(float(s.curve_z[0]), float(s.curve_z[-1]), padding=0.02)
        self._retranslate()

    def _show_regions(self, intervals: tuple[tuple[float, float], ...]) -> None:
        for widget, region in self.regions:
            widget.removeItem(region)
        self.regions = []
        for lo, hi in intervals:
            for widget in (self.g_widget, self.dg_widget):
                region = pg.LinearRegionItem(
                    (lo, hi), movable=False, brush=SATURATED_BRUSH, pen=pg.mkPen(None)
                )
                region.setZValue(-10)
                widget.addItem(region)
                self.regions.append((widget, region))

    def _retranslate(self) -> None:
        s = self._state
        name = s.activation if s is not None else "g"
        self.g_widget.setTitle(self.tr("g(z) = {0}(z)").format(name), color=TEXT_COLOR, size="12pt")
        self.dg_widget.setTitle(self.tr("the derivative g'(z)"), color=TEXT_COLOR, size="12pt")
        for widget in (self.g_widget, self.dg_widget):
            widget.setLabel("bottom", "z", color="#404040")
        parts = [
            f"<span style='color:rgb{MARK_COLOR}'>●</span> " + self.tr("z now"),
            f"<span style='color:rgb{ROW_COLOR}'>○</span> " + self.tr("truth-table rows"),
        ]
        if s is not None and s.saturated:
            parts.append(
                "<span style='background:#dcdcdc'>&nbsp;&nbsp;&nbsp;</span> "
                + self.tr("saturated: g is flat, g' ≈ 0")
            )
        self.legend.setText("&nbsp;&nbsp;&nbsp;".join(parts))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
