"""The Format box of the export dialog, kept in step with the file name's extension.

Choosing a format swaps the extension of the file name typed beside it;
typing a name that ends in a format's extension chooses that format.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget


class ExportFormatBox(QComboBox):
    """A combo box of ``formats`` (``(suffix, name)`` pairs, from the presenter)
    that follows and updates ``path_edit``'s extension."""

    def __init__(
        self, formats: list[tuple[str, str]], path_edit: QLineEdit, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.formats = list(formats)
        self.path_edit = path_edit
        for suffix, name in self.formats:
            self.addItem(name, suffix)
        self.currentIndexChanged.connect(self._on_current_index_changed)
        path_edit.textChanged.connect(self._on_path_edit_text_changed)
        self._on_path_edit_text_changed(path_edit.text())
        self._retranslate()

    def suffix(self) -> str:
        """The chosen format's extension, e.g. ``".gif"``."""
        return str(self.currentData())

    def suffixes(self) -> list[str]:
        return [suffix for suffix, _ in self.formats]

    def file_filters(self) -> list[str]:
        """One file-dialog filter per format, in this box's order."""
        names = {
            ".gif": self.tr("GIF animations (*.gif)"),
            ".apng": self.tr("Animated PNG (*.apng)"),
            ".webp": self.tr("WebP animations (*.webp)"),
            ".mp4": self.tr("MP4 videos (*.mp4)"),
        }
        return [names.get(suffix, f"{name} (*{suffix})") for suffix, name in self.formats]

    def _on_current_index_changed(self, _index: int) -> None:
        text = self.path_edit.text().strip()
        path = Path(text)
        if text and path.suffix.lower() in self.suffixes() and path.suffix.lower() != self.suffix():
            self.path_edit.setText(str(path.with_suffix(self.suffix())))

    def _on_path_edit_text_changed(self, text: str) -> None:
        suffix = Path(text.strip()).suffix.lower()
        if suffix in self.suffixes() and suffix != self.suffix():
            self.setCurrentIndex(self.suffixes().index(suffix))

    def _retranslate(self) -> None:
        names = {
            ".gif": self.tr("GIF (.gif)"),
            ".apng": self.tr("Animated PNG, lossless (.apng)"),
            ".webp": self.tr("WebP, lossless (.webp)"),
            ".mp4": self.tr("MP4 video, H.264 (.mp4)"),
        }
        for i, (suffix, name) in enumerate(self.formats):
            self.setItemText(i, names.get(suffix, f"{name} ({suffix})"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
