"""The Export animation dialog: choose what to export, then watch it go, with Cancel.

Loaded when the menu action is first used (see :mod:`cnnviz.views.export_dialog`),
so the window starts without it.

Frames come from a private copy of the window's session drawn by the same
:class:`ConvolutionView` (see :mod:`cnnviz.views.export_frames`), so the
student can keep working while the file is written, and the file matches the
window. Step numbers here count from 1, like the window's readout. The format
(GIF, APNG, WebP, MP4) follows the Format box and the file name's extension,
each updating the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.export_job import (
    MAX_FRAMES,
    ExportJob,
    animation_formats,
    format_problem,
    select_steps,
)

from .export_format_box import ExportFormatBox
from .export_frames import DEFAULT_FRAME_SIZE, OffscreenFrames, copy_session

#: the dialog refuses longer exports and says how to thin them out
SCALES = (1.0, 1.5, 2.0)


class ExportDialog(QDialog):
    """Range (all steps, the current filter, or from–to), frames per second,
    one frame every N steps, scale, format and output file; Export starts an
    :class:`ExportJob` with a progress dialog whose Cancel leaves no file."""

    def __init__(self, presenter: ConvSessionPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.job: ExportJob | None = None
        self.frames: OffscreenFrames | None = None
        self.progress: QProgressDialog | None = None
        self.result_box: QMessageBox | None = None
        self.saved_path: str | None = None
        n = presenter.num_steps
        self.all_radio, self.filter_radio, self.range_radio = QRadioButton(), QRadioButton(), QRadioButton()
        self.range_group = QButtonGroup(self)
        for i, radio in enumerate((self.all_radio, self.filter_radio, self.range_radio)):
            self.range_group.addButton(radio, i)
        self.all_radio.setChecked(True)
        self.from_spin, self.to_spin = QSpinBox(), QSpinBox()
        for spin, value in ((self.from_spin, 1), (self.to_spin, n)):
            spin.setRange(1, n)
            spin.setValue(value)
        self.fps_spin = QDoubleSpinBox()
        self.fps_spin.setRange(0.1, 50.0)
        self.fps_spin.setDecimals(1)
        self.fps_spin.setValue(2.0)
        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, max(1, n))
        self.scale_combo = QComboBox()
        for s in SCALES:
            self.scale_combo.addItem(f"{s:g}×", s)
        self.path_edit = QLineEdit(str(Path.home() / f"{Path(presenter.input_name).stem or 'cnnviz'}.gif"))
        self.format_combo = ExportFormatBox(animation_formats(), self.path_edit)
        self._format_message = ""
        self.browse_button = QPushButton()
        self.summary_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # e.g. pip
        self.path_edit.setMinimumWidth(self.path_edit.fontMetrics().horizontalAdvance("x" * 36))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self._build_layout()
        for spin in (self.from_spin, self.to_spin, self.every_spin):
            spin.valueChanged.connect(self._on_settings_changed)
        self.fps_spin.valueChanged.connect(self._on_settings_changed)
        self.scale_combo.currentIndexChanged.connect(self._on_settings_changed)
        self.format_combo.currentIndexChanged.connect(self._on_settings_changed)
        self.range_group.idToggled.connect(self._on_settings_changed)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self._retranslate()

    def _build_layout(self) -> None:
        ranges = QGridLayout()
        ranges.addWidget(self.all_radio, 0, 0, 1, 4)
        ranges.addWidget(self.filter_radio, 1, 0, 1, 4)
        ranges.addWidget(self.range_radio, 2, 0)
        ranges.addWidget(self.from_spin, 2, 1)
        self.to_label = QLabel()
        ranges.addWidget(self.to_label, 2, 2)
        ranges.addWidget(self.to_spin, 2, 3)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.range_label, self.fps_label, self.every_label = QLabel(), QLabel(), QLabel()
        self.scale_label, self.format_label, self.file_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.range_label, ranges)
        self.form.addRow(self.fps_label, self.fps_spin)
        self.form.addRow(self.every_label, self.every_spin)
        self.form.addRow(self.scale_label, self.scale_combo)
        self.form.addRow(self.format_label, self.format_combo)
        self.form.addRow(self.file_label, path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    # -- what to export -----------------------------------------------------------
    def selected_steps(self) -> range:
        """The trace steps (from 0) the current settings export; ValueError if none."""
        p = self.presenter
        every = self.every_spin.value()
        if self.filter_radio.isChecked():
            per_filter = p.num_steps // p.stage_trace.out_shape[0]
            f = p.current_panel
            return select_steps(p.num_steps, f * per_filter, (f + 1) * per_filter, every)
        if self.range_radio.isChecked():
            return select_steps(p.num_steps, self.from_spin.value() - 1, self.to_spin.value(), every)
        return select_steps(p.num_steps, 0, None, every)

    def scale(self) -> float:
        return float(self.scale_combo.currentData())

    def output_path(self) -> Path:
        """The typed file, with the chosen format's extension added when it names none."""
        text = self.path_edit.text().strip()
        path = Path(os.path.expanduser(text))
        if path.suffix.lower() in self.format_combo.suffixes():
            return path
        return path.with_name(path.name + self.format_combo.suffix())

    def _on_settings_changed(self, *_: object) -> None:
        self.from_spin.setEnabled(self.range_radio.isChecked())
        self.to_spin.setEnabled(self.range_radio.isChecked())
        try:
            steps = self.selected_steps()
        except ValueError:
            self.summary_label.setText(self.tr("The range is empty: “to” must not be before “from”."))
            self.export_button.setEnabled(False)
            return
        # say at once what a format needs or the frame cap forbids (and take it back once it fits)
        missing = format_problem(self.output_path()) or self._too_many(steps)
        if missing or self.error_label.text() == self._format_message:
            self.error_label.setText(missing)
        self._format_message = missing
        self.export_button.setEnabled(not missing)
        w, h = (round(v * self.scale()) for v in DEFAULT_FRAME_SIZE)
        seconds = len(steps) / self.fps_spin.value()
        self.summary_label.setText(
            self.tr("{0} frames (steps {1} to {2}), {3:.1f} s per loop, {4}×{5} pixels").format(
                len(steps), steps.start + 1, steps[-1] + 1, seconds, w, h
            )
        )

    def _on_browse_button_clicked(self) -> None:
        filters = self.format_combo.file_filters()
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export animation"),
            str(self.output_path()),
            ";;".join(filters),
            filters[self.format_combo.currentIndex()],
        )
        if not path:
            return
        suffixes = self.format_combo.suffixes()
        if Path(path).suffix.lower() not in suffixes and chosen in filters:
            path += suffixes[filters.index(chosen)]  # the filter chosen names the format
        self.path_edit.setText(path)

    # -- exporting -------------------------------------------------------------------
    def start_export(self) -> bool:
        """Check the settings and start writing; False (and a message here) if they are wrong."""
        if self.job is not None:
            return False
        self.error_label.clear()
        problem = self._problem()
        if problem:
            self.error_label.setText(problem)
            return False
        steps, out = self.selected_steps(), self.output_path()
        self.frames = OffscreenFrames(copy_session(self.presenter), DEFAULT_FRAME_SIZE, self.scale())
        self.job = ExportJob(
            steps, self.frames, out, fps=self.fps_spin.value(), palette=self.frames.palette, parent=self
        )
        self.job.progressed.connect(self._on_job_progressed)
        self.job.finished.connect(self._on_job_finished)
        self.job.failed.connect(self._on_job_failed)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.progress = QProgressDialog(
            self.tr("Writing {0}…").format(out.name), self.tr("Cancel"), 0, len(steps), self
        )
        self.progress.setWindowTitle(self.tr("Export animation"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumDuration(0)
        self.progress.canceled.connect(self.job.cancel)
        self.progress.show()
        self.export_button.setEnabled(False)
        self.job.start()
        return True

    def _problem(self) -> str:
        if not self.path_edit.text().strip():
            return self.tr("Choose the file to write.")
        typed = Path(os.path.expanduser(self.path_edit.text().strip()))
        if typed.is_dir():
            return self.tr("{0} is a folder; choose a file name.").format(typed)
        out = self.output_path()
        missing = format_problem(out)
        if missing:
            return missing
        if not out.parent.is_dir():
            return self.tr("The folder {0} does not exist.").format(out.parent)
        if out.is_dir():
            return self.tr("{0} is a folder; choose a file name.").format(out)
        try:
            steps = self.selected_steps()
        except ValueError:
            return self.tr("The range is empty: “to” must not be before “from”.")
        return self._too_many(steps)

    def _too_many(self, steps: range) -> str:
        """Why ``steps`` cannot be exported ('' when they can): the CLI's cap, in words."""
        if len(steps) <= MAX_FRAMES:
            return ""
        every = -(-len(steps) * steps.step // MAX_FRAMES)
        text = self.tr(
            "That is {0} frames; at most {1} can be exported. Choose a shorter range, or one frame every {2} steps."  # noqa: E501
        )
        return text.format(len(steps), MAX_FRAMES, every)

    def _on_job_progressed(self, done: int, total: int) -> None:
        if self.progress is not None and self.job is not None:
            self.progress.setValue(done)
            self.progress.setLabelText(
                self.tr("Writing {0}: frame {1} of {2}…").format(self.job.path.name, done, total)
            )

    def _on_job_finished(self, path: str) -> None:
        n = self.job.total if self.job is not None else 0
        self._end_job()
        self.saved_path = path
        self.result_box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Export animation"),
            self.tr("Saved {0} frames to {1}").format(n, path),
            QMessageBox.StandardButton.Ok,
            self.parentWidget(),
        )
        self.result_box.open()
        self.accept()

    def _on_job_failed(self, message: str) -> None:
        self._end_job()
        self.error_label.setText(self.tr("Nothing was written: {0}").format(message))

    def _on_job_cancelled(self) -> None:
        self._end_job()
        self.error_label.setText(self.tr("Export cancelled; nothing was written."))

    def _end_job(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if self.frames is not None:
            self.frames.presenter.deleteLater()
            self.frames.close()
            self.frames = None
        if self.job is not None:
            self.job.deleteLater()
            self.job = None
        self.export_button.setEnabled(True)

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
        super().reject()

    # -- language --------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export animation"))
        self.range_label.setText(self.tr("Steps:"))
        self.all_radio.setText(self.tr("All steps"))
        if self.presenter.stage == "conv":
            self.filter_radio.setText(
                self.tr("The current filter (w{0})").format(self.presenter.current_panel)
            )
        else:
            self.filter_radio.setText(
                self.tr("The current channel ({0})").format(self.presenter.current_panel)
            )
        self.range_radio.setText(self.tr("From step"))
        self.to_label.setText(self.tr("to"))
        self.fps_label.setText(self.tr("Frames per second:"))
        self.every_label.setText(self.tr("One frame every:"))
        self.every_spin.setSuffix(self.tr(" step(s)"))
        self.scale_label.setText(self.tr("Scale:"))
        self.format_label.setText(self.tr("Format:"))
        self.file_label.setText(self.tr("File:"))
        self.browse_button.setText(self.tr("Browse…"))
        self.export_button.setText(self.tr("Export"))
        self._on_settings_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
