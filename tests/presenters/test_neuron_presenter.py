"""The neuron session without widgets: slots in, NeuronState records out."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cnnviz.presenters import NeuronPresenter, NeuronState


@pytest.fixture
def presenter(qapp):
    p = NeuronPresenter()
    yield p
    p.deleteLater()


def test_opens_on_the_articles_and_neuron(presenter):
    s = presenter.state
    assert isinstance(s, NeuronState)
    assert (s.preset, s.inputs, s.weights, s.bias, s.activation) == ("and", (1, 1), (20, 20), -30, "sigmoid")
    assert s.z == 10
    assert s.sum_text == "z = 20*1 + 20*1 + (-30) = 10"
    assert s.activation_text == "a = sigmoid(10) ≈ 1"
    assert s.table_headers == ("x1", "x2", "z", "g(z)")
    assert [r.cells for r in s.table] == [
        ("0", "0", "-30", "≈ 0"),
        ("0", "1", "-10", "≈ 0"),
        ("1", "0", "-10", "≈ 0"),
        ("1", "1", "10", "≈ 1"),
    ]
    assert s.current_row == 3
    assert s.table[3].tooltip == "g(10) = 0.9999546"


def test_curve_holds_z_and_every_table_row(presenter):
    s = presenter.state
    assert s.curve_z[0] <= -30 and s.curve_z[-1] >= 10
    assert s.curve_z.shape == s.curve_g.shape == s.curve_dg.shape
    assert not s.curve_g.flags.writeable
    # sigmoid saturates: g' is flat at both ends of the range
    assert s.curve_dg[0] < 1e-6 and s.curve_dg[-1] < 1e-6 and s.curve_dg.max() == pytest.approx(0.25)


def test_changing_a_weight_changes_every_row_and_makes_it_custom(presenter, qtbot):
    with qtbot.waitSignal(presenter.neuron_changed) as blocker:
        assert presenter.set_weight(0, 5.0)
    s = blocker.args[0]
    assert s.preset == "custom"
    assert [r.z for r in s.table] == [-30, -10, -25, -5]
    assert s.sum_text == "z = 5*1 + 20*1 + (-30) = -5"
    assert s.activation_text == "a = sigmoid(-5) ≈ 0.007"


def test_changing_an_input_keeps_the_preset(presenter, qtbot):
    with qtbot.waitSignal(presenter.neuron_changed) as blocker:
        presenter.set_input(1, 0.0)
    s = blocker.args[0]
    assert s.preset == "and" and s.z == -10 and s.current_row == 2
    presenter.set_input(0, 0.5)
    assert presenter.state.current_row is None


def test_bias_activation_and_derivative_switch(presenter, qtbot):
    presenter.set_bias(-10.0)
    assert presenter.state.z == 30
    with qtbot.waitSignal(presenter.neuron_changed) as blocker:
        presenter.set_activation("relu")
    s = blocker.args[0]
    assert s.activation_text == "a = relu(30) = 30" and s.activation_label == "ReLU"
    assert s.table[0].cells[-1] == "0"
    assert not s.show_derivative
    with qtbot.waitSignal(presenter.neuron_changed) as blocker:
        presenter.set_show_derivative(True)
    assert blocker.args[0].show_derivative and blocker.args[0].derivative_text == "relu'(30) = 1"


def test_input_count_grows_and_shrinks_the_table(presenter):
    assert presenter.set_input_count(3)
    s = presenter.state
    assert s.inputs == (1, 1, 1) and s.weights == (20, 20, 0) and s.z == 10
    assert len(s.table) == 8 and s.table_headers == ("x1", "x2", "x3", "z", "g(z)")
    assert presenter.set_input_count(1)
    assert len(presenter.state.table) == 2 and presenter.state.preset == "custom"


@pytest.mark.parametrize("name, outputs", [("or", [0, 1, 1, 1]), ("not", [1, 0]), ("festival", [0, 0, 1, 1])])
def test_presets_fill_their_tables(presenter, qtbot, name, outputs):
    with qtbot.waitSignal(presenter.neuron_changed) as blocker:
        assert presenter.apply_preset(name)
    s = blocker.args[0]
    assert s.preset == name and s.note
    assert [round(r.a) for r in s.table] == outputs


def test_festival_is_the_step_perceptron(presenter):
    presenter.apply_preset("festival")
    s = presenter.state
    assert s.weights == (7, 3) and s.activation == "step"
    assert [r.cells for r in s.table] == [
        ("0", "0", "-5", "0"),
        ("0", "1", "-2", "0"),
        ("1", "0", "2", "1"),
        ("1", "1", "5", "1"),
    ]


def test_custom_preset_keeps_the_numbers(presenter):
    presenter.set_weight(0, 3.0)
    presenter.apply_preset("custom")
    assert presenter.state.weights == (3, 20)


@pytest.mark.parametrize(
    "call",
    [
        lambda p: p.set_weight(0, math.nan),
        lambda p: p.set_weight(0, math.inf),
        lambda p: p.set_bias(2e6),
        lambda p: p.set_input(1, -1e7),
        lambda p: p.set_input(7, 1.0),
        lambda p: p.set_weight(-1, 1.0),
        lambda p: p.set_activation("softsign"),
        lambda p: p.set_input_count(6),
        lambda p: p.set_input_count(0),
        lambda p: p.apply_preset("xor"),
    ],
)
def test_bad_values_are_refused_with_a_message(presenter, qtbot, call):
    before = presenter.state
    emitted = []
    presenter.neuron_changed.connect(emitted.append)
    with qtbot.waitSignal(presenter.error_reported) as blocker:
        assert call(presenter) is False
    assert blocker.args[0]
    assert emitted == [] and presenter.state is before and presenter.preset == "and"


def test_refused_number_message_names_the_value(presenter, qtbot):
    with qtbot.waitSignal(presenter.error_reported) as blocker:
        presenter.set_bias(2e6)
    assert blocker.args[0] == "b must be a number between -1000000 and 1000000, not 2000000; it stays -30."


def test_rounded_terms_are_written_with_approx(presenter):
    presenter.set_weight(0, 0.3333)
    presenter.set_input(0, 3.0)
    presenter.set_bias(0.0)
    presenter.set_weight(1, 0.0)
    assert presenter.state.sum_text == "z = 0.333*3 + 0*1 + 0 ≈ 1"


def test_choices_list_every_activation_and_preset(presenter):
    assert [n for n, _ in presenter.activation_choices()] == [
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "step",
        "identity",
    ]
    assert presenter.preset_choices()[-1] == ("custom", "custom")
    assert dict(presenter.preset_choices())["festival"] == "Music festival"


def test_numpy_numbers_are_accepted(presenter):
    assert presenter.set_weight(0, np.float64(2.5))
    assert presenter.state.weights[0] == 2.5
