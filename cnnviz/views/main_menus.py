"""The main window's menu bar: File, Playback, View and Help, with their shortcuts and texts.

Other modules add to these menus once they are built (export, step actions, presentation,
keyboard help), so the attribute names here (``file_menu``, ``quit_action``, …) are their API.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from .input_panel import SAMPLES, sample_label

EXAMPLE_KEYS = ("A", "B", "C")
LANGUAGES = (("", "System language"), ("en", "English"), ("zh_CN", "中文（简体）"))

# the texts keep the "MainWindow" context they had when they lived in MainWindow
# (a self.tr here would file them under the mixin's name); lupdate reads translate("…", "…")
translate = QCoreApplication.translate


class MainMenusMixin:
    """Builds and names the menus of :class:`~cnnviz.views.main_window.MainWindow`.

    The window provides ``presenter``, ``side_scroll``, ``conv_view``, the signal
    ``language_requested`` and the slots the File and Help actions call.
    """

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

    def _shortcut_action(self, menu: QMenu, key: Qt.Key, slot: Callable[[], object]) -> QAction:
        action = menu.addAction("")
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        return action

    @property
    def transport_actions(self) -> tuple[QAction, ...]:
        return (self.play_action, self.forward_action, self.back_action, self.first_action, self.last_action)

    def set_language_checked(self, code: str) -> None:
        action = self.language_actions.get(code, self.language_actions[""])
        action.setChecked(True)

    def _on_reset_zoom_triggered(self) -> None:
        self.conv_view.input_view.reset_zoom()
        self.conv_view.output_view.reset_zoom()

    def _retranslate_menus(self) -> None:
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.open_action.setText(translate("MainWindow", "&Open image…"))
        self.demo_action.setText(translate("MainWindow", "Open &demo"))
        self.open_lesson_action.setText(translate("MainWindow", "Open &lesson…"))
        self.save_lesson_action.setText(translate("MainWindow", "&Save lesson…"))
        self.samples_menu.setTitle(translate("MainWindow", "&Samples"))
        self.examples_menu.setTitle(translate("MainWindow", "&Examples"))
        self.example_actions["A"].setText(
            translate("MainWindow", "Example A: one filter on one window (= -8)")
        )
        self.example_actions["B"].setText(translate("MainWindow", "Example B: the 7×7×3 demo, step 1"))
        self.example_actions["C"].setText(translate("MainWindow", "Example C: max pooling 2×2 of a 4×4 map"))
        self.and_neuron_action.setText(translate("MainWindow", "The AND neuron (sigmoid)"))
        self.worksheet_action.setText(translate("MainWindow", "Make &worksheet…"))
        for action, name in zip(self.sample_actions, SAMPLES):
            action.setText(sample_label(name))
        self.quit_action.setText(translate("MainWindow", "&Quit"))
        self.play_menu.setTitle(translate("MainWindow", "&Playback"))
        self.play_action.setText(translate("MainWindow", "Play / pause"))
        self.forward_action.setText(translate("MainWindow", "Step forward"))
        self.back_action.setText(translate("MainWindow", "Step back"))
        self.first_action.setText(translate("MainWindow", "First step"))
        self.last_action.setText(translate("MainWindow", "Last step"))
        self.view_menu.setTitle(translate("MainWindow", "&View"))
        self.reset_zoom_action.setText(translate("MainWindow", "Reset zoom"))
        self.side_panel_action.setText(translate("MainWindow", "Settings panel"))
        self.language_menu.setTitle(translate("MainWindow", "&Language"))
        self.language_actions[""].setText(translate("MainWindow", "System language"))
        for code, label in LANGUAGES[1:]:
            self.language_actions[code].setText(label)
        self.help_menu.setTitle(translate("MainWindow", "&Help"))
        self.about_action.setText(translate("MainWindow", "&About cnnviz"))
