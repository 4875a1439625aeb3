"""The main window's actions for teaching with the current step.

- View → **Predict, then reveal** (R) and **Reveal the answer** (Return; → and
  Page Down reveal first too): the step's result stays "?" until revealed
  (:mod:`cnnviz.presenters.reveal`).
- Playback → **Next / Previous multiply-add** (Shift+→ / Shift+←): one tap of
  the window at a time, with its running sum (:mod:`cnnviz.presenters.taps`).
- Edit → **Copy step as image** (Ctrl+Shift+C) and File → **Save step as
  PNG…** (Ctrl+Shift+S): the stage shown, without hover marks or hints.

They act on the Convolution tab only, like the transport keys.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from cnnviz.presenters.export_job import describe_error

from .step_image import grab_step, save_png


def _action(parent: QObject, *keys: QKeySequence | Qt.Key | int, checkable: bool = False) -> QAction:
    action = QAction(parent)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setCheckable(checkable)
    return action


class StepActionsHook(QObject):
    """Adds the teaching actions to ``window`` (a :class:`~cnnviz.views.main_window.MainWindow`)
    and keeps them translated and in step with the presenter."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        p = self.presenter = window.presenter  # type: ignore[attr-defined]
        self.predict_action = _action(window, Qt.Key.Key_R, checkable=True)
        self.predict_action.toggled.connect(p.set_predict_mode)
        self.reveal_action = _action(window, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        self.reveal_action.triggered.connect(p.reveal)
        self.tap_forward_action = _action(window, Qt.Modifier.SHIFT | Qt.Key.Key_Right)
        self.tap_forward_action.triggered.connect(p.tap_forward)
        self.tap_back_action = _action(window, Qt.Modifier.SHIFT | Qt.Key.Key_Left)
        self.tap_back_action.triggered.connect(p.tap_back)
        self.copy_action = _action(window, QKeySequence("Ctrl+Shift+C"))
        self.copy_action.triggered.connect(self.copy_step_image)
        self.save_action = _action(window, QKeySequence("Ctrl+Shift+S"))
        self.save_action.triggered.connect(self.save_step_dialog)
        window.view_menu.insertSeparator(window.view_menu.actions()[0])  # type: ignore[attr-defined]
        for action in (self.reveal_action, self.predict_action):
            window.view_menu.insertAction(window.view_menu.actions()[0], action)  # type: ignore[attr-defined]
        window.play_menu.addSeparator()  # type: ignore[attr-defined]
        window.play_menu.addAction(self.tap_forward_action)  # type: ignore[attr-defined]
        window.play_menu.addAction(self.tap_back_action)  # type: ignore[attr-defined]
        self.edit_menu = self._edit_menu()
        self.edit_menu.addAction(self.copy_action)
        file_menu = window.file_menu  # type: ignore[attr-defined]
        quit_action = getattr(window, "quit_action", None)
        if quit_action in file_menu.actions():
            file_menu.insertAction(quit_action, self.save_action)
        else:
            file_menu.addAction(self.save_action)
        p.predict_mode_changed.connect(self._on_predict_mode_changed)
        for signal in (p.revealed_changed, p.step_changed, p.tap_changed, p.stage_changed):
            signal.connect(self._update_enabled)
        window.tabs.currentChanged.connect(self._update_enabled)  # type: ignore[attr-defined]
        window.installEventFilter(self)
        self._retranslate()
        self._update_enabled()

    def _edit_menu(self) -> QMenu:
        """The window's Edit menu (made, between File and Playback, if it has none yet)."""
        menu = getattr(self.window, "edit_menu", None)
        if isinstance(menu, QMenu):
            return menu
        bar = self.window.menuBar()  # type: ignore[attr-defined]
        menu = QMenu(bar)
        bar.insertMenu(self.window.play_menu.menuAction(), menu)  # type: ignore[attr-defined]
        self.window.edit_menu = menu  # type: ignore[attr-defined]
        self._own_edit_menu = True
        return menu

    # -- state ---------------------------------------------------------------------------
    @property
    def actions(self) -> tuple[QAction, ...]:
        return (
            self.predict_action, self.reveal_action, self.tap_forward_action, self.tap_back_action,
            self.copy_action, self.save_action,
        )  # fmt: skip

    def _on_predict_mode_changed(self, on: bool) -> None:
        self.predict_action.blockSignals(True)
        self.predict_action.setChecked(on)
        self.predict_action.blockSignals(False)
        self._update_enabled()

    def _update_enabled(self, *_: object) -> None:
        tabs = self.window.tabs  # type: ignore[attr-defined]
        shown = tabs.currentWidget() is self.window.main_splitter  # type: ignore[attr-defined]
        p = self.presenter
        for action in (self.predict_action, self.copy_action, self.save_action):
            action.setEnabled(shown)
        # Return reveals only while something is hidden: otherwise it belongs to the fields
        self.reveal_action.setEnabled(shown and p.value_hidden)
        for action in (self.tap_forward_action, self.tap_back_action):
            action.setEnabled(shown and p.num_taps > 0)

    # -- pictures ------------------------------------------------------------------------
    def step_image(self):
        """The stage shown as a picture (QImage), as exported: no hover marks, no hints."""
        return grab_step(self.window.stage_view)  # type: ignore[attr-defined]

    def copy_step_image(self) -> None:
        QGuiApplication.clipboard().setImage(self.step_image())

    def save_step_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save step as PNG"), "step.png", self.tr("PNG images (*.png)")
        )
        if path:
            self.save_step_png(path)

    def save_step_png(self, path: str | Path) -> bool:
        """Write the stage shown to ``path`` (``.png`` added when missing), atomically;
        a problem goes to the window's message bar and nothing is written."""
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        try:
            save_png(self.step_image(), path)
        except (OSError, ValueError) as exc:
            self.window.message_bar.show_message(describe_error(exc, path))  # type: ignore[attr-defined]
            return False
        return True

    # -- language --------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.predict_action.setText(self.tr("&Predict, then reveal"))
        self.predict_action.setStatusTip(
            self.tr("Hide each step's result as “?” until you reveal it, so the class can predict it first")
        )
        self.reveal_action.setText(self.tr("Re&veal the answer"))
        self.tap_forward_action.setText(self.tr("Next multiply-add"))
        self.tap_back_action.setText(self.tr("Previous multiply-add"))
        self.copy_action.setText(self.tr("&Copy step as image"))
        self.save_action.setText(self.tr("Save step as &PNG…"))
        if getattr(self, "_own_edit_menu", False):
            self.edit_menu.setTitle(self.tr("&Edit"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        return False


def add_step_actions(window: QWidget) -> StepActionsHook:
    """Called by MainWindow: ``window`` has ``presenter``, ``stage_view``, ``tabs``,
    ``main_splitter``, the File, View and Playback menus and a ``message_bar``."""
    hook = StepActionsHook(window)
    window.step_actions = hook  # type: ignore[attr-defined]
    return hook
