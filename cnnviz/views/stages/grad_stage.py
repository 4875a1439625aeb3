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
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QInputDialog, QLabel, QWidget

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.reveal import hidden_result
from cnnviz.presenters.text import format_number

from ..grid_items import Mark
from ..palette import diverging_lut, symmetric_levels
from ..reveal_items import show_question
from ..theme import LIGHT, ThemeColors, style_stage_text
from ..volume_view import VolumeView
from .stage_frame import build_stage_frame


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
        self.titles = [QLabel(), QLabel(), QLabel()]
        self.left_view, self.middle_view, self.right_view = VolumeView(), VolumeView(), VolumeView()
        self.views = [self.left_view, self.middle_view, self.right_view]
        build_stage_frame(self, list(zip(self.titles, self.views)), formula_px=17)
        self._zoom, self._colors = 1.0, LIGHT
        presenter.session_changed.connect(self._on_session_changed)
        presenter.stage_changed.connect(self._on_stage_changed)
        presenter.step_changed.connect(self._on_step_changed)
        self.right_view.cell_clicked.connect(self._on_right_view_cell_clicked)
        for view in (self.left_view, self.middle_view):
            view.cell_double_clicked.connect(
                lambda panel, row, col, v=view: self._on_upstream_cell_double_clicked(v, panel, row, col)
            )
        presenter.revealed_changed.connect(self._on_revealed_changed)
        self._right_width = 1
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
            self._right_width = int(vol.planes.shape[2])  # the last volume's: where the "?" goes

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
        filled, cell = self._pending_cell(list(m.filled))
        self.right_view.set_filled(filled)
        show_question(self.right_view, *(cell or (None,)))
        formula = self.formula(step)
        self.formula_label.setText(hidden_result(formula) if p.value_hidden else formula)
        self.note_label.setText(self.loss_text())
        self.position_label.setText(self.position_text())

    def _pending_cell(self, filled: list[int | None]) -> tuple[list[int | None], tuple[int, int, int] | None]:
        """In predict mode the cell being computed (the last filled one) waits with a "?":
        the filling without it, and its ``(panel, row, col)``; else unchanged and None."""
        if not self.presenter.output_pending:
            return filled, None
        for i, n in enumerate(filled):
            if n is not None:  # the step's panel: the first one not wholly done
                if n <= 0:
                    return filled, None
                filled[i] = n - 1
                return filled, (i, *divmod(n - 1, self._right_width))
        return filled, None

    def _on_revealed_changed(self, revealed: bool) -> None:
        if self.shown:
            self._on_step_changed(self.presenter.step_index)

    def loss_text(self) -> str:
        p = self.presenter
        if p.upstream_mode == "ones":
            text = self.tr(
                "Upstream gradient: all ones, the gradient of L = Σ y (the sum of every output) = {0}"
            )
            return text.format(format_number(p.loss))
        net = p.network_source
        if p.upstream_mode == "network" and net is not None:
            if net.true_label:
                text = self.tr(
                    "Upstream gradient: the network's. L = −log p(“{0}”) = {1}, its cross-entropy for {2}"
                )
            else:
                text = self.tr(
                    "Upstream gradient: the network's. L = −log p(“{0}”) = {1}, with the class it "
                    "predicts for {2} as the label (it has no true class)"
                )
            return text.format(net.label_name, format_number(p.loss), net.describe_input())
        return self.tr("Upstream gradient: dy = y − t, the gradient of L = ½ Σ (y − t)² = {0}").format(
            format_number(p.loss)
        )

    def set_export_mode(self, on: bool) -> None:
        self._export_mode = on

    # -- view -> presenter -----------------------------------------------------------------------
    #: which of the three views shows the upstream gradient dy (its cells edit the target)
    UPSTREAM_VIEW = "middle"

    def _on_upstream_cell_double_clicked(self, view: Any, f: int, row: int, col: int) -> None:
        """Type the target t of output ``(f, row, col)``: the upstream becomes ``y − t``."""
        if self._export_mode or not self.shown or view is not getattr(self, f"{self.UPSTREAM_VIEW}_view"):
            return
        p = self.presenter
        y = p.trace.output
        if not (0 <= f < y.shape[0] and 0 <= row < y.shape[1] and 0 <= col < y.shape[2]):
            return
        value, ok = QInputDialog.getDouble(
            self,
            self.tr("Target"),
            self.tr("Target t for output w{0}, row {1}, column {2} (y = {3}):").format(
                f, row, col, format_number(float(y[f, row, col]))
            ),
            float(p.target[f, row, col]),
            -1e6,
            1e6,
            3,
        )
        if ok and p.set_target_value(f, row, col, value):
            p.set_upstream("target")

    def _on_right_view_cell_clicked(self, panel: int, row: int, col: int) -> None:
        if self.shown:
            self.presenter.seek_position(
                *self.position_of_right_cell(self.presenter.current, panel, row, col)
            )

    # -- zoom and theme ------------------------------------------------------------------------
    def set_zoom(self, factor: float) -> None:
        """Position line, titles, volumes and the formula at text zoom ``factor``."""
        if factor == self._zoom:
            return
        self._zoom = factor
        for view in self.views:
            view.set_zoom(factor)
        self._restyle()

    def set_theme(self, colors: ThemeColors) -> None:
        if colors is self._colors:
            return
        self._colors = colors
        for view in self.views:
            view.set_theme(colors)
        self._restyle()

    def _restyle(self) -> None:
        style_stage_text(self, self.titles, self._bottom, 17, self._zoom, self._colors)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange and self.shown:
            self._on_session_changed()
        super().changeEvent(event)
