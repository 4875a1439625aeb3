"""Lessons in the window: File → Save lesson… / Open lesson…, the teacher's note, the
examples as shipped lesson files, ``cnnviz FILE``, and the As-code panel."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from cnnviz.app import LanguageSwitcher, run_app
from cnnviz.core.lesson_data import Lesson, example_lesson
from cnnviz.media.lesson_file import read_lesson, write_lesson
from cnnviz.presenters import torch_check
from cnnviz.presenters.lesson_session import lesson_from_session
from cnnviz.views.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    yield w
    w.presenter.pause()


def test_save_and_open_a_lesson_with_its_note(window, tmp_path, monkeypatch):
    p = window.presenter
    assert p.set_stride(1) and p.set_stage("relu")
    p.seek(7)
    window.note_panel.editor.setPlainText("Watch the negative outputs become 0.")
    path = tmp_path / "relu.cnnviz"
    monkeypatch.setattr(
        "cnnviz.views.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(tmp_path / "relu"), "")
    )
    window.save_lesson_action.trigger()  # the suffix is added
    saved = read_lesson(path)
    assert (saved.stage, saved.step, saved.stride, saved.note) == (
        "relu",
        7,
        1,
        "Watch the negative outputs become 0.",
    )
    assert p.load_demo()
    window.note_panel.set_note("")
    assert not window.note_panel.expanded
    monkeypatch.setattr(
        "cnnviz.views.main_window.QFileDialog.getOpenFileName", lambda *a, **k: (str(path), "")
    )
    window.open_lesson_action.trigger()
    assert (p.stage, p.step_index, p.params.stride) == ("relu", 7, 1)
    assert window.note_panel.note == saved.note and window.note_panel.expanded
    assert window.note_panel.editor.isVisibleTo(window)
    assert lesson_from_session(p, window.note_panel.note).same_as(saved)


def test_a_bad_lesson_is_explained_and_changes_nothing(window, tmp_path):
    window.note_panel.set_note("my note")
    before = lesson_from_session(window.presenter, "")
    bad = tmp_path / "bad.cnnviz"
    bad.write_text("hello")
    assert not window.open_file(str(bad))
    assert window.message_bar.isVisibleTo(window)
    text = window.message_bar.label.text()
    assert text.startswith("Could not open the lesson bad.cnnviz: this is not a cnnviz lesson file. (")
    assert lesson_from_session(window.presenter, "").same_as(before)
    assert window.note_panel.note == "my note"


def test_examples_open_the_shipped_lesson_files(window, monkeypatch):
    opened: list[str] = []
    real = window.open_lesson
    monkeypatch.setattr(window, "open_lesson", lambda path: opened.append(path) or real(path))
    window.example_actions["C"].trigger()
    assert opened[-1].endswith("example_C.cnnviz")
    assert (window.presenter.stage, window.presenter.input_name) == ("pool", "example C")
    window.example_actions["A"].trigger()
    assert opened[-1].endswith("example_A.cnnviz") and window.presenter.num_steps == 1
    assert window.open_example("AND") and window.tabs.currentWidget() is window.neuron_page
    window.example_actions["B"].trigger()
    assert window.tabs.currentIndex() == 0 and window.presenter.input_name == "example B"


def test_open_file_takes_a_picture_too(window, tmp_path):
    pic = tmp_path / "cat.png"
    Image.fromarray(np.arange(64, dtype=np.uint8).reshape(8, 8)).save(pic)
    assert window.open_file(str(pic)) and window.presenter.input_name == "cat.png"
    assert not window.open_file(str(tmp_path / "missing.jpg"))
    assert "missing.jpg" in window.message_bar.label.text() and window.message_bar.isVisibleTo(window)


def test_a_dropped_lesson_opens(window, tmp_path):
    path = tmp_path / "c.cnnviz"
    write_lesson(path, example_lesson("C"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert (window.presenter.stage, window.presenter.input_name) == ("pool", "example C")


def test_typing_in_the_note_does_not_drive_playback(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.note_panel.set_expanded(True)
    window.note_panel.editor.setFocus()
    qtbot.keyClicks(window.note_panel.editor, "a b")
    qtbot.keyClick(window.note_panel.editor, Qt.Key.Key_Right)
    qtbot.keyClick(window.note_panel.editor, Qt.Key.Key_Space)
    assert window.note_panel.note == "a b " and not window.presenter.is_playing
    assert window.presenter.step_index == 0


def test_a_note_too_long_to_save_is_flagged(window, tmp_path):
    window.note_panel.set_note("x" * 20_001)
    assert window.note_panel.limit_label.isVisibleTo(window)
    assert not window.save_lesson(str(tmp_path / "long.cnnviz"))
    assert "20,000" in window.message_bar.label.text() and not (tmp_path / "long.cnnviz").exists()


# -- cnnviz FILE through run_app ------------------------------------------------------------


def _close_when_shown(seen: list) -> None:
    def close() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not shown:
            QTimer.singleShot(10, close)
            return
        w = shown[0]
        seen.append(
            (w.presenter.input_name, w.presenter.stage, w.note_panel.note, w.message_bar.label.text())
        )
        w.close()

    QTimer.singleShot(0, close)


def test_run_app_opens_a_lesson_or_explains_a_bad_file(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    ex = example_lesson("C")
    path = tmp_path / "c.cnnviz"
    write_lesson(path, Lesson(ex.x, ex.w, ex.b, stage="pool", name="example C", note="Max of each 2×2."))
    seen: list = []
    _close_when_shown(seen)
    assert run_app([], file=str(path)) == 0
    assert seen[0][:3] == ("example C", "pool", "Max of each 2×2.")
    _close_when_shown(seen)
    assert run_app([], file=str(tmp_path / "gone.cnnviz")) == 0
    assert seen[1][0] == "demo" and seen[1][3].startswith("Could not open the lesson gone.cnnviz")


# -- the As-code panel -------------------------------------------------------------------------


def test_the_code_panel_follows_the_session_and_copies(window):
    panel = window.code_panel
    assert not panel.expanded and panel.numpy_view.toPlainText() == ""  # built only when opened
    panel.set_expanded(True)
    assert "conv2d(x[None], w, b, stride=2, padding=1, dilation=1)" in panel.numpy_view.toPlainText()
    assert "torch.nn.functional.conv2d(x, w, b, stride=2, padding=1)" in panel.torch_view.toPlainText()
    assert window.presenter.set_stride(1)
    assert "stride=1, padding=1" in panel.numpy_view.toPlainText()
    panel.code_tabs.setCurrentIndex(1)
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == panel.torch_view.toPlainText()
    assert panel.result_label.text() == "Copied to the clipboard."


def test_check_without_torch_says_how_to_install(window, monkeypatch):
    monkeypatch.setattr(torch_check, "torch_available", lambda: False)
    window.code_panel.set_expanded(True)
    window.code_panel.check_button.click()
    text = window.code_panel.result_label.text()
    assert "PyTorch is not installed" in text and "python3 -m pip install torch" in text
    assert window.code_panel.check_button.isEnabled()


@pytest.mark.skipif(not torch_check.torch_available(), reason="PyTorch is not installed")
def test_check_with_pytorch_from_the_panel(window, qtbot):
    panel = window.code_panel
    panel.set_expanded(True)
    with qtbot.waitSignal(panel.check.finished, timeout=90_000):
        panel.check_button.click()
        assert not panel.check_button.isEnabled()
        assert "separate process" in panel.result_label.text()
    assert "agrees: the largest absolute difference" in panel.result_label.text()
    assert panel.check_button.isEnabled()


def test_panels_in_chinese(qapp, qtbot):
    switcher = LanguageSwitcher(qapp)
    switcher.apply("zh_CN")
    try:
        w = MainWindow()
        qtbot.addWidget(w)
        assert w.note_panel.header.text() == "教师备注" and w.code_panel.header.text() == "写成代码"
        assert w.code_panel.check_button.text() == "用 PyTorch 核对"
        assert w.save_lesson_action.text() == "保存课件(&S)…"
        w.code_panel.set_expanded(True)
        assert "输入 (C, H, W) = (3, 5, 5)" in w.code_panel.numpy_view.toPlainText()
        assert not w.open_file("/nonexistent/a.cnnviz")
        assert w.message_bar.label.text() == "无法打开课件 a.cnnviz：文件不存在。"
        w.presenter.pause()
    finally:
        switcher.apply("en")
