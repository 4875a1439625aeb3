"""How fast the Network tab follows a new input on a 3-block 32×32 network.

Choosing an input runs the forward pass layer by layer (``forward_trace``),
rebuilds every column's pictures and repaints the whole page, offscreen. The
target is a median of at most 30 ms; the bare ``forward_trace`` time is
printed beside it.

Run: ``QT_QPA_PLATFORM=offscreen python3 benchmarks/bench_network_view.py``
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cnnviz.core import forward_trace  # noqa: E402
from cnnviz.core.datasets import make_shapes, split_dataset  # noqa: E402
from cnnviz.core.train import Architecture  # noqa: E402
from cnnviz.views.network_page import NetworkPage  # noqa: E402

TARGET_MS = 30.0
ROUNDS = 40


def main(size: tuple[int, int] = (1600, 900)) -> int:
    app = QApplication.instance() or QApplication(["bench"])
    split = split_dataset(make_shapes(400, size=32, seed=0), 0.2, seed=0)
    arch = Architecture(split.input_shape, split.num_classes, filters=16, kernel_size=5, blocks=3, hidden=32)
    model = arch.build(0)
    page = NetworkPage()
    page.resize(*size)
    page.show()
    presenter = page.presenter
    name = "shapes 32×32, 3 blocks"
    presenter.set_model(model, split.class_names, mean=split.mean, std=split.std, name=name)
    presenter.select(1, (0, 10, 10))  # a conv cell open in the detail panel, as a student would have it
    app.processEvents()
    inputs = [split.x_val[i] for i in range(ROUNDS + 5)]
    whole, forward = [], []
    for i, x in enumerate(inputs):
        t0 = time.perf_counter()
        presenter.set_input(x)
        page.repaint()  # every widget of the page painted now, offscreen
        t1 = time.perf_counter()
        forward_trace(model, x)
        t2 = time.perf_counter()
        if i >= 5:  # warm-up
            whole.append((t1 - t0) * 1000)
            forward.append((t2 - t1) * 1000)
    columns = presenter.columns
    maps = sum(c.values.shape[0] for c in columns if c.is_map)
    median = statistics.median(whole)
    print(f"network: {' → '.join(c.name for c in columns)} ({maps} maps, {len(columns)} columns)")
    print(
        f"new input, whole view updated: median {median:.1f} ms (p90 {np.percentile(whole, 90):.1f} ms); "
        f"bare forward_trace: median {statistics.median(forward):.1f} ms; target ≤ {TARGET_MS:.0f} ms"
    )
    page.close()
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
