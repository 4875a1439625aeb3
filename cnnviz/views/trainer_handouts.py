"""Handouts from the Trainer tab: **Export log…** (the training log as CSV) and
**Save plots…** (the loss/accuracy curves and the confusion matrix as PNG files).

The view only grabs its widgets as PNG bytes; the presenter writes the files
(atomically) and reports what it wrote or why it could not.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from cnnviz.presenters.trainer import TrainerPresenter

#: the files Save plots… writes, in the order of the widgets given
PLOT_FILES = ("training_curves.png", "confusion_matrix.png")


def png_bytes(widget: QWidget) -> bytes:
    """The widget as it is drawn now, encoded as PNG."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buf, "PNG")
    buf.close()
    return bytes(data.data())


class HandoutButtons(QWidget):
    """Two buttons; ``plots()`` returns the widgets to save, in :data:`PLOT_FILES` order."""

    def __init__(self, presenter: TrainerPresenter, plots: Callable[[], tuple[QWidget, ...]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self._plots = plots
        self.export_log_button = QPushButton()
        self.save_plots_button = QPushButton()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.export_log_button)
        row.addWidget(self.save_plots_button)
        self.export_log_button.clicked.connect(self._on_export_log_clicked)
        self.save_plots_button.clicked.connect(self._on_save_plots_clicked)
        self._retranslate()

    def _retranslate(self) -> None:
        self.export_log_button.setText(self.tr("Export log…"))
        self.export_log_button.setToolTip(self.tr(
            "Save every batch's and epoch's loss and accuracy as a CSV table."))
        self.save_plots_button.setText(self.tr("Save plots…"))
        self.save_plots_button.setToolTip(self.tr(
            "Save the loss and accuracy curves and the confusion matrix as PNG images in a folder."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_export_log_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export training log"), "training_log.csv",
                                              self.tr("CSV table (*.csv)"))
        if path:
            self._presenter.export_log(path)

    def _on_save_plots_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save plots in folder"))
        if folder:
            self.save_plots(folder)

    def save_plots(self, folder: str) -> bool:
        """Grab the plots and hand them to the presenter to write into ``folder``."""
        images = {name: png_bytes(w) for name, w in zip(PLOT_FILES, self._plots(), strict=True)}
        return self._presenter.save_images(folder, images)
