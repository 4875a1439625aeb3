"""The teacher's note: a collapsible, editable text beside the view, saved with a lesson.

:class:`Collapsible` is the shared frame of the window's fold-away panels (this
one and the As-code panel): a header button with an arrow and a title, and a
body shown or hidden under it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from cnnviz.presenters.lesson_session import MAX_NOTE_CHARS

QWIDGETSIZE_MAX = (1 << 24) - 1


class Collapsible(QWidget):
    """A titled panel whose body folds away under its header.

    Signals
    -------
    expanded_changed(bool)
    """

    expanded_changed = Signal(bool)

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton()
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.RightArrow)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.header.toggled.connect(self._on_header_toggled)
        self.body = body
        body.hide()
        self.setMaximumHeight(self.header.sizeHint().height())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(body, 1)

    @property
    def expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, on: bool) -> None:
        self.header.setChecked(bool(on))

    def _on_header_toggled(self, on: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)
        # folded: the header's height only, also inside a splitter
        self.setMaximumHeight(QWIDGETSIZE_MAX if on else self.header.sizeHint().height())
        self.expanded_changed.emit(on)


class NotePanel(Collapsible):
    """The lesson's note for the class: shown when a lesson brings one, edited freely,
    written into the next saved lesson. Holds text only; the window saves it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        font = self.editor.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)  # read from the back of a classroom
        self.editor.setFont(font)
        lines = self.editor.fontMetrics().lineSpacing()
        self.editor.setFixedHeight(7 * lines + 12)  # seven lines show; a longer note scrolls
        self.limit_label = QLabel()
        self.limit_label.setWordWrap(True)
        self.limit_label.setStyleSheet("color: #8a0000")
        self.limit_label.hide()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.limit_label)
        super().__init__(body, parent)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self._retranslate()

    @property
    def note(self) -> str:
        """The note as typed ('' for none)."""
        return self.editor.toPlainText()

    def set_note(self, text: str) -> None:
        """Show ``text`` (a lesson's note); the panel opens when there is one, folds when not."""
        with QSignalBlocker(self.editor):
            self.editor.setPlainText(text)
        self._on_editor_text_changed()
        self.set_expanded(bool(text.strip()))

    def _on_editor_text_changed(self) -> None:
        n = len(self.note)
        self.limit_label.setVisible(n > MAX_NOTE_CHARS)
        if n > MAX_NOTE_CHARS:
            self.limit_label.setText(
                self.tr(
                    "{0:,} characters: a lesson keeps at most {1:,}; shorten the note to save it."
                ).format(n, MAX_NOTE_CHARS)
            )

    def _retranslate(self) -> None:
        self.header.setText(self.tr("Teacher's note"))
        self.header.setToolTip(self.tr("Show or hide the note saved with the lesson"))
        self.editor.setPlaceholderText(
            self.tr("A note for the class: what to look at, what to ask. File → Save lesson… keeps it.")
        )
        self._on_editor_text_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
