"""File → Export animation…: range choices, progress, Cancel and failures leave no file."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.views.export_dialog import ExportDialog


def n_frames(path) -> int:
    with Image.open(path) as im:
        return im.n_frames


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_range_choices_count_from_one_like_the_readout(dialog, presenter):
    assert dialog.selected_steps() == range(0, 18)
    presenter.seek(11)  # filter w1
    dialog.filter_radio.setChecked(True)
    assert dialog.selected_steps() == range(9, 18)
    dialog.range_radio.setChecked(True)
    dialog.from_spin.setValue(3)
    dialog.to_spin.setValue(7)
    dialog.every_spin.setValue(2)
    assert list(dialog.selected_steps()) == [2, 4, 6]
    assert dialog.summary_label.text().startswith("3 frames (steps 3 to 7)")
    dialog.to_spin.setValue(2)
    assert not dialog.export_button.isEnabled()
    assert "empty" in dialog.summary_label.text()


def test_export_writes_the_file_and_says_where(qtbot, dialog, presenter, tmp_path):
    presenter.seek(4)
    dialog.fps_spin.setValue(5)
    with qtbot.waitSignal(dialog.finished, timeout=60000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "demo.gif"
    assert n_frames(out) == 18
    with Image.open(out) as im:
        assert im.info["duration"] == 200 and im.info["loop"] == 0
    assert dialog.saved_path == str(out)
    assert dialog.result_box is not None and str(out) in dialog.result_box.text()
    assert dialog.result_box.text().startswith("Saved 18 frames to")
    assert presenter.step_index == 4  # the window's session was not moved
    assert listing(tmp_path) == ["demo.gif"]
    dialog.result_box.close()


def test_cancel_in_the_progress_dialog_leaves_the_old_file(qtbot, dialog, tmp_path):
    out = tmp_path / "demo.gif"
    out.write_bytes(b"last week's animation")
    assert dialog.start_export()
    cancel = dialog.progress.findChild(QPushButton)
    job = dialog.job
    job.progressed.connect(lambda *_: qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton))
    with qtbot.waitSignal(job.cancelled, timeout=60000):
        pass
    assert out.read_bytes() == b"last week's animation"
    assert listing(tmp_path) == ["demo.gif"]
    assert dialog.job is None and dialog.progress is None
    assert dialog.error_label.text() == "Export cancelled; nothing was written."
    assert dialog.export_button.isEnabled()


def test_closing_the_dialog_during_export_cancels_it(qtbot, dialog, tmp_path):
    assert dialog.start_export()
    job = dialog.job
    with qtbot.waitSignal(job.cancelled, timeout=10000):
        dialog.reject()
    assert listing(tmp_path) == []


def test_failure_midway_reports_and_keeps_the_old_file(qtbot, dialog, tmp_path, monkeypatch):
    from cnnviz.media import animation

    out = tmp_path / "demo.gif"
    out.write_bytes(b"old")
    real = animation.GifWriter.add_frame

    def full_disk(self, frame):
        if self.frames_written == 3:
            raise OSError(28, "No space left on device")
        real(self, frame)

    monkeypatch.setattr(animation.GifWriter, "add_frame", full_disk)
    assert dialog.start_export()
    with qtbot.waitSignal(dialog.job.failed, timeout=60000):
        pass
    assert dialog.error_label.text() == "Nothing was written: Cannot write demo.gif: No space left on device."
    assert out.read_bytes() == b"old"
    assert listing(tmp_path) == ["demo.gif"]


@pytest.mark.parametrize(
    ("path", "message"),
    [("", "Choose the file to write."), ("{tmp}/gone/a.gif", "does not exist"), ("{tmp}", "is a folder")],
)
def test_bad_output_is_explained_before_anything_starts(dialog, tmp_path, path, message):
    target = tmp_path / "sub"
    target.mkdir()
    dialog.path_edit.setText(path.format(tmp=target))
    assert not dialog.start_export()
    assert message in dialog.error_label.text()
    assert dialog.job is None
    assert listing(target) == []


def test_name_without_suffix_gets_gif(dialog, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "slides"))
    assert dialog.output_path() == tmp_path / "slides.gif"


def test_too_many_frames_are_refused_with_advice(qtbot, tmp_path):
    p = ConvSessionPresenter()
    assert p.set_input(np.random.default_rng(0).random((1, 80, 80), np.float32), "noise")
    assert p.set_stride(1)  # 2 filters × 80 × 80 = 12800 steps
    d = ExportDialog(p)
    qtbot.addWidget(d)
    d.path_edit.setText(str(tmp_path / "n.gif"))
    advice = (
        "That is 12800 frames; at most 600 can be exported. "  # the command line's cap, too
        "Choose a shorter range, or one frame every 22 steps."
    )
    # said before Export is pressed, and Export is off until the range fits
    assert d.error_label.text() == advice and not d.export_button.isEnabled()
    assert not d.start_export()
    assert d.error_label.text() == advice
    assert listing(tmp_path) == []
    d.every_spin.setValue(22)
    assert d.error_label.text() == "" and d.export_button.isEnabled()  # the red text clears


def test_main_window_file_menu_opens_the_dialog(qtbot):
    from cnnviz.views.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    action = w.export_hook.action
    assert action in w.file_menu.actions()
    assert action.text() == "&Export animation…"
    assert w.file_menu.actions().index(action) < w.file_menu.actions().index(w.quit_action)
    action.trigger()
    dlg = w.export_hook.dialog
    assert dlg is not None and dlg.isVisible() and dlg.presenter is w.presenter
    dlg.reject()


def test_menu_action_and_dialog_follow_a_language_switch(qtbot, qapp, presenter):
    from cnnviz.app import LanguageSwitcher
    from cnnviz.views.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    d = ExportDialog(presenter)
    qtbot.addWidget(d)
    switcher = LanguageSwitcher(qapp)
    try:
        switcher.apply("zh_CN")
        qtbot.waitUntil(lambda: w.export_hook.action.text() == "导出动画(&E)…")
        assert d.windowTitle() == "导出动画"
        assert d.all_radio.text() == "全部步骤"
        assert d.summary_label.text().startswith("18 帧")
    finally:
        switcher.apply("en")
    qtbot.waitUntil(lambda: w.export_hook.action.text() == "&Export animation…")
    assert d.all_radio.text() == "All steps"
