"""The main window: the convolution tab with its controls, menus, drag-and-drop."""

from __future__ import annotations

import importlib.util
import os

from PySide6.QtCore import QByteArray, QEvent, QRect, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters import ConvSessionPresenter, Params
from cnnviz.presenters.lesson_session import LESSON_SUFFIX, example_lesson_path, open_lesson, save_lesson

from .code_panel import CodePanel
from .input_panel import SAMPLES, InputPanel, sample_label
from .note_panel import NotePanel
from .params_panel import ParametersPanel
from .presentation import Presentation
from .stage_bar import StageBar
from .stage_view import StageView
from .stepping_keys import SteppingKeys
from .transport_bar import TransportBar

EXAMPLE_KEYS = ("A", "B", "C")
IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"
LANGUAGES = (("", "System language"), ("en", "English"), ("zh_CN", "中文（简体）"))
PREFERRED_SIZE = QSize(1400, 860)
FRAME_ALLOWANCE = QSize(16, 40)  # a window manager's borders and title bar, outside the window's size
ARTICLE = "CNN笔记：通俗理解卷积神经网络"  # July, CSDN (2016)
CS231N_NOTES = "https://cs231n.github.io/convolutional-networks/"


def first_size(available: QRect) -> QSize:
    """The window's first size on a screen whose free area is ``available``: the
    preferred 1400×860 where it fits, else all of the free area (a 1280×720 projector)."""
    return QSize(
        max(1, min(PREFERRED_SIZE.width(), available.width() - FRAME_ALLOWANCE.width())),
        max(1, min(PREFERRED_SIZE.height(), available.height() - FRAME_ALLOWANCE.height())),
    )


class MessageBar(QWidget):
    """A dismissible red line of text above the tabs (bad files, refused settings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button)
        self.setStyleSheet("background: #fde8e8; color: #8a0000")
        self.setAutoFillBackground(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class MainWindow(QMainWindow):
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

    # -- menus -------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.open_action = self.file_menu.addAction("", QKeySequence.StandardKey.Open, self.open_image_dialog)
        self.open_lesson_action = self.file_menu.addAction("", self.open_lesson_dialog)
        self.open_lesson_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.save_lesson_action = self.file_menu.addAction(
            "", QKeySequence.StandardKey.Save, self.save_lesson_dialog
        )
        self.demo_action = self.file_menu.addAction("", self.presenter.load_demo)
        self.samples_menu = self.file_menu.addMenu("")
        self.sample_actions = []
        for name in SAMPLES:
            action = self.samples_menu.addAction("")
            action.triggered.connect(lambda _=False, n=name: self.presenter.load_sample(n))
            self.sample_actions.append(action)
        self.examples_menu = self.file_menu.addMenu("")
        self.example_actions: dict[str, QAction] = {}
        for key in EXAMPLE_KEYS:
            action = self.examples_menu.addAction("")
            action.triggered.connect(lambda _=False, k=key: self.open_example(k))
            self.example_actions[key] = action
        self.and_neuron_action = self.examples_menu.addAction("", lambda: self.open_example("AND"))
        self.worksheet_action = self.file_menu.addAction("", self.open_worksheet_dialog)
        self.file_menu.addSeparator()
        self.quit_action = self.file_menu.addAction("", QKeySequence.StandardKey.Quit, self.close)
        self.play_menu = bar.addMenu("")
        p = self.presenter
        self.play_action = self._shortcut_action(self.play_menu, Qt.Key.Key_Space, p.toggle_play)
        self.forward_action = self._shortcut_action(self.play_menu, Qt.Key.Key_Right, p.step)
        self.back_action = self._shortcut_action(self.play_menu, Qt.Key.Key_Left, p.step_back)
        self.first_action = self._shortcut_action(self.play_menu, Qt.Key.Key_Home, p.first)
        self.last_action = self._shortcut_action(self.play_menu, Qt.Key.Key_End, p.last)
        self.view_menu = bar.addMenu("")
        self.reset_zoom_action = self.view_menu.addAction("", self._on_reset_zoom_triggered)
        self.side_panel_action = self.view_menu.addAction("")
        self.side_panel_action.setCheckable(True)
        self.side_panel_action.setChecked(True)
        self.side_panel_action.toggled.connect(self.side_scroll.setVisible)
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, _label in LANGUAGES:
            action = self.language_menu.addAction("")
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _=False, c=code: self.language_requested.emit(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.language_actions[""].setChecked(True)
        self.help_menu = bar.addMenu("")
        self.about_action = self.help_menu.addAction("", self._on_about_triggered)

    def _shortcut_action(self, menu, key: Qt.Key, slot) -> QAction:
        action = menu.addAction("")
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        return action

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

    @property
    def transport_actions(self) -> tuple[QAction, ...]:
        return (self.play_action, self.forward_action, self.back_action, self.first_action, self.last_action)

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

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.presentation.leave()  # the geometry saved next is the window's, not the full screen's
        self.presenter.pause()
        self.code_panel.shutdown()
        if self.trainer_presenter is not None:
            self.trainer_presenter.shutdown()
        super().closeEvent(event)

    def set_language_checked(self, code: str) -> None:
        action = self.language_actions.get(code, self.language_actions[""])
        action.setChecked(True)

    # -- files -------------------------------------------------------------------------
    def open_worksheet_dialog(self) -> None:
        """File → Make worksheet…: a printable exercise and its answer key."""
        from .worksheet_dialog import WorksheetDialog

        WorksheetDialog(parent=self).exec()

    def open_example(self, key: str) -> bool:
        """Open worked example "A", "B", "C" (the Convolution tab) or "AND" (the neuron page)."""
        if key == "AND":
            show = getattr(self, "show_neuron_preset", None)
            if show is None:
                return False
            show("and")
            return True
        return self.open_lesson(example_lesson_path(key))  # the shipped lesson files

    def open_file(self, path: str) -> bool:
        """A lesson (``.cnnviz``) or a picture, by its name; a bad file is reported in the message bar."""
        if path.lower().endswith(LESSON_SUFFIX):
            return self.open_lesson(path)
        ok = self.open_image(path)
        if ok:
            self.tabs.setCurrentIndex(0)
        return ok

    def open_lesson_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a lesson"),
            "",
            self.tr("cnnviz lessons (*{0});;All files (*)").format(LESSON_SUFFIX),
        )
        if path:
            self.open_lesson(path)

    def open_lesson(self, path: str) -> bool:
        """Open the lesson file ``path`` with its note; refused in the message bar, the session kept."""
        lesson = open_lesson(self.presenter, path)
        if lesson is None:
            return False
        self.note_panel.set_note(lesson.note)
        self.tabs.setCurrentIndex(0)
        return True

    def save_lesson_dialog(self) -> None:
        suggested = os.path.splitext(self.presenter.input_name)[0].strip() or "lesson"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the lesson"),
            suggested + LESSON_SUFFIX,
            self.tr("cnnviz lessons (*{0})").format(LESSON_SUFFIX),
        )
        if path:
            self.save_lesson(path if path.lower().endswith(LESSON_SUFFIX) else path + LESSON_SUFFIX)

    def save_lesson(self, path: str) -> bool:
        """Write the session and the teacher's note to ``path``; a refusal goes to the message bar."""
        return save_lesson(self.presenter, path, self.note_panel.note)

    def open_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open an image"), "", self.tr("Images ({0});;All files (*)").format(IMAGE_PATTERNS)
        )
        if path:
            self.open_image(path)

    def open_image(self, path: str) -> bool:
        """Load ``path`` with the input panel's channels and working size."""
        ok = self.presenter.load_image_file(path, self.input_panel.mode, self.input_panel.working_size)
        if ok:
            self._image_path = path
        return ok

    def _on_input_panel_image_options_changed(self) -> None:
        if self._image_path and self.presenter.input_name == os.path.basename(self._image_path):
            self.open_image(self._image_path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_file(files[0])

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

    def _on_reset_zoom_triggered(self) -> None:
        self.conv_view.input_view.reset_zoom()
        self.conv_view.output_view.reset_zoom()

    def about_text(self) -> str:
        """Help → About: what cnnviz is, its version and licence, and whose work it shows."""
        from cnnviz import __version__

        link = f'<a href="{CS231N_NOTES}">{CS231N_NOTES}</a>'
        paragraphs = [
            f"<b>cnnviz {__version__}</b>",
            self.tr("cnnviz shows how a convolutional neural network computes, one multiply-add at a time."),
            self.tr(
                "Its lessons follow the Chinese-language introduction “{0}” (July, CSDN, 2016), "
                "which is built on Stanford's CS231n course notes, "
                "<i>Convolutional Neural Networks for Visual Recognition</i> ({1}); "
                "the 7×7×3 demo is the CS231n animation the article redraws as 18 frames."
            ).format(ARTICLE, link),
            self.tr(
                "Data: the handwritten digits are the UCI Machine Learning Repository's "
                "“Optical Recognition of Handwritten Digits” (E. Alpaydin and C. Kaynak, 1998), "
                "CC BY 4.0. The photo in the README's screenshots is scikit-learn's china.jpg "
                "(danielbuechele on Flickr), CC BY 2.0."
            ),
            self.tr("Licence: MIT."),
        ]
        return "".join(f"<p>{text}</p>" for text in paragraphs)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, self.tr("About cnnviz"), self.about_text())

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
        self.file_menu.setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open image…"))
        self.demo_action.setText(self.tr("Open &demo"))
        self.open_lesson_action.setText(self.tr("Open &lesson…"))
        self.save_lesson_action.setText(self.tr("&Save lesson…"))
        self.samples_menu.setTitle(self.tr("&Samples"))
        self.examples_menu.setTitle(self.tr("&Examples"))
        self.example_actions["A"].setText(self.tr("Example A: one filter on one window (= -8)"))
        self.example_actions["B"].setText(self.tr("Example B: the 7×7×3 demo, step 1"))
        self.example_actions["C"].setText(self.tr("Example C: max pooling 2×2 of a 4×4 map"))
        self.and_neuron_action.setText(self.tr("The AND neuron (sigmoid)"))
        self.worksheet_action.setText(self.tr("Make &worksheet…"))
        for action, name in zip(self.sample_actions, SAMPLES):
            action.setText(sample_label(name))
        self.quit_action.setText(self.tr("&Quit"))
        self.play_menu.setTitle(self.tr("&Playback"))
        self.play_action.setText(self.tr("Play / pause"))
        self.forward_action.setText(self.tr("Step forward"))
        self.back_action.setText(self.tr("Step back"))
        self.first_action.setText(self.tr("First step"))
        self.last_action.setText(self.tr("Last step"))
        self.view_menu.setTitle(self.tr("&View"))
        self.reset_zoom_action.setText(self.tr("Reset zoom"))
        self.side_panel_action.setText(self.tr("Settings panel"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.language_actions[""].setText(self.tr("System language"))
        for code, label in LANGUAGES[1:]:
            self.language_actions[code].setText(label)
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About cnnviz"))
        self.message_bar.close_button.setToolTip(self.tr("Hide this message"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            for part in (getattr(self, "presentation", None), getattr(self, "stepping_keys", None)):
                if part is not None:  # issue 14's menus
                    part.retranslate()
        super().changeEvent(event)
