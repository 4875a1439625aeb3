"""A volume drawn as one zoomable heat-map grid per channel (or per filter)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from .grid_items import LABEL_MAX_PX, TEXT_MAX_PX, Mark, MarksItem, NumberGridItem
from .theme import LIGHT, ThemeColors
from .zoom import title_factor

TITLE_TEXT_PX = 13  # a grid's title at zoom 1
ARROWS = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
FOCUS_STYLE = "border: 3px solid #e67800"  # the output view has the arrow keys


class _Panel:
    """One grid: title, view box, heat map, numbers and marks."""

    def __init__(self, layout: pg.GraphicsLayout, row: int, col: int) -> None:
        self.title = pg.LabelItem("", size="10pt", color="#202020")
        layout.addItem(self.title, row=2 * row, col=col)
        self.vb = pg.ViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.vb.setDefaultPadding(0.02)
        self.vb.disableAutoRange()  # VolumeView fits the grid itself (see _fit)
        layout.addItem(self.vb, row=2 * row + 1, col=col)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.grid = NumberGridItem()
        self.marks = MarksItem()
        for z, item in enumerate((self.image, self.grid, self.marks)):
            item.setZValue(z)
            # only the image decides the auto range; marks reach past the grid
            self.vb.addItem(item, ignoreBounds=item is not self.image)

    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        if not self.vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = self.vb.mapSceneToView(scene_pos)
        h, w = self.grid.values.shape
        r, c = math.floor(p.y()), math.floor(p.x())
        return (r, c) if 0 <= r < h and 0 <= c < w else None


TITLE_PX = 20  # about the height of a grid's title


def best_columns(n: int, map_shape: tuple[int, int], area: tuple[int, int], title_px: int = TITLE_PX) -> int:
    """How many grids per row show ``n`` maps of ``map_shape`` (H, W) largest in ``area`` (W, H) px.

    Falls back to one column up to three maps (then three rows) when the area is not known yet.
    """
    width, height = area
    h, w = max(1, map_shape[0]), max(1, map_shape[1])
    if n <= 1:
        return 1
    if width < 50 or height < 50:
        return 1 if n <= 3 else math.ceil(n / 3)

    def cell_px(cols: int) -> float:
        rows = math.ceil(n / cols)
        return min(width / cols / w, (height / rows - title_px) / h)

    return max(range(1, n + 1), key=lambda cols: (cell_px(cols), -cols))


class VolumeView(pg.GraphicsLayoutWidget):
    """Grids side by side, zoomed and panned together.

    Signals
    -------
    cell_clicked(int panel, int row, int col), cell_hovered(int panel, int row, int col), hover_left(),
    cell_double_clicked(int panel, int row, int col),
    arrow_pressed(int rows, int cols) : an arrow key while the view has focus (see :meth:`set_arrow_keys`)
    """

    cell_clicked = Signal(int, int, int)
    cell_double_clicked = Signal(int, int, int)
    cell_hovered = Signal(int, int, int)
    hover_left = Signal()
    arrow_pressed = Signal(int, int)
    _arrow_keys = False  # a class default: Qt sends events while __init__ is still running

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.ci.setContentsMargins(2, 2, 2, 2)
        self.ci.setSpacing(2)
        self.panels: list[_Panel] = []
        self._shape: tuple[int, int] = (0, 0)
        self._hovered: tuple[int, int, int] | None = None
        self._zoomed = False  # True once the user zooms or pans; stops the fit-on-resize
        self._zoom = 1.0  # the text zoom (views/zoom.py), not the grids' pan and zoom
        self._colors = LIGHT
        self._cols = self._built_cols = 1  # grids per row: now, and at zoom 1 (as built)
        self._shown: int | None = None  # the one grid laid out (presentation), or None: all
        self._titles = True  # the grids' titles are laid out
        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)

    # -- drawing ---------------------------------------------------------------
    def set_volume(
        self,
        planes: np.ndarray,
        luts: list[np.ndarray],
        levels: list[tuple[float, float]],
        padding: tuple[int, int] = (0, 0),
    ) -> None:
        """Show ``planes`` (N, H, W): grid ``i`` uses ``luts[i]`` over ``levels[i]``."""
        n, h, w = planes.shape
        reshaped = (h, w) != self._shape
        if n != len(self.panels):
            self._build(n, (h, w))
        for i, panel in enumerate(self.panels):
            panel.image.setLookupTable(luts[i])
            panel.image.setImage(planes[i], levels=levels[i], autoLevels=False)
            panel.grid.set_values(planes[i], luts[i], levels[i])
            panel.grid.set_padding(padding)
        self._shape = (h, w)
        if reshaped:
            self.reset_zoom()

    def set_titles(self, titles: list[str]) -> None:
        for panel, text in zip(self.panels, titles):
            panel.title.setText(text)

    def set_zoom(self, factor: float) -> None:
        """Numbers, tap numbers and titles at their sizes for text zoom ``factor``."""
        if factor == self._zoom:
            return
        self._zoom = factor
        for panel in self.panels:
            self._style_panel(panel)
        self._arrange()  # back at 1.0: the grids per row they were built with

    def shown_panels(self) -> list[_Panel]:
        """The grids laid out now: every grid, or the one :meth:`show_only` chose."""
        if self._shown is None or not 0 <= self._shown < len(self.panels):
            return list(self.panels)
        return [self.panels[self._shown]]

    def show_only(self, index: int | None, titles: bool = True) -> None:
        """Lay out grid ``index`` alone, as large as the view holds (None: every grid again);
        without ``titles`` the grids' titles take no room (the caller names the grid)."""
        if (index, titles) == (self._shown, self._titles):
            return
        self._shown, self._titles = index, titles
        self._arrange(force=True)

    def _arrange(self, force: bool = False) -> None:
        """Grids per row again for the view's size now (zoomed, every pixel counts)."""
        shown = self.shown_panels()
        n = len(shown)
        title_px = max(1, round(TITLE_PX * title_factor(self._zoom))) if self._titles else 0
        if self._shown is None and self._titles and self._zoom == 1.0:
            cols = self._built_cols  # the normal layout, exactly as it was built
        else:
            cols = best_columns(n, self._shape, (self.width(), self.height()), title_px)
        if not force and cols == self._cols:
            return
        for panel in self.panels:
            for item in (panel.title, panel.vb):
                if item in self.ci.items:
                    self.ci.removeItem(item)
                item.hide()
        for i, panel in enumerate(shown):
            row, col = divmod(i, cols)
            if self._titles:
                self.ci.addItem(panel.title, row=2 * row, col=col)
                panel.title.show()
            self.ci.addItem(panel.vb, row=2 * row + 1, col=col)
            panel.vb.show()
        self._cols = cols
        self.ci.layout.activate()  # now: an offscreen frame is rendered without an event loop turn
        for panel in shown:
            if not self._zoomed:
                self._fit(panel.vb)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if getattr(self, "_zoom", 1.0) != 1.0 or getattr(self, "_shown", None) is not None:
            self._arrange()  # pyqtgraph resizes while __init__ runs: hence getattr

    def set_theme(self, colors: ThemeColors) -> None:
        if colors is self._colors:
            return
        self._colors = colors
        self.setBackground(colors.page)
        for panel in self.panels:
            self._style_panel(panel)

    def _style_panel(self, panel: _Panel) -> None:
        f = self._zoom
        panel.grid.set_text_px(TEXT_MAX_PX * f)
        panel.grid.fill = 0.5 if f <= 1.0 else 0.62  # zoomed: numbers fill more of their cells
        panel.grid.set_theme(self._colors)
        panel.marks.label_px = LABEL_MAX_PX * f
        panel.marks.update()
        size = f"{max(1, round(TITLE_TEXT_PX * title_factor(f)))}px"
        panel.title.setText(panel.title.text, size=size, color=self._colors.text)

    def min_content_width(self) -> int:
        """Pixels one column of grids needs for its widest title (the layout cuts what is narrower)."""
        return max((round(p.title.minimumWidth()) for p in self.panels), default=0) + 8

    def text_px(self) -> float:
        """The largest size the numbers are drawn at (for tests and tools)."""
        return self.panels[0].grid.text_px if self.panels else TEXT_MAX_PX * self._zoom

    def drawn_px(self) -> list[float]:
        """Per grid laid out, the size its numbers were last painted at (0: none painted)."""
        return [panel.grid.drawn_px for panel in self.shown_panels()]

    # -- keys --------------------------------------------------------------------
    def set_arrow_keys(self, on: bool) -> None:
        """With ``on``, the arrow keys emit :attr:`arrow_pressed` while the view has focus
        (they are not the window's step keys then) and the focused view is outlined."""
        self._arrow_keys = on

    def event(self, event: QEvent) -> bool:
        if (
            self._arrow_keys
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in ARROWS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            event.accept()  # the arrows are this view's, not the window's shortcuts
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        move = ARROWS.get(Qt.Key(event.key())) if self._arrow_keys else None
        if move is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.arrow_pressed.emit(*move)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self._arrow_keys:
            self.setStyleSheet(FOCUS_STYLE)
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.styleSheet():
            self.setStyleSheet("")
        super().focusOutEvent(event)

    def set_filled(self, filled: list[int | None]) -> None:
        """Per grid, the number of computed cells (row-major); None = all."""
        for panel, n in zip(self.panels, filled):
            panel.grid.set_filled(n)

    def set_marks(self, index: int, marks: list[Mark]) -> None:
        self.panels[index].marks.set_marks(marks, self._shape)
        # a numbered cell's own number moves down, clear of the corner
        self.panels[index].grid.set_lowered(frozenset((int(m.row), int(m.col)) for m in marks if m.label))

    def reset_zoom(self) -> None:
        """Show every grid whole, and keep fitting it on resize until the user zooms."""
        h, w = self._shape
        for panel in self.panels:
            # generous limits: a wide, short view box must still fit a tall grid
            m = 4 * max(h, w) + 4
            panel.vb.setLimits(xMin=-m, xMax=w + m, yMin=-m, yMax=h + m, minXRange=2, minYRange=2)
            self._fit(panel.vb)
        self._zoomed = False

    def zoom_to(self, row: float, col: float, rows: float) -> None:
        """Zoom every grid so ``rows`` rows around cell ``(row, col)`` fill the height."""
        if not self.panels:
            return
        vb = self.shown_panels()[0].vb
        size = vb.size()
        ratio = size.width() / size.height() if size.height() > 0 else 1.0
        vh = float(rows)
        vw = vh * ratio
        vb.setRange(QRectF(col + 0.5 - vw / 2, row + 0.5 - vh / 2, vw, vh), padding=0)
        self._zoomed = True
        self._copy_range(vb)

    def ensure_visible(self, row: float, col: float, height: float, width: float) -> None:
        """Pan (never zoom) so the block is in view when the user has zoomed in."""
        if not self.panels:
            return
        vb = self.shown_panels()[0].vb
        view = vb.viewRect()
        block = QRectF(col, row, width, height)
        h, w = self._shape
        if view.contains(block) or (view.width() >= w and view.height() >= h):
            return
        vb.translateBy(x=block.center().x() - view.center().x(), y=block.center().y() - view.center().y())
        self._copy_range(vb)

    def _build(self, n: int, map_shape: tuple[int, int] = (1, 1)) -> None:
        self.ci.clear()
        self.panels = []
        self._shown = None if self._shown is None else min(self._shown, n - 1)
        title_px = max(1, round(TITLE_PX * title_factor(self._zoom)))
        cols = best_columns(n, map_shape, (self.width(), self.height()), title_px)
        for i in range(n):
            self.panels.append(_Panel(self.ci, i // cols, i % cols))
            self._style_panel(self.panels[-1])
        self._cols = self._built_cols = cols
        if self._shown is not None or not self._titles:
            self._shape = map_shape
            self._arrange(force=True)
        # pyqtgraph's axis links fight the locked aspect while the layout settles,
        # so user zooms are copied across by hand instead
        for panel in self.panels:
            panel.vb.sigResized.connect(self._on_vb_resized)
            panel.vb.sigRangeChangedManually.connect(self._on_vb_range_changed_manually)

    def _on_vb_resized(self, vb: pg.ViewBox) -> None:
        if not self._zoomed:
            self._fit(vb)

    def _fit(self, vb: pg.ViewBox) -> None:
        """Show the whole grid; with a locked aspect only the binding axis may be set."""
        h, w = self._shape
        size = vb.size()
        if h == 0 or w == 0 or size.height() <= 0 or size.width() <= 0:
            return
        ratio = size.width() / size.height()
        vw, vh = (w * 1.04, w * 1.04 / ratio) if w / h >= ratio else (h * 1.04 * ratio, h * 1.04)
        vb.setRange(QRectF(w / 2 - vw / 2, h / 2 - vh / 2, vw, vh), padding=0)

    def _on_vb_range_changed_manually(self, *args) -> None:
        self._zoomed = True
        source = self.sender()
        if isinstance(source, pg.ViewBox):
            self._copy_range(source)

    def _copy_range(self, source: pg.ViewBox) -> None:
        rect = source.viewRect()
        for panel in self.panels:
            if panel.vb is not source:
                panel.vb.setRange(rect, padding=0)

    # -- mouse ------------------------------------------------------------------
    def _locate(self, scene_pos: QPointF) -> tuple[int, int, int] | None:
        for i, panel in enumerate(self.panels):
            cell = panel.cell_at(scene_pos) if panel.vb.isVisible() else None
            if cell is not None:
                return (i, *cell)
        return None

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        hit = self._locate(scene_pos)
        if hit == self._hovered:
            return
        self._hovered = hit
        if hit is None:
            self.hover_left.emit()
        else:
            self.cell_hovered.emit(*hit)

    def _on_scene_mouse_clicked(self, event) -> None:  # pg.GraphicsScene.MouseClickEvent
        hit = self._locate(event.scenePos())
        if hit is not None:
            if event.double():
                self.cell_double_clicked.emit(*hit)
            else:
                self.cell_clicked.emit(*hit)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self._hovered is not None:
            self._hovered = None
            self.hover_left.emit()
        super().leaveEvent(event)

    def scene_pos_of(self, index: int, row: int, col: int) -> QPointF:
        """Scene position of a cell's centre (for tests and tools)."""
        return self.panels[index].vb.mapViewToScene(QPointF(col + 0.5, row + 0.5))
