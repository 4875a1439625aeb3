"""View → Presentation mode, the zoom and the high-contrast theme, for a lecture room.

Presentation mode (F5; Esc leaves) shows the window full screen with the side
panel hidden and everything a student reads at the presentation zoom ("large"
at first, :data:`~cnnviz.views.zoom.LARGE`). Ctrl+= / Ctrl+− / Ctrl+0 change the
zoom of the mode shown; each mode's zoom and the theme are remembered. The
convolution page shows one input channel at a time while presenting (C / Shift+C
choose it; see :mod:`~cnnviz.views.conv_presenting`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from .convolution_view import ConvolutionView
from .keyboard_help import shortcut_actions
from .theme import Theme, ThemeColors
from .zoom import LARGE, NORMAL, Zoom, clamp_factor, scale_plots, title_factor

ZOOM_KEY = "view/zoom"
PRESENTATION_ZOOM_KEY = "view/presentation_zoom"
HIGH_CONTRAST_KEY = "view/high_contrast"


def _fallback_zoom(panel: QWidget, factor: float) -> None:
    """For a page without ``set_zoom``: its standard widgets' font and its plots' words."""
    words = title_factor(factor)  # the controls are the lecturer's: they grow as titles do
    if factor == 1.0:
        panel.setFont(QFont())
    else:
        font = QFont(QApplication.font())
        font.setPointSizeF(QApplication.font().pointSizeF() * words)
        panel.setFont(font)
    scale_plots(panel, words, legends=False)  # the trainer's legend is one long row


class Presentation(QObject):
    """The View menu's presentation mode, zoom and theme for ``window`` (a MainWindow).

    Attributes
    ----------
    zoom : the one :class:`Zoom` every page follows
    theme : the one :class:`Theme` every page follows
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.zoom = Zoom(parent=self)
        self.theme = Theme(self)
        self._factors = {False: NORMAL, True: LARGE}  # per mode: normal, presentation
        self._active = False
        self._side_was_shown = True
        self._hidden: list[QWidget] = []  # menu bar and code panel, shown again on leaving
        self._state_before = Qt.WindowState.WindowNoState
        self._trainer_bound: QWidget | None = None  # the trainer page given the zoom / the theme
        self._trainer_themed: QWidget | None = None
        menu = window.view_menu
        first = menu.actions()[0] if menu.actions() else None
        self.presentation_action = self._action(menu, first, ("F5",), self._on_presentation_toggled)
        self.presentation_action.setCheckable(True)
        self.zoom_in_action = self._action(menu, first, ("Ctrl+=", "Ctrl++"), self.zoom.zoom_in)
        self.zoom_out_action = self._action(menu, first, ("Ctrl+-",), self.zoom.zoom_out)
        self.normal_size_action = self._action(menu, first, ("Ctrl+0",), self.reset_zoom)
        self.high_contrast_action = self._action(menu, first, ("Ctrl+Shift+H",), None)
        self.high_contrast_action.setCheckable(True)
        self.high_contrast_action.toggled.connect(self.theme.set_high_contrast)
        # presentation mode shows one input channel at a time: these keys choose it
        self.next_channel_action = self._action(menu, first, ("C",), lambda: self._step_channel(1))
        self.previous_channel_action = self._action(menu, first, ("Shift+C",), lambda: self._step_channel(-1))
        for action in (self.next_channel_action, self.previous_channel_action):
            action.setEnabled(False)  # until presenting
        if first is not None:
            menu.insertSeparator(first)
        for page in self._pages():
            self.zoom.bind(page)
            self.theme.bind(page)
        self.theme.changed.connect(self._on_theme_changed)
        self.zoom.changed.connect(self._on_zoom_changed)
        window.tabs.currentChanged.connect(self._on_tab_changed)
        self.retranslate()

    def _action(self, menu, before, keys: tuple[str, ...], slot) -> QAction:
        action = QAction(self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(slot)
        if before is None:
            menu.addAction(action)
        else:
            menu.insertAction(before, action)
        return action

    def _pages(self) -> list[QWidget]:
        w = self.window
        pages = [p for p in w.stage_view.pages.values() if hasattr(p, "set_zoom") and hasattr(p, "set_theme")]
        neuron = getattr(w, "neuron_page", None)
        return pages + ([neuron] if neuron is not None else [])

    # -- presentation mode ---------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    def _on_presentation_toggled(self, on: bool) -> None:
        self.enter() if on else self.leave()

    def enter(self) -> None:
        """Full screen, the side panel hidden, the presentation zoom."""
        if self._active:
            return
        w = self.window
        self._conv_view().set_presenting(True)  # first: it keeps the splitters' sizes of the window
        self._factors[False] = self.zoom.factor
        self._active = True
        self._side_was_shown = w.side_panel_action.isChecked()
        w.side_panel_action.setChecked(False)
        # the menus hide too (their keys still work: every action also belongs to the window)
        w.addActions([action for _path, action in shortcut_actions(w)])
        self._hidden = [
            x for x in (w.menuBar(), getattr(w, "code_panel", None)) if x is not None and x.isVisible()
        ]
        for widget in self._hidden:
            widget.hide()
        self._state_before = w.windowState()
        w.setWindowState(self._state_before | Qt.WindowState.WindowFullScreen)
        self.zoom.set_factor(self._factors[True])
        self._sync_action()

    def leave(self) -> None:
        """Back to the window as it was (Esc, or F5 again)."""
        if not self._active:
            return
        w = self.window
        self._factors[True] = self.zoom.factor
        self._active = False
        self._conv_view().set_presenting(False)
        self.zoom.set_factor(self._factors[False])
        w.side_panel_action.setChecked(self._side_was_shown)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        w.setWindowState(self._state_before)
        self._conv_view().presenting.restore_sizes()  # the splitters as they were, at the old size
        self._sync_action()

    def _conv_view(self) -> ConvolutionView:
        return self.window.conv_view  # type: ignore[attr-defined]

    def _step_channel(self, by: int) -> None:
        """C / Shift+C: the next or previous input channel on the convolution page."""
        self._conv_view().presenting.step_channel(by)

    def _sync_action(self) -> None:
        for action in (self.next_channel_action, self.previous_channel_action):
            action.setEnabled(self._active)
        self.presentation_action.blockSignals(True)
        self.presentation_action.setChecked(self._active)
        self.presentation_action.blockSignals(False)

    # -- zoom and theme ------------------------------------------------------------------
    def reset_zoom(self) -> None:
        """Ctrl+0: the mode's first zoom (normal in the window, large when presenting)."""
        self.zoom.set_factor(LARGE if self._active else NORMAL)

    def _on_zoom_changed(self, factor: float) -> None:
        self._factors[self._active] = factor
        self._zoom_trainer()

    def _on_theme_changed(self, colors: ThemeColors) -> None:
        self.theme.apply_palette(self.window)
        # the stage buttons have a style sheet, which hides the palette's text colour
        bar = getattr(self.window, "stage_bar", None)
        if bar is not None:
            bar.setStyleSheet("QToolButton, QLabel { color: #ffffff }" if colors.dark else "")
        self.high_contrast_action.blockSignals(True)
        self.high_contrast_action.setChecked(colors.dark)
        self.high_contrast_action.blockSignals(False)

    def _on_tab_changed(self, index: int) -> None:
        self._zoom_trainer()  # built on first use, after this window's own handler

    def _zoom_trainer(self) -> None:
        panel = getattr(self.window, "trainer_panel", None)
        if panel is None:
            return
        if hasattr(panel, "set_zoom"):
            if self._trainer_bound is not panel:  # the trainer's own hook, when it has one
                self._trainer_bound = panel
                self.zoom.bind(panel)
        else:
            _fallback_zoom(panel, self.zoom.factor)
        if hasattr(panel, "set_theme") and self._trainer_themed is not panel:
            self._trainer_themed = panel
            self.theme.bind(panel)

    # -- settings --------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(ZOOM_KEY, self._factors[False] if self._active else self.zoom.factor)
        settings.setValue(PRESENTATION_ZOOM_KEY, self.zoom.factor if self._active else self._factors[True])
        settings.setValue(HIGH_CONTRAST_KEY, self.theme.high_contrast)

    def restore_state(self, settings: QSettings) -> None:
        self._factors[True] = clamp_factor(settings.value(PRESENTATION_ZOOM_KEY, LARGE))
        self.zoom.set_factor(clamp_factor(settings.value(ZOOM_KEY, NORMAL)))
        value = settings.value(HIGH_CONTRAST_KEY, False)
        self.theme.set_high_contrast(value is True or str(value).lower() == "true")

    # -- language ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The menu texts in the UI language (the window calls this on a language change)."""
        self.presentation_action.setText(self.tr("&Presentation mode"))
        self.presentation_action.setToolTip(self.tr("Full screen, large text, no side panel (Esc leaves)"))
        self.zoom_in_action.setText(self.tr("Zoom &in (larger text)"))
        self.zoom_out_action.setText(self.tr("Zoom &out (smaller text)"))
        self.normal_size_action.setText(self.tr("&Normal text size"))
        self.high_contrast_action.setText(self.tr("&High-contrast theme"))
        self.next_channel_action.setText(self.tr("Next input channel (presentation mode)"))
        self.previous_channel_action.setText(self.tr("Previous input channel (presentation mode)"))
        self._zoom_trainer()  # its plots' titles were set anew
