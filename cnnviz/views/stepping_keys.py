"""Teaching away from the mouse: what a presentation clicker and the keyboard do.

- Page Down / Page Up (what clickers send) step forward / back, beside → and ←;
- 1–9 show filter w0–w8 at the same output position;
- Ctrl+G: Go to step…;
- Esc: from any field back to the stepping keys (and out of presentation mode);
- Help → Keyboard shortcuts (F1) lists them all.

The Convolution tab's keys act only while that tab is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from .keyboard_help import KeyboardHelpDialog

FILTER_KEYS = 9
FIELDS = (QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit)


class GoToStepDialog(QDialog):
    """Ask for a step number (1…n) of the stage shown; accepted → ``presenter.seek``."""

    def __init__(self, presenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.spin = QSpinBox()
        self.label = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(self.label, self.spin)
        layout.addRow(buttons)
        self.accepted.connect(self._on_accepted)

    def prepare(self) -> None:
        """Range and value from the presenter's stage and step."""
        p = self._presenter
        self.spin.setRange(1, max(1, p.num_steps))
        self.spin.setValue(p.step_index + 1)
        self.spin.selectAll()
        self.setWindowTitle(self.tr("Go to step"))
        self.label.setText(self.tr("Step (1–{0}):").format(p.num_steps))

    def _on_accepted(self) -> None:
        self._presenter.seek(self.spin.value() - 1)


class SteppingKeys(QObject):
    """The clicker and keyboard actions of ``window`` (a MainWindow), in its menus."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.forward_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Right), QKeySequence(Qt.Key.Key_PageDown)]
        )
        window.back_action.setShortcuts([QKeySequence(Qt.Key.Key_Left), QKeySequence(Qt.Key.Key_PageUp)])
        menu = window.play_menu
        menu.addSeparator()
        self.filter_menu = menu.addMenu("")
        self.filter_actions: list[QAction] = []
        for f in range(FILTER_KEYS):
            action = self._action(self.filter_menu, QKeySequence(str(f + 1)))
            action.triggered.connect(lambda _=False, f=f: self.select_filter(f))
            self.filter_actions.append(action)
        self.go_to_action = self._action(menu, QKeySequence("Ctrl+G"))
        self.go_to_action.triggered.connect(self.open_go_to_dialog)
        self.escape_action = self._action(menu, QKeySequence(Qt.Key.Key_Escape))
        self.escape_action.triggered.connect(self.escape)
        self.keyboard_action = QAction(window)
        self.keyboard_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.keyboard_action.triggered.connect(self.show_keyboard_help)
        about = getattr(window, "about_action", None)
        if about is not None:
            window.help_menu.insertAction(about, self.keyboard_action)
        else:
            window.help_menu.addAction(self.keyboard_action)
        self.go_to_dialog: GoToStepDialog | None = None  # made on first use
        self.help_dialog: KeyboardHelpDialog | None = None
        window.tabs.currentChanged.connect(self._on_tab_shown)
        self._on_tab_shown(window.tabs.currentIndex())
        self.retranslate()

    def _action(self, menu, key: QKeySequence) -> QAction:
        action = menu.addAction("")
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        return action

    @property
    def tab_actions(self) -> tuple[QAction, ...]:
        """The actions that act on the Convolution tab only."""
        return (*self.filter_actions, self.go_to_action)

    def _on_tab_shown(self, index: int) -> None:
        shown = self.window.tabs.widget(index) is self.window.main_splitter
        for action in self.tab_actions:
            action.setEnabled(shown)

    # -- what the keys do --------------------------------------------------------------------
    def select_filter(self, f: int) -> None:
        """Filter (or channel) ``f`` at the current output position; ignored when there is none."""
        p = self.window.presenter
        step = p.current
        row, col = getattr(step, "row", None), getattr(step, "col", None)
        if row is not None and col is not None:
            p.seek_output(f, int(row), int(col))

    def open_go_to_dialog(self) -> None:
        self.window.presenter.pause()
        if self.go_to_dialog is not None:  # open already
            self.go_to_dialog.raise_()
            return
        dialog = self.go_to_dialog = GoToStepDialog(self.window.presenter, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # nothing of it outlives its use
        dialog.finished.connect(self._on_go_to_dialog_finished)
        dialog.prepare()
        dialog.open()
        dialog.spin.setFocus()

    def _on_go_to_dialog_finished(self, result: int) -> None:
        self.go_to_dialog = None

    def escape(self) -> None:
        """Leave a field (an open cell editor is cancelled) for the stepping keys; with no
        field focused, leave presentation mode."""
        focus = QApplication.focusWidget()
        # a field keeps keys for itself: text boxes, and an output view walking its cells by arrows
        in_field = isinstance(focus, FIELDS) or bool(getattr(focus, "_arrow_keys", False))
        widget = focus
        while widget is not None and widget is not self.window:
            cancel = getattr(widget, "cancel_edit", None)
            if cancel is not None and cancel():
                break
            widget = widget.parentWidget()
        if focus is not None and self.window.isAncestorOf(focus):
            self.stepping_target().setFocus(Qt.FocusReason.ShortcutFocusReason)
        if in_field:
            return
        presentation = getattr(self.window, "presentation", None)
        if presentation is not None and presentation.active:
            presentation.leave()

    def stepping_target(self) -> QWidget:
        """The widget that holds the focus while the window's keys step: the tab shown."""
        tabs = self.window.tabs
        page = tabs.currentWidget()
        return self.window.stage_view if page is self.window.main_splitter else page

    def show_keyboard_help(self) -> None:
        if self.help_dialog is None:
            self.help_dialog = KeyboardHelpDialog(self.window)
        self.help_dialog.show_rows()
        self.help_dialog.show()
        self.help_dialog.raise_()

    # -- language ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The menu texts in the UI language (the window calls this on a language change)."""
        self.filter_menu.setTitle(self.tr("Show &filter"))
        for f, action in enumerate(self.filter_actions):
            action.setText(self.tr("Filter {0} (w{1}), same output position").format(f + 1, f))
        self.go_to_action.setText(self.tr("&Go to step…"))
        self.escape_action.setText(self.tr("Back to the stepping keys (leave a field, or presentation mode)"))
        self.keyboard_action.setText(self.tr("&Keyboard shortcuts"))
