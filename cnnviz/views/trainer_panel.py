"""The Trainer tab: choose data and a small network, train it (or one batch at
a time with Step), and watch the loss, the accuracy, the filters and the
mistakes change live; replay the filters' history afterwards."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters.trainer import DIVERGED, PAUSED, READY, RUNNING, TrainerPresenter
from cnnviz.presenters.trainer_session import TrainerSettings

from .trainer_controls import TrainerControls
from .trainer_handouts import HandoutButtons
from .trainer_history_bar import HistoryBar
from .trainer_images import ConfusionView, FilterGrid, SampleStrip
from .trainer_plots import TrainerPlots
from .zoom import title_factor

ERROR_STYLE = "color: #b01010; font-weight: bold"
INFO_STYLE = "color: #205020"


class SideScroll(QScrollArea):
    """Scrolls its widget up and down only: as wide as the widget asks to be (in
    every language), however short the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _width(self, hint: QSize) -> int:
        return hint.width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:
        w = self.widget()
        return QSize(self._width(w.minimumSizeHint()), 120) if w is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        w = self.widget()
        if w is None:
            return super().sizeHint()
        return QSize(self._width(w.sizeHint()), w.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # new texts (another language) may need another width
        return super().eventFilter(watched, event)


class TrainerPanel(QWidget):
    """All of the trainer on one page, drawn from :class:`TrainerPresenter` signals."""

    def __init__(self, presenter: TrainerPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self._progress_text = self._eta_text = self._state_text = ""
        self._zoom = 1.0  # the text zoom (views/zoom.py)
        self.controls = TrainerControls()
        self.start_button = QPushButton()
        self.step_button = QPushButton()
        self.pause_button = QPushButton()
        self.stop_button = QPushButton()
        self.reset_button = QPushButton()
        self.save_button = QPushButton()
        self.load_button = QPushButton()
        self.send_button = QPushButton()
        self.plots = TrainerPlots()
        self.handouts = HandoutButtons(presenter, lambda: (self.plots, self.confusion))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        bold = QFont(self.summary.font())
        bold.setBold(True)
        self.summary.setFont(bold)
        self.filter_grid = FilterGrid()
        self.history_bar = HistoryBar(presenter)
        self.confusion = ConfusionView()
        self.strip = SampleStrip()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.dataset_label = QLabel()
        self.dataset_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout()

        self.start_button.clicked.connect(self._on_start_clicked)
        self.step_button.clicked.connect(self._on_step_clicked)
        self.pause_button.clicked.connect(presenter.pause)
        self.stop_button.clicked.connect(presenter.stop)
        self.reset_button.clicked.connect(presenter.reset)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.load_button.clicked.connect(self._on_load_clicked)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.controls.data_edited.connect(self._on_data_edited)
        presenter.state_changed.connect(self._on_state_changed)
        presenter.run_reset.connect(self._on_run_reset)
        presenter.run_started.connect(self.plots.show_run)
        presenter.dataset_changed.connect(self._on_dataset_changed)
        presenter.samples_changed.connect(self._on_samples_changed)
        presenter.batches_recorded.connect(self.plots.add_batches)
        presenter.epoch_finished.connect(self.plots.add_epoch)
        presenter.summary_changed.connect(self.summary.setText)
        presenter.confusion_changed.connect(self.confusion.show_matrix)
        presenter.predictions_changed.connect(self.strip.show_predictions)
        presenter.snapshot_shown.connect(self._on_snapshot_shown)
        presenter.progress_changed.connect(self._on_progress_changed)
        presenter.training_diverged.connect(self._on_training_diverged)
        presenter.message_reported.connect(self._on_message_reported)
        presenter.error_reported.connect(self._on_error_reported)
        presenter.settings_changed.connect(self.controls.show_settings)
        self.controls.show_settings(presenter.settings)
        presenter.set_settings(self.controls.settings())
        self._retranslate()

    def _retranslate(self) -> None:
        self.step_button.setText(self.tr("Step one batch"))
        self.step_button.setToolTip(self.tr(
            "Train on the next batch only, and show that batch's loss before and after the update."))
        self.pause_button.setText(self.tr("Pause"))
        self.stop_button.setText(self.tr("Stop"))
        self.reset_button.setText(self.tr("Reset"))
        self.save_button.setText(self.tr("Save model…"))
        self.load_button.setText(self.tr("Load model…"))
        self.send_button.setText(self.tr("Send filter to convolution view"))
        self.send_button.setToolTip(self.tr(
            "Watch the chosen filter slide over the chosen validation image, step by step."))
        self.reset_button.setToolTip(self.tr("Start over from new random weights."))
        self.filters_box.setTitle(self.tr("Learned filters (first layer): click one to choose it"))
        self.confusion_box.setTitle(self.tr("Confusion matrix (validation)"))
        self.strip_box.setTitle(self.tr("Validation samples: click one to choose it"))
        self._show_filter_tooltip()
        self.confusion.setToolTip(self.tr("Rows: true class. Columns: predicted class."))
        self.plots.retranslate()
        self._on_dataset_changed(self._presenter.data_description)
        self._on_state_changed(self._presenter.state)

    def set_zoom(self, factor: float) -> None:
        """What a class reads at zoom ``factor``: the numbers (the confusion matrix's counts, the
        samples' labels) as the convolution page's grids grow, the words and the plots as its
        titles. The settings on the left, the data's description, the filters' names and their
        history are the lecturer's and keep their size: on a 1280×720 screen the curves keep
        their room."""
        if factor == self._zoom:
            return
        self._zoom = factor
        font = QFont(QApplication.font())
        font.setPointSizeF(QApplication.font().pointSizeF() * title_factor(factor))
        read = (self.filters_box, self.confusion_box, self.strip_box, self.progress_label, self.message)
        for widget in read:
            widget.setFont(QFont() if factor == 1.0 else font)  # QFont(): inherit again
        bold = QFont(font)
        bold.setBold(True)
        self.summary.setFont(bold)
        self.plots.set_zoom(factor)
        self.confusion.set_zoom(factor)
        self.strip.set_zoom(factor)
        for widget in (self.filter_grid, self.history_bar):  # not the box's font, which follows the zoom
            widget.setFont(QApplication.font())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _build_layout(self) -> None:
        buttons = QGridLayout()
        for i, b in enumerate((self.start_button, self.pause_button, self.stop_button, self.reset_button)):
            buttons.addWidget(b, 0, i)
        buttons.addWidget(self.step_button, 1, 0, 1, 4)
        buttons.addWidget(self.save_button, 2, 0, 1, 2)
        buttons.addWidget(self.load_button, 2, 2, 1, 2)
        buttons.addWidget(self.handouts, 3, 0, 1, 4)
        side = QWidget()
        left = QVBoxLayout(side)
        left.addWidget(self.controls)
        left.addLayout(buttons)
        left.addWidget(self.send_button)
        left.addStretch(1)
        left.setContentsMargins(0, 0, 0, 0)
        # the settings scroll on a screen too short for them; the plots keep their height
        self.side_scroll = SideScroll()
        self.side_scroll.setWidget(side)

        # the curves and the confusion matrix side by side take what height is left;
        # the filters (one row for 16 of them) and the samples keep their own
        self.filters_box = QGroupBox()
        fl = QVBoxLayout(self.filters_box)
        fl.addWidget(self.filter_grid)
        fl.addWidget(self.history_bar)
        self.confusion_box = QGroupBox()
        QVBoxLayout(self.confusion_box).addWidget(self.confusion)
        curves = QVBoxLayout()
        curves.addWidget(self.plots, 1)
        curves.addWidget(self.summary)
        top = QHBoxLayout()
        top.addLayout(curves, 3)
        top.addWidget(self.confusion_box, 1)
        self.strip_box = QGroupBox()
        QVBoxLayout(self.strip_box).addWidget(self.strip)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label)
        right = QVBoxLayout()
        right.addWidget(self.dataset_label)
        right.addLayout(top, 1)
        right.addWidget(self.filters_box)
        right.addWidget(self.strip_box)
        right.addLayout(progress_row)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addWidget(self.side_scroll)
        layout.addLayout(right, 1)

    # -- user intent -> presenter -----------------------------------------------------
    def _on_start_clicked(self) -> None:
        if self._presenter.state == PAUSED:
            self._presenter.resume()
        elif self._presenter.set_settings(self.controls.settings()):
            self.message.clear()
            self._presenter.start()

    def _on_step_clicked(self) -> None:
        if self._presenter.set_settings(self.controls.settings()):
            self._presenter.step()

    def _on_data_edited(self) -> None:
        self._presenter.set_settings(self.controls.settings())

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save model"), "model.npz",
                                              self.tr("cnnviz model (*.npz)"))
        if path:
            self._presenter.save_model(path)

    def _on_load_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load model"), "",
                                              self.tr("cnnviz model (*.npz)"))
        if path:
            self._presenter.load_model(path)

    def _on_send_clicked(self) -> None:
        self._presenter.send_filter(self.filter_grid.selected, self.strip.selected)

    # -- presenter -> view --------------------------------------------------------------
    def _on_state_changed(self, state: str) -> None:
        running, paused = state == RUNNING, state == PAUSED
        busy = running or paused
        has_model = state not in (READY, DIVERGED)
        self.start_button.setText(self.tr("Resume") if paused else self.tr("Start"))
        self.start_button.setEnabled(not running)
        self.step_button.setEnabled(not busy)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(busy)
        self.save_button.setEnabled(has_model and not running)
        self.load_button.setEnabled(not busy)
        self.send_button.setEnabled(has_model)
        self.controls.set_editable(not busy)
        names = {
            "ready": self.tr("Ready"), "running": self.tr("Training…"), "paused": self.tr("Paused"),
            "stopped": self.tr("Stopped"), "finished": self.tr("Finished"), "diverged": self.tr("Diverged"),
        }
        self._state_text = names.get(state, state)
        if state == READY:
            self.progress.setValue(0)
            self._progress_text = ""
        if state != RUNNING:
            self._eta_text = ""
        self._show_progress_text()

    def _show_progress_text(self) -> None:
        parts = [t for t in (self._progress_text, self._eta_text, self._state_text) if t]
        self.progress_label.setText(" · ".join(parts))

    def _on_run_reset(self) -> None:
        self.message.clear()  # "Training finished." is not true of a new dataset or network
        self.summary.clear()
        self.plots.clear_curves()
        self.filter_grid.clear()
        self.confusion.show_matrix(None)
        self.strip.show_predictions(None)
        self.progress.setValue(0)

    def _on_dataset_changed(self, description: str) -> None:
        self.dataset_label.setText(description)
        self.dataset_label.setToolTip(self._presenter.class_counts_description)

    def _on_snapshot_shown(self, filters: np.ndarray, levels: tuple[float, float], _caption: str) -> None:
        self.filter_grid.show_filters(filters, levels)
        self._show_filter_tooltip()

    def _show_filter_tooltip(self) -> None:
        if self._presenter.shows_change:
            self.filter_grid.setToolTip(self.tr(
                "Change of each weight since the start: blue grew, red shrank, white did not move."))
        else:
            self.filter_grid.setToolTip(self.tr("Blue: positive weights, red: negative, white: zero."))

    def _on_samples_changed(self, x: np.ndarray, labels: np.ndarray, names: tuple[str, ...]) -> None:
        self.strip.show_samples(x, labels, names)
        self.confusion.show_classes(names)

    def _on_progress_changed(self, step: int, total: int, epoch: int, epochs: int, eta: float) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(step)
        self._progress_text = self.tr("Epoch {0}/{1}").format(epoch, epochs)
        running = eta >= 0 and self._presenter.state == RUNNING
        self._eta_text = self.tr("ETA {0} s").format(round(eta)) if running else ""
        self._show_progress_text()

    def _on_training_diverged(self, message: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(message)

    def _on_message_reported(self, message: str) -> None:
        self.message.setStyleSheet(INFO_STYLE)
        self.message.setText(message)

    def _on_error_reported(self, message: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._presenter.shutdown()
        super().closeEvent(event)

    def settings(self) -> TrainerSettings:
        """What the form shows (for tests and the composition root)."""
        return self.controls.settings()
