#!/usr/bin/env python3
"""Render the README's presentation-mode screenshots into ``docs/``, offscreen, as a
classroom projector shows them: 1280×720, presentation mode on, its default zoom.

- ``presentation_en.png``, ``presentation_zh_CN.png``: the article's demo, mid tap walk;
- ``presentation_zh_CN_high_contrast.png``: the same in the high-contrast theme;
- ``presentation_photo_en.png``, ``presentation_photo_zh_CN.png``: the built-in "edges"
  sample picture, Sobel filters;
- ``presentation_trainer_en.png``, ``presentation_trainer_zh_CN.png``: the Trainer tab after a
  few epochs on the digits.

Run: ``QT_QPA_PLATFORM=offscreen python3 -P tools/make_presentation_screenshots.py``
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSize, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PROJECTOR = QSize(1280, 720)


def settle(app: QApplication, ms: int = 60) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def present(app: QApplication, window) -> None:
    """Presentation mode at its default zoom, on a 1280×720 screen (the offscreen screen is
    another size: the window is given the projector's instead of the full screen's)."""
    window.presentation.enter()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(PROJECTOR)
    settle(app, 150)


def shoot(app: QApplication, window, name: str) -> None:
    settle(app)
    window.grab().save(str(DOCS / name))
    print("wrote", DOCS / name)


def new_window(app: QApplication):
    from cnnviz.views.main_window import MainWindow

    window = MainWindow()  # the defaults: the window reads no settings (cnnviz.app does)
    window.resize(PROJECTOR)
    window.show()
    settle(app)
    return window


def close(app: QApplication, window) -> None:
    window.presentation.leave()
    window.presenter.pause()
    window.close()
    window.deleteLater()
    settle(app)


def demo(app: QApplication, window) -> None:
    """Step 5 of the demo, the tap walk at channel 0's fifth multiply-add."""
    window.presenter.seek(4)
    for _ in range(5):
        window.presenter.tap_forward()


def photo(app: QApplication, window) -> None:
    p = window.presenter
    p.load_sample("edges")
    p.set_filter_count(2)
    p.set_stride(1)
    p.set_padding(1)
    p.apply_preset("sobel_x", filter=0)
    p.apply_preset("sobel_y", filter=1)
    p.set_bias(0, 0.0)
    p.set_bias(1, 0.0)
    _, oh, ow = p.trace.out_shape
    p.seek_output(0, oh // 2, ow // 3)


def trainer(app: QApplication, window) -> None:
    window.tabs.setCurrentWidget(window.trainer_tab)
    settle(app)
    panel, presenter = window.trainer_panel, window.trainer_presenter
    panel.controls.epochs.setValue(4)
    panel.start_button.click()
    while presenter.state not in ("finished", "stopped", "diverged"):
        settle(app, 100)


def main() -> None:
    app = QApplication([])
    from cnnviz.app import LanguageSwitcher

    switcher = LanguageSwitcher(app)
    DOCS.mkdir(exist_ok=True)
    shots = [
        ("en", demo, False, "presentation_en.png"),
        ("en", photo, False, "presentation_photo_en.png"),
        ("en", trainer, False, "presentation_trainer_en.png"),
        ("zh_CN", demo, False, "presentation_zh_CN.png"),
        ("zh_CN", photo, False, "presentation_photo_zh_CN.png"),
        ("zh_CN", trainer, False, "presentation_trainer_zh_CN.png"),
        ("zh_CN", demo, True, "presentation_zh_CN_high_contrast.png"),
    ]
    for lang, scene, high_contrast, name in shots:
        switcher.apply(lang)
        window = new_window(app)
        window.presentation.theme.set_high_contrast(high_contrast)
        present(app, window)
        scene(app, window)
        shoot(app, window, name)
        close(app, window)


if __name__ == "__main__":
    main()
