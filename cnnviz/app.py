"""Composition root: the QApplication, translators, settings, the error hook
and the main window, wired together."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cnnviz.core.resources import resource_path

LANGUAGE_KEY = "ui/language"


def system_language() -> str:
    """``"zh_CN"`` for a Chinese system locale, else ``"en"``."""
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


class LanguageSwitcher:
    """Installs the translators for one language at a time; widgets retranslate
    themselves on the ``LanguageChange`` event Qt then sends."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.language = "en"

    def apply(self, code: str) -> str:
        """Switch to ``code`` ("" = follow the system, "en", "zh_CN"); returns the language used."""
        language = code or system_language()
        for t in self._translators:
            self._app.removeTranslator(t)
        self._translators = []
        if language != "en":
            ours = QTranslator(self._app)
            if ours.load(f"cnnviz_{language}", str(resource_path("translations"))):
                self._translators.append(ours)
            qt = QTranslator(self._app)
            if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self._translators.append(qt)
            for t in self._translators:
                self._app.installTranslator(t)
        self.language = language
        return language


class ErrorDialogHook:
    """``sys.excepthook`` that shows an unexpected error with its details and
    lets the application go on running."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.dialog: QMessageBox | None = None
        self.count = 0

    def __call__(self, etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(etype, value, tb))
        sys.stderr.write(details)
        self.count += 1
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setDetailedText(self.dialog.detailedText() + "\n" + details)
            return
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("ErrorDialogHook", "Unexpected error"))
        box.setText(
            QCoreApplication.translate("ErrorDialogHook", "Something went wrong inside cnnviz: {0}").format(
                value
            )
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "ErrorDialogHook", "The window keeps running. The details below help the developers."
            )
        )
        box.setDetailedText(details)
        box.open()  # not exec(): never block the event loop from inside a hook
        self.dialog = box


def run_app(argv: Sequence[str] | None = None, file: str | None = None) -> int:
    """Open the main window on the demo (or on ``file``, a lesson or a picture: a bad one is
    explained in the window's message bar) and run until it is closed; returns the exit status."""
    app = QApplication.instance() or QApplication(list(argv) if argv is not None else sys.argv)
    app.setOrganizationName("cnnviz")
    app.setApplicationName("cnnviz")
    settings = QSettings()
    switcher = LanguageSwitcher(app)
    saved = str(settings.value(LANGUAGE_KEY, "") or "")
    switcher.apply(saved)

    from cnnviz.views.main_window import MainWindow  # after the translators: first texts translated

    window = MainWindow()
    window.restore_state(settings)
    window.set_language_checked(saved)
    if file:
        window.open_file(file)  # after restore_state: a lesson's speed wins over the remembered one

    def _on_language_requested(code: str) -> None:
        switcher.apply(code)
        settings.setValue(LANGUAGE_KEY, code)

    window.language_requested.connect(_on_language_requested)
    hook = ErrorDialogHook(window)
    previous_hook = sys.excepthook
    sys.excepthook = hook
    window.show()
    try:
        return int(app.exec())
    finally:
        window.save_state(settings)
        settings.sync()
        sys.excepthook = previous_hook
        window.presenter.pause()
        window.close()
        window.deleteLater()
