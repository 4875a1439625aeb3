"""Speed of the convolution window, offscreen (a benchmark, not a test).

* one step = ``presenter.step()`` + every view updated + the whole window
  repainted (``QWidget.repaint()`` on the ConvolutionView, which paints every
  child synchronously), median over many steps, for (a) the demo and (b) a
  512×512 RGB image with 8 filters (3×3, stride 1, padding 1);
* process start → first painted main window, against a floor of
  ``import PySide6.QtWidgets, pyqtgraph, numpy`` + QApplication + one painted
  empty window, in the same run.

Run: ``QT_QPA_PLATFORM=offscreen python3 benchmarks/bench_views.py``
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FLOOR = r"""
import time, sys
t0 = float(sys.argv[1])
import numpy, pyqtgraph
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1400, 860)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            print(time.time() - t0); app.quit()
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""

APP = r"""
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication([])
from cnnviz.app import LanguageSwitcher
LanguageSwitcher(app).apply("en")
from cnnviz.views.main_window import MainWindow
w = MainWindow()
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            print(time.time() - t0); app.quit()
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""


def startup(code: str, runs: int = 7) -> float:
    """Median seconds from spawning ``python -c code`` to its first paint.

    Bytecode caching is on (a warm-up run writes the .pyc files), as on a
    user's machine after the first start.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    times = []
    for i in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", code, repr(time.time())],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        if i:  # the first run only warms the caches
            times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def step_times(view, presenter, steps: int) -> list[float]:
    view.repaint()
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        if presenter.step_index >= presenter.num_steps - 1:
            presenter.first()
        else:
            presenter.step()
        view.repaint()
        times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> None:
    import numpy as np
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from cnnviz.presenters import ConvSessionPresenter, Params
    from cnnviz.views.convolution_view import ConvolutionView

    presenter = ConvSessionPresenter()
    view = ConvolutionView(presenter)
    view.resize(1200, 760)
    view.show()
    app.processEvents()
    demo = step_times(view, presenter, 300)

    rng = np.random.default_rng(0)
    x = rng.random((3, 512, 512), dtype=np.float32)
    w = rng.integers(-1, 2, (8, 3, 3, 3)).astype(np.float32)
    presenter.configure(x, w, np.zeros(8, np.float32), Params(1, 1, 1), "random 512×512")
    app.processEvents()
    big = step_times(view, presenter, 300)
    # the same, zoomed in so numbers are drawn in the cells
    step = presenter.current
    view.input_view.zoom_to(step.origin[0] + 1, step.origin[1] + 1, 7)
    view.output_view.zoom_to(step.row, step.col, 7)
    zoomed = step_times(view, presenter, 300)
    view.close()

    def report(name: str, t: list[float]) -> None:
        print(f"{name:<46} median {statistics.median(t):6.2f} ms   p90 {np.percentile(t, 90):6.2f} ms")

    print("one step = advance + update every view + repaint, offscreen")
    report("(a) demo 7×7×3, 2 filters", demo)
    report("(b) 512×512 RGB, 8 filters 3×3", big)
    report("(b') same, zoomed in (numbers drawn)", zoomed)
    floor, app_t = startup(FLOOR), startup(APP)
    print(f"start → first paint: floor (Qt+pyqtgraph+numpy, empty window) {floor * 1000:6.0f} ms")
    print(
        f"start → first paint: cnnviz main window                     {app_t * 1000:6.0f} ms"
        f"  (+{(app_t / floor - 1) * 100:.0f} %)"
    )


if __name__ == "__main__":
    main()
