"""The Network tab, driven with the mouse: data asserted, never pixels."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from cnnviz.core import forward_trace, layer_step, receptive_field
from cnnviz.core.formatting import (
    format_channel_sum,
    format_linear,
    format_pool,
    format_softmax,
    format_total,
    split_equation,
)
from cnnviz.presenters.network_cells import LINEAR_TERMS
from cnnviz.views.main_window import MainWindow


def _click(qtbot, widget, point) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(round(point.x()), round(point.y())))


@pytest.fixture
def trained(qtbot):
    """A main window whose trainer trained digits for one epoch, on the Network tab."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.tabs.setCurrentWidget(window.trainer_tab)
    panel, trainer = window.trainer_panel, window.trainer_presenter
    panel.controls.epochs.setValue(1)
    panel.controls.blocks.setValue(2)
    panel.controls.hidden.setValue(16)
    with qtbot.waitSignal(
        trainer.state_changed,
        timeout=60000,
        check_params_cb=lambda s: s in ("finished", "stopped", "diverged"),
    ):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert trainer.state == "finished"
    window.tabs.setCurrentWidget(window.network_tab)
    page = window.network_tab.page
    net = page.presenter
    qtbot.waitUntil(lambda: net.snapshot is not None and net.snapshot.state == "trained")
    yield window, page
    window.close()


def test_clicking_cells_writes_how_each_value_was_computed(qtbot, trained):
    window, page = trained
    net, overview, detail = page.presenter, page.overview, page.detail
    model = window.trainer_presenter.model
    _click(qtbot, page.samples, page.samples.rect_of(2).center())  # the 3rd validation sample
    assert net.input_kind == "sample" and net.sample_index == 2
    assert np.array_equal(net.fed, window.trainer_presenter.split.x_val[2])
    records = forward_trace(model, net.fed)
    assert "validation sample 3" in page.headline.text()
    names = [c.name for c in net.columns]
    # a conv cell: per channel window, filter and written sum; the total with the bias
    conv2 = names.index("conv2")
    _click(qtbot, overview, overview.cell_center(conv2, (5, 1, 2)))
    step = layer_step(records[net.columns[conv2].record], (5, 1, 2))
    assert detail.currentWidget() is detail.conv
    shown = [row[3].text() for row in detail.conv.rows if row[3].isVisibleTo(detail.conv)]
    assert shown == [format_channel_sum(step, c) for c in range(16)]
    lhs, sign, value = split_equation(format_total(step))
    assert detail.conv.total.text() == f"{lhs} (bias) {sign} {value}"
    assert [list(map(float, np.ravel(row[1].values))) for row in detail.conv.rows[:1]] == [
        list(np.ravel(step.window[0]).astype(float))
    ]
    # ... and its receptive field outlined on the input: the core's box
    top, left, bottom, right = receptive_field(model, net.columns[conv2].record, 1, 2)
    assert net.selected.receptive == (top, left, bottom, right)
    (rect,) = overview.receptive_rects()
    cell = overview.geometry_[0].rects[0].width() / 8
    assert rect.left() == pytest.approx(overview.geometry_[0].rects[0].left() + left * cell)
    assert rect.height() == pytest.approx((bottom - top) * cell)
    # a pool cell
    pool1 = names.index("pool1")
    _click(qtbot, overview, overview.cell_center(pool1, (3, 2, 1)))
    assert detail.currentWidget() is detail.map
    assert detail.map.formula.text() == format_pool(layer_step(records[net.columns[pool1].record], (3, 2, 1)))
    # an output neuron: the dense view's written sum
    out = names.index("output")
    _click(qtbot, overview, overview.cell_center(out, (7,)))
    step = layer_step(records[net.columns[out].record], (7,))
    assert detail.linear.formula_label.text() == f"z = {format_linear(step, LINEAR_TERMS)}"
    assert detail.linear.bar_indices()[0] == int(np.argmax(np.abs(step.terms)))
    # a probability bar
    soft = names.index("softmax")
    _click(qtbot, overview, overview.cell_center(soft, (4,)))
    assert detail.map.formula.text() == format_softmax(layer_step(records[-1], (4,)))
    assert "exp(" in detail.map.formula.text() and net.selected.cell == (4,)


def test_hovering_a_cell_marks_its_inputs(qtbot, trained):
    _, page = trained
    net, overview = page.presenter, page.overview
    pool2 = [c.name for c in net.columns].index("pool2")
    qtbot.mouseMove(overview, QPoint(*(round(v) for v in overview.cell_center(pool2, (2, 1, 0)).toTuple())))
    qtbot.waitUntil(lambda: net.hovered_cell == (pool2, (2, 1, 0)))
    assert net.hovered.column == pool2 - 1 and net.hovered.channels == (2,)
    assert net.hovered.box == (2, 0, 4, 2)


def test_drawing_on_the_canvas_feeds_the_network(qtbot, trained):
    _, page = trained
    net, canvas = page.presenter, page.canvas
    before = net.probabilities.copy()
    side = canvas.width()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(side // 2, side // 8))
    for y in range(side // 8, 7 * side // 8, 6):
        qtbot.mouseMove(canvas, QPoint(side // 2, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(side // 2, 7 * side // 8))
    qtbot.waitUntil(lambda: net.input_kind == "drawing" and not np.allclose(net.probabilities, before))
    raw = net.drawing.image()
    assert raw[2:6, 3:5].min() > 0.3 and raw[:, 0].max() == 0  # a vertical stroke down the middle
    snap = net.snapshot
    assert np.allclose(net.fed[0], (raw - snap.mean) / snap.std, atol=1e-6)
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert net.drawing.is_empty


def test_open_in_convolution_tab_replays_the_cell(qtbot, trained):
    window, page = trained
    net = page.presenter
    conv1 = [c.name for c in net.columns].index("conv1")
    net.select(conv1, (9, 4, 6))
    rec = net.records[net.columns[conv1].record]
    qtbot.mouseClick(page.detail.conv.open_button, Qt.MouseButton.LeftButton)
    conv = window.presenter
    assert np.array_equal(conv.trace.x, rec.input)
    assert np.array_equal(conv.trace.w, rec.weight[9:10]) and np.array_equal(conv.trace.b, rec.bias[9:10])
    assert conv.params.stride == 1 and conv.params.padding == 2
    assert conv.stage == "conv" and conv.step_index == conv.trace.index(0, 4, 6)
    assert np.isclose(conv.conv_step.value, rec.output[9, 4, 6], atol=1e-5)
    assert window.tabs.currentIndex() == 0


def test_the_page_speaks_chinese(qtbot):
    from PySide6.QtWidgets import QApplication

    from cnnviz.app import LanguageSwitcher

    window = MainWindow()
    qtbot.addWidget(window)
    switcher = LanguageSwitcher(QApplication.instance())
    try:
        switcher.apply("zh_CN")
        index = window.tabs.indexOf(window.network_tab)
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "网络")  # LanguageChange is posted
        window.tabs.setCurrentIndex(index)
        page = window.network_tab.ensure_page()
        assert page.model_box.title() == "模型" and page.presenter.model_description().startswith("“训练”页")
        assert "缩放到 8×8" in page.preprocessing_label.text()
    finally:
        switcher.apply("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(window.tabs.indexOf(window.network_tab)) == "Network")


def test_a_sent_cell_steps_backward_with_the_networks_gradient(qtbot, trained):
    window, page = trained
    net = page.presenter
    assert net.choose_sample(1)
    conv1 = [c.name for c in net.columns].index("conv1")
    net.select(conv1, (2, 3, 3))
    qtbot.mouseClick(page.detail.conv.open_button, Qt.MouseButton.LeftButton)
    conv, bar = window.presenter, window.stage_bar
    assert conv.upstream_mode == "network"
    combo = bar.upstream_combo
    assert combo.currentData() == "network" and combo.model().item(2).isEnabled()
    qtbot.mouseClick(bar.buttons["grad_w"], Qt.MouseButton.LeftButton)
    note = window.stage_view.grad_w_view.note_label.text()
    label = net.class_names[int(net.samples.labels[1])]
    assert "network" in note and f"“{label}”" in note and "validation sample 2" in note
    # back to all ones and again to the network's, through the combo
    combo.setCurrentIndex(0)
    assert conv.upstream_mode == "ones"
    combo.setCurrentIndex(2)
    assert conv.upstream_mode == "network"
    # a built-in picture: the network's gradient no longer applies and is not offered
    window.presenter.load_demo()
    assert conv.upstream_mode == "ones" and not combo.model().item(2).isEnabled()
