"""The bridge: a filter learned in the Trainer tab, sent to the convolution view."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from cnnviz.views.main_window import MainWindow


def test_sending_a_learned_filter_sets_the_convolution_sessions_weights(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.trainer_tab)  # builds the panel on first visit
    panel, trainer = window.trainer_panel, window.trainer_presenter
    try:
        panel.controls.epochs.setValue(1)
        with qtbot.waitSignal(trainer.state_changed, timeout=30000,
                              check_params_cb=lambda s: s in ("finished", "stopped", "diverged")):
            qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        assert trainer.state == "finished"
        panel.filter_grid.selected, panel.strip.selected = 7, 4
        with qtbot.waitSignal(trainer.filter_sent) as sent:
            qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
        w, b, x, name, index = sent.args
        conv = window.presenter
        assert np.array_equal(conv.trace.w, w) and np.array_equal(conv.trace.b, b)
        assert np.array_equal(conv.trace.x, x) and conv.trace.x.shape == (1, 8, 8)
        assert index == 7 and np.array_equal(w[7], panel.filter_grid.weights[7])
        assert conv.trace.out_shape[1:] == (8, 8)  # stride 1, same padding: as the network saw it
        assert conv.input_name == name and window.tabs.currentIndex() == 0
        # the sent filter keeps its name: the session is at w7's first output
        assert conv.current.filter == 7 and (conv.current.row, conv.current.col) == (0, 0)
        assert "filter w7" in name
    finally:
        window.close()
    assert trainer._worker is None
