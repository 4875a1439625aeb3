"""What the backward views share: three volumes side by side (what the step
reads, the upstream gradient, the gradient being built), the step's sum
written below, and the loss the upstream comes from.

A subclass fills :meth:`volumes` (planes and titles, on a session change)
and :meth:`marks` (outlines and filling, on a step change); clicks on the
right-hand volume jump to the step that computes that cell.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.text import format_number

from ..grid_items import Mark
from ..palette import diverging_lut, symmetric_levels
from ..volume_view import VolumeView
from .map_stage import _section


class Volume(NamedTuple):
    """What one of the three volumes shows: planes (N, H, W), a title per plane, padding."""

    title: str
    planes: np.ndarray
    plane_titles: list[str]
    padding: tuple[int, int] = (0, 0)
    luts: list[np.ndarray] | None = None
    levels: list[tuple[float, float]] | None = None


class StepMarks(NamedTuple):
    """Per volume, per plane: the marks; for the right-hand volume, the filled cell counts."""

    left: list[list[Mark]]
    middle: list[list[Mark]]
    right: list[list[Mark]]
    filled: list[int | None]


class GradStageView(QWidget):
    """Draws the current step of backward stage :attr:`STAGE`."""

    STAGE = ""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._export_mode = False
        self._shown_key: Any = None
        self.position_label = QLabel()
        self.position_label.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
        self.titles = [QLabel(), QLabel(), QLabel()]
        self.left_view, self.middle_view, self.right_view = VolumeView(), VolumeView(), VolumeView()
        self.views = [self.left_view, self.middle_view, self.right_view]
        self.formula_label = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPixelSize(17)
        font.setWeight(QFont.Weight.DemiBold)
        self.formula_label.setFont(font)
        self.formula_label.setWordWrap(True)
        self.formula_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula_label.setStyleSheet("background: white; color: #141414; padding: 8px 10px")
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #555; padding: 0 10px 6px 10px; background: white")
        bottom = QWidget()
        bottom.setStyleSheet("background: white")
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.setSpacing(0)
        bottom_layout.addWidget(self.formula_label)
        bottom_layout.addWidget(self.note_label)
        bottom_layout.addStretch(1)
        volumes = QSplitter(Qt.Orientation.Horizontal)
        for title, view in zip(self.titles, self.views):
            volumes.addWidget(_section(title, view))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(volumes)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.position_label)
        layout.addWidget(self.splitter, 1)
        self.setAutoFillBackground(True)
        presenter.session_changed.connect(self._on_session_changed)
        presenter.stage_changed.connect(self._on_stage_changed)
        presenter.step_changed.connect(self._on_step_changed)
        self.right_view.cell_clicked.connect(self._on_right_view_cell_clicked)
        self._on_stage_changed(presenter.stage)

    # -- what a subclass supplies --------------------------------------------------------
    def volumes(self, step: Any, trace: Any) -> tuple[Volume, Volume, Volume]:
        raise NotImplementedError

    def volume_key(self, step: Any) -> Any:
        """Volumes are redrawn when this changes between steps (e.g. the filter)."""
        return None

    def marks(self, step: Any, trace: Any) -> StepMarks:
        raise NotImplementedError

    def formula(self, step: Any) -> str:
        raise NotImplementedError

    def position_text(self) -> str:
        raise NotImplementedError

    def position_of_right_cell(self, step: Any, panel: int, row: int, col: int) -> tuple[int, ...]:
        raise NotImplementedError

    # -- presenter -> view -------------------------------------------------------------------
    @property
    def shown(self) -> bool:
        return self.presenter.stage == self.STAGE

    def _on_stage_changed(self, stage: str) -> None:
        if self.shown:
            self._on_session_changed()

    def _on_session_changed(self) -> None:
        if not self.shown:
            return
        self._shown_key = object()  # force a redraw of the volumes
        self._on_step_changed(self.presenter.step_index)

    def _draw_volumes(self, step: Any, trace: Any) -> None:
        lut = diverging_lut()
        for view, title, vol in zip(self.views, self.titles, self.volumes(step, trace)):
            n = vol.planes.shape[0]
            luts = vol.luts or [lut] * n
            levels = vol.levels or [symmetric_levels(vol.planes)] * n
            view.set_volume(vol.planes, luts, levels, vol.padding)
            view.set_titles(vol.plane_titles)
            title.setText(vol.title)

    def _on_step_changed(self, k: int) -> None:
        if not self.shown:
            return
        p = self.presenter
        step, trace = p.current, p.stage_trace
        key = self.volume_key(step)
        if key != self._shown_key:
            self._draw_volumes(step, trace)
            self._shown_key = key
        m = self.marks(step, trace)
        for view, per_plane in zip(self.views, (m.left, m.middle, m.right)):
            for i in range(len(view.panels)):
                view.set_marks(i, per_plane[i] if i < len(per_plane) else [])
        self.right_view.set_filled(m.filled)
        self.formula_label.setText(self.formula(step))
        self.note_label.setText(self.loss_text())
        self.position_label.setText(self.position_text())

    def loss_text(self) -> str:
        p = self.presenter
        if p.upstream_mode == "ones":
            text = self.tr(
                "Upstream gradient: all ones, the gradient of L = Σ y (the sum of every output) = {0}"
            )
            return text.format(format_number(p.loss))
        return self.tr("Upstream gradient: dy = y − t, the gradient of L = ½ Σ (y − t)² = {0}").format(
            format_number(p.loss)
        )

    def set_export_mode(self, on: bool) -> None:
        self._export_mode = on

    # -- view -> presenter -----------------------------------------------------------------------
    def _on_right_view_cell_clicked(self, panel: int, row: int, col: int) -> None:
        if self.shown:
            self.presenter.seek_position(
                *self.position_of_right_cell(self.presenter.current, panel, row, col)
            )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange and self.shown:
            self._on_session_changed()
        super().changeEvent(event)
