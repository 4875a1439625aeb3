"""The stage views (ReLU, pooling) and the stage bar, driven through a real
presenter; assertions on the data the items hold, not on pixels."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.views.stage_bar import StageBar
from cnnviz.views.stage_view import StageView


@pytest.fixture
def stage(qtbot):
    presenter = ConvSessionPresenter()
    view = StageView(presenter)
    bar = StageBar(presenter)
    for w in (view, bar):
        qtbot.addWidget(w)
    view.resize(1000, 650)
    view.show()
    qtbot.waitExposed(view)
    yield view, bar, presenter
    presenter.pause()


def test_stage_buttons_switch_the_page_and_the_transport_range(stage, qtbot):
    view, bar, p = stage
    assert view.currentWidget() is view.conv_view
    qtbot.mouseClick(bar.buttons["relu"], Qt.MouseButton.LeftButton)
    assert p.stage == "relu" and view.currentWidget() is view.relu_view
    assert bar.buttons["relu"].isChecked()
    assert view.position_text() == "ReLU · step 1 / 18 · channel 0 · output row 0, column 0"
    qtbot.mouseClick(bar.buttons["pool"], Qt.MouseButton.LeftButton)
    assert view.currentWidget() is view.pool_view and p.num_steps == 2


def test_relu_view_shows_the_cell_and_its_rectified_value(stage):
    view, _, p = stage
    p.set_stage("relu")
    z = p.trace.output
    k = int(np.flatnonzero(z.ravel() < 0)[0])
    p.seek(k)
    step = p.current
    rv = view.relu_view
    assert rv.formula_label.text() == f"max(0, {int(step.input)}) = 0"
    mark = rv.input_view.panels[step.channel].marks.marks[0]
    assert (mark.row, mark.col) == (step.row, step.col)
    out = rv.output_view.panels[step.channel].grid
    assert out.filled == step.row * 3 + step.col + 1
    assert out.text_at(step.row, step.col) == "0"
    assert rv.input_view.panels[step.channel].grid.text_at(step.row, step.col) == str(int(step.input))


def test_example_c_in_the_pool_view(stage):
    view, bar, p = stage
    p.load_example("C")
    pv = view.pool_view
    assert view.currentWidget() is pv and bar.buttons["pool"].isChecked()
    texts = []
    for k in range(4):
        p.seek(k)
        texts.append(pv.formula_label.text())
    assert texts == [
        "max(1, 1, 5, 6) = 6",
        "max(2, 4, 7, 8) = 8",
        "max(3, 2, 1, 2) = 3",
        "max(1, 0, 3, 4) = 4",
    ]
    window, winner = pv.input_view.panels[0].marks.marks[:2]
    assert (window.row, window.col, window.height, window.width) == (2, 2, 2, 2)
    assert (winner.row, winner.col) == (3, 3)  # the 4 at the bottom right
    grid = pv.output_view.panels[0].grid
    assert [grid.text_at(r, c) for r in range(2) for c in range(2)] == ["6", "8", "3", "4"]


def test_clicking_a_pooled_cell_jumps_to_its_step(stage, qtbot):
    view, _, p = stage
    p.load_example("C")
    pv = view.pool_view
    pv.output_view.cell_clicked.emit(0, 1, 0)
    assert p.step_index == 2 and pv.formula_label.text() == "max(3, 2, 1, 2) = 3"


def test_hovering_an_input_cell_marks_the_pooled_cell_it_feeds(stage):
    view, _, p = stage
    p.load_example("C")
    pv = view.pool_view
    pv.input_view.cell_hovered.emit(0, 0, 3)
    assert p.hovered_outputs == [(0, 1)]
    marks = pv.output_view.panels[0].marks.marks
    assert any((m.row, m.col) == (0, 1) for m in marks)
    pv.input_view.hover_left.emit()
    assert p.hovered_outputs == []


def test_pool_settings_in_the_bar_reach_the_presenter_and_a_refusal_restores_them(stage, qtbot):
    view, bar, p = stage
    p.load_example("C")
    bar.mode_combo.setCurrentIndex(1)
    assert p.pool_settings.mode == "avg"
    assert view.pool_view.formula_label.text() == "(1 + 1 + 5 + 6) / 4 = 3.25"
    bar.size_spin.setValue(5)  # larger than the 4×4 map
    assert p.pool_settings.size == 2 and bar.size_spin.value() == 2


def test_pool_button_is_disabled_with_the_reason_when_the_map_is_too_small(stage):
    _, bar, p = stage
    p.set_stride(5)
    assert not bar.buttons["pool"].isEnabled()
    assert "1×1" in bar.buttons["pool"].toolTip()


def test_double_clicking_an_input_cell_edits_it(stage, monkeypatch):
    view, _, p = stage
    p.load_example("A")
    asked = []

    def fake_get_double(parent, title, label, value, *args):
        asked.append((label, value))
        return 3.0, True

    monkeypatch.setattr("cnnviz.views.convolution_view.QInputDialog.getDouble", fake_get_double)
    view.conv_view.input_view.cell_double_clicked.emit(0, 2, 2)
    assert asked == [("Channel 0, row 2, column 2:", 2.0)]
    assert p.current.value == -12
    assert view.conv_view.input_view.panels[0].grid.text_at(2, 2) == "3"


def test_examples_menu_reaches_each_worked_example(qtbot):
    from cnnviz.views.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.example_actions["A"].trigger()
    assert w.presenter.num_steps == 1 and w.conv_view.arithmetic_view.channel_lines[0].endswith("-4*2 = -8")
    w.example_actions["C"].trigger()
    assert (
        w.presenter.stage == "pool" and w.stage_view.pool_view.formula_label.text() == "max(1, 1, 5, 6) = 6"
    )
    w.example_actions["B"].trigger()
    assert (
        w.presenter.stage == "conv"
        and w.conv_view.arithmetic_view.total_line == "1 + (-1) + 0 + 1 (bias) = 1"
    )
    w.presenter.pause()


@pytest.mark.parametrize("name", ["relu", "pool", "grad_w", "grad_b", "grad_x"])
def test_the_arithmetic_keeps_every_wrapped_line_at_a_projectors_size(qtbot, name):
    """A long sum (64 terms, shortened, on a 1280×720 window) is never squeezed to its first line."""
    from cnnviz.presenters.conv_session import Params
    from cnnviz.views.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    p = window.presenter
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 8, 8)).astype(np.float32)
    w = rng.standard_normal((2, 2, 5, 5)).astype(np.float32)
    assert p.configure(x, w, np.zeros(2, np.float32), Params(1, 2, 1), "random")
    p.set_stage(name)
    view = window.stage_view.pages[name]
    label = view.formula_label
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()) > 0, timeout=2000)
    if name.startswith("grad_"):  # these sums wrap: the case that lost lines
        assert label.heightForWidth(label.width()) > 2 * label.fontMetrics().lineSpacing()
