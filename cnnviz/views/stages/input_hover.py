"""Hovering a stage's input grid, and the export mode that turns it off: shared by the
stage views that redraw their marks from ``_on_step_changed``."""

from __future__ import annotations

from typing import Any


class InputHover:
    """A mixin for a stage view with ``presenter``, ``shown``, ``_export_mode``,
    ``_hover_cell`` and ``_on_step_changed(k)``: the hovered input cell goes to the
    presenter (which works out what it feeds) and the marks are redrawn."""

    presenter: Any
    shown: bool
    _export_mode: bool
    _hover_cell: tuple[int, int, int] | None
    _on_step_changed: Any  # the view's own redraw, (k: int) -> None

    def set_export_mode(self, on: bool) -> None:
        """For rendering frames: ignore the mouse and draw no hover marks."""
        self._export_mode = on
        if on:
            self._hover_cell = None
            self._on_step_changed(self.presenter.step_index)

    def _on_input_view_cell_hovered(self, channel: int, row: int, col: int) -> None:
        if self._export_mode or not self.shown:
            return
        self._hover_cell = (channel, row, col)
        self.presenter.hover_input(row, col, channel)
        self._on_step_changed(self.presenter.step_index)

    def _on_input_view_hover_left(self) -> None:
        if not self.shown:
            return
        self._hover_cell = None
        self.presenter.clear_hover()
        self._on_step_changed(self.presenter.step_index)
