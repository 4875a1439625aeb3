"""Convolution → ReLU → Pooling: which stage is shown, and the pooling window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QSpinBox, QToolButton, QWidget

from cnnviz.presenters import STAGES, ConvSessionPresenter
from cnnviz.presenters.conv_session import MAX_POOL


class StageBar(QWidget):
    """Three checkable stage buttons joined by arrows, then the pooling settings."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.buttons: dict[str, QToolButton] = {}
        self.arrows: list[QLabel] = []
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        self.title = QLabel()
        layout.addWidget(self.title)
        for i, stage in enumerate(STAGES):
            if i:
                arrow = QLabel("→")
                self.arrows.append(arrow)
                layout.addWidget(arrow)
            b = QToolButton()
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setStyleSheet(
                "QToolButton { padding: 3px 10px; border: 1px solid #aaa; border-radius: 3px }"
                "QToolButton:checked { background: #e67800; color: white; font-weight: bold; border-color: #b35f00 }"
                "QToolButton:disabled { color: #aaa }"
            )
            b.clicked.connect(lambda _=False, s=stage: self._on_stage_button_clicked(s))
            self._group.addButton(b)
            self.buttons[stage] = b
            layout.addWidget(b)
        layout.addSpacing(16)
        self.pool_label = QLabel()
        self.mode_combo = QComboBox()
        self.mode_combo.addItem("", "max")
        self.mode_combo.addItem("", "avg")
        self.size_label, self.stride_label = QLabel(), QLabel()
        self.size_spin, self.stride_spin = QSpinBox(), QSpinBox()
        for spin in (self.size_spin, self.stride_spin):
            spin.setRange(1, MAX_POOL)
            spin.setKeyboardTracking(False)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_combo_changed)
        self.size_spin.valueChanged.connect(self._on_size_spin_changed)
        self.stride_spin.valueChanged.connect(self._on_stride_spin_changed)
        for w in (
            self.pool_label,
            self.mode_combo,
            self.size_label,
            self.size_spin,
            self.stride_label,
            self.stride_spin,
        ):
            layout.addWidget(w)
        layout.addStretch(1)
        presenter.stage_changed.connect(self._on_stage_changed)
        presenter.session_changed.connect(self._on_session_changed)
        self._retranslate()
        self._on_session_changed()

    def _on_stage_button_clicked(self, stage: str) -> None:
        if not self._presenter.set_stage(stage):
            self._on_stage_changed(self._presenter.stage)

    def _on_mode_combo_changed(self, i: int) -> None:
        self._presenter.set_pool(mode=self.mode_combo.itemData(i))

    def _on_size_spin_changed(self, v: int) -> None:
        if not self._presenter.set_pool(size=v):
            self._on_session_changed()

    def _on_stride_spin_changed(self, v: int) -> None:
        self._presenter.set_pool(stride=v)

    def _on_stage_changed(self, stage: str) -> None:
        self.buttons[stage].setChecked(True)

    def _on_session_changed(self) -> None:
        p = self._presenter
        pool = p.pool_settings
        with (
            QSignalBlocker(self.mode_combo),
            QSignalBlocker(self.size_spin),
            QSignalBlocker(self.stride_spin),
        ):
            self.mode_combo.setCurrentIndex(0 if pool.mode == "max" else 1)
            self.size_spin.setValue(pool.size)
            self.stride_spin.setValue(pool.stride)
        offered = p.available_stages()
        self.buttons["pool"].setEnabled("pool" in offered)
        self.buttons["pool"].setToolTip(p.pool_problem())
        self.buttons[p.stage].setChecked(True)

    def _retranslate(self) -> None:
        self.title.setText(self.tr("Stage:"))
        self.buttons["conv"].setText(self.tr("Convolution"))
        self.buttons["relu"].setText(self.tr("ReLU"))
        self.buttons["pool"].setText(self.tr("Pooling"))
        self.pool_label.setText(self.tr("Pooling:"))
        self.mode_combo.setItemText(0, self.tr("max"))
        self.mode_combo.setItemText(1, self.tr("average"))
        self.size_label.setText(self.tr("size"))
        self.stride_label.setText(self.tr("stride"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
