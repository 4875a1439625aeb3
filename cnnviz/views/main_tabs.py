"""The main window's tabs beyond Convolution: Trainer, Neuron and Network, and the
actions that come with them (export, the teaching step actions)."""

from __future__ import annotations

import importlib.util

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cnnviz.presenters import Params


class MainTabsMixin:
    """Tab wiring for :class:`~cnnviz.views.main_window.MainWindow`.

    The window provides ``presenter``, ``tabs``, ``main_splitter`` and ``transport_actions``.
    """

    def _add_plugins(self) -> None:
        """The trainer tab and the export action, when those modules are installed."""
        self.trainer_panel = self.trainer_presenter = None
        self.trainer_tab: QWidget | None = None
        if importlib.util.find_spec("cnnviz.views.trainer_panel") is not None:
            # built on first use: the trainer's plots would add ~0.2 s to every start
            self.trainer_tab = QWidget()
            QVBoxLayout(self.trainer_tab).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(self.trainer_tab, "")
            self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        if importlib.util.find_spec("cnnviz.views.export_dialog") is not None:
            from cnnviz.views.export_dialog import add_export_action

            add_export_action(self)
        from cnnviz.views.step_actions import add_step_actions  # predict/reveal, taps, step pictures

        add_step_actions(self)
        # the neuron tab (issue 9): cheap to build (~30 ms), so built at once
        from cnnviz.views.neuron_page import NeuronPage

        self.neuron_page = NeuronPage(parent=self)
        self.tabs.addTab(self.neuron_page, self.neuron_page.windowTitle())
        self.neuron_page.windowTitleChanged.connect(  # the page retranslates its own title
            lambda title: self.tabs.setTabText(self.tabs.indexOf(self.neuron_page), title)
        )
        # the network tab (issue 12): built on first visit, like the trainer
        from cnnviz.views.network_tab import add_network_tab

        self.network_tab = add_network_tab(self)

    def show_neuron_preset(self, name: str) -> bool:
        """Show the neuron tab with preset ``name`` ("and", "or", "not", "festival", "custom");
        False (and a message on the page) for an unknown name."""
        self.tabs.setCurrentWidget(self.neuron_page)
        return self.neuron_page.presenter.apply_preset(name)

    def _on_tab_shown(self, index: int) -> None:
        """←, →, Space, Home and End move the convolution's stages only while they are shown."""
        shown = self.tabs.widget(index) is self.main_splitter
        for action in self.transport_actions:
            action.setEnabled(shown)

    def _on_tabs_current_changed(self, index: int) -> None:
        if self.trainer_tab is not None and self.tabs.widget(index) is self.trainer_tab:
            self.ensure_trainer()

    def ensure_trainer(self):
        """The trainer panel, built (with its presenter) the first time it is needed."""
        if self.trainer_panel is None and self.trainer_tab is not None:
            from cnnviz.presenters.trainer import TrainerPresenter
            from cnnviz.views.trainer_panel import TrainerPanel

            self.trainer_presenter = TrainerPresenter(self)
            self.trainer_presenter.filter_sent.connect(self._on_trainer_filter_sent)
            self.trainer_panel = TrainerPanel(self.trainer_presenter, self.trainer_tab)
            self.trainer_tab.layout().addWidget(self.trainer_panel)
            self.trainer_panel.show()
        return self.trainer_panel

    def _on_trainer_filter_sent(self, w, b, x, name: str, index: int = 0) -> None:
        """Watch learned filter ``index`` of ``w`` (F, C, KH, KW) slide over a validation
        image (C, H, W); every filter comes along, so w3 is still called w3."""
        kh = int(w.shape[2])
        if self.presenter.configure(x, w, b, Params(stride=1, padding=kh // 2, dilation=1), name):
            self.presenter.set_stage("conv")
            self.presenter.seek_output(index, 0, 0)
            self.tabs.setCurrentIndex(0)
