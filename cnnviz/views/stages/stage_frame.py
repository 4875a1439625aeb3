"""The frame every stepped stage view shares: a position line, the stage's
volumes side by side, and below them the step's arithmetic and a note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget


def section(title: QLabel, body: QWidget) -> QWidget:
    """``title`` in bold above ``body``."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.setSpacing(2)
    title.setStyleSheet("font-weight: bold")
    layout.addWidget(title)
    layout.addWidget(body, 1)
    return box


def build_stage_frame(view: QWidget, sections: list[tuple[QLabel, QWidget]], formula_px: int) -> None:
    """Lay ``view`` out and give it ``position_label``, ``formula_label``, ``note_label``,
    ``_bottom`` (the arithmetic's white panel) and ``splitter`` (volumes over arithmetic)."""
    view.position_label = QLabel()
    view.position_label.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
    view.formula_label = QLabel()
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPixelSize(formula_px)
    font.setWeight(QFont.Weight.DemiBold)
    view.formula_label.setFont(font)
    view.formula_label.setWordWrap(True)
    view.formula_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    view.formula_label.setStyleSheet("background: white; color: #141414; padding: 8px 10px")
    view.note_label = QLabel()
    view.note_label.setWordWrap(True)
    view.note_label.setStyleSheet("color: #555; padding: 0 10px 6px 10px; background: white")
    bottom = QWidget()
    bottom.setAutoFillBackground(True)
    bottom.setStyleSheet("background: white")
    bottom_layout = QVBoxLayout(bottom)
    bottom_layout.setContentsMargins(0, 0, 0, 0)
    bottom_layout.setSpacing(0)
    bottom_layout.addWidget(view.formula_label)
    bottom_layout.addWidget(view.note_label)
    bottom_layout.addStretch(1)
    volumes = QSplitter(Qt.Orientation.Horizontal)
    for title, body in sections:
        volumes.addWidget(section(title, body))
    view._bottom = bottom
    view.splitter = QSplitter(Qt.Orientation.Vertical)
    view.splitter.addWidget(volumes)
    view.splitter.addWidget(bottom)
    view.splitter.setStretchFactor(0, 4)
    view.splitter.setStretchFactor(1, 1)
    layout = QVBoxLayout(view)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(view.position_label)
    layout.addWidget(view.splitter, 1)
    view.setAutoFillBackground(True)
