"""The main window: the convolution tab with its controls, menus, drag-and-drop.

The window is put together from mixins, one seam each: :mod:`.main_menus` (the menu bar),
:mod:`.main_files` (images, lessons, examples, drag-and-drop), :mod:`.main_tabs` (the
Trainer, Neuron and Network tabs) and :mod:`.main_about` (Help → About).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QRect, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,  # noqa: F401 (tests patch the file dialogs through this module)
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters import ConvSessionPresenter

from .code_panel import CodePanel
from .input_panel import InputPanel
from .main_about import MainAboutMixin
from .main_files import MainFilesMixin
from .main_menus import MainMenusMixin
from .main_tabs import MainTabsMixin
from .message_bar import MessageBar
from .note_panel import NotePanel
from .params_panel import ParametersPanel
from .presentation import Presentation
from .stage_bar import StageBar
from .stage_view import StageView
from .stepping_keys import SteppingKeys
from .transport_bar import TransportBar

PREFERRED_SIZE = QSize(1400, 860)
FRAME_ALLOWANCE = QSize(16, 40)  # a window manager's borders and title bar, outside the window's size


def first_size(available: QRect) -> QSize:
    """The window's first size on a screen whose free area is ``available``: the
    preferred 1400×860 where it fits, else all of the free area (a 1280×720 projector)."""
    return QSize(
        max(1, min(PREFERRED_SIZE.width(), available.width() - FRAME_ALLOWANCE.width())),
        max(1, min(PREFERRED_SIZE.height(), available.height() - FRAME_ALLOWANCE.height())),
    )


class MainWindow(MainMenusMixin, MainFilesMixin, MainTabsMixin, MainAboutMixin, QMainWindow):
    """Signals: ``language_requested(str)`` with "" (system), "en" or "zh_CN"."""

    language_requested = Signal(str)

    def __init__(self, presenter: ConvSessionPresenter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter or ConvSessionPresenter(self)
        self._image_path: str | None = None
        self.stage_view = StageView(self.presenter)
        self.conv_view = self.stage_view.conv_view
        self.stage_bar = StageBar(self.presenter)
        self.transport = TransportBar(self.presenter)
        self.input_panel = InputPanel(self.presenter)
        self.params_panel = ParametersPanel(self.presenter)
        self.note_panel = NotePanel()  # the lesson's note, beside the view (issue 11)
        self.code_panel = CodePanel(self.presenter)  # the session as code, under the transport
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.note_panel)
        side_layout.addWidget(self.input_panel)
        side_layout.addWidget(self.params_panel)
        side_layout.addStretch(1)
        self.side_scroll = QScrollArea()
        self.side_scroll.setWidget(side)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setMinimumWidth(side.sizeHint().width() + 20)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.stage_bar)
        left_layout.addWidget(self.stage_view, 1)
        left_layout.addWidget(self.transport)
        self.code_splitter = QSplitter(Qt.Orientation.Vertical)  # the view, and the As-code panel below it
        self.code_splitter.addWidget(left)
        self.code_splitter.addWidget(self.code_panel)
        self.code_splitter.setCollapsible(0, False)
        self.code_splitter.setCollapsible(1, False)
        self.code_panel.expanded_changed.connect(self._on_code_panel_expanded_changed)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(self.code_splitter)
        self.main_splitter.addWidget(self.side_scroll)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 0)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.main_splitter, "")
        self.message_bar = MessageBar()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.message_bar)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)
        self._build_menus()
        self._add_plugins()
        # issue 14: presentation mode, zoom and high contrast; clicker, number and Esc keys
        self.presentation = Presentation(self)
        self.stepping_keys = SteppingKeys(self)
        self.presenter.error_reported.connect(self._on_presenter_error_reported)
        self.presenter.session_changed.connect(self._on_presenter_session_changed)
        self.input_panel.open_requested.connect(self.open_image_dialog)
        self.input_panel.image_options_changed.connect(self._on_input_panel_image_options_changed)
        self.tabs.currentChanged.connect(self._on_tab_shown)
        self.presenter.problem_changed.connect(self._on_presenter_problem_changed)
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.resize(first_size(screen.availableGeometry()) if screen is not None else PREFERRED_SIZE)
        self._retranslate()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.presentation.leave()  # the geometry saved next is the window's, not the full screen's
        self.presenter.pause()
        self.code_panel.shutdown()
        if self.trainer_presenter is not None:
            self.trainer_presenter.shutdown()
        super().closeEvent(event)

    # -- messages ------------------------------------------------------------------------
    def _on_presenter_error_reported(self, message: str) -> None:
        if message and message == self.presenter.problem:
            return  # a refused setting: explained once, next to the settings (see below)
        self.message_bar.show_message(message)

    def _on_presenter_problem_changed(self, message: str) -> None:
        if message:
            self.side_scroll.ensureWidgetVisible(self.params_panel.shape_panel.problem_label)

    def _on_presenter_session_changed(self) -> None:
        self.message_bar.hide()

    def _on_code_panel_expanded_changed(self, on: bool) -> None:
        if on:  # a third of the height for the code; the splitter handle moves it
            total = sum(self.code_splitter.sizes())
            self.code_splitter.setSizes([total - total // 3, total // 3])

    # -- settings --------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/main_splitter", self.main_splitter.saveState())
        settings.setValue("window/view_splitter", self.conv_view.splitter.saveState())
        settings.setValue("window/volumes_splitter", self.conv_view.volumes_splitter.saveState())
        settings.setValue("playback/speed", self.presenter.speed)
        self.presentation.save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        for key, restore in (
            ("window/geometry", self.restoreGeometry),
            ("window/main_splitter", self.main_splitter.restoreState),
            ("window/view_splitter", self.conv_view.splitter.restoreState),
            ("window/volumes_splitter", self.conv_view.volumes_splitter.restoreState),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)
        try:
            self.presenter.set_speed(float(settings.value("playback/speed", self.presenter.speed)))
        except (TypeError, ValueError):
            pass
        self.presentation.restore_state(settings)

    # -- language --------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("cnnviz — see a convolution compute"))
        self.tabs.setTabText(0, self.tr("Convolution"))
        if self.trainer_tab is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.trainer_tab), self.tr("Trainer"))
        self._retranslate_menus()
        self.message_bar.close_button.setToolTip(self.tr("Hide this message"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            for part in (getattr(self, "presentation", None), getattr(self, "stepping_keys", None)):
                if part is not None:  # issue 14's menus
                    part.retranslate()
        super().changeEvent(event)
