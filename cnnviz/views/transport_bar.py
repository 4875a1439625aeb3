"""Buttons, scrub slider and speed for moving through the steps."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from cnnviz.presenters import MAX_SPEED, MIN_SPEED, ConvSessionPresenter


class TransportBar(QWidget):
    """First / back / play-pause / forward / last, a slider over all steps, and the speed."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        style = self.style()
        self.first_button = self._button(QStyle.StandardPixmap.SP_MediaSkipBackward, presenter.first)
        self.back_button = self._button(QStyle.StandardPixmap.SP_MediaSeekBackward, presenter.step_back)
        self.play_button = self._button(QStyle.StandardPixmap.SP_MediaPlay, presenter.toggle_play)
        self.forward_button = self._button(QStyle.StandardPixmap.SP_MediaSeekForward, presenter.step)
        self.last_button = self._button(QStyle.StandardPixmap.SP_MediaSkipForward, presenter.last)
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimum(0)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.speed_label = QLabel()
        self.speed_spin = QDoubleSpinBox()
        self.speed_spin.setRange(MIN_SPEED, MAX_SPEED)
        self.speed_spin.setDecimals(1)
        self.speed_spin.setSingleStep(0.5)
        self.speed_spin.setKeyboardTracking(False)
        self.speed_spin.valueChanged.connect(self._on_speed_spin_value_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for b in (
            self.first_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.last_button,
        ):
            layout.addWidget(b)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.speed_label)
        layout.addWidget(self.speed_spin)
        presenter.session_changed.connect(self._on_session_changed)
        presenter.step_changed.connect(self._on_step_changed)
        presenter.playing_changed.connect(self._on_playing_changed)
        presenter.speed_changed.connect(self._on_speed_changed)
        self._on_session_changed()
        self._on_step_changed(presenter.step_index)
        self._on_speed_changed(presenter.speed)
        self._on_playing_changed(presenter.is_playing)
        self._retranslate()

    def _button(self, icon: QStyle.StandardPixmap, slot) -> QToolButton:
        b = QToolButton()
        b.setIcon(self.style().standardIcon(icon))
        b.setAutoRaise(True)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep Space and arrows for the window's shortcuts
        b.clicked.connect(slot)
        return b

    def _on_session_changed(self) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setMaximum(self._presenter.num_steps - 1)
            self.slider.setPageStep(max(1, self._presenter.num_steps // 20))

    def _on_step_changed(self, k: int) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(k)

    def _on_playing_changed(self, playing: bool) -> None:
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self._retranslate()

    def _on_speed_changed(self, speed: float) -> None:
        with QSignalBlocker(self.speed_spin):
            self.speed_spin.setValue(speed)

    def _on_slider_value_changed(self, value: int) -> None:
        self._presenter.seek(value)

    def _on_speed_spin_value_changed(self, value: float) -> None:
        self._presenter.set_speed(value)

    def _retranslate(self) -> None:
        self.first_button.setToolTip(self.tr("First step (Home)"))
        self.back_button.setToolTip(self.tr("Step back (←)"))
        self.play_button.setToolTip(
            self.tr("Pause (Space)") if self._presenter.is_playing else self.tr("Play (Space)")
        )
        self.forward_button.setToolTip(self.tr("Step forward (→)"))
        self.last_button.setToolTip(self.tr("Last step (End)"))
        self.slider.setToolTip(self.tr("Drag to any step"))
        self.speed_label.setText(self.tr("Speed:"))
        self.speed_spin.setSuffix(self.tr(" steps/s"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
