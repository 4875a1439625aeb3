"""The fully-connected/softmax session without widgets: records in, no drawing."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.formatting import format_linear, format_softmax
from cnnviz.core.functional import softmax
from cnnviz.core.traces import LinearTrace, SoftmaxTrace
from cnnviz.presenters.dense import DensePresenter, demo_dense_presenter

X = np.array([1, 2, 0, -1, 0.5, 3, 0, 2, 1, -2, 0.5, 1, 4, 0, 1, 2], dtype=np.float32)
W = (np.arange(64, dtype=np.float32).reshape(4, 16) % 7 - 3) / 2
B = np.array([0.5, -1, 0, 2], dtype=np.float32)
NAMES = ["cat", "dog", "ship", "truck"]


@pytest.fixture
def presenter(qapp):
    p = DensePresenter(X, W, B, NAMES)
    yield p
    p.deleteLater()


def _reference_order(terms: np.ndarray) -> list[int]:
    """Largest |term| first, ties to the lower index, by plain selection."""
    left, order = list(range(len(terms))), []
    while left:
        best = left[0]
        for i in left[1:]:
            if abs(terms[i]) > abs(terms[best]):
                best = i
        order.append(best)
        left.remove(best)
    return order


@pytest.mark.parametrize("k", range(4))
def test_term_bars_are_the_largest_terms_first(presenter, k):
    presenter.seek(k)
    d = presenter.linear_detail
    terms = (W[k] * X).astype(np.float64)
    order = _reference_order(terms)
    assert d.order.tolist() == order
    assert [b.index for b in d.bars] == order[:12]
    assert [b.value for b in d.bars] == pytest.approx(terms[order[:12]].tolist())
    assert d.hidden == 4
    assert d.hidden_sum == pytest.approx(terms[order[12:]].sum())
    assert d.neuron == k and d.name == NAMES[k] and d.bias == B[k]
    assert d.value == pytest.approx(float(terms.sum() + B[k]))


def test_written_sum_is_the_core_formatter(presenter):
    for k in range(4):
        presenter.seek(k)
        step = LinearTrace(X, W, B)[k]
        assert presenter.linear_detail.sum_text == format_linear(step, 12)
    assert presenter.linear_detail.hidden_text.startswith("4 more terms (sum ")


def test_a_term_label_is_weight_times_input():
    p = DensePresenter(np.array([2.0, 3.0, 0.1]), np.array([[0.5, -1.0, 1 / 3]]), np.array([0.2]))
    d = p.linear_detail
    assert [b.label for b in d.bars] == ["-1*3 = -3", "0.5*2 = 1", "0.333*0.1 ≈ 0.033"]
    assert d.hidden == 0 and d.hidden_text == ""
    assert d.sum_text == "0.5*2 + -1*3 + 0.333*0.1 + 0.2 (bias) ≈ -1.767"
    assert d.scale == 3 and d.bias_text == "0.2"


def test_ties_keep_the_lower_input_first(qapp):
    p = DensePresenter(np.ones(4), np.array([[1.0, -2.0, 2.0, -1.0]]))
    assert [b.index for b in p.linear_detail.bars] == [1, 2, 0, 3]


def test_softmax_probabilities_sum_to_one_and_match_core(presenter):
    d = presenter.softmax_detail
    z = LinearTrace(X, W, B).output
    expected = np.asarray(softmax(z), dtype=np.float64)
    assert d.probabilities.sum() == pytest.approx(1.0)
    assert d.probabilities == pytest.approx(expected, rel=1e-6)
    assert [b.probability for b in d.bars] == pytest.approx(expected.tolist(), rel=1e-6)
    assert [b.name for b in d.bars] == NAMES
    assert [b.logit for b in d.bars] == pytest.approx(z.tolist())
    assert not d.probabilities.flags.writeable


def test_softmax_text_is_the_core_formatter_for_the_current_class(presenter):
    presenter.seek(2)
    d = presenter.softmax_detail
    assert d.current == 2
    assert d.text == format_softmax(SoftmaxTrace(LinearTrace(X, W, B).output)[2])
    assert d.text.startswith("exp(")


def test_seek_emits_step_changed_once(presenter, qtbot):
    with qtbot.waitSignal(presenter.step_changed) as blocker:
        presenter.seek(3)
    assert blocker.args == [3] and presenter.step_index == 3
    assert presenter.softmax_detail.current == 3 and presenter.linear_detail.neuron == 3
    with qtbot.assertNotEmitted(presenter.step_changed):
        presenter.seek(3)
    presenter.seek(-4)
    assert presenter.step_index == 0
    with pytest.raises(IndexError):
        presenter.seek(4)


def test_step_stops_at_both_ends(presenter):
    presenter.step(-1)
    assert presenter.step_index == 0
    presenter.step(10)
    assert presenter.step_index == 3


def test_set_data_replaces_the_layer_and_keeps_a_valid_output(presenter, qtbot):
    presenter.seek(3)
    with qtbot.waitSignals([presenter.session_changed, presenter.step_changed]):
        presenter.set_data(X[:3], W[:2, :3])
    assert presenter.num_steps == 2 and presenter.step_index == 1
    assert presenter.class_names == ("class 0", "class 1")
    assert len(presenter.linear_detail.bars) == 3 and presenter.linear_detail.hidden == 0


def test_bad_data_is_refused(qapp):
    with pytest.raises(ValueError):
        DensePresenter(X, W, B, ["one"])
    with pytest.raises(ValueError):
        DensePresenter(X[:5], W)
    with pytest.raises(ValueError):
        DensePresenter(X, W, max_bars=0)


def test_demo_layer_has_four_named_classes(qapp):
    p = demo_dense_presenter()
    assert p.num_steps == 4 and p.linear_trace.x.shape == (16,)
    assert p.class_names == ("cat", "dog", "ship", "truck")
    assert p.linear_detail.hidden == 4
