"""The live output-size formula, and the explanation of a refused setting."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnviz.presenters import ConvSessionPresenter


class ShapePanel(QWidget):
    """Shows ``⌊(n + 2p − k) / s⌋ + 1`` with the numbers in, per axis, and any problem."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold")
        self.rows_label = QLabel()
        self.cols_label = QLabel()
        self.shape_label = QLabel()
        self.layout_label = QLabel()  # the filters' layout, as PyTorch takes them for the variant
        self.layout_label.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(
            "color: #a00000; background: #fff0f0; border: 1px solid #e0a0a0; padding: 4px"
        )
        self.title.setWordWrap(True)
        for label in (self.rows_label, self.cols_label, self.shape_label, self.layout_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        labels = (self.title, self.rows_label, self.cols_label, self.shape_label, self.layout_label)
        for w in (*labels, self.problem_label):
            layout.addWidget(w)
        presenter.session_changed.connect(self._on_session_changed)
        presenter.problem_changed.connect(self._on_problem_changed)
        self._on_session_changed()
        self._on_problem_changed(presenter.problem)

    def _on_session_changed(self) -> None:
        rows, cols = self._presenter.formulas()
        f, oh, ow = self._presenter.trace.out_shape
        if self._presenter.params.transposed:
            self.title.setText(
                self.tr(
                    "Output size = (n − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1"
                )
            )
        else:
            self.title.setText(self.tr("Output size = ⌊(n + 2·padding − kernel) / stride⌋ + 1"))
        names, shape = self._presenter.weight_layout()
        self.layout_label.setText(
            self.tr("filters {0} = {1}").format(names, "×".join(str(n) for n in shape))
        )
        self.rows_label.setText(self.tr("height: {0}").format(rows))
        self.cols_label.setText(self.tr("width: {0}").format(cols))
        self.shape_label.setText(
            self.tr("output volume: {0}×{1}×{2} ({3} steps)").format(oh, ow, f, self._presenter.num_steps)
        )

    def _on_problem_changed(self, message: str) -> None:
        self.problem_label.setText(message)
        self.problem_label.setVisible(bool(message))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._on_session_changed()
        super().changeEvent(event)
