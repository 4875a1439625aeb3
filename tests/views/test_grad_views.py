"""The backward views and their controls, driven through a real presenter;
assertions on the data the items hold."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cnnviz.core import load_demo
from cnnviz.presenters import ConvSessionPresenter
from cnnviz.views.stage_bar import StageBar
from cnnviz.views.stage_view import StageView


@pytest.fixture
def stage(qtbot):
    presenter = ConvSessionPresenter()
    view, bar = StageView(presenter), StageBar(presenter)
    for w in (view, bar):
        qtbot.addWidget(w)
    view.resize(1100, 650)
    view.show()
    qtbot.waitExposed(view)
    yield view, bar, presenter
    presenter.pause()


def test_weight_gradient_view_outlines_what_the_weight_met(stage, qtbot):
    view, bar, p = stage
    qtbot.mouseClick(bar.buttons["grad_w"], Qt.MouseButton.LeftButton)
    assert view.currentWidget() is view.grad_w_view and bar.backward_box.isVisibleTo(bar)
    p.seek_position(0, 0, 1, 1)
    gv = view.grad_w_view
    assert gv.formula_label.text() == "∂L/∂w = 1*0 + 1*0 + 1*1 + 1*2 + 1*2 + 1*2 + 1*2 + 1*1 + 1*0 = 10"
    marks = gv.left_view.panels[0].marks.marks
    assert {(m.row, m.col) for m in marks} == {(r, c) for r in (1, 3, 5) for c in (1, 3, 5)}
    assert gv.left_view.panels[1].marks.marks == []
    assert gv.right_view.panels[0].grid.filled == 5  # w[0, 0, 0..1, ...] done: (1, 1) is the 5th
    assert gv.right_view.panels[0].grid.text_at(1, 1) == "10"
    assert gv.position_label.text() == "∂L/∂w · step 5 / 54 · filter w0, channel 0, weight row 1, column 1"
    assert "= 59" in gv.note_label.text()  # L = Σ y of the demo


def test_clicking_a_gradient_cell_jumps_to_it(stage):
    view, _, p = stage
    p.set_stage("grad_w")
    view.grad_w_view.right_view.cell_clicked.emit(2, 0, 2)
    s = p.current
    assert (s.filter, s.channel, s.i, s.j) == (0, 2, 0, 2)


def test_bias_and_input_views(stage):
    view, _, p = stage
    p.set_stage("grad_b")
    p.seek(1)
    assert view.grad_b_view.formula_label.text() == "∂L/∂b = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 = 9"
    p.set_stage("grad_x")
    p.seek_position(0, 1, 2)
    gx = view.grad_x_view
    left = {(i, m.row, m.col) for i, panel in enumerate(gx.left_view.panels) for m in panel.marks.marks}
    assert left == {(f, r, 1) for f in (0, 1) for r in (0, 1)}
    assert gx.formula_label.text().startswith("∂L/∂x = ")


def test_upstream_target_apply_update_and_check_from_the_bar(stage, qtbot):
    view, bar, p = stage
    p.set_stage("grad_w")
    bar.upstream_combo.setCurrentIndex(1)
    assert p.upstream_mode == "target"
    before = p.loss
    bar.lr_spin.setValue(0.001)
    qtbot.mouseClick(bar.apply_button, Qt.MouseButton.LeftButton)
    assert p.loss < before
    assert "→" in bar.result_label.text()
    d = load_demo()
    assert not np.array_equal(p.trace.w, d.w)
    qtbot.mouseClick(bar.check_button, Qt.MouseButton.LeftButton)
    assert "relative difference" in bar.result_label.text()


def test_double_clicking_an_upstream_cell_sets_its_target(stage, monkeypatch):
    view, bar, p = stage
    p.set_stage("grad_w")
    asked = []

    def fake_get_double(parent, title, label, value, *args):
        asked.append(label)
        return 1.0, True

    monkeypatch.setattr("cnnviz.views.stages.grad_stage.QInputDialog.getDouble", fake_get_double)
    view.grad_w_view.middle_view.cell_double_clicked.emit(0, 0, 0)
    assert asked == ["Target t for output w0, row 0, column 0 (y = 1):"]
    assert p.upstream_mode == "target" and p.target[0, 0, 0] == 1 and p.dy[0, 0, 0] == 0
    assert bar.upstream_combo.currentIndex() == 1
    view.grad_w_view.left_view.cell_double_clicked.emit(0, 0, 0)  # the input is not the upstream
    assert len(asked) == 1
