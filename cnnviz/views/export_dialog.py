"""File → Export animation…: the menu action, added to the main window.

:class:`ExportDialog` itself lives in :mod:`cnnviz.views.export_settings_dialog`
and is imported the first time the action is used, so the window starts
without the export machinery (and Pillow); ``from cnnviz.views.export_dialog
import ExportDialog`` still works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from .export_settings_dialog import ExportDialog


def __getattr__(name: str) -> Any:
    if name in ("ExportDialog", "SCALES"):
        from . import export_settings_dialog

        return getattr(export_settings_dialog, name)
    raise AttributeError(name)


class ExportMenuHook(QObject):
    """Adds File → Export animation… to a main window and keeps its text translated."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None
        self.action = QAction(window)
        self.action.triggered.connect(self._on_action_triggered)
        menu = window.file_menu  # type: ignore[attr-defined]
        quit_action = getattr(window, "quit_action", None)
        before = quit_action if quit_action in menu.actions() else None
        menu.insertAction(before, self.action) if before is not None else menu.addAction(self.action)
        window.installEventFilter(self)
        self._retranslate()

    def _retranslate(self) -> None:
        self.action.setText(self.tr("&Export animation…"))
        self.action.setStatusTip(
            self.tr("Save the convolution, step by step, as a looping GIF, APNG or WebP, or as an MP4 video")
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        return False

    def _on_action_triggered(self) -> None:
        from .export_settings_dialog import ExportDialog

        self.dialog = ExportDialog(self.window.presenter, self.window)  # type: ignore[attr-defined]
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()


def add_export_action(window: QWidget) -> ExportMenuHook:
    """Called by MainWindow: ``window`` has ``presenter`` and ``file_menu``."""
    hook = ExportMenuHook(window)
    window.export_hook = hook  # type: ignore[attr-defined]
    return hook
