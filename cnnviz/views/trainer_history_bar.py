"""The filters' history under the learned filters: a slider over the kept
snapshots, what the one shown is, and a toggle between the filters and their
change since the start of the run."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSlider, QWidget

from cnnviz.presenters.trainer import TrainerPresenter


class HistoryBar(QWidget):
    """Drives :meth:`TrainerPresenter.seek_history` and :meth:`~TrainerPresenter.set_history_change`;
    shows what :attr:`~TrainerPresenter.snapshot_shown` says."""

    def __init__(self, presenter: TrainerPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.title = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setEnabled(False)
        self.caption = QLabel()
        self.caption.setMinimumWidth(190)
        self.change_box = QCheckBox()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.change_box)
        self._retranslate()
        self.slider.valueChanged.connect(presenter.seek_history)
        self.change_box.toggled.connect(presenter.set_history_change)
        presenter.history_changed.connect(self._on_history_changed)
        presenter.snapshot_shown.connect(self._on_snapshot_shown)

    def _retranslate(self) -> None:
        self.title.setText(self.tr("History:"))
        self.change_box.setText(self.tr("change since the start"))
        self.slider.setToolTip(self.tr(
            "Replay the first layer's filters: kept at the start, at every epoch's end and every few "
            "batches. At the right end the filters follow training."))
        self.change_box.setToolTip(self.tr(
            "Show how much each weight has moved since the start of the run: blue grew, red shrank."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_history_changed(self, count: int, index: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, count - 1))
        self.slider.setValue(max(0, index))
        self.slider.blockSignals(False)
        self.slider.setEnabled(count > 1)
        if count == 0:
            self.caption.clear()

    def _on_snapshot_shown(self, _filters: object, _levels: object, caption: str) -> None:
        self.caption.setText(caption)
