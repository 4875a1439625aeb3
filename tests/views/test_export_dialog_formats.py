"""The export dialog's Format box: the same formats as the command line, kept in step with
the file name, and .mp4 refused with the install line when the video library is missing."""

from __future__ import annotations

import sys

import pytest
from PIL import Image
from PySide6.QtCore import Qt

INSTALL = 'pip install "cnnviz[video]"'


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_format_box_offers_the_command_lines_formats(dialog):
    box = dialog.format_combo
    assert box.suffixes() == [".gif", ".apng", ".webp", ".mp4"]
    assert [box.itemText(i) for i in range(box.count())] == [
        "GIF (.gif)",
        "Animated PNG, lossless (.apng)",
        "WebP, lossless (.webp)",
        "MP4 video, H.264 (.mp4)",
    ]
    assert box.file_filters()[2] == "WebP animations (*.webp)"


def test_format_and_file_name_follow_each_other(dialog, tmp_path):
    box = dialog.format_combo
    assert box.suffix() == ".gif"
    box.setCurrentIndex(2)  # WebP
    assert dialog.path_edit.text() == str(tmp_path / "demo.webp")
    dialog.path_edit.setText(str(tmp_path / "slides.APNG"))
    assert box.suffix() == ".apng"
    assert dialog.output_path() == tmp_path / "slides.APNG"
    dialog.path_edit.setText(str(tmp_path / "slides"))  # no extension: the chosen format's is added
    assert dialog.output_path() == tmp_path / "slides.apng"
    dialog.path_edit.setText(str(tmp_path / "notes.txt"))
    assert dialog.output_path() == tmp_path / "notes.txt.apng"


def test_export_as_webp_writes_every_step(qtbot, dialog, tmp_path):
    dialog.format_combo.setCurrentIndex(2)
    dialog.fps_spin.setValue(4)
    with qtbot.waitSignal(dialog.finished, timeout=60000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.result_box.close()
    with Image.open(tmp_path / "demo.webp") as im:
        im.load()  # WebP reports a frame's duration once it is decoded
        assert im.format == "WEBP" and im.n_frames == 18 and im.info["duration"] == 250
    assert listing(tmp_path) == ["demo.webp"]


def test_mp4_without_the_video_library_says_how_to_install_it(dialog, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)  # `import av` fails as if it were not installed
    dialog.format_combo.setCurrentIndex(3)
    assert dialog.path_edit.text() == str(tmp_path / "demo.mp4")
    assert INSTALL in dialog.error_label.text()
    assert not dialog.export_button.isEnabled()
    assert not dialog.start_export()
    assert dialog.job is None and listing(tmp_path) == []
    dialog.path_edit.setText(str(tmp_path / "demo.gif"))  # another format: the message goes
    assert dialog.error_label.text() == "" and dialog.export_button.isEnabled()


def test_mp4_is_offered_when_the_library_is_there(qtbot, dialog, tmp_path):
    av = pytest.importorskip("av")
    dialog.path_edit.setText(str(tmp_path / "demo.mp4"))
    assert dialog.error_label.text() == "" and dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.finished, timeout=60000):
        assert dialog.start_export()
    dialog.result_box.close()
    with av.open(str(tmp_path / "demo.mp4")) as container:
        assert sum(1 for _ in container.decode(video=0)) == 18
