"""The trainer's settings form: dataset, network, optimiser and schedule."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core import limits
from cnnviz.presenters.trainer_session import TrainerSettings


def _spin(lo: int, hi: int, value: int) -> QSpinBox:
    s = QSpinBox()
    s.setRange(lo, hi)
    s.setValue(value)
    return s


class TrainerControls(QWidget):
    """Reads and shows a :class:`TrainerSettings`; emits :attr:`data_edited`
    when a choice that changes the data (dataset, folder, size, seed) is made."""

    data_edited = Signal()
    dataset_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset = QComboBox()
        for key in ("digits", "shapes", "folder"):
            self.dataset.addItem("", key)
        self.folder = QLineEdit()
        self.browse = QPushButton()
        self.size = _spin(*limits.TRAIN_SIZE_RANGE, 12)
        self.filters = _spin(*limits.TRAIN_FILTERS_RANGE, 16)
        self.kernel = QComboBox()
        for k in limits.TRAIN_KERNELS:
            self.kernel.addItem(f"{k}×{k}", k)
        self.pool = QComboBox()
        for key in ("max", "avg", "none"):
            self.pool.addItem("", key)
        self.hidden = _spin(*limits.TRAIN_HIDDEN_RANGE, 0)
        self.blocks = _spin(1, 3, 1)  # conv → ReLU → pool blocks (core.model.MAX_BLOCKS)
        self.optimizer = QComboBox()
        self.optimizer.addItem("", "adam")
        self.optimizer.addItem("", "sgd")
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(4)
        self.lr.setRange(*limits.TRAIN_LR_RANGE)
        self.lr.setSingleStep(0.001)
        self.batch = _spin(*limits.TRAIN_BATCH_RANGE, 32)
        self.epochs = _spin(*limits.TRAIN_EPOCHS_RANGE, 12)
        self.seed = _spin(*limits.TRAIN_SEED_RANGE, 0)

        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.boxes = [QGroupBox() for _ in range(3)]
        self.labels: dict[str, QLabel] = {}
        rows = (
            (("dataset", self.dataset), ("folder", folder_row), ("size", self.size), ("seed", self.seed)),
            (("blocks", self.blocks), ("filters", self.filters), ("kernel", self.kernel), ("pool", self.pool),
             ("hidden", self.hidden)),
            (("optimizer", self.optimizer), ("lr", self.lr), ("batch", self.batch), ("epochs", self.epochs)),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for box, box_rows in zip(self.boxes, rows, strict=True):
            form = QFormLayout(box)
            for key, field in box_rows:
                self.labels[key] = QLabel()
                form.addRow(self.labels[key], field)
            layout.addWidget(box)
        self._retranslate()

        self.dataset.currentIndexChanged.connect(self._on_dataset_current_index_changed)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.folder.editingFinished.connect(self.data_edited)
        self.size.editingFinished.connect(self.data_edited)
        self.seed.editingFinished.connect(self.data_edited)
        self.show_settings(TrainerSettings())

    def _retranslate(self) -> None:
        for box, title in zip(self.boxes, (self.tr("Data"), self.tr("Network"), self.tr("Training")),
                              strict=True):
            box.setTitle(title)
        texts = {
            "dataset": self.tr("Dataset"), "folder": self.tr("Folder"), "size": self.tr("Image size"),
            "seed": self.tr("Seed"), "filters": self.tr("Filters"), "kernel": self.tr("Kernel size"),
            "pool": self.tr("Pooling"), "hidden": self.tr("Hidden units"), "optimizer": self.tr("Optimiser"),
            "blocks": self.tr("Conv blocks"),
            "lr": self.tr("Learning rate"), "batch": self.tr("Batch size"), "epochs": self.tr("Epochs"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        for combo, items in (
            (self.dataset, (self.tr("Digits (8×8 handwritten)"), self.tr("Shapes (X, O, +, …)"),
                            self.tr("My folder of images"))),
            (self.pool, (self.tr("max 2×2"), self.tr("average 2×2"), self.tr("none"))),
            (self.optimizer, (self.tr("Adam"), self.tr("SGD with momentum 0.9"))),
        ):
            for i, text in enumerate(items):
                combo.setItemText(i, text)
        self.folder.setPlaceholderText(self.tr("one sub-folder per class"))
        self.browse.setText(self.tr("Browse…"))
        self.hidden.setSpecialValueText(self.tr("none"))
        self.blocks.setToolTip(self.tr("How many convolution → ReLU → pooling blocks the network stacks."))
        self.seed.setToolTip(self.tr("Fixes the data split, the first weights and the batch order."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def settings(self) -> TrainerSettings:
        """The settings the form shows now."""
        dataset = self.dataset.currentData()
        return TrainerSettings(
            dataset=dataset, data_dir=self.folder.text().strip(),
            size=0 if dataset == "digits" else self.size.value(),
            filters=self.filters.value(), kernel_size=self.kernel.currentData(),
            pool=self.pool.currentData(), hidden=self.hidden.value(), blocks=self.blocks.value(),
            optimizer=self.optimizer.currentData(), lr=self.lr.value(),
            batch_size=self.batch.value(), epochs=self.epochs.value(), seed=self.seed.value(),
        )

    def show_settings(self, s: TrainerSettings) -> None:
        """Show ``s`` without emitting edits."""
        widgets = (self.dataset, self.folder, self.size, self.seed)
        for w in widgets:
            w.blockSignals(True)
        self.dataset.setCurrentIndex(max(0, self.dataset.findData(s.dataset)))
        self.folder.setText(s.data_dir)
        self.size.setValue(s.size or (16 if s.dataset == "folder" else 12))
        self.seed.setValue(s.seed)
        for w in widgets:
            w.blockSignals(False)
        self.filters.setValue(s.filters)
        self.kernel.setCurrentIndex(max(0, self.kernel.findData(s.kernel_size)))
        self.pool.setCurrentIndex(max(0, self.pool.findData(s.pool)))
        self.hidden.setValue(s.hidden)
        self.blocks.setValue(s.blocks)
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(s.optimizer)))
        self.lr.setValue(s.lr)
        self.batch.setValue(s.batch_size)
        self.epochs.setValue(s.epochs)
        self._update_enabled()

    def set_editable(self, editable: bool) -> None:
        for box in self.boxes:
            box.setEnabled(editable)

    def _update_enabled(self) -> None:
        folder = self.dataset.currentData() == "folder"
        self.folder.setEnabled(folder)
        self.browse.setEnabled(folder)
        self.size.setEnabled(self.dataset.currentData() != "digits")

    def _on_dataset_current_index_changed(self, _index: int) -> None:
        key = self.dataset.currentData()
        self.show_settings(TrainerSettings.for_dataset(
            key, data_dir=self.folder.text().strip(), seed=self.seed.value(),
            filters=self.filters.value(), kernel_size=self.kernel.currentData(),
            pool=self.pool.currentData(), hidden=self.hidden.value(), blocks=self.blocks.value(),
        ))
        self.dataset_chosen.emit(key)
        if key != "folder" or self.folder.text().strip():
            self.data_edited.emit()

    def _on_browse_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder with one sub-folder per class"))
        if path:
            self.folder.setText(path)
            self.data_edited.emit()
