"""Help → Keyboard shortcuts: every action of the window that has a key, by menu.

The list is read from the menus themselves, so a new action with a shortcut
appears here without anyone keeping a second list.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _plain(text: str) -> str:
    """A menu text without its mnemonic: "&Go to step…" and "转到步骤(&G)…" lose the "&"."""
    text = re.sub(r"\(&[^&]\)", "", text.replace("&&", "\0"))
    return text.replace("&", "").replace("\0", "&")


def keys_text(action: QAction) -> str:
    """``action``'s shortcuts as the platform writes them ("Right, PgDown")."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def shortcut_actions(window: QMainWindow) -> list[tuple[str, QAction]]:
    """``(menu path, action)`` for every action in ``window``'s menus that has a shortcut."""
    found: list[tuple[str, QAction]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if sub is not None:
                walk(sub, f"{path} → {_plain(sub.title())}")
            elif not action.isSeparator() and action.shortcuts():
                found.append((path, action))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.menu().title()))
    return found


class KeyboardHelpDialog(QDialog):
    """A table of menu, action and keys; retranslated with the window."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self._window = window
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self.show_rows()

    def rows(self) -> list[tuple[str, str, str]]:
        """``(menu, action, keys)`` shown: every menu shortcut, then keys no menu holds."""
        rows = [(path, _plain(a.text()), keys_text(a)) for path, a in shortcut_actions(self._window)]
        rows.append(
            (
                self.tr("Output grid"),
                self.tr("Move over the output cells (click the output first)"),
                self.tr("Arrow keys"),
            )
        )
        rows.append(
            (self.tr("Cells"), self.tr("Change a weight or the bias"), self.tr("Double-click, then Enter"))
        )
        return rows

    def show_rows(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.intro.setText(
            self.tr(
                "A presentation clicker's Page Down and Page Up step forward and back. "
                "The Convolution tab's keys act only while it is shown; Esc leaves a field."
            )
        )
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Action"), self.tr("Keys")])
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for r, texts in enumerate(rows):
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.show_rows()
        super().changeEvent(event)
