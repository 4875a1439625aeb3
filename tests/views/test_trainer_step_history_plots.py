"""The Trainer tab's Step button, history slider, plots, final figures and confusion titles,
driven with clicks and read back from the data the widgets hold."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.views.trainer_panel import TrainerPanel
from cnnviz.views.trainer_plots import ACC_TICKS, EMPTY_LOSS_TOP, LossAxis, TrainerPlots, epoch_ticks


@pytest.fixture
def panel(qtbot):
    presenter = TrainerPresenter()
    w = TrainerPanel(presenter)
    qtbot.addWidget(w)
    w.resize(1280, 680)
    w.show()
    yield w
    presenter.shutdown()
    assert presenter._worker is None


def finish(qtbot, panel, epochs=2):
    panel.controls.epochs.setValue(epochs)
    p = panel._presenter
    with qtbot.waitSignal(p.state_changed, timeout=30000, check_params_cb=lambda s: s == "finished"):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)


def test_step_button_trains_one_batch_and_says_its_loss_before_and_after(qtbot, panel):
    p = panel._presenter
    with qtbot.waitSignal(p.batch_stepped) as stepped:
        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
    _, _, before, after = stepped.args
    text = panel.message.text()
    assert "epoch 1, batch 1 of 45" in text and f"{before:.4f} to {after:.4f}" in text
    assert len(panel.plots.batch_x) == 1 and panel.save_button.isEnabled()
    bar = panel.history_bar
    assert bar.slider.maximum() == 1 and bar.caption.text() == "epoch 1, batch 1 of 45"
    panel.controls.epochs.setValue(300)
    with qtbot.waitSignal(p.batches_recorded, timeout=10000):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert not panel.step_button.isEnabled()  # one batch at a time only while no run goes on
    p.stop()


def test_the_history_slider_replays_filters_and_their_change(qtbot, panel):
    finish(qtbot, panel)
    p, bar, grid = panel._presenter, panel.history_bar, panel.filter_grid
    assert bar.slider.maximum() == len(p.history) - 1 == 90 and bar.slider.value() == 90
    bar.slider.setValue(0)
    assert np.array_equal(grid.weights, p.history[0].weights)
    assert bar.caption.text() == "start: no batch trained yet"
    bar.slider.setValue(45)
    assert np.array_equal(grid.weights, p.history[45].weights)
    assert bar.caption.text() == "epoch 1, batch 45 of 45"
    levels = grid.levels
    bar.slider.setValue(10)
    assert grid.levels == levels  # one colour scale over the whole history
    qtbot.mouseClick(bar.change_box, Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(grid.weights, p.history[10].weights - p.history[0].weights, atol=1e-7)
    assert "blue grew" in grid.toolTip()


def test_finished_and_the_final_figures_go_when_the_dataset_changes(qtbot, panel):
    finish(qtbot, panel)
    assert panel.message.text() == "Training finished."
    summary = panel.summary.text()
    assert summary.startswith("Final (epoch 2): validation accuracy ") and " %, loss 0." in summary
    with qtbot.waitSignal(panel._presenter.dataset_changed, timeout=10000):
        panel.controls.dataset.setCurrentIndex(panel.controls.dataset.findData("shapes"))
    assert panel.message.text() == "" and panel.summary.text() == ""


def test_a_continued_run_shows_the_epoch_the_plot_shows(qtbot, panel):
    finish(qtbot, panel, epochs=2)
    finish(qtbot, panel, epochs=1)
    assert panel.plots.epoch_x == [1.0, 2.0, 3.0]
    assert panel.progress_label.text().startswith("Epoch 3/3")
    assert panel.plots.epoch_tick_values[-1] == 3


def test_the_plots_label_100_percent_the_last_epoch_and_never_a_negative_loss(qtbot, panel):
    plots = panel.plots
    lo, hi = plots.loss_plot.viewRange()[1]
    assert hi == pytest.approx(EMPTY_LOSS_TOP) and -0.1 * hi < lo < 0  # empty: no −5
    finish(qtbot, panel, epochs=12)
    acc_lo, acc_hi = plots.acc_plot.viewRange()[1]
    assert acc_lo < 0 and acc_hi > 100 and ACC_TICKS[-1] == 100  # 0 and 100 inside the frame
    assert plots.epoch_tick_values == [0, 2, 4, 6, 8, 10, 12]
    lo, hi = plots.loss_plot.viewRange()[1]
    assert hi >= max(plots.batch_loss) and -0.1 * hi < lo < 0
    assert LossAxis("left").tickStrings([-0.1, 0.0, 0.5], 1.0, 0.5) == ["", "0", "0.5"]
    for plot in (plots.loss_plot, plots.acc_plot):  # the legend sits above the curves, not on them
        assert not plots.legend.sceneBoundingRect().intersects(plot.vb.sceneBoundingRect())


def test_epoch_ticks_always_end_on_the_last_epoch():
    assert epoch_ticks(12) == [0, 2, 4, 6, 8, 10, 12]
    assert epoch_ticks(15) == [0, 5, 10, 15]
    assert epoch_ticks(59) == [0, 10, 20, 30, 40, 50, 59]
    assert epoch_ticks(1) == [0, 1]
    assert all(len(epoch_ticks(n)) <= 8 and epoch_ticks(n)[-1] == n for n in range(1, 1001))


def test_the_confusion_matrix_names_both_axes(qtbot, panel):
    panel.confusion.grab()  # paint
    titles = panel.confusion.drawn_titles
    assert set(titles) == {"true", "predicted"}
    assert titles["true"].right() <= 20 and titles["true"].height() > 100  # along the rows, at the left
    assert titles["predicted"].top() == 0


def test_empty_plots_show_a_loss_axis_from_0(qtbot):
    plots = TrainerPlots()
    qtbot.addWidget(plots)
    lo, hi = plots.loss_plot.viewRange()[1]
    assert lo > -0.2 and hi == pytest.approx(EMPTY_LOSS_TOP)
