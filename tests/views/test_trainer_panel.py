from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.views.trainer_panel import TrainerPanel


@pytest.fixture
def panel(qtbot):
    presenter = TrainerPresenter()
    w = TrainerPanel(presenter)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    yield w
    presenter.shutdown()
    assert presenter._worker is None


def ended(state):
    return state in ("finished", "stopped", "diverged")


def set_epochs(panel, n):
    panel.controls.epochs.setValue(n)


def test_defaults_are_digits_with_counts_and_samples(panel):
    s = panel.settings()
    assert (s.dataset, s.optimizer, s.epochs, s.filters, s.kernel_size) == ("digits", "adam", 12, 16, 5)
    assert "1438 for training, 359 for validation" in panel.dataset_label.text()
    tip = panel.dataset_label.toolTip().splitlines()
    assert len(tip) == 11 and tip[1] == "0: 142 + 36"  # every class's count in both parts
    assert len(panel.strip._images) == 16 and panel.strip.predictions is None
    assert panel.confusion.class_names == tuple("0123456789")
    assert not panel.pause_button.isEnabled() and not panel.save_button.isEnabled()


def test_buttons_start_pause_resume_and_stop_a_run(qtbot, panel):
    p = panel._presenter
    set_epochs(panel, 300)
    with qtbot.waitSignal(p.batches_recorded, timeout=5000):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert not panel.start_button.isEnabled() and panel.pause_button.isEnabled()
    assert not panel.controls.epochs.isEnabled()  # settings are locked while training
    with qtbot.waitSignal(p.state_changed, check_params_cb=lambda s: s == "paused"):
        qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.start_button.text() == "Resume" and panel.save_button.isEnabled()
    assert "Paused" in panel.progress_label.text()
    with qtbot.waitSignal(p.batches_recorded, timeout=5000):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert p.state == "running"
    with qtbot.waitSignal(p.state_changed, check_params_cb=lambda s: s == "stopped"):
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert panel.start_button.isEnabled() and panel.controls.epochs.isEnabled()
    assert len(panel.plots.batch_x) > 0 and panel.progress.value() > 0


def test_a_finished_run_fills_plots_filters_confusion_and_strip(qtbot, panel):
    p = panel._presenter
    set_epochs(panel, 2)
    with qtbot.waitSignal(p.state_changed, timeout=20000, check_params_cb=ended):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert p.state == "finished" and "Finished" in panel.progress_label.text()
    assert panel.plots.epoch_x == [1.0, 2.0] and len(panel.plots.batch_x) == 90
    assert panel.plots.curves["va"].yData[-1] > 85  # % validation accuracy
    assert panel.filter_grid.weights.shape == (16, 1, 5, 5) and len(panel.filter_grid._images) == 16
    assert panel.confusion.matrix.sum() == 359
    pred = panel.strip.predictions
    assert pred.shape == (16,)
    assert panel.progress.value() == panel.progress.maximum()


def test_diverging_run_shows_a_message_and_can_go_on(qtbot, panel):
    p = panel._presenter
    panel.controls.lr.setValue(100)
    with qtbot.waitSignal(p.training_diverged, timeout=10000):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: p._worker is None)
    assert "diverged" in panel.message.text() and "set it to 0.005" in panel.message.text()
    assert not panel.save_button.isEnabled() and not panel.send_button.isEnabled()
    panel.controls.lr.setValue(0.005)
    set_epochs(panel, 1)
    with qtbot.waitSignal(p.state_changed, timeout=20000, check_params_cb=lambda s: s == "finished"):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)


def test_send_filter_button_emits_the_chosen_filter_and_sample(qtbot, panel):
    p = panel._presenter
    set_epochs(panel, 1)
    with qtbot.waitSignal(p.state_changed, timeout=20000, check_params_cb=ended):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    grid_pos = panel.filter_grid._rect(5).center()
    qtbot.mouseClick(panel.filter_grid, Qt.MouseButton.LeftButton, pos=grid_pos.toPoint())
    strip_pos = panel.strip._rect(2).center()
    qtbot.mouseClick(panel.strip, Qt.MouseButton.LeftButton, pos=strip_pos.toPoint())
    assert (panel.filter_grid.selected, panel.strip.selected) == (5, 2)
    with qtbot.waitSignal(p.filter_sent) as sent:
        qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    w, b, x, name, index = sent.args
    assert index == 5 and np.array_equal(w[5], panel.filter_grid.weights[5])
    assert np.array_equal(x, p.split.x_val[2]) and "filter w5" in name
    assert "Sent filter w5" in panel.message.text()


def test_save_and_load_buttons_with_messages(qtbot, panel, tmp_path, monkeypatch):
    p = panel._presenter
    set_epochs(panel, 1)
    with qtbot.waitSignal(p.state_changed, timeout=20000, check_params_cb=ended):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    path = str(tmp_path / "m.npz")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (path, ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (path, ""))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "Saved the model" in panel.message.text()
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.plots.batch_x == [] and panel.filter_grid.weights is None
    qtbot.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    assert "Loaded" in panel.message.text() and panel.filter_grid.weights is not None
    (tmp_path / "m.npz").write_bytes(b"\x00" * 10)
    qtbot.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    assert "Could not load the model" in panel.message.text()


def test_choosing_shapes_loads_them_with_their_defaults(qtbot, panel):
    with qtbot.waitSignal(panel._presenter.dataset_changed) as changed:
        panel.controls.dataset.setCurrentIndex(panel.controls.dataset.findData("shapes"))
    assert "1600 images of 1×12×12, 8 classes" in changed.args[0]
    assert panel.settings().epochs == 15 and panel.controls.size.isEnabled()
    assert panel.strip.class_names[0] == "X"


def test_closing_the_panel_mid_training_stops_the_thread(qtbot, panel):
    p = panel._presenter
    set_epochs(panel, 300)
    with qtbot.waitSignal(p.batches_recorded, timeout=5000):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    panel.close()
    assert p._worker is None and p.state == "stopped"


def test_wrong_predictions_are_marked(panel):
    labels = panel.strip.labels
    pred = labels.copy()
    pred[3] = (pred[3] + 1) % 10
    panel.strip.show_predictions(pred)
    img = panel.strip.grab().toImage()
    r = panel.strip._rect(3)
    edge = img.pixelColor(int(r.left()) - 1, int(r.center().y()))
    assert edge.red() > 180 and edge.green() < 80  # red frame around the wrong one
    ok = img.pixelColor(int(panel.strip._rect(4).left()) - 1, int(r.center().y()))
    assert ok.red() < 180 or ok.green() > 80


def test_panel_switches_language_live(qtbot, panel):
    from PySide6.QtWidgets import QApplication

    from cnnviz.app import LanguageSwitcher

    switcher = LanguageSwitcher(QApplication.instance())
    try:
        assert switcher.apply("zh_CN") == "zh_CN"
        qtbot.waitUntil(lambda: panel.start_button.text() == "开始")
        assert panel.controls.labels["lr"].text() == "学习率"
        assert panel.plots.loss_plot.getAxis("left").labelText == "损失"
        assert "就绪" in panel.progress_label.text()
        assert "1438 张用于训练" in panel.dataset_label.text()
    finally:
        switcher.apply("en")
    qtbot.waitUntil(lambda: panel.start_button.text() == "Start")
    assert panel.controls.labels["lr"].text() == "Learning rate"
