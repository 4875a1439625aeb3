"""The main window's files: images, lessons, worked examples, worksheets and drag-and-drop."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog

from cnnviz.presenters.lesson_session import LESSON_SUFFIX, example_lesson_path, open_lesson, save_lesson

IMAGE_PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff"

# the texts keep the "MainWindow" context they had when they lived in MainWindow
# (a self.tr here would file them under the mixin's name); lupdate reads translate("…", "…")
translate = QCoreApplication.translate


class MainFilesMixin:
    """Opening and saving for :class:`~cnnviz.views.main_window.MainWindow`.

    The window provides ``presenter``, ``tabs``, ``input_panel``, ``note_panel`` and ``_image_path``.
    """

    def open_worksheet_dialog(self) -> None:
        """File → Make worksheet…: a printable exercise and its answer key."""
        from .worksheet_dialog import WorksheetDialog

        WorksheetDialog(parent=self).exec()

    def open_example(self, key: str) -> bool:
        """Open worked example "A", "B", "C" (the Convolution tab) or "AND" (the neuron page)."""
        if key == "AND":
            show = getattr(self, "show_neuron_preset", None)
            if show is None:
                return False
            show("and")
            return True
        return self.open_lesson(example_lesson_path(key))  # the shipped lesson files

    def open_file(self, path: str) -> bool:
        """A lesson (``.cnnviz``) or a picture, by its name; a bad file is reported in the message bar."""
        if path.lower().endswith(LESSON_SUFFIX):
            return self.open_lesson(path)
        ok = self.open_image(path)
        if ok:
            self.tabs.setCurrentIndex(0)
        return ok

    def open_lesson_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("MainWindow", "Open a lesson"),
            "",
            translate("MainWindow", "cnnviz lessons (*{0});;All files (*)").format(LESSON_SUFFIX),
        )
        if path:
            self.open_lesson(path)

    def open_lesson(self, path: str) -> bool:
        """Open the lesson file ``path`` with its note; refused in the message bar, the session kept."""
        lesson = open_lesson(self.presenter, path)
        if lesson is None:
            return False
        self.note_panel.set_note(lesson.note)
        self.tabs.setCurrentIndex(0)
        return True

    def save_lesson_dialog(self) -> None:
        suggested = os.path.splitext(self.presenter.input_name)[0].strip() or "lesson"
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("MainWindow", "Save the lesson"),
            suggested + LESSON_SUFFIX,
            translate("MainWindow", "cnnviz lessons (*{0})").format(LESSON_SUFFIX),
        )
        if path:
            self.save_lesson(path if path.lower().endswith(LESSON_SUFFIX) else path + LESSON_SUFFIX)

    def save_lesson(self, path: str) -> bool:
        """Write the session and the teacher's note to ``path``; a refusal goes to the message bar."""
        return save_lesson(self.presenter, path, self.note_panel.note)

    def open_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("MainWindow", "Open an image"),
            "",
            translate("MainWindow", "Images ({0});;All files (*)").format(IMAGE_PATTERNS),
        )
        if path:
            self.open_image(path)

    def open_image(self, path: str) -> bool:
        """Load ``path`` with the input panel's channels and working size."""
        ok = self.presenter.load_image_file(path, self.input_panel.mode, self.input_panel.working_size)
        if ok:
            self._image_path = path
        return ok

    def _on_input_panel_image_options_changed(self) -> None:
        if self._image_path and self.presenter.input_name == os.path.basename(self._image_path):
            self.open_image(self._image_path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_file(files[0])
