"""The frame every stepped stage view shares: a position line, the stage's
volumes side by side, and below them the step's arithmetic and a note."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

#: the arithmetic may take up to this share of the stage's height; beyond it, it scrolls
ARITHMETIC_SHARE = 0.45


class ArithmeticFit(QObject):
    """Keeps the arithmetic panel tall enough for every wrapped line of its labels.

    A word-wrapped label's minimum height is one line, so a splitter squeezes a
    long sum to its first line and hides the result. This filter watches the
    panel (a label's new text re-lays it out) and sets the scroll area's minimum
    height to what the labels need at their width, up to
    :data:`ARITHMETIC_SHARE` of the stage; longer sums scroll.
    """

    def __init__(self, view: QWidget, scroll: QScrollArea, labels: list[QLabel]) -> None:
        super().__init__(view)
        self._view, self._scroll, self._labels = view, scroll, labels
        for w in (scroll.widget(), scroll.viewport(), view):
            w.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self.fit()
        return False

    def needed(self) -> int:
        """The height (px) the labels need at the panel's width."""
        width = self._scroll.viewport().width()
        shown = [lb for lb in self._labels if lb.isVisibleTo(self._scroll) and lb.text()]
        heights = [lb.heightForWidth(width) for lb in shown]  # -1: a label that does not wrap
        return sum(h if h >= 0 else lb.sizeHint().height() for h, lb in zip(heights, shown)) + 4

    def fit(self) -> None:
        cap = max(60, int(self._view.height() * ARITHMETIC_SHARE))
        height = min(self.needed(), cap)
        self._scroll.setMinimumHeight(height)  # the volumes take what the arithmetic leaves
        self._scroll.setMaximumHeight(height)


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
    ``_bottom`` (the arithmetic's white panel, in a scroll area kept tall enough for its
    lines by ``arithmetic_fit``) and ``splitter`` (volumes over arithmetic)."""
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
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(bottom)
    volumes = QSplitter(Qt.Orientation.Horizontal)
    for title, body in sections:
        volumes.addWidget(section(title, body))
    view._bottom = bottom
    view.arithmetic_fit = ArithmeticFit(view, scroll, [view.formula_label, view.note_label])
    view.splitter = QSplitter(Qt.Orientation.Vertical)
    view.splitter.addWidget(volumes)
    view.splitter.addWidget(scroll)
    view.splitter.setCollapsible(1, False)
    view.splitter.setStretchFactor(0, 4)
    view.splitter.setStretchFactor(1, 1)
    layout = QVBoxLayout(view)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(view.position_label)
    layout.addWidget(view.splitter, 1)
    view.setAutoFillBackground(True)
