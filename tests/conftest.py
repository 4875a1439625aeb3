import os

# before anything imports Qt
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CNNVIZ_BACKEND", "numpy")


# -- Qt hygiene: a test must not leave windows open or timers running -------------
import gc  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402


def _visible_top_levels() -> set:
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return set()
    return {w for w in widgets.QApplication.topLevelWidgets() if w.isVisible()}


def _active_timers() -> list:
    core = sys.modules.get("PySide6.QtCore")
    if core is None or core.QCoreApplication.instance() is None:
        # no application, no running timer: skip the gc scan, which costs
        # ~0.1 s per call once torch's objects are loaded (core cross-checks)
        return []
    import shiboken6

    timer = core.QTimer  # issubclass(type(o)) never touches lazy proxies (torch warns on isinstance)
    return [
        o for o in gc.get_objects()
        if issubclass(type(o), timer) and shiboken6.isValid(o) and o.isActive()
    ]


@pytest.fixture(autouse=True)
def _qt_leak_check():
    """Fail a test that leaves a visible top-level widget or an active QTimer behind
    (pytest-qt has already closed the widgets registered with ``qtbot.addWidget``)."""
    before = _visible_top_levels()
    yield
    leaked = [w for w in _visible_top_levels() - before]
    # one scan after the test is enough: a leaked timer is stopped below, so the
    # next test starts clean
    timers = _active_timers()
    for w in leaked:
        w.close()
    for t in timers:
        t.stop()
    problems = [f"widget {type(w).__name__} still open" for w in leaked]
    problems += [
        f"QTimer {t.objectName() or hex(id(t))} (parent {type(t.parent()).__name__}) still running"
        for t in timers
    ]
    if problems:
        pytest.fail("test left Qt objects behind: " + "; ".join(problems), pytrace=False)
