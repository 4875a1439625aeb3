"""The window on a classroom screen (issue 13): it fits 1280×720, keys act on the tab
shown, a zoomed view stays where the user put it, numbers and maps are never cut or lost."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QScreen

from cnnviz.presenters import ConvSessionPresenter, Params
from cnnviz.views.convolution_view import ConvolutionView
from cnnviz.views.main_window import MainWindow, first_size
from cnnviz.views.palette import diverging_lut
from cnnviz.views.volume_view import VolumeView, best_columns

PROJECTOR = QSize(1280, 680)  # 1280×720 less a title bar


def _trainer_bank(p: ConvSessionPresenter) -> None:
    """What the trainer sends: a 28×28 digit and sixteen learned 5×5 filters."""
    rng = np.random.default_rng(0)
    x = rng.random((1, 28, 28)).astype(np.float32)
    w = rng.standard_normal((16, 1, 5, 5)).astype(np.float32)
    b = (0.2 * rng.standard_normal(16)).astype(np.float32)
    assert p.configure(x, w, b, Params(stride=1, padding=2, dilation=1), "digit 3")


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    yield w
    w.presenter.pause()


def _shown(qtbot, w, size: QSize = PROJECTOR):
    w.resize(size)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.size() == size and w.isActiveWindow())


def _seen(control, window) -> QRect:
    """The part of ``control`` its parents (and the window) leave in view, in window coordinates."""
    seen = QRect(control.mapTo(window, QPoint(0, 0)), control.size())
    parent = control.parentWidget()
    while parent is not None and parent is not window:
        seen &= QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return seen & window.rect()


def test_first_size_follows_the_screens_free_area(qtbot, monkeypatch):
    assert first_size(QRect(0, 0, 1920, 1040)) == QSize(1400, 860)
    small = first_size(QRect(0, 0, 1280, 720))
    assert small.width() <= 1280 and small.height() <= 720 - 30
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, 728))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.width() <= 1366 and w.height() <= 728 - 30  # not a fixed 1400×860


def test_minimum_width_fits_a_projector_after_a_5x5_bank_arrives(window, qtbot):
    _shown(qtbot, window)
    _trainer_bank(window.presenter)
    qtbot.wait(50)  # the filter column's new size hint is laid out by queued events
    assert window.minimumSizeHint().width() <= 1280
    assert window.minimumSizeHint().height() <= 680


@pytest.mark.parametrize("bank", ["demo", "trainer"])
def test_every_control_is_whole_and_on_screen_at_1280x720(window, qtbot, bank):
    if bank == "trainer":
        _trainer_bank(window.presenter)
    _shown(qtbot, window)
    t, cv = window.transport, window.conv_view
    controls = [
        t.first_button,
        t.back_button,
        t.play_button,
        t.forward_button,
        t.last_button,
        t.slider,
        t.speed_spin,
        cv.position_label,
        cv.input_view,
        cv.output_view,
        cv.filters_scroll,
        cv.arithmetic_view,
        window.side_scroll,
        *window.stage_bar.buttons.values(),
    ]
    for control in controls:
        assert control.isVisible(), control
        assert _seen(control, window).size() == control.size(), control  # whole: not cut, not off-screen
    # the arithmetic wraps instead of running off to the right
    assert not cv.arithmetic_view.horizontalScrollBar().isVisible()
    # the side panel scrolls up and down, never sideways
    assert not window.side_scroll.horizontalScrollBar().isVisible()


def test_keys_move_the_convolution_only_while_its_tab_is_shown(window, qtbot):
    _shown(qtbot, window)
    p = window.presenter
    other = window.trainer_tab if window.trainer_tab is not None else window.neuron_page
    window.tabs.setCurrentWidget(other)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_End, Qt.Key.Key_Space):
        qtbot.keyClick(window, key)
    assert p.step_index == 0 and not p.is_playing
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert p.step_index == 1


def test_hovering_never_snaps_a_zoomed_view_back(qtbot):
    p = ConvSessionPresenter()
    x = np.arange(400, dtype=np.float32).reshape(1, 20, 20)
    assert p.configure(x, np.ones((1, 1, 3, 3), np.float32), None, Params(1, 0, 1), "ramp")
    view = ConvolutionView(p)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    vb = view.input_view.panels[0].vb
    view.input_view.zoom_to(15, 15, 4)  # the bottom right corner; the window is at the top left
    zoomed = vb.viewRect()
    view.input_view.cell_hovered.emit(0, 16, 16)
    view.input_view.cell_hovered.emit(0, 17, 15)
    view.input_view.hover_left.emit()
    assert vb.viewRect() == zoomed
    p.set_weight(0, 0, 1, 1, 2.0)  # a redraw of the same step moves nothing either
    assert vb.viewRect() == zoomed
    p.seek_output(0, 14, 14)  # a new step whose window lies in view: still nothing moves
    assert vb.viewRect() == zoomed
    p.seek_output(0, 2, 2)  # the window left the view: now it is followed
    assert vb.viewRect().contains(QPointF(3.5, 3.5))
    p.pause()


def test_a_negative_bias_is_shown_whole(window):
    window.presenter.set_bias(0, -0.181)
    grid = window.conv_view.filter_panel.bias_grid
    assert grid.texts == [["-0.181"]]
    needed = QFontMetrics(grid.paint_font).horizontalAdvance("-0.181")
    assert grid.cell_rect(0, 0).width() >= needed + 4
    assert grid.sizeHint().width() >= needed + 4


def test_a_map_of_zeros_keeps_a_visible_frame(qtbot):
    view = VolumeView()
    qtbot.addWidget(view)
    view.resize(260, 260)
    view.show()
    qtbot.waitExposed(view)
    view.set_volume(np.zeros((1, 64, 64), np.float32), [diverging_lut()], [(-1.0, 1.0)])
    image = view.grab().toImage()
    vb = view.panels[0].vb
    edge = view.mapFromScene(vb.mapViewToScene(QPointF(0.0, 32.0)))
    darkest = min(image.pixelColor(edge.x() + dx, edge.y()).lightness() for dx in (-1, 0, 1))
    assert darkest < 200  # white cells on a white page, but the map's edge is drawn


def test_many_maps_are_laid_out_to_fill_a_tall_column():
    assert best_columns(16, (28, 28), (180, 430)) == 3  # not 6 columns of tiny maps
    assert best_columns(2, (3, 3), (300, 400)) == 1
    assert best_columns(16, (28, 28), (0, 0)) == 6  # not laid out yet: the old rule


def test_a_refused_setting_is_explained_once_and_the_typed_value_stays(window, qtbot):
    _shown(qtbot, window)
    params, shape = window.params_panel, window.params_panel.shape_panel
    params.padding.setValue(0)
    params.kernel_h.setValue(7)  # 7 > 5 + 2·0
    assert shape.problem_label.isVisibleTo(window)
    assert not window.message_bar.isVisibleTo(window) and window.statusBar().currentMessage() == ""
    assert params.kernel_h.value() == 7 and params.is_invalid(params.kernel_h)
    params.padding.setValue(1)  # now 7 fits: the value kept is used
    assert window.presenter.kernel_size == (7, 3)
    assert not params.is_invalid(params.kernel_h) and not shape.problem_label.isVisibleTo(window)


def test_a_bad_file_is_still_a_banner(window, tmp_path):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert not window.open_image(str(empty))
    assert window.message_bar.isVisibleTo(window)
    assert not window.params_panel.shape_panel.problem_label.isVisibleTo(window)
