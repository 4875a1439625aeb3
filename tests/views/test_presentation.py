"""Presentation mode, the zoom and the high-contrast theme (issue 14), as data the views hold."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QPalette

from cnnviz.views.cell_grid import CellGrid
from cnnviz.views.main_window import MainWindow
from cnnviz.views.palette import tap_color
from cnnviz.views.zoom import LARGE, Zoom

PROJECTOR = QSize(1280, 720)


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.presentation.leave()
    w.presenter.pause()


def _filter_px(w) -> list[int]:
    return [g.paint_font.pixelSize() for g in w.conv_view.filter_panel.findChildren(CellGrid)]


def test_zoom_steps_and_clamps(qtbot):
    zoom = Zoom()
    with qtbot.waitSignal(zoom.changed) as blocker:
        zoom.zoom_in()
    assert blocker.args == [1.25] and zoom.factor == 1.25
    zoom.zoom_out()
    zoom.zoom_out()
    assert zoom.factor == 0.75
    zoom.zoom_out()
    assert zoom.factor == 0.75  # the smallest
    zoom.set_factor(99)
    assert zoom.factor == 3.0
    zoom.set_factor(float("nan"))
    assert zoom.factor == 1.0


def test_zoom_scales_every_text_a_student_reads_together(window):
    cv = window.conv_view
    grid = cv.input_view.panels[0].grid
    assert (grid.text_px, cv.arithmetic_view.canvas.font_px) == (16, 13)
    assert set(_filter_px(window)) == {13}
    window.presentation.zoom.set_factor(2.0)
    assert grid.text_px == 32 and cv.output_view.panels[0].grid.text_px == 32
    assert cv.arithmetic_view.canvas.font_px == 26
    assert set(_filter_px(window)) == {26}
    relu = window.stage_view.relu_view
    assert relu.formula_label.font().pixelSize() == 36  # 18 px at zoom 1
    assert relu.input_view.text_px() == 32
    neuron = window.neuron_page
    assert neuron.sum_label.font().pointSizeF() == pytest.approx(17.0 * 1.5)  # large already: as titles
    window.presentation.zoom.set_factor(1.0)
    assert (grid.text_px, cv.arithmetic_view.canvas.font_px) == (16, 13)
    assert set(_filter_px(window)) == {13}


def test_zoom_keys(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.presentation.zoom.factor == 1.25
    assert window.conv_view.arithmetic_view.canvas.font_px == 16
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.presentation.zoom.factor == 0.75
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.presentation.zoom.factor == 1.0


def test_presentation_mode_hides_the_side_panel_and_restores_it(window, qtbot):
    p = window.presentation
    assert window.side_scroll.isVisible() and window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert p.active and p.presentation_action.isChecked()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.side_scroll.isVisible() and not window.menuBar().isVisible()
    assert p.zoom.factor == LARGE
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # the menus are hidden; their keys still work
    assert window.presenter.step_index == 1
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not p.active and not p.presentation_action.isChecked()
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.side_scroll.isVisible() and window.menuBar().isVisible()
    assert p.zoom.factor == 1.0


def test_each_mode_keeps_its_own_zoom(window):
    p = window.presentation
    p.zoom.set_factor(1.5)
    p.enter()
    assert p.zoom.factor == LARGE
    p.zoom.zoom_in()
    presenting = p.zoom.factor
    p.leave()
    assert p.zoom.factor == 1.5
    p.enter()
    assert p.zoom.factor == presenting


def test_large_zoom_fits_a_1280x720_projector_with_28_px_numbers(window, qtbot):
    window.presentation.enter()
    window.setWindowState(Qt.WindowState.WindowNoState)  # the test screen is 800×800: a projector's size
    window.resize(PROJECTOR)
    qtbot.waitUntil(lambda: window.size() == PROJECTOR)
    qtbot.wait(50)  # queued layout requests
    cv = window.conv_view
    hint = window.minimumSizeHint()
    assert hint.width() <= PROJECTOR.width() and hint.height() <= PROJECTOR.height()
    assert cv.arithmetic_view.canvas.font_px >= 28
    assert min(_filter_px(window)) >= 28
    assert cv.input_view.text_px() >= 28 and cv.output_view.text_px() >= 28
    # the demo's arithmetic is whole (one line per channel) and the filters are not scrolled
    assert cv.arithmetic_view.verticalScrollBar().maximum() == 0
    assert cv.arithmetic_view.canvas.minimumHeight() < 4 * 28 * 1.6
    assert cv.filters_scroll.verticalScrollBar().maximum() == 0
    assert cv.filters_scroll.horizontalScrollBar().maximum() == 0


def test_zoom_and_theme_are_remembered(window, qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "cnnviz.ini"), QSettings.Format.IniFormat)
    p = window.presentation
    p.zoom.set_factor(1.75)
    p.enter()
    p.zoom.set_factor(2.5)
    p.theme.set_high_contrast(True)
    window.save_state(settings)
    settings.sync()
    other = MainWindow()
    qtbot.addWidget(other)
    other.restore_state(QSettings(str(tmp_path / "cnnviz.ini"), QSettings.Format.IniFormat))
    assert other.presentation.zoom.factor == 1.75
    assert other.presentation.theme.high_contrast and other.presentation.high_contrast_action.isChecked()
    other.presentation.enter()
    assert other.presentation.zoom.factor == 2.5
    other.presentation.leave()


def test_bad_settings_fall_back_to_the_defaults(window, tmp_path):
    settings = QSettings(str(tmp_path / "bad.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/zoom", "huge")
    settings.setValue("view/presentation_zoom", "-3")
    window.restore_state(settings)
    assert window.presentation.zoom.factor == 1.0
    window.presentation.enter()
    assert window.presentation.zoom.factor == 0.75  # clamped, not refused


def test_high_contrast_theme_reaches_grids_arithmetic_and_formulas(window, qtbot):
    cv = window.conv_view
    canvas = cv.arithmetic_view.canvas
    window.presentation.high_contrast_action.trigger()
    assert window.palette().color(QPalette.ColorRole.Window).lightness() < 40
    assert canvas.palette().color(canvas.backgroundRole()) == QColor(0, 0, 0)
    assert canvas.paint_color(tap_color(0, 9)) == tap_color(0, 9, dark=True)
    assert cv.input_view.backgroundBrush().color().lightness() < 40
    assert cv.output_view.panels[0].grid._empty_color.lightness() < 60  # noqa: SLF001
    relu = window.stage_view.relu_view
    assert "#000000" in relu.formula_label.styleSheet() and "#ffffff" in relu.formula_label.styleSheet()
    window.presentation.high_contrast_action.trigger()
    assert window.palette().color(QPalette.ColorRole.Window).lightness() > 200
    assert canvas.paint_color(tap_color(0, 9)) == tap_color(0, 9)


def test_every_tap_carries_its_number_and_the_window_one_outline(window):
    cv = window.conv_view
    marks = cv.input_view.panels[0].marks.marks
    taps = [m for m in marks if m.label]
    assert [m.label for m in taps] == [str(t) for t in range(1, 10)]  # the arithmetic's term order
    assert all(m.halo for m in taps)
    step = window.presenter.conv_step
    assert {(m.row, m.col) for m in taps} == {(r, c) for r in step.taps_rows for c in step.taps_cols}
    outlines = [m for m in marks if not m.label and (m.height, m.width) == (3, 3)]
    assert len(outlines) == 1 and outlines[0].pen_width >= 3
    assert cv.input_view.panels[0].grid.lowered == {(m.row, m.col) for m in taps}


# -- presentation mode's one-channel layout ---------------------------------------------------
def _on_projector(window, qtbot) -> None:
    window.presentation.enter()
    window.setWindowState(Qt.WindowState.WindowNoState)  # the test screen is 800×800: a projector's size
    window.resize(PROJECTOR)
    qtbot.waitUntil(lambda: window.size() == PROJECTOR)
    qtbot.wait(50)  # queued layout requests


def _window_rect_of(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _grid_rects(view, window) -> list[QRectF]:
    """Where each grid laid out in ``view`` (a VolumeView) lies on the window: its cells' rectangle."""
    rects = []
    origin = QPointF(view.mapTo(window, QPoint(0, 0)))
    for panel in view.shown_panels():
        h, w = panel.grid.values.shape
        assert panel.vb.viewRect().contains(QRectF(0, 0, w, h))  # not panned or zoomed off
        scene = panel.vb.mapViewToScene(QRectF(0, 0, w, h)).boundingRect()
        assert panel.vb.sceneBoundingRect().contains(scene)
        rects.append(view.mapFromScene(scene).boundingRect().toRectF().translated(origin))
    return rects


def test_presentation_draws_every_number_at_28_px_on_a_1280x720_projector(window, qtbot):
    _on_projector(window, qtbot)
    assert window.presentation.zoom.factor == LARGE
    window.presenter.seek(12)  # w0's output map whole, w1's begun: numbers in every output grid
    window.grab()  # paint: the sizes below are the ones the grids painted
    cv = window.conv_view
    screen = QRectF(window.rect())
    assert len(cv.input_view.shown_panels()) == 1  # one input channel at a time
    assert min(cv.input_view.drawn_px()) >= 28
    assert len(cv.output_view.shown_panels()) == 2 and min(cv.output_view.drawn_px()) >= 28
    filters = [g for g in cv.filter_panel.findChildren(CellGrid) if g.isVisibleTo(window)]
    assert len(filters) == 2  # the current filter folded to the channel shown, and its bias
    assert min(g.drawn_px for g in filters) >= 28
    assert cv.arithmetic_view.canvas.font_px >= 28
    for view in (cv.input_view, cv.output_view):
        shown = QRectF(_window_rect_of(view, window))
        for rect in _grid_rects(view, window):
            assert shown.contains(rect) and screen.contains(rect)
    for grid in filters:  # not cut by the filter column's scroll area
        assert grid.visibleRegion().boundingRect() == grid.rect()
        assert window.rect().contains(_window_rect_of(grid, window))
    assert cv.arithmetic_view.verticalScrollBar().maximum() == 0
    assert cv.arithmetic_view.horizontalScrollBar().maximum() == 0
    assert cv.filters_scroll.horizontalScrollBar().maximum() == 0


def test_presentation_shows_the_channel_chosen_or_the_taps_own(window, qtbot):
    cv = window.conv_view
    picker = cv.presenting.picker
    window.presentation.enter()
    assert picker.isVisible() and "0" in picker.label.text()
    qtbot.keyClick(window, Qt.Key.Key_C)
    assert cv.presenting.channel == 1 and cv.input_view.shown_panels() == [cv.input_view.panels[1]]
    assert [g.isVisibleTo(window) for g in cv.filter_panel.channel_grids] == [False, True, False]
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert cv.presenting.channel == 2  # round the end
    qtbot.mouseClick(picker.next_button, Qt.MouseButton.LeftButton)
    assert cv.presenting.channel == 0
    for _ in range(10):  # nine multiply-adds in channel 0, the tenth in channel 1
        window.presenter.tap_forward()
    assert window.presenter.tap_position[0] == 1
    assert cv.presenting.channel == 1 and cv.filter_panel.folded == 1


def test_leaving_presentation_restores_the_normal_layout(window, qtbot):
    cv = window.conv_view
    qtbot.wait(50)
    sizes, cols = cv.volumes_splitter.sizes(), cv.input_view._cols  # noqa: SLF001
    window.presentation.enter()
    qtbot.keyClick(window, Qt.Key.Key_C)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: cv.volumes_splitter.sizes() == sizes)
    assert not cv.presenting.picker.isVisible()
    assert cv.input_view.shown_panels() == cv.input_view.panels
    assert all(p.vb.isVisible() and p.title.isVisible() for p in cv.input_view.panels)
    assert cv.input_view._cols == cols  # noqa: SLF001
    assert all(g.isVisible() for g in cv.filter_panel.channel_grids)
    assert all(t.isVisible() for t in cv.filter_panel.thumbs) and cv.filter_panel.thumbs_label.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_C)  # only presentation mode has one channel to choose
    assert all(p.vb.isVisible() for p in cv.input_view.panels)


# -- the Trainer tab's own zoom ----------------------------------------------------------------
def _trainer_sizes(panel) -> dict[str, float]:
    """The text sizes the trainer paints, as its widgets hold them after a paint."""
    panel.grab()
    plots = panel.plots
    ticks = plots.loss_plot.getAxis("bottom").style["tickFont"] or QFont()  # None: pyqtgraph's default
    return {
        "ticks": QFontInfo(ticks).pixelSize(),
        "axis": plots.loss_plot.getAxis("left").label.boundingRect().height(),
        "legend": plots.legend.items[0][1].item.boundingRect().height(),
        "counts": panel.confusion.count_pt,
        "samples": panel.strip.label_pt,
        "summary": panel.summary.font().pointSizeF(),
        "boxes": panel.strip_box.font().pointSizeF(),
    }


def test_the_trainer_tab_follows_the_zoom_and_comes_back(window, qtbot):
    window.tabs.setCurrentWidget(window.trainer_tab)
    panel = window.ensure_trainer()
    try:
        normal = _trainer_sizes(panel)
        window.presentation.enter()  # the trainer takes the zoom through its own set_zoom
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(PROJECTOR)
        qtbot.waitUntil(lambda: window.size() == PROJECTOR)
        qtbot.wait(50)
        large = _trainer_sizes(panel)
        for key in normal:
            assert large[key] > normal[key], key
        assert large["samples"] == pytest.approx(normal["samples"] * LARGE)  # numbers grow as the grids'
        assert large["counts"] > normal["counts"]
        hint = window.minimumSizeHint()
        assert hint.width() <= PROJECTOR.width() and hint.height() <= PROJECTOR.height()
        for widget in (panel.summary, panel.strip_box, panel.progress_label, panel.message):
            bottom = widget.mapTo(window, QPoint(0, 0)).y() + widget.height()
            assert widget.isVisible() and bottom <= window.height(), widget
        window.presentation.leave()
        assert _trainer_sizes(panel) == normal
    finally:
        window.trainer_presenter.shutdown()
