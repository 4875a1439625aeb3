"""The Network tab in the main window: built on first visit, wired to the trainer
and the Convolution tab, with File → Open model….

:func:`add_network_tab` is the main window's one line for all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cnnviz.presenters import Params
from cnnviz.presenters.network import ConvRequest, NetworkPresenter

from .network_page import NetworkPage

if TYPE_CHECKING:
    from .main_window import MainWindow


class NetworkTab(QWidget):
    """Holds the :class:`NetworkPage`, made the first time the tab is shown (or a model opened)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window
        self.page: NetworkPage | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self.open_model_action = QAction(window)
        self.open_model_action.triggered.connect(self._on_open_model_triggered)
        window.tabs.addTab(self, "")
        window.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._retranslate()

    def ensure_page(self) -> NetworkPage:
        """The page, built with its presenter (following the trainer's model) on first use."""
        if self.page is None:
            presenter = NetworkPresenter(self)
            presenter.convolution_requested.connect(self._on_convolution_requested)
            self.page = NetworkPage(presenter, self)
            self.layout().addWidget(self.page)
            self._window.ensure_trainer()
            trainer = self._window.trainer_presenter
            if trainer is not None:
                presenter.attach_trainer(trainer)
            presenter.set_active(self._window.tabs.currentWidget() is self)
        return self.page

    def _on_tabs_current_changed(self, index: int) -> None:
        if self._window.tabs.widget(index) is self:
            self.ensure_page()

    def _on_open_model_triggered(self) -> None:
        self._window.tabs.setCurrentWidget(self)
        self.ensure_page().open_model_dialog()

    def _on_convolution_requested(self, request: ConvRequest) -> None:
        """Replay one conv cell of the network in the Convolution tab, on its step."""
        conv = self._window.presenter
        params = Params(stride=request.stride, padding=request.padding, dilation=1)
        if conv.configure(request.x, request.w, request.b, params, request.name):
            conv.set_network_source(request.source)
            conv.set_stage("conv")
            conv.seek_output(0, request.row, request.col)
            self._window.tabs.setCurrentIndex(0)

    def _retranslate(self) -> None:
        tabs = self._window.tabs
        tabs.setTabText(tabs.indexOf(self), self.tr("Network"))
        self.open_model_action.setText(self.tr("Open &model… (Network tab)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def add_network_tab(window: MainWindow) -> NetworkTab:
    """Add the Network tab to ``window`` and File → Open model… above the menu's last separator."""
    tab = NetworkTab(window)
    menu = window.file_menu
    actions = menu.actions()
    separators = [a for a in actions if a.isSeparator()]
    menu.insertAction(separators[-1] if separators else None, tab.open_model_action)
    return tab
