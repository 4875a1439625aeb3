"""ConvolutionView on a real presenter: assert on the data the views hold."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from cnnviz.core import conv2d, load_demo
from cnnviz.presenters import ConvSessionPresenter
from cnnviz.views.convolution_view import ConvolutionView

ARTICLE_B = [
    "1*0 + 1*0 + -1*0 + -1*0 + 0*0 + 1*1 + -1*0 + -1*0 + 0*1 = 1",
    "-1*0 + 0*0 + -1*0 + 0*0 + 0*1 + -1*1 + 1*0 + -1*0 + 0*2 = -1",
    "0*0 + 1*0 + 0*0 + 1*0 + 0*2 + 1*0 + 0*0 + -1*0 + 1*0 = 0",
]


@pytest.fixture
def view(qtbot):
    presenter = ConvSessionPresenter()
    v = ConvolutionView(presenter)
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    qtbot.waitExposed(v)
    yield v
    presenter.pause()


def test_first_step_shows_the_articles_numbers(view):
    assert view.position_label.text() == "step 1 / 18 · filter w0 · output row 0, column 0"
    assert view.arithmetic_view.channel_lines == ARTICLE_B
    assert view.arithmetic_view.total_line == "1 + (-1) + 0 + 1 (bias) = 1"
    # the input grids hold the padded demo; padding cells are marked as padding
    grid0 = view.input_view.panels[0].grid
    assert grid0.values.shape == (7, 7) and grid0.padding == (1, 1)
    assert [grid0.text_at(2, c) for c in range(7)] == ["0", "0", "1", "1", "0", "1", "0"]
    # the window is outlined on every channel: a 3×3 block at (0, 0) plus its 9 taps
    for panel in view.input_view.panels:
        window = panel.marks.marks[0]
        assert (window.row, window.col, window.height, window.width) == (0, 0, 3, 3)
        assert len(panel.marks.marks) == 1 + 9
    # filter w0's weights and bias
    assert view.filter_panel.channel_grids[0].texts == [["1", "1", "-1"], ["-1", "0", "1"], ["-1", "-1", "0"]]
    assert view.filter_panel.bias_grid.texts == [["1"]]
    # output: only (0, 0) of w0 computed, highlighted
    out0, out1 = (p.grid for p in view.output_view.panels)
    assert out0.filled == 1 and out1.filled == 0
    assert out0.text_at(0, 0) == "1" and out0.text_at(0, 1) == ""


def test_eighteen_steps_fill_the_output_with_conv2d(view, qtbot):
    for _ in range(17):
        view.presenter.step()
    assert view.position_label.text() == "step 18 / 18 · filter w1 · output row 2, column 2"
    demo = load_demo()
    expected = conv2d(demo.x[None], demo.w, demo.b, stride=2, padding=1)[0]
    for f, panel in enumerate(view.output_view.panels):
        assert panel.grid.filled in (None, 9)  # None: every cell computed
        assert all(panel.grid.text_at(r, c) != "" for r in range(3) for c in range(3))
        np.testing.assert_allclose(panel.grid.values, expected[f], atol=1e-5)


def test_click_an_output_cell_jumps_to_its_step(view, qtbot):
    panel = view.output_view.panels[1]
    scene_pos = view.output_view.scene_pos_of(1, 2, 1)
    pos = view.output_view.mapFromScene(scene_pos)
    qtbot.mouseClick(view.output_view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.presenter.step_index == 9 + 2 * 3 + 1
    assert view.position_label.text() == "step 17 / 18 · filter w1 · output row 2, column 1"
    assert panel.grid.filled == 8


def test_hovering_an_input_cell_marks_the_outputs_it_feeds(view, qtbot):
    pos = view.input_view.mapFromScene(view.input_view.scene_pos_of(0, 2, 2))
    qtbot.mouseMove(view.input_view.viewport(), pos=pos)
    qtbot.waitUntil(lambda: view.presenter.hovered_outputs != [])
    feeds = sorted(view.presenter.hovered_outputs)
    assert feeds == [(0, 0), (0, 1), (1, 0), (1, 1)]
    marked = {(m.row, m.col) for m in view.output_view.panels[1].marks.marks}
    assert set(feeds) <= marked


def test_edit_a_weight_in_place(view, qtbot):
    grid = view.filter_panel.channel_grids[0]
    grid.edit_cell(1, 2)
    assert grid.editor.isVisible()
    grid.editor.setText("5")
    qtbot.keyClick(grid.editor, Qt.Key.Key_Return)
    assert view.presenter.trace.w[0, 0, 1, 2] == 5
    assert view.arithmetic_view.channel_lines[0].endswith("5*1 + -1*0 + -1*0 + 0*1 = 5")
    assert view.arithmetic_view.total_line == "5 + (-1) + 0 + 1 (bias) = 5"


def test_renders_offscreen_without_being_shown(qtbot):
    presenter = ConvSessionPresenter()
    v = ConvolutionView(presenter)
    qtbot.addWidget(v)
    v.set_export_mode(True)
    v.resize(900, 600)
    presenter.seek(4)
    image = QImage(v.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    v.render(image)
    assert not image.isNull() and image.pixelColor(QPoint(450, 300)).alpha() == 255
    vb = v.input_view.panels[0].vb
    rect = vb.viewRect()
    assert rect.contains(0, 0) and rect.contains(7, 7)  # the grid was fitted, not left at pyqtgraph's default
    assert "step 5 / 18" in v.position_label.text()
