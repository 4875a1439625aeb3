#!/usr/bin/env python3
"""Render the README screenshots of the convolution window into ``docs/``, offscreen.

English and Chinese, the demo and a photo (scikit-learn's ``china.jpg``,
CC BY 2.0, danielbuechele on Flickr, if scikit-learn is installed; else the
built-in edges sample).

Run: ``QT_QPA_PLATFORM=offscreen python3 tools/make_screenshots.py``
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def photo_path() -> Path | None:
    try:
        import sklearn
    except ImportError:
        return None
    path = Path(sklearn.__file__).parent / "datasets" / "images" / "china.jpg"
    return path if path.exists() else None


def main() -> None:
    app = QApplication([])
    from cnnviz.app import LanguageSwitcher
    from cnnviz.views.main_window import MainWindow

    switcher = LanguageSwitcher(app)
    DOCS.mkdir(exist_ok=True)
    for lang in ("en", "zh_CN"):
        switcher.apply(lang)
        w = MainWindow()
        w.resize(1440, 900)
        w.show()
        app.processEvents()
        w.grab().save(str(DOCS / f"window_demo_{lang}.png"))
        p = w.presenter
        photo = photo_path()
        if photo is not None:
            w.open_image(str(photo))
        else:
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
        app.processEvents()
        w.grab().save(str(DOCS / f"window_image_{lang}.png"))
        # zoomed in far enough for the numbers to appear in the cells
        step = p.current
        w.conv_view.input_view.zoom_to(step.origin[0] + 1, step.origin[1] + 1, 7)
        w.conv_view.output_view.zoom_to(step.row, step.col, 7)
        app.processEvents()
        w.grab().save(str(DOCS / f"window_image_zoomed_{lang}.png"))
        w.close()
        w.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()
