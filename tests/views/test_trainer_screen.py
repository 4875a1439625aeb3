"""The Trainer tab on a 1280×720 projector, in English and Chinese: tall plots, every
control on screen, the final figures in words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from cnnviz.app import LanguageSwitcher
from cnnviz.views.main_window import MainWindow


@pytest.fixture(params=["en", "zh_CN"])
def trainer_window(qtbot, request):
    switcher = LanguageSwitcher(QApplication.instance())
    switcher.apply(request.param)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    w.tabs.setCurrentIndex(w.tabs.indexOf(w.trainer_tab))
    panel = w.ensure_trainer()
    yield w, panel
    w.trainer_presenter.shutdown()
    w.presenter.pause()
    switcher.apply("en")


def test_at_1280x720_the_plots_are_tall_and_every_control_is_on_screen(qtbot, trainer_window):
    window, panel = trainer_window
    panel.controls.epochs.setValue(2)
    p = window.trainer_presenter
    epochs = []
    p.epoch_finished.connect(lambda *a: epochs.append(a))
    with qtbot.waitSignal(p.state_changed, timeout=30000, check_params_cb=lambda s: s == "finished"):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)  # one layout pass for the texts that just arrived
    assert window.height() == 720
    for plot in (panel.plots.loss_plot, panel.plots.acc_plot):
        assert plot.vb.sceneBoundingRect().height() >= 150  # was ~75 px
        assert not panel.plots.legend.sceneBoundingRect().intersects(plot.vb.sceneBoundingRect())
    for widget in (panel.summary, panel.history_bar, panel.strip_box, panel.progress_label, panel.message,
                   panel.filters_box, panel.confusion_box):
        top = widget.mapTo(window, QPoint(0, 0)).y()
        assert widget.isVisible() and top + widget.height() <= window.height(), widget
    # the final validation accuracy and loss, as numbers, in words
    _, _, _, val_loss, val_acc = epochs[-1]
    assert f"{100 * val_acc:.1f} %" in panel.summary.text() and f"{val_loss:.3f}" in panel.summary.text()
