"""What the ReLU and pooling views share: the stage's input maps, its output
maps and the current step's arithmetic written out below them.

A subclass says which stage it draws, which marks a step puts on the input
and the output, and how the step is written; everything else — volumes,
filling, hover, click-to-jump, the position line — is here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.reveal import hidden_result

from ..grid_items import Mark
from ..palette import CURRENT_COLOR, FEED_COLOR, FEED_FILL, diverging_lut, symmetric_levels
from ..reveal_items import show_question
from ..theme import LIGHT, ThemeColors, style_stage_text
from ..volume_view import VolumeView
from .input_hover import InputHover
from .stage_frame import build_stage_frame, section

_section = section  # the name other stage views import


class MapStageView(InputHover, QWidget):
    """Draws the current step of stage :attr:`STAGE` of ``presenter``."""

    STAGE = ""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._export_mode = False
        self._hover_cell: tuple[int, int, int] | None = None
        self.input_title, self.output_title = QLabel(), QLabel()
        self.input_view, self.output_view = VolumeView(), VolumeView()
        sections = [(self.input_title, self.input_view), (self.output_title, self.output_view)]
        build_stage_frame(self, sections, formula_px=18)
        self._zoom, self._colors = 1.0, LIGHT

        presenter.session_changed.connect(self._on_session_changed)
        presenter.stage_changed.connect(self._on_stage_changed)
        presenter.step_changed.connect(self._on_step_changed)
        presenter.hover_changed.connect(self._on_hover_changed)
        presenter.revealed_changed.connect(self._on_revealed_changed)
        self.input_view.cell_hovered.connect(self._on_input_view_cell_hovered)
        self.input_view.hover_left.connect(self._on_input_view_hover_left)
        self.output_view.cell_clicked.connect(self._on_output_view_cell_clicked)
        self.output_view.set_arrow_keys(True)  # with the output focused, arrows walk its cells
        self.output_view.arrow_pressed.connect(self._on_output_view_arrow_pressed)
        self._on_stage_changed(presenter.stage)

    # -- what a subclass supplies ------------------------------------------------------
    def input_marks(self, step: Any, trace: Any) -> list[Mark]:
        raise NotImplementedError

    def formula(self, step: Any) -> str:
        raise NotImplementedError

    def note(self, step: Any) -> str:
        return ""

    def titles(self, trace: Any) -> tuple[str, str, str]:
        """Input title, output title and the position line's stage word."""
        raise NotImplementedError

    # -- presenter -> view -----------------------------------------------------------------
    @property
    def shown(self) -> bool:
        return self.presenter.stage == self.STAGE

    def _on_stage_changed(self, stage: str) -> None:
        if self.shown:
            self._on_session_changed()
            self._on_step_changed(self.presenter.step_index)

    def _on_session_changed(self) -> None:
        if not self.shown:
            return
        trace = self.presenter.stage_trace
        lut = diverging_lut()
        # one colour scale for both sides: a value keeps its colour as it passes the stage
        levels = symmetric_levels(trace.x)
        c = trace.x.shape[0]
        self.input_view.set_volume(trace.x, [lut] * c, [levels] * c)
        out = trace.output
        self.output_view.set_volume(out, [lut] * c, [levels] * c)
        self._hover_cell = None
        self._retranslate()

    def _on_step_changed(self, k: int) -> None:
        if not self.shown:
            return
        step, trace = self.presenter.current, self.presenter.stage_trace
        marks = self.input_marks(step, trace)
        if self._hover_cell is not None and self._hover_cell[0] == step.channel:
            marks.append(Mark(*self._hover_cell[1:], 1, 1, FEED_COLOR, 3.0, fill=FEED_FILL))
        for ch in range(len(self.input_view.panels)):
            self.input_view.set_marks(ch, marks if ch == step.channel else [])
        _, oh, ow = trace.out_shape
        hidden, pending = self.presenter.value_hidden, self.presenter.output_pending
        done = step.row * ow + step.col + (0 if pending else 1)  # predict mode: the cell waits with a "?"
        self.output_view.set_filled(
            [
                None if i < step.channel else (done if i == step.channel else 0)
                for i in range(trace.out_shape[0])
            ]
        )
        show_question(self.output_view, step.channel if pending else None, step.row, step.col)
        self._mark_outputs()
        formula = self.formula(step)
        self.formula_label.setText(hidden_result(formula) if hidden else formula)
        self.note_label.setText("" if hidden else self.note(step))  # a note could give the answer away
        self._update_position()

    def _on_revealed_changed(self, revealed: bool) -> None:
        self._on_step_changed(self.presenter.step_index)

    def _on_hover_changed(self, feeds: list) -> None:
        if self.shown:
            self._mark_outputs()

    def _mark_outputs(self) -> None:
        step = self.presenter.current
        feeds = [] if self._export_mode else self.presenter.hovered_outputs
        hover_panel = self._hover_cell[0] if self._hover_cell else -1
        for i in range(len(self.output_view.panels)):
            marks = (
                [Mark(r, c, 1, 1, FEED_COLOR, 2.5, fill=FEED_FILL) for r, c in feeds]
                if i == hover_panel
                else []
            )
            if i == step.channel:
                marks.append(Mark(step.row, step.col, 1, 1, CURRENT_COLOR, 3.5, min_px=10.0))
            self.output_view.set_marks(i, marks)

    # -- view -> presenter -------------------------------------------------------------------
    def _on_output_view_arrow_pressed(self, rows: int, cols: int) -> None:
        if not self.shown:
            return
        step = self.presenter.current
        _, oh, ow = self.presenter.stage_trace.out_shape
        row, col = min(max(step.row + rows, 0), oh - 1), min(max(step.col + cols, 0), ow - 1)
        self.presenter.seek_output(step.channel, row, col)

    def _on_output_view_cell_clicked(self, channel: int, row: int, col: int) -> None:
        if self.shown:
            self.presenter.seek_output(channel, row, col)

    # -- text -----------------------------------------------------------------------------------
    def position_text(self) -> str:
        p = self.presenter
        step = p.current
        word = self.titles(p.stage_trace)[2]
        return self.tr("{0} · step {1} / {2} · channel {3} · output row {4}, column {5}").format(
            word, p.step_index + 1, p.num_steps, step.channel, step.row, step.col
        )

    def _update_position(self) -> None:
        if self.shown:
            self.position_label.setText(self.position_text())

    def _retranslate(self) -> None:
        if not self.shown:
            return
        trace = self.presenter.stage_trace
        c, h, w = trace.x.shape
        _, oh, ow = trace.out_shape
        ti, to, _ = self.titles(trace)
        self.input_title.setText(ti)
        self.output_title.setText(to)
        self.input_view.set_titles([self.tr("channel {0}").format(i) for i in range(c)])
        self.output_view.set_titles([self.tr("channel {0}").format(i) for i in range(c)])
        self._on_step_changed(self.presenter.step_index)

    # -- zoom and theme ------------------------------------------------------------------------
    def set_zoom(self, factor: float) -> None:
        """Position line, titles, volumes and the formula at text zoom ``factor``."""
        if factor == self._zoom:
            return
        self._zoom = factor
        for view in self.input_view, self.output_view:
            view.set_zoom(factor)
        self._restyle()

    def set_theme(self, colors: ThemeColors) -> None:
        if colors is self._colors:
            return
        self._colors = colors
        for view in self.input_view, self.output_view:
            view.set_theme(colors)
        self._restyle()

    def _restyle(self) -> None:
        titles = [self.input_title, self.output_title]
        style_stage_text(self, titles, self._bottom, 18, self._zoom, self._colors)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
