"""The light theme and the high-contrast one (a dark page, for projectors that
wash pale colours out).

A :class:`Theme` holds the colours; views take them through their
``set_theme(colors)`` setter (:meth:`Theme.bind`). Standard widgets follow the
window's :class:`QPalette` (:meth:`Theme.apply_palette`); what views paint
themselves — grids, the arithmetic, formula labels — reads
:class:`ThemeColors`. The heat maps keep their colours in both themes: black
numbers on pale cells are the most legible thing a projector can show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from .palette import DARK_BACKGROUND, EMPTY_COLOR, FRAME_COLOR, GRID_COLOR, PADDING_COLOR
from .zoom import title_factor


@dataclass(frozen=True)
class ThemeColors:
    """The colours a view paints with.

    ``page`` is behind the grids, ``panel`` behind the arithmetic and the formulas;
    ``text``, ``muted`` (notes) and ``result`` are drawn on ``panel``.
    """

    dark: bool
    page: QColor
    panel: QColor
    text: QColor
    muted: QColor
    result: QColor
    frame: QColor
    grid: QColor
    empty: QColor
    padding_text: QColor


LIGHT = ThemeColors(
    dark=False,
    page=QColor(255, 255, 255),
    panel=QColor(255, 255, 255),
    text=QColor(20, 20, 20),
    muted=QColor(85, 85, 85),
    result=QColor(192, 96, 0),
    frame=FRAME_COLOR,
    grid=GRID_COLOR,
    empty=EMPTY_COLOR,
    padding_text=PADDING_COLOR.darker(130),
)

HIGH_CONTRAST = ThemeColors(
    dark=True,
    page=DARK_BACKGROUND,
    panel=QColor(0, 0, 0),
    text=QColor(255, 255, 255),
    muted=QColor(215, 215, 215),
    result=QColor(255, 190, 90),
    frame=QColor(235, 235, 235),
    grid=QColor(150, 150, 150, 200),
    empty=QColor(45, 45, 45),
    padding_text=PADDING_COLOR.darker(130),  # on the padding band over a pale cell, as in light
)


def dark_palette() -> QPalette:
    """A palette of white text on black for every standard widget."""
    p = QPalette()
    black, page, raised = QColor(0, 0, 0), DARK_BACKGROUND, QColor(40, 40, 40)
    white, grey = QColor(255, 255, 255), QColor(150, 150, 150)
    for role, color in (
        (QPalette.ColorRole.Window, page),
        (QPalette.ColorRole.WindowText, white),
        (QPalette.ColorRole.Base, black),
        (QPalette.ColorRole.AlternateBase, raised),
        (QPalette.ColorRole.Text, white),
        (QPalette.ColorRole.Button, raised),
        (QPalette.ColorRole.ButtonText, white),
        (QPalette.ColorRole.BrightText, QColor(255, 220, 120)),
        (QPalette.ColorRole.Highlight, QColor(230, 120, 0)),
        (QPalette.ColorRole.HighlightedText, black),
        (QPalette.ColorRole.ToolTipBase, black),
        (QPalette.ColorRole.ToolTipText, white),
        (QPalette.ColorRole.PlaceholderText, grey),
        (QPalette.ColorRole.Link, QColor(130, 180, 255)),
        (QPalette.ColorRole.Light, QColor(90, 90, 90)),
        (QPalette.ColorRole.Midlight, QColor(70, 70, 70)),
        (QPalette.ColorRole.Mid, QColor(60, 60, 60)),
        (QPalette.ColorRole.Dark, QColor(20, 20, 20)),
        (QPalette.ColorRole.Shadow, black),
    ):
        p.setColor(role, color)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return p


class Theme(QObject):
    """Light or high contrast.

    Signals
    -------
    changed(ThemeColors) : the new colours
    """

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._high_contrast = False
        self._light_palettes: dict[int, QPalette] = {}

    @property
    def high_contrast(self) -> bool:
        return self._high_contrast

    @property
    def colors(self) -> ThemeColors:
        return HIGH_CONTRAST if self._high_contrast else LIGHT

    def set_high_contrast(self, on: bool) -> None:
        if bool(on) != self._high_contrast:
            self._high_contrast = bool(on)
            self.changed.emit(self.colors)

    def bind(self, target: object) -> None:
        """Call ``target.set_theme(colors)`` now and on every change."""
        setter: Callable[[ThemeColors], None] = target.set_theme  # type: ignore[attr-defined]
        setter(self.colors)
        self.changed.connect(setter)

    def apply_palette(self, widget: QWidget) -> None:
        """Give ``widget`` (and its children) the theme's palette; the light theme puts
        back the palette it had before."""
        key = id(widget)
        if key not in self._light_palettes:
            self._light_palettes[key] = QPalette(widget.palette())
        widget.setPalette(dark_palette() if self._high_contrast else self._light_palettes[key])


def style_stage_text(
    view: QWidget,
    titles: list[QWidget],
    bottom: QWidget,
    formula_px: int,
    zoom: float,
    colors: ThemeColors,
) -> None:
    """Zoom and theme for a stage view's words: ``view.position_label``, ``titles``, and
    below the volumes (``bottom``) ``view.formula_label`` (``formula_px`` at zoom 1) and
    ``view.note_label``."""
    words = title_factor(zoom)
    size = "" if zoom == 1.0 else f"; font-size: {max(1, round(12 * words))}px"
    text, muted, panel = colors.text.name(), colors.muted.name(), colors.panel.name()
    color = f"; color: {text}" if colors.dark else ""  # a style sheet hides the palette's colour
    for title in titles:
        title.setStyleSheet("font-weight: bold" + size + color)
    position_px = max(1, round(15 * words))
    view.position_label.setStyleSheet(f"font-size: {position_px}px; font-weight: bold; padding: 4px{color}")
    font = view.formula_label.font()
    font.setPixelSize(max(1, round(formula_px * zoom)))
    view.formula_label.setFont(font)
    padding = "10px" if formula_px >= 18 else "8px 10px"
    view.formula_label.setStyleSheet(f"background: {panel}; color: {text}; padding: {padding}")
    view.note_label.setStyleSheet(f"color: {muted}; padding: 0 10px 6px 10px; background: {panel}{size}")
    bottom.setStyleSheet(f"background: {panel}")
