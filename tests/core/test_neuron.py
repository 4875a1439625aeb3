"""The neuron of SEED §1: activations, presets, truth tables, written sums."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from cnnviz.core import ACTIVATIONS, NEURON_PRESETS, curve_samples, neuron, truth_table
from cnnviz.core.neuron import (
    LEAKY_SLOPE,
    flat_intervals,
    format_activation,
    format_derivative,
    format_value,
    format_weighted_sum,
    get_activation,
)

KINKS = {"relu": 0.0, "leaky_relu": 0.0, "step": 0.0}


def _reference(name: str, z: float) -> float:
    """The textbook definitions, one scalar at a time."""
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if name == "tanh":
        return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    if name == "relu":
        return max(0.0, z)
    if name == "leaky_relu":
        return z if z > 0 else LEAKY_SLOPE * z
    if name == "step":
        return 1.0 if z >= 0 else 0.0
    return z


def test_the_required_activations_exist_with_labels():
    for name in ("sigmoid", "tanh", "relu", "leaky_relu", "step", "identity"):
        g = ACTIVATIONS[name]
        assert g.name == name and g.label and g.formula


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_matches_its_definition(name):
    z = np.linspace(-6, 6, 25)
    got = ACTIVATIONS[name].fn(z)
    assert got.shape == z.shape and got.dtype == np.float64
    np.testing.assert_allclose(got, [_reference(name, v) for v in z], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_matches_finite_differences_away_from_kinks(name):
    g = ACTIVATIONS[name]
    z = np.linspace(-4.05, 4.05, 82)  # never exactly 0
    kink = KINKS.get(name)
    if kink is not None:
        z = z[np.abs(z - kink) > 1e-3]
    h = 1e-6
    numeric = (g.fn(z + h) - g.fn(z - h)) / (2 * h)
    np.testing.assert_allclose(g.derivative(z), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activations_are_safe_at_huge_z(name):
    g = ACTIVATIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = g.fn(np.array([-1000.0, 1000.0]))
        d = g.derivative(np.array([-1000.0, 1000.0]))
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d))


def test_sigmoid_saturates_without_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = ACTIVATIONS["sigmoid"].fn([-1000.0, 0.0, 1000.0])
        ds = ACTIVATIONS["sigmoid"].derivative([-1000.0, 0.0, 1000.0])
    np.testing.assert_array_equal(s, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(ds, [0.0, 0.25, 0.0])


def test_step_fires_at_zero_and_relu_derivative_is_zero_there():
    assert ACTIVATIONS["step"].fn(0.0) == 1.0
    assert ACTIVATIONS["step"].fn(-1e-12) == 0.0
    assert ACTIVATIONS["relu"].derivative(0.0) == 0.0
    assert ACTIVATIONS["leaky_relu"].fn(-10.0) == pytest.approx(-0.1)


def test_neuron_computes_z_and_a():
    z, a = neuron([1, 1], [20, 20], -30, "sigmoid")
    assert z == 10.0
    assert a == pytest.approx(0.9999546021312976)
    assert neuron(np.array([2.0, -1.0, 0.5]), [1.0, 3.0, 4.0], 0.5, "relu") == (1.5, 1.5)
    assert neuron([3.0], [-1.0], 1.0, ACTIVATIONS["relu"]) == (-2.0, 0.0)


@pytest.mark.parametrize(
    "x, w, b, problem",
    [
        ([1, 2], [1], 0, "inputs"),
        ([], [], 0, "non-empty"),
        ([[1]], [[1]], 0, "vector"),
        ([np.nan], [1], 0, "finite"),
        ([1], [1], float("inf"), "finite"),
    ],
)
def test_neuron_refuses_bad_shapes_and_values(x, w, b, problem):
    with pytest.raises(ValueError, match=problem):
        neuron(x, w, b, "sigmoid")


def test_unknown_activation_lists_the_names():
    with pytest.raises(ValueError, match="sigmoid, tanh, relu"):
        get_activation("softsign")


def test_and_preset_gives_the_articles_truth_table():
    p = NEURON_PRESETS["and"]
    assert (p.weights, p.bias, p.activation) == ((20.0, 20.0), -30.0, "sigmoid")
    rows = truth_table(p.weights, p.bias, p.activation)
    assert [r.inputs for r in rows] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [r.z for r in rows] == [-30.0, -10.0, -10.0, 10.0]
    np.testing.assert_allclose([r.a for r in rows], [0, 0, 0, 1], atol=1e-4)
    assert rows[3].a == pytest.approx(0.99995, abs=5e-6)
    assert [format_value(r.a) for r in rows] == ["≈ 0", "≈ 0", "≈ 0", "≈ 1"]


def test_or_not_and_festival_presets_make_their_tables():
    def outputs(name):
        p = NEURON_PRESETS[name]
        assert len(p.inputs) == len(p.weights)
        return [round(r.a) for r in truth_table(p.weights, p.bias, p.activation)]

    assert outputs("or") == [0, 1, 1, 1]
    assert outputs("not") == [1, 0]
    # music festival: likes the performers (weight 7) decides, company (3) alone does not
    festival = NEURON_PRESETS["festival"]
    assert festival.weights == (7.0, 3.0) and festival.activation == "step"
    assert outputs("festival") == [0, 0, 1, 1]


def test_truth_table_counts_in_binary_and_caps_its_size():
    rows = truth_table([1, 2, 4], 0, "identity")
    assert [r.inputs for r in rows][:3] == [(0, 0, 0), (0, 0, 1), (0, 1, 0)]
    assert [r.z for r in rows] == [0, 4, 2, 6, 1, 5, 3, 7]
    with pytest.raises(ValueError, match="at most"):
        truth_table(np.ones(11), 0, "step")


def test_written_sum_is_the_articles_and_true_as_written():
    assert format_weighted_sum([1, 1], [20, 20], -30) == "z = 20*1 + 20*1 + (-30) = 10"
    assert format_weighted_sum([1, -2], [-20, 0.5], 5) == "z = -20*1 + 0.5*(-2) + 5 = -16"
    # 0.333*3 = 0.999, so the rounded terms give 0.799, not the 0.8 written
    assert format_weighted_sum([0.1, 3], [3, 0.3333], -0.5) == "z = 3*0.1 + 0.333*3 + (-0.5) ≈ 0.8"
    assert format_weighted_sum([0.1, 0.2], [1, 1], 0) == "z = 1*0.1 + 1*0.2 + 0 = 0.3"


def test_written_activation_uses_approx_for_rounded_values():
    assert format_activation("sigmoid", 10) == "a = sigmoid(10) ≈ 1"
    assert format_activation("sigmoid", 0) == "a = sigmoid(0) = 0.5"
    assert format_activation("sigmoid", -30) == "a = sigmoid(-30) ≈ 0"
    assert format_activation("relu", -3) == "a = relu(-3) = 0"
    assert format_activation("step", 2) == "a = step(2) = 1"
    assert format_derivative("sigmoid", 10) == "sigmoid'(10) ≈ 0"
    assert format_derivative("sigmoid", 0) == "sigmoid'(0) = 0.25"


def test_curve_range_holds_every_z_and_is_round():
    z, g, dg = curve_samples("sigmoid", [10, -30])
    assert z[0] == -40 and z[-1] == 40 and 0.0 in z
    assert g.shape == dg.shape == z.shape == (401,)
    z, _, _ = curve_samples("relu")
    assert z[-1] == 6
    z, _, _ = curve_samples("relu", [12345.0])
    assert z[-1] == 15000 and z[-1] >= 12345
    # saturated sigmoid: g' is flat near 0 at both ends of the AND range
    z, _, dg = curve_samples("sigmoid", [-30])
    assert np.all(dg[np.abs(z) > 15] < 1e-6)


def test_flat_intervals_find_the_saturated_ends():
    z, _, dg = curve_samples("sigmoid", [-30])
    (lo, hi), (lo2, hi2) = flat_intervals(z, dg)
    assert lo == -40 and hi2 == 40 and -5 < hi < -4 and 4 < lo2 < 5
    z, _, dg = curve_samples("identity")
    assert flat_intervals(z, dg) == ()
    assert flat_intervals(np.arange(6.0), np.array([1, 0, 0, 1, 0, 0.0])) == ((1, 2), (4, 5))
