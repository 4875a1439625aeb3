"""File → Make worksheet…: the dialog writes what ``cnnviz worksheet`` writes, or nothing."""

from __future__ import annotations

import stat
import sys

import pytest
from PySide6.QtCore import Qt

from cnnviz.cli import main as cli_main
from cnnviz.views.worksheet_dialog import WorksheetDialog


@pytest.fixture
def dialog(qtbot, tmp_path):
    d = WorksheetDialog(folder=tmp_path / "gui")
    qtbot.addWidget(d)
    return d


@pytest.mark.parametrize(("seed", "level"), [(7, 1), (4242, 3)])
def test_write_matches_the_command(dialog, qtbot, tmp_path, seed, level):
    (tmp_path / "gui").mkdir()
    (tmp_path / "cli").mkdir()
    dialog.seed_box.setValue(seed)
    dialog.level_box.setCurrentIndex(dialog.level_box.findData(level))
    sheet, key = tmp_path / "gui" / f"sheet_{seed}.png", tmp_path / "gui" / f"key_{seed}.png"
    assert dialog.sheet_edit.text() == str(sheet)  # the default names follow the seed
    assert dialog.key_edit.text() == str(key)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert str(sheet) in dialog.message.text() and str(key) in dialog.message.text()
    cli_sheet, cli_key = tmp_path / "cli" / "s.png", tmp_path / "cli" / "k.png"
    argv = ["worksheet", "--seed", str(seed), "--level", str(level), "--lang", "en",
            "-o", str(cli_sheet), "--answers", str(cli_key)]  # fmt: skip
    assert cli_main(argv) == 0
    assert sheet.read_bytes() == cli_sheet.read_bytes()
    assert key.read_bytes() == cli_key.read_bytes()


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX permission bits")
def test_write_protected_target_is_refused(dialog, qtbot, tmp_path):
    folder = tmp_path / "gui"
    folder.mkdir()
    key = folder / "key_1.png"
    key.write_bytes(b"the student's old key")
    key.chmod(stat.S_IRUSR)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert "write-protected" in dialog.message.text() and str(key) in dialog.message.text()
    assert sorted(p.name for p in folder.iterdir()) == ["key_1.png"]
    assert key.read_bytes() == b"the student's old key"


def test_missing_folder_is_refused_in_words(dialog, qtbot, tmp_path):
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert "does not exist" in dialog.message.text()
    assert not (tmp_path / "gui").exists()


def test_same_file_twice_is_refused(dialog, qtbot, tmp_path):
    (tmp_path / "gui").mkdir()
    dialog.key_edit.setText(dialog.sheet_edit.text())
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert "two different files" in dialog.message.text()
    assert list((tmp_path / "gui").iterdir()) == []


def test_menu_has_the_entry(qtbot):
    from cnnviz.views.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w.worksheet_action in w.file_menu.actions()
    assert w.worksheet_action.text() == "Make &worksheet…"


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX permission bits")
def test_chinese_interface_defaults_to_chinese_and_says_why_in_chinese(qapp, qtbot, tmp_path):
    from cnnviz.app import LanguageSwitcher

    switcher = LanguageSwitcher(qapp)
    switcher.apply("zh_CN")
    try:
        d = WorksheetDialog(folder=tmp_path)
        qtbot.addWidget(d)
        assert d.lang_box.currentData() == "zh_CN"
        key = tmp_path / "key_1.png"
        key.write_bytes(b"old")
        key.chmod(stat.S_IRUSR)
        d.write()
        assert "写保护" in d.message.text()
        assert [p.name for p in tmp_path.iterdir()] == ["key_1.png"]
    finally:
        switcher.apply("en")
