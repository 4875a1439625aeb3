"""As code: the session as a runnable NumPy + cnnviz.core snippet and as PyTorch calls,
with Copy and Check with PyTorch.

The text comes from :mod:`cnnviz.presenters.code_text`; the check runs in a child
process (:class:`cnnviz.presenters.torch_check.TorchCheck`), so the window never
waits for torch. The text is rebuilt only while the panel is open.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.code_text import CodeText, session_code
from cnnviz.presenters.torch_check import TorchCheck

from .note_panel import Collapsible


def _code_view() -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return view


class CodePanel(Collapsible):
    """The collapsible As-code panel of the Convolution tab."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        self._presenter = presenter
        self._stale = True
        self.numpy_view = _code_view()
        self.torch_view = _code_view()
        self.code_tabs = QTabWidget()
        self.code_tabs.setDocumentMode(True)
        self.code_tabs.addTab(self.numpy_view, "NumPy + cnnviz.core")
        self.code_tabs.addTab(self.torch_view, "PyTorch")
        self.copy_button = QPushButton()
        self.check_button = QPushButton()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(
            self.result_label.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.result_label, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.code_tabs, 1)
        layout.addLayout(buttons)
        body.setMinimumHeight(140)
        super().__init__(body, parent)
        self.check = TorchCheck(self)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.check.finished.connect(self._on_check_finished)
        self.check.running_changed.connect(self._on_check_running_changed)
        presenter.session_changed.connect(self._on_presenter_changed)
        presenter.stage_changed.connect(self._on_presenter_changed)
        self.expanded_changed.connect(self._on_expanded_changed)
        self._retranslate()

    # -- what it shows --------------------------------------------------------------------
    @property
    def shown_code(self) -> str:
        """The text of the tab shown (what Copy copies)."""
        view = self.code_tabs.currentWidget()
        return view.toPlainText() if isinstance(view, QPlainTextEdit) else ""

    def refresh(self) -> None:
        """Rebuild the text from the session now."""
        self._stale = False
        try:
            code: CodeText | None = session_code(self._presenter)
        except ValueError as exc:  # a session the code cannot describe: say why
            code = None
            problem = self.tr("This session cannot be written as code: {0}").format(str(exc))
        for view, text in (
            (self.numpy_view, code.numpy if code else problem),
            (self.torch_view, code.torch if code else problem),
        ):
            bar = view.verticalScrollBar()
            at = bar.value()
            view.setPlainText(text)
            bar.setValue(at)

    def _on_presenter_changed(self, *_args: object) -> None:
        self._stale = True
        if not self.check.running:
            self.result_label.clear()
        if self.expanded:
            self.refresh()

    def _on_expanded_changed(self, on: bool) -> None:
        if on and self._stale:
            self.refresh()

    # -- actions ----------------------------------------------------------------------------
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.shown_code)
        self.result_label.setText(self.tr("Copied to the clipboard."))

    def _on_check_button_clicked(self) -> None:
        if self.check.start(self._presenter):
            self.result_label.setText(self.tr("Checking with PyTorch in a separate process…"))

    def _on_check_finished(self, message: str) -> None:
        self.result_label.setText(message)

    def _on_check_running_changed(self, running: bool) -> None:
        self.check_button.setEnabled(not running)

    def shutdown(self) -> None:
        """Stop a running check (the window is closing)."""
        self.check.cancel()

    # -- language -------------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.header.setText(self.tr("As code"))
        self.header.setToolTip(self.tr("This session as NumPy and PyTorch code"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the code shown to the clipboard"))
        self.check_button.setText(self.tr("Check with PyTorch"))
        self.check_button.setToolTip(
            self.tr("Compute the same with PyTorch, if it is installed, and show the largest difference")
        )
        if self.expanded:
            self.refresh()
        else:
            self._stale = True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
