"""Help → About for the main window: what cnnviz is, its version, licence and sources."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

ARTICLE = "CNN笔记：通俗理解卷积神经网络"  # July, CSDN (2016)
CS231N_NOTES = "https://cs231n.github.io/convolutional-networks/"

# the texts keep the "MainWindow" context they had when they lived in MainWindow
# (a self.tr here would file them under the mixin's name); lupdate reads translate("…", "…")
translate = QCoreApplication.translate


class MainAboutMixin:
    """The About box of :class:`~cnnviz.views.main_window.MainWindow` (a QWidget)."""

    def about_text(self) -> str:
        """Help → About: what cnnviz is, its version and licence, and whose work it shows."""
        from cnnviz import __version__

        link = f'<a href="{CS231N_NOTES}">{CS231N_NOTES}</a>'
        paragraphs = [
            f"<b>cnnviz {__version__}</b>",
            translate(
                "MainWindow",
                "cnnviz shows how a convolutional neural network computes, one multiply-add at a time.",
            ),
            translate(
                "MainWindow",
                "Its lessons follow the Chinese-language introduction “{0}” (July, CSDN, 2016), "
                "which is built on Stanford's CS231n course notes, "
                "<i>Convolutional Neural Networks for Visual Recognition</i> ({1}); "
                "the 7×7×3 demo is the CS231n animation the article redraws as 18 frames.",
            ).format(ARTICLE, link),
            translate(
                "MainWindow",
                "Data: the handwritten digits are the UCI Machine Learning Repository's "
                "“Optical Recognition of Handwritten Digits” (E. Alpaydin and C. Kaynak, 1998), "
                "CC BY 4.0. The photo in the README's screenshots is scikit-learn's china.jpg "
                "(danielbuechele on Flickr), CC BY 2.0.",
            ),
            translate("MainWindow", "Licence: MIT."),
        ]
        return "".join(f"<p>{text}</p>" for text in paragraphs)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, translate("MainWindow", "About cnnviz"), self.about_text())
