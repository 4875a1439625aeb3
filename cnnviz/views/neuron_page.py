"""The neuron page (its own tab): one neuron ``a = g(w·x + b)`` to edit and watch.

Left, the numbers; in the middle, the activation's curve with ``z`` marked;
on the right, the sum written out and the truth table. Everything drawn
comes from the presenter's :class:`~cnnviz.presenters.neuron.NeuronState`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters.neuron import NeuronPresenter, NeuronState

from .neuron_controls import NeuronControls
from .neuron_plot import NeuronPlot
from .theme import ThemeColors
from .zoom import scale_plots, title_factor

CURRENT_ROW_BRUSH = QBrush(QColor(255, 236, 179))
#: the labels' point sizes at zoom 1 and their colours on a light page and on a dark one
LABEL_STYLES = {
    "sum_label": (17.0, "#101010", "#ffffff"),
    "activation_label": (17.0, "#1e50c8", "#8ab4ff"),
    "derivative_label": (14.0, "#b45a00", "#ffb060"),
    "note_label": (11.0, "#404040", "#d8d8d8"),
    "error_label": (10.5, "#8a0000", "#ff9090"),
    "table_title": (12.0, "#202020", "#ffffff"),
}
TABLE_PT = 12.0


def _label(point_size: float, color: str, bold: bool = False) -> QLabel:
    label = QLabel()
    font = QFont(label.font())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    label.setFont(font)
    label.setStyleSheet(f"color: {color}")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class NeuronPage(QWidget):
    """The neuron tab. Its window title is the tab's text ("Neuron", in the UI language).

    Parameters
    ----------
    presenter : the session to show; a new :class:`NeuronPresenter` (on AND) if None.
    """

    def __init__(self, presenter: NeuronPresenter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter or NeuronPresenter(self)
        self._zoom = 1.0
        self._dark = False
        self.controls = NeuronControls(self.presenter)
        self.plot = NeuronPlot()
        self.sum_label = _label(17, "#101010", bold=True)
        self.activation_label = _label(17, "#1e50c8", bold=True)
        self.derivative_label = _label(14, "#b45a00")
        self.note_label = _label(11, "#404040")
        self.error_label = _label(10.5, "#8a0000")
        self.error_label.hide()
        self.table_title = _label(12, "#202020", bold=True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(64)
        font = QFont(self.table.font())
        font.setPointSizeF(12)
        self.table.setFont(font)
        self.table.horizontalHeader().setFont(font)

        formula = self.formula_frame = QFrame()
        formula.setObjectName("formula")
        formula.setStyleSheet("QFrame#formula { background: white; border: 1px solid #d0d0d0; }")
        formula_layout = QVBoxLayout(formula)
        for label in (self.sum_label, self.activation_label, self.derivative_label, self.note_label):
            formula_layout.addWidget(label)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table_title)
        table_layout.addWidget(self.table, 1)
        table_layout.addStretch(0)
        # only as wide as its columns: the plot takes the rest
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        table_box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        table_box.setMaximumWidth(460)
        middle = QHBoxLayout()
        middle.addWidget(self.plot, 1)
        middle.addWidget(table_box)
        right = QVBoxLayout()
        right.addWidget(formula)
        right.addLayout(middle, 1)
        right.addWidget(self.error_label)
        side = QScrollArea()
        side.setWidget(self.controls)
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setMinimumWidth(self.controls.sizeHint().width() + 16)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll = side
        layout = QHBoxLayout(self)
        layout.addWidget(side)
        layout.addLayout(right, 1)

        self.presenter.neuron_changed.connect(self._on_presenter_neuron_changed)
        self.presenter.error_reported.connect(self._on_presenter_error_reported)
        self._retranslate()
        self.show_state(self.presenter.state)

    def _on_presenter_neuron_changed(self, state: NeuronState) -> None:
        self.error_label.hide()
        self.show_state(state)

    def _on_presenter_error_reported(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def show_state(self, s: NeuronState) -> None:
        """Draw ``s`` everywhere on the page."""
        self.controls.show_state(s)
        self.plot.show_state(s)
        if self._zoom != 1.0:
            scale_plots(self.plot, title_factor(self._zoom))  # the plot sets its titles' sizes anew
        self.sum_label.setText(s.sum_text)
        self.activation_label.setText(s.activation_text)
        self.derivative_label.setText(f"g'(z) = {s.derivative_text}")
        self.derivative_label.setVisible(s.show_derivative)
        self.note_label.setText(s.note)
        self._show_table(s)

    def _show_table(self, s: NeuronState) -> None:
        table = self.table
        table.setColumnCount(len(s.table_headers))
        table.setHorizontalHeaderLabels(list(s.table_headers))
        table.setRowCount(len(s.table))
        for r, row in enumerate(s.table):
            for c, text in enumerate(row.cells):
                item = table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # read-only: computed, not typed
                    table.setItem(r, c, item)
                item.setText(text)
                item.setToolTip(row.tooltip if c == len(row.cells) - 1 else "")
                item.setBackground(CURRENT_ROW_BRUSH if r == s.current_row else QBrush())
        # as tall as its rows (up to the space there is): no empty white box below 4 rows;
        # as wide as its columns, with room for a scroll bar when 2**n rows do not fit
        frame = 2 * table.frameWidth()
        table.setMaximumHeight(table.horizontalHeader().height() + table.verticalHeader().length() + frame)
        scroll_bar = table.verticalScrollBar().sizeHint().width()
        table.setMinimumWidth(table.horizontalHeader().length() + scroll_bar + frame)

    # -- zoom and theme --------------------------------------------------------------------
    def set_zoom(self, factor: float) -> None:
        """The sums, the table, the controls and the plots' words at text zoom ``factor``.

        The page's words are large already (the sum is 17 pt): they grow as titles do.
        """
        if factor == self._zoom:
            return
        self._zoom = factor
        words = title_factor(factor)
        if factor == 1.0:
            self.setFont(QFont())  # inherit again
        else:
            page = QFont(QApplication.font())
            page.setPointSizeF(QApplication.font().pointSizeF() * words)
            self.setFont(page)  # the controls follow
        for name, (points, _light, _dark) in LABEL_STYLES.items():
            label = getattr(self, name)
            font = QFont(label.font())
            font.setPointSizeF(points * words)
            label.setFont(font)
        font = QFont(self.table.font())
        font.setPointSizeF(TABLE_PT * words)
        self.table.setFont(font)
        self.table.horizontalHeader().setFont(font)
        scale_plots(self.plot, words)
        self.side_scroll.setMinimumWidth(self.controls.sizeHint().width() + 16)
        self._show_table(self.presenter.state)

    def set_theme(self, colors: ThemeColors) -> None:
        if colors.dark == self._dark:
            return
        self._dark = dark = colors.dark
        for name, (_points, light, dark_color) in LABEL_STYLES.items():
            getattr(self, name).setStyleSheet(f"color: {dark_color if dark else light}")
        border = "#808080" if dark else "#d0d0d0"
        self.formula_frame.setStyleSheet(
            f"QFrame#formula {{ background: {colors.panel.name()}; border: 1px solid {border}; }}"
        )

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Neuron"))
        self.table_title.setText(self.tr("Truth table (live from the weights)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            # the note and labels are the presenter's words: ask for them again
            self.presenter.refresh()
        super().changeEvent(event)
