"""run_app: the composition root opens the window and remembers settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from cnnviz.app import run_app
from cnnviz.views.main_window import MainWindow


def _close_when_shown(seen: list) -> None:
    def close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(10, close)
            return
        w = windows[0]
        seen.append((w.presenter.input_name, w.conv_view.position_label.text(), w.presenter.speed))
        w.presenter.set_speed(7.5)
        w.resize(1000, 700)
        w.close()

    QTimer.singleShot(0, close)


def test_run_app_opens_the_demo_and_remembers_settings(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    seen: list = []
    _close_when_shown(seen)
    assert run_app([]) == 0
    assert seen[0][:2] == ("demo", "step 1 / 18 · filter w0 · output row 0, column 0")
    _close_when_shown(seen)
    assert run_app([]) == 0
    assert seen[1][2] == 7.5  # the speed came back from QSettings
    assert list(tmp_path.rglob("*.conf"))
