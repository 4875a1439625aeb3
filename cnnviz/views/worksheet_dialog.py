"""File → Make worksheet…: one printable exercise and its answer key, as the
``cnnviz worksheet`` command writes them (:mod:`cnnviz.presenters.worksheet_job`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters.worksheet_job import LEVELS, SEED_RANGE, WorksheetError, default_names, write_worksheet

LANGS = (("en", "English"), ("zh_CN", "简体中文"))


class WorksheetDialog(QDialog):
    """Seed, level, language and the two target files; Write writes both or neither."""

    def __init__(self, folder: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        folder = Path(folder) if folder is not None else Path.home()
        self.seed_box = QSpinBox()
        self.seed_box.setRange(*SEED_RANGE)
        self.seed_box.setValue(1)
        self.level_box = QComboBox()
        for level in LEVELS:
            self.level_box.addItem("", level)
        self.lang_box = QComboBox()
        for code, label in LANGS:
            self.lang_box.addItem(label, code)
        self.lang_box.setCurrentIndex(self.lang_box.findData(self._interface_language()))
        sheet_name, key_name = default_names(self.seed_box.value())
        self.sheet_edit = QLineEdit(str(folder / sheet_name))
        self.key_edit = QLineEdit(str(folder / key_name))
        self.sheet_browse = QPushButton()
        self.key_browse = QPushButton()
        self.sheet_browse.clicked.connect(lambda: self._browse(self.sheet_edit))
        self.key_browse.clicked.connect(lambda: self._browse(self.key_edit))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.write_button = QPushButton()
        self.write_button.setDefault(True)
        self.close_button = QPushButton()
        self.write_button.clicked.connect(self.write)
        self.close_button.clicked.connect(self.reject)
        self.seed_box.valueChanged.connect(self._on_seed_changed)
        self._seed = self.seed_box.value()

        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(5)]
        fields = [self.seed_box, self.level_box, self.lang_box,
                  self._with_button(self.sheet_edit, self.sheet_browse),
                  self._with_button(self.key_edit, self.key_browse)]  # fmt: skip
        for label, field in zip(self.labels, fields):
            label.setBuddy(field if not field.layout() else field.layout().itemAt(0).widget())
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._retranslate()
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    def _interface_language(self) -> str:
        # the installed translation says which language it is ("en" when none is)
        code = self.tr("en")
        return code if code in dict(LANGS) else "en"

    @staticmethod
    def _with_button(edit: QLineEdit, button: QPushButton) -> QWidget:
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(edit, 1)
        h.addWidget(button)
        return row

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Make worksheet"))
        labels = (self.tr("Seed:"), self.tr("Level:"), self.tr("Language on the page:"),
                  self.tr("Sheet:"), self.tr("Answer key:"))  # fmt: skip
        for label, text in zip(self.labels, labels):
            label.setText(text)
        self.level_box.setItemText(0, self.tr("1 — whole numbers, one channel, no padding, stride 1"))
        self.level_box.setItemText(1, self.tr("2 — adds zero padding and/or a stride of 2"))
        self.level_box.setItemText(2, self.tr("3 — two input channels"))
        self.sheet_browse.setText(self.tr("Browse…"))
        self.key_browse.setText(self.tr("Browse…"))
        self.write_button.setText(self.tr("Write"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _on_seed_changed(self, seed: int) -> None:
        """Follow the seed in file names the user has not changed."""
        for edit, old, new in zip(
            (self.sheet_edit, self.key_edit), default_names(self._seed), default_names(seed)
        ):
            path = Path(edit.text())
            if path.name == old:
                edit.setText(str(path.with_name(new)))
        self._seed = seed

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.windowTitle(), edit.text(), self.tr("PNG images (*.png)")
        )
        if path:
            edit.setText(path)

    def write(self) -> bool:
        """Write the sheet and the key; the outcome is shown in the dialog. Returns success."""
        try:
            sheet, key = write_worksheet(
                self.seed_box.value(),
                int(self.level_box.currentData()),
                str(self.lang_box.currentData()),
                Path(self.sheet_edit.text().strip()),
                Path(self.key_edit.text().strip()),
            )
        except WorksheetError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(str(exc))
            return False
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Wrote the sheet to {0}\nand the answer key to {1}.").format(sheet, key))
        return True
