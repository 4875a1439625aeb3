#!/usr/bin/env python3
"""Render the README screenshots of the stages, examples, neuron page, network and
trainer into ``docs/``, offscreen, at a classroom projector's 1280×720.

Run: ``QT_QPA_PLATFORM=offscreen python3 -P tools/make_stage_screenshots.py``
(``tools/make_screenshots.py`` renders the convolution window's pictures).
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SIZE = (1280, 720)


def settle(app: QApplication, ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def shoot(app: QApplication, window, name: str) -> None:
    settle(app)
    window.grab().save(str(DOCS / name))
    print("wrote", DOCS / name)


def train(app: QApplication, window) -> None:
    window.tabs.setCurrentWidget(window.trainer_tab)
    panel, trainer = window.trainer_panel, window.trainer_presenter
    panel.controls.epochs.setValue(4)
    panel.controls.blocks.setValue(2)
    trainer.start() if hasattr(trainer, "start") else panel.start_button.click()
    while trainer.state not in ("finished", "stopped", "diverged"):
        settle(app, 100)


def least_sure_sample(net) -> int:
    """The validation sample whose true class the Network tab's model gives the lowest probability."""
    labels = net.samples.labels

    def p_true(i: int) -> float:
        net.choose_sample(i)
        net.flush()
        return float(net.records[-1].output[int(labels[i])])

    return min(range(len(labels)), key=p_true)


def main() -> None:
    app = QApplication([])
    from cnnviz.app import LanguageSwitcher
    from cnnviz.views.main_window import MainWindow

    switcher = LanguageSwitcher(app)
    DOCS.mkdir(exist_ok=True)
    for lang in ("en", "zh_CN"):
        switcher.apply(lang)
        w = MainWindow()
        w.resize(*SIZE)
        w.show()
        p = w.presenter
        w.open_example("A")
        shoot(app, w, f"example_A_{lang}.png")
        w.open_example("C")
        shoot(app, w, f"example_C_{lang}.png")
        w.open_example("B")
        p.set_stage("relu")
        p.seek(5)
        shoot(app, w, f"stage_relu_{lang}.png")
        p.set_stage("grad_w")
        p.seek_position(0, 0, 1, 1)
        shoot(app, w, f"stage_grad_w_{lang}.png")
        p.set_stage("conv")
        # a lesson with its teacher's note, and the session as code
        w.open_example("B")
        note = {
            "en": "Watch channel 0: only the window's centre column meets non-zero inputs. "
            "Ask: what will the output be before pressing →?",
            "zh_CN": "看通道 0：只有窗口中间一列遇到非零输入。按 → 之前先问：输出是多少？",
        }[lang]
        w.note_panel.set_note(note)
        w.note_panel.set_expanded(True)
        w.code_panel.set_expanded(True)
        shoot(app, w, f"lesson_note_code_{lang}.png")
        w.code_panel.set_expanded(False)
        w.note_panel.set_expanded(False)
        p.set_transposed(True)
        p.seek(7)
        shoot(app, w, f"transposed_{lang}.png")
        p.set_transposed(False)
        w.open_example("AND")
        shoot(app, w, f"neuron_and_{lang}.png")
        train(app, w)
        shoot(app, w, f"trainer_{lang}.png")
        w.tabs.setCurrentWidget(w.network_tab)
        page = w.network_tab.ensure_page()
        settle(app, 300)
        page.presenter.use_trainer_model()
        page.presenter.flush()
        page.presenter.choose_sample(2)
        page.presenter.flush()
        names = [c.name for c in page.presenter.columns]
        conv = names.index("conv2") if "conv2" in names else names.index("conv1")
        page.presenter.select(conv, (3, 1, 1))
        shoot(app, w, f"network_{lang}.png")
        # a cell sent to the Convolution tab learns from the network's real gradient: on the
        # validation sample the network is least sure of, where that gradient is not tiny
        net = page.presenter
        net.choose_sample(least_sure_sample(net))
        net.flush()
        net.select(conv, (3, 1, 1))
        page.detail.conv.open_button.click()
        p.set_stage("grad_w")
        p.seek_position(0, 1, 1, 1)
        shoot(app, w, f"stage_grad_w_network_{lang}.png")
        w.close()
        w.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()
