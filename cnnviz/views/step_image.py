"""A step as a picture for slides and handouts: a caption, a choice of panels,
no on-screen hints; copied to the clipboard or saved as a PNG.

Every stage page of a :class:`~cnnviz.views.stage_view.StageView` is laid out
the same way: a vertical ``splitter`` whose first widget is a horizontal
splitter of volume sections (input, filters, output for the convolution and
the backward stages; input, output for ReLU and pooling) and whose second is
the written arithmetic. :func:`show_panels` hides the sections not asked for.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

#: the panels a picture may show, in the order they are named on the command line
PANELS = ("input", "filters", "output", "arithmetic")
#: the longest caption accepted (a title, not a paragraph)
MAX_CAPTION = 200


def check_panels(names: Collection[str]) -> tuple[str, ...]:
    """``names`` checked: known, at least one; raises ``ValueError`` in words."""
    chosen = tuple(dict.fromkeys(n.strip().lower() for n in names if n.strip()))
    unknown = [n for n in chosen if n not in PANELS]
    if unknown:
        raise ValueError(f"unknown panel {unknown[0]!r}; choose from {', '.join(PANELS)}")
    if not chosen:
        raise ValueError(f"name at least one panel: {', '.join(PANELS)}")
    return chosen


def check_caption(text: str) -> str:
    """A caption fit for a frame: one line of at most :data:`MAX_CAPTION` printable characters."""
    if len(text) > MAX_CAPTION:
        raise ValueError(f"the caption is {len(text)} characters long; at most {MAX_CAPTION} fit a frame")
    if any(not ch.isprintable() for ch in text):
        raise ValueError("the caption must be one line of printable characters")
    return text.strip()


def page_panels(page: QWidget) -> dict[str, QWidget]:
    """The panel widgets of one stage page, by name (a page without a panel leaves it out)."""
    splitter = getattr(page, "splitter", None)
    if not isinstance(splitter, QSplitter) or splitter.count() < 2:
        return {}
    volumes = splitter.widget(0)
    found: dict[str, QWidget] = {"arithmetic": splitter.widget(1)}
    if isinstance(volumes, QSplitter):
        names = ("input", "filters", "output") if volumes.count() == 3 else ("input", "output")
        found.update({name: volumes.widget(i) for i, name in enumerate(names[: volumes.count()])})
    return found


def show_panels(stage_view, panels: Collection[str] | None) -> None:
    """Show only ``panels`` (None: all) on every page of ``stage_view``."""
    chosen = set(PANELS if panels is None else panels)
    for page in stage_view.pages.values():
        found = page_panels(page)
        for name, widget in found.items():
            widget.setVisible(name in chosen)
        volumes = page.splitter.widget(0) if found else None
        if volumes is not None:  # no volume left: the arithmetic takes the whole page
            volumes.setVisible(any(n in chosen for n in found if n != "arithmetic"))


class CaptionPage(QWidget):
    """``content`` under a title line (hidden while the caption is empty)."""

    def __init__(self, content: QWidget, caption: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.caption_label = QLabel()
        self.caption_label.setWordWrap(True)
        self.caption_label.setStyleSheet(
            "font-size: 22px; font-weight: bold; color: #141414; background: white;"
            " padding: 8px 10px 4px 10px"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption_label)
        layout.addWidget(content, 1)
        self.setAutoFillBackground(True)
        self.set_caption(caption)

    def set_caption(self, text: str) -> None:
        self.caption_label.setText(text)
        self.caption_label.setVisible(bool(text))


def grab_step(stage_view) -> QImage:
    """The stage shown, as it would be exported (no hover marks, no hints), at its size on screen."""
    stage_view.set_export_mode(True)
    try:
        return stage_view.grab().toImage()
    finally:
        stage_view.set_export_mode(False)


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ValueError("the picture could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def save_png(image: QImage, path: str | Path) -> Path:
    """Write ``image`` to ``path`` as a PNG, atomically (a write-protected file is refused)."""
    from cnnviz.media.atomic import atomic_output

    data = png_bytes(image)
    with atomic_output(path) as fh:
        fh.write(data)
    return Path(path)


def logical_size(image: QImage) -> QSize:
    """``image``'s size in logical pixels (its device pixel ratio divided out)."""
    ratio = image.devicePixelRatio() or 1.0
    return QSize(round(image.width() / ratio), round(image.height() / ratio))
