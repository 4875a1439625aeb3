"""Handouts from the Trainer panel: Export log (CSV), Save plots (PNG), and the training
record a saved model keeps and shows when it is loaded."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from cnnviz.core.checkpoint import load_model
from cnnviz.core.training_info import LOG_COLUMNS
from cnnviz.presenters.trainer import TrainerPresenter
from cnnviz.views import trainer_handouts
from cnnviz.views.trainer_panel import TrainerPanel


@pytest.fixture
def panel(qtbot):
    presenter = TrainerPresenter()
    w = TrainerPanel(presenter)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    yield w
    presenter.shutdown()
    assert presenter._worker is None


def train_one_epoch(qtbot, panel):
    panel.controls.epochs.setValue(1)
    panel.controls.batch.setValue(256)
    p = panel._presenter
    with qtbot.waitSignal(p.state_changed, timeout=20000, check_params_cb=lambda s: s == "finished"):
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    return p


def test_export_log_writes_one_row_per_batch_and_epoch(qtbot, panel, tmp_path, monkeypatch):
    p = train_one_epoch(qtbot, panel)
    target = tmp_path / "log.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(panel.handouts.export_log_button, Qt.MouseButton.LeftButton)
    with open(target, newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == LOG_COLUMNS
    batches = -(-1438 // 256)
    assert len(rows) == 1 + batches + 1 and len(p.log_rows()) == batches + 1
    assert rows[-1][:3] == ["1", "", str(batches)] and rows[-1][6]
    assert "Wrote" in panel.message.text()


def test_export_log_before_training_is_refused_in_words(qtbot, panel, tmp_path):
    assert not panel._presenter.export_log(str(tmp_path / "log.csv"))
    assert "no training log" in panel.message.text() and not list(tmp_path.iterdir())


def test_save_plots_writes_pngs_the_size_of_the_widgets(qtbot, panel, tmp_path, monkeypatch):
    train_one_epoch(qtbot, panel)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    qtbot.mouseClick(panel.handouts.save_plots_button, Qt.MouseButton.LeftButton)
    for name, widget in zip(trainer_handouts.PLOT_FILES, (panel.plots, panel.confusion), strict=True):
        image = QImage(str(tmp_path / name))
        assert not image.isNull()
        ratio = widget.devicePixelRatioF()
        assert (image.width(), image.height()) == (round(widget.width() * ratio),
                                                   round(widget.height() * ratio))
    assert sorted(q.name for q in tmp_path.iterdir()) == sorted(trainer_handouts.PLOT_FILES)


def test_saved_model_keeps_its_training_and_loading_shows_it(qtbot, panel, tmp_path):
    p = train_one_epoch(qtbot, panel)
    path = str(tmp_path / "digits.npz")
    assert p.save_model(path)
    t = load_model(path).training
    assert (t.dataset, t.epochs, t.batch_size, t.seed, t.optimizer) == ("digits", 1, 256, 0, "adam")
    p.reset()
    assert p.load_model(path)
    text = panel.message.text()
    assert "trained 1 epoch on digits (seed 0, adam, lr 0.005): validation accuracy" in text
