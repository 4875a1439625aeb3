"""The fully-connected and softmax detail widgets, driven through a real presenter."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from cnnviz.app import LanguageSwitcher
from cnnviz.presenters.dense import DensePresenter
from cnnviz.views.stages.bar_list import NEGATIVE_COLOR, POSITIVE_COLOR
from cnnviz.views.stages.dense_page import DensePage
from cnnviz.views.stages.dense_view import LinearDetailView, SoftmaxDetailView

X = np.array([1, 2, 0, -1, 0.5, 3, 0, 2, 1, -2, 0.5, 1, 4, 0, 1, 2], dtype=np.float32)
W = (np.arange(64, dtype=np.float32).reshape(4, 16) % 7 - 3) / 2
B = np.array([0.5, -1, 0, 2], dtype=np.float32)
NAMES = ["cat", "dog", "ship", "truck"]


@pytest.fixture
def presenter(qapp):
    p = DensePresenter(X, W, B, NAMES)
    yield p
    p.deleteLater()


@pytest.fixture
def linear_view(qtbot, presenter):
    view = LinearDetailView(presenter)
    qtbot.addWidget(view)
    view.resize(600, 500)
    return view


@pytest.fixture
def softmax_view(qtbot, presenter):
    view = SoftmaxDetailView(presenter)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_linear_view_lists_the_largest_terms_first(linear_view, presenter):
    d = presenter.linear_detail
    assert linear_view.bar_indices() == d.order[:12].tolist()
    values = linear_view.bar_values()
    assert values[:12] == [b.value for b in d.bars]
    assert [abs(v) for v in values[:12]] == sorted((abs(v) for v in values[:12]), reverse=True)
    assert values[12] == d.bias  # the bias bar closes the list
    texts = linear_view.bar_texts()
    assert texts[:12] == [b.label for b in d.bars] and texts[0] == "1*4 = 4"
    assert texts[12] == f"… {d.hidden_text}" and texts[12].startswith("… 4 more terms (sum ")
    assert texts[13] == "0.5"
    rows = linear_view.bars.rows
    assert math.isnan(rows[12].value) and rows[12].key is None
    bars = [r for r in rows if r.key is not None]
    assert all(r.color == (NEGATIVE_COLOR if r.value < 0 else POSITIVE_COLOR) for r in bars)
    assert linear_view.formula_label.text() == f"z = {d.sum_text}"
    assert "neuron 0 (cat)" in linear_view.title_label.text()


def test_linear_view_follows_the_presenter(linear_view, presenter):
    presenter.seek(3)
    d = presenter.linear_detail
    assert d.neuron == 3
    assert linear_view.bar_indices() == [b.index for b in d.bars]
    assert linear_view.formula_label.text().endswith(d.value_text)
    assert "neuron 3 (truck)" in linear_view.title_label.text()


def test_softmax_view_shows_every_class(softmax_view, presenter):
    d = presenter.softmax_detail
    assert softmax_view.bar_names() == NAMES
    assert softmax_view.bar_values() == pytest.approx(d.probabilities.tolist())
    assert sum(softmax_view.bar_values()) == pytest.approx(1.0)
    assert softmax_view.current_class() == 0
    assert softmax_view.bar_texts()[1] == f"{d.bars[1].label}  (z = {d.bars[1].logit_text})"
    assert softmax_view.formula_label.text() == f"p(cat) = {d.text}"


def test_clicking_a_softmax_bar_selects_that_class(softmax_view, presenter, qtbot):
    bars = softmax_view.bars
    with qtbot.waitSignal(presenter.step_changed) as blocker:
        qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.row_rect(2).center().toPoint())
    assert blocker.args == [2] and presenter.step_index == 2
    assert softmax_view.current_class() == 2
    assert softmax_view.formula_label.text() == f"p(ship) = {presenter.softmax_detail.text}"


def test_clicking_below_the_bars_does_nothing(softmax_view, presenter, qtbot):
    bars = softmax_view.bars
    below = bars.row_rect(3).center().toPoint()
    below.setY(int(bars.row_rect(3).bottom()) + 4)
    with qtbot.assertNotEmitted(presenter.step_changed):
        qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=below)
    assert presenter.step_index == 0


def test_page_steps_through_outputs_and_speaks_chinese(qtbot, qapp):
    page = DensePage()
    qtbot.addWidget(page)
    p = page.presenter
    assert page.position_label.text() == "Output 1 / 4 · class cat"
    assert not page.previous_button.isEnabled()
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert p.step_index == 1 and page.softmax_view.current_class() == 1
    assert page.linear_view.bar_indices() == [b.index for b in p.linear_detail.bars]
    switcher = LanguageSwitcher(qapp)
    try:
        switcher.apply("zh_CN")
        qtbot.waitUntil(lambda: page.windowTitle() == "全连接层")
        qtbot.waitUntil(lambda: "偏置" in page.linear_view.formula_label.text())
        assert page.position_label.text().startswith("输出 2 / 4")
        assert page.linear_view.title_label.text().startswith("全连接层 · 神经元 1")
        assert page.linear_view.bar_texts()[12].startswith("… 另外 4 项")
        assert page.softmax_view.title_label.text().startswith("Softmax 概率")
    finally:
        switcher.apply("en")
    qtbot.waitUntil(lambda: "(bias)" in page.linear_view.formula_label.text())
    assert page.windowTitle() == "Fully connected layer"
