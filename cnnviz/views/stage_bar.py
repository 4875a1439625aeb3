"""Which stage is shown — forward (convolution → ReLU → pooling) or backward
(∂L/∂w, ∂L/∂b, ∂L/∂x) — and each kind's settings: the pooling window, or the
upstream gradient, a learning rate with Apply update, and a gradient check."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters import STAGES, ConvSessionPresenter
from cnnviz.presenters.conv_session import MAX_POOL
from cnnviz.presenters.text import format_number
from cnnviz.presenters.variants import PICTURES

BUTTON_STYLE = (
    "QToolButton { padding: 3px 10px; border: 1px solid #aaa; border-radius: 3px }"
    "QToolButton:checked { background: #e67800; color: white; font-weight: bold; border-color: #b35f00 }"
    "QToolButton:disabled { color: #aaa }"
)


class StageBar(QWidget):
    """Stage buttons in one row; below them the settings of the kind of stage shown."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.buttons: dict[str, QToolButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.forward_label, self.backward_label = QLabel(), QLabel()
        row.addWidget(self.forward_label)
        for i, stage in enumerate(STAGES):
            if stage == "grad_w":
                row.addSpacing(12)
                row.addWidget(self.backward_label)
            elif i:
                row.addWidget(QLabel("→"))
            b = QToolButton()
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setStyleSheet(BUTTON_STYLE)
            b.clicked.connect(lambda _=False, s=stage: self._on_stage_button_clicked(s))
            self._group.addButton(b)
            self.buttons[stage] = b
            row.addWidget(b)
        self.backward_note = QLabel()  # why the backward stages are off (a variant)
        self.backward_note.setStyleSheet("color: #777")
        row.addWidget(self.backward_note)
        row.addStretch(1)
        self.pool_box = self._pool_settings()
        self.backward_box = self._backward_settings()
        self.picture_box = self._picture_settings()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.pool_box)
        layout.addWidget(self.backward_box)
        layout.addWidget(self.picture_box)
        presenter.stage_changed.connect(self._on_stage_changed)
        presenter.session_changed.connect(self._on_session_changed)
        presenter.update_applied.connect(self._on_update_applied)
        presenter.gradient_checked.connect(self._on_gradient_checked)
        self._retranslate()
        self._on_session_changed()

    # -- construction -------------------------------------------------------------------
    def _pool_settings(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
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
        for w in (self.pool_label, self.mode_combo, self.size_label, self.size_spin, self.stride_label):
            row.addWidget(w)
        row.addWidget(self.stride_spin)
        row.addStretch(1)
        return box

    def _backward_settings(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.upstream_label = QLabel()
        self.upstream_combo = QComboBox()
        self.upstream_combo.addItem("", "ones")
        self.upstream_combo.addItem("", "target")
        self.upstream_combo.addItem("", "network")  # offered for a cell sent from the Network tab
        self.upstream_combo.currentIndexChanged.connect(self._on_upstream_combo_changed)
        self.lr_label = QLabel()
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setDecimals(4)
        self.lr_spin.setRange(0.0001, 10.0)
        self.lr_spin.setSingleStep(0.001)
        self.lr_spin.setValue(0.01)
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.result_label = QLabel()
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for w in (
            self.upstream_label,
            self.upstream_combo,
            self.lr_label,
            self.lr_spin,
            self.apply_button,
            self.check_button,
        ):
            row.addWidget(w)
        row.addWidget(self.result_label, 1)
        return box

    def _picture_settings(self) -> QWidget:
        """The transposed convolution's two pictures, as conv_arithmetic draws them."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.picture_label = QLabel()
        row.addWidget(self.picture_label)
        self.picture_buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(box)
        for picture in PICTURES:
            b = QToolButton()
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setStyleSheet(BUTTON_STYLE.replace("font-weight: bold; ", ""))  # bold would not fit
            b.clicked.connect(lambda _=False, p=picture: self._presenter.set_transposed_picture(p))
            group.addButton(b)
            self.picture_buttons[picture] = b
            row.addWidget(b)
        row.addStretch(1)
        return box

    # -- view -> presenter ------------------------------------------------------------------
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

    def _on_upstream_combo_changed(self, i: int) -> None:
        self._presenter.set_upstream(self.upstream_combo.itemData(i))

    def _on_apply_button_clicked(self) -> None:
        self._presenter.apply_update(self.lr_spin.value())

    def _on_check_button_clicked(self) -> None:
        self._presenter.check_gradient()

    # -- presenter -> view ---------------------------------------------------------------------
    def _on_stage_changed(self, stage: str) -> None:
        self.buttons[stage].setChecked(True)
        self.pool_box.setVisible(stage == "pool")
        self.backward_box.setVisible(stage.startswith("grad_"))
        self.picture_box.setVisible(stage == "conv" and self._presenter.params.transposed)
        self.picture_buttons[self._presenter.picture].setChecked(True)
        self.check_button.setEnabled(stage == "grad_w")
        self.result_label.clear()

    def _on_session_changed(self) -> None:
        p = self._presenter
        pool = p.pool_settings
        blockers = [
            QSignalBlocker(w)
            for w in (self.mode_combo, self.size_spin, self.stride_spin, self.upstream_combo)
        ]
        self.mode_combo.setCurrentIndex(0 if pool.mode == "max" else 1)
        self.size_spin.setValue(pool.size)
        self.stride_spin.setValue(pool.stride)
        self.upstream_combo.model().item(2).setEnabled(p.network_source is not None)
        self.upstream_combo.setCurrentIndex(self.upstream_combo.findData(p.upstream_mode))
        del blockers
        offered = p.available_stages()
        for stage, button in self.buttons.items():
            button.setEnabled(stage in offered)
        self.buttons["pool"].setToolTip(p.pool_problem())
        why = p.backward_problem()
        for stage in ("grad_w", "grad_b", "grad_x"):
            self.buttons[stage].setToolTip(why or self._backward_tips[stage])
        self.backward_note.setText(self.tr("(not for this variant)") if why else "")
        self.backward_note.setToolTip(why)
        self._on_stage_changed(p.stage)

    def _on_update_applied(self, record) -> None:
        self.result_label.setText(
            self.tr("Update with learning rate {0}: loss {1} → {2}").format(
                format_number(record.lr), format_number(record.loss_before), format_number(record.loss_after)
            )
        )

    def _on_gradient_checked(self, check) -> None:
        self.result_label.setText(
            self.tr(
                "Central difference (L(w+ε) − L(w−ε)) / 2ε = {0}; analytic {1}; relative difference {2}"
            ).format(f"{check.numerical:.6g}", f"{check.analytic:.6g}", f"{check.relative_difference:.1e}")
        )

    # -- language ------------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.forward_label.setText(self.tr("Forward:"))
        self.backward_label.setText(self.tr("Backward:"))
        self.buttons["conv"].setText(self.tr("Convolution"))
        self.buttons["relu"].setText(self.tr("ReLU"))
        self.buttons["pool"].setText(self.tr("Pooling"))
        self.buttons["grad_w"].setText("∂L/∂w")
        self.buttons["grad_b"].setText("∂L/∂b")
        self.buttons["grad_x"].setText("∂L/∂x")
        self._backward_tips = {
            "grad_w": self.tr("How each weight's gradient is summed"),
            "grad_b": self.tr("How each bias's gradient is summed"),
            "grad_x": self.tr("How each input cell's gradient is summed"),
        }
        why = self._presenter.backward_problem()
        for stage, tip in self._backward_tips.items():
            self.buttons[stage].setToolTip(why or tip)
        self.picture_label.setText(self.tr("Transposed convolution, stepped as:"))
        self.picture_buttons["scatter"].setText(self.tr("each input cell scattering w·x"))
        self.picture_buttons["direct"].setText(self.tr("a convolution over the zero-inserted input"))
        self.picture_buttons["scatter"].setToolTip(
            self.tr("One step per input cell: x·w is added to the output where the kernel lands")
        )
        self.picture_buttons["direct"].setToolTip(
            self.tr("The same output as an ordinary convolution: zeros between the input cells, "
                    "padding around, the kernel flipped")
        )
        self.pool_label.setText(self.tr("Pooling:"))
        self.mode_combo.setItemText(0, self.tr("max"))
        self.mode_combo.setItemText(1, self.tr("average"))
        self.size_label.setText(self.tr("size"))
        self.stride_label.setText(self.tr("stride"))
        self.upstream_label.setText(self.tr("Upstream gradient:"))
        self.upstream_combo.setItemText(0, self.tr("all ones (L = Σ y)"))
        self.upstream_combo.setItemText(1, self.tr("a target (L = ½ Σ (y − t)²)"))
        self.upstream_combo.setItemText(2, self.tr("the network's gradient (its cross-entropy)"))
        self.upstream_combo.setItemData(
            2,
            self.tr("For a cell sent from the Network tab: the whole network's loss for that input"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.lr_label.setText(self.tr("learning rate"))
        self.apply_button.setText(self.tr("Apply update"))
        self.apply_button.setToolTip(self.tr("w ← w − learning rate · ∂L/∂w, for every weight and bias"))
        self.check_button.setText(self.tr("Check gradient"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
