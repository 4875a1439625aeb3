"""Output-size arithmetic: one function, every caller."""

from __future__ import annotations

import pytest
from core_refs import FAST, ref_out_size
from hypothesis import given
from hypothesis import strategies as st

from cnnviz.core import conv_geometry, conv_output_shape, output_size_formula


@pytest.mark.parametrize(
    "args, out",
    [
        (((5, 5), 3, 2, 1), (3, 3)),  # the demo: 5×5, 3×3, stride 2, padding 1
        (((28, 28), 5), (24, 24)),
        (((28, 28), 5, 1, 2), (28, 28)),
        (((4, 4), 2, 2), (2, 2)),  # example C
        (((7, 9), (3, 2), (2, 3), (1, 0), (1, 2)), (4, 3)),
        (((5, 5), 3, 1, 0, 2), (1, 1)),
        ((5, 5), (1, 1)),
    ],
)
def test_conv_output_shape_known_values(args, out):
    assert conv_output_shape(*args) == out


@FAST
@given(
    n=st.integers(1, 40), k=st.integers(1, 7), s=st.integers(1, 5), p=st.integers(0, 4), d=st.integers(1, 4)
)
def test_conv_output_shape_counts_window_positions(n, k, s, p, d):
    expected = ref_out_size(n, k, s, p, d)
    if expected == 0:
        with pytest.raises(ValueError, match="does not fit the padded input"):
            conv_output_shape((n, n), k, s, p, d)
        return
    assert conv_output_shape((n, n + 1), (k, 1), s, p, d) == (expected, ref_out_size(n + 1, 1, s, p, d))
    assert output_size_formula(n, k, s, p, d).endswith(f"= {expected}")


def test_conv_geometry_properties():
    geo = conv_geometry((5, 6), (3, 2), stride=(2, 1), padding=(1, 2), dilation=(2, 3))
    assert geo.in_size == (5, 6)
    assert geo.kernel == (3, 2)
    assert geo.stride == (2, 1) and geo.padding == (1, 2) and geo.dilation == (2, 3)
    assert geo.padded == (7, 10)
    assert geo.effective_kernel == (5, 4)
    assert geo.out == (2, 7)


def test_output_size_formula_text():
    assert output_size_formula(5, 3, 2, 1) == "⌊(5 + 2·1 − 3) / 2⌋ + 1 = 3"
    assert output_size_formula(7, 3, 1, 0, 2) == "⌊(7 + 2·0 − (2·(3 − 1) + 1)) / 1⌋ + 1 = 3"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"in_size": (0, 5), "kernel": 1}, "input size must be at least 1×1, got 0×5"),
        ({"in_size": (5, 5), "kernel": (0, 2)}, "kernel size must be at least 1×1, got 0×2"),
        ({"in_size": (5, 5), "kernel": 3, "stride": 0}, "stride must be at least 1, got 0×0"),
        ({"in_size": (5, 5), "kernel": 3, "dilation": (1, 0)}, "dilation must be at least 1, got 1×0"),
        ({"in_size": (5, 5), "kernel": 3, "padding": -1}, "padding must not be negative, got -1×-1"),
        (
            {"in_size": (5, 5), "kernel": 5, "padding": 1, "dilation": 2},
            "kernel 5×5 (dilated 9×9) does not fit the padded input 7×7 (input 5×5, padding 1×1)",
        ),
        ({"in_size": (5, 5), "kernel": (2, 6)}, "kernel 2×6 does not fit the padded input 5×5"),
    ],
)
def test_conv_geometry_errors(kwargs, message):
    with pytest.raises(ValueError) as info:
        conv_geometry(**kwargs)
    assert message in str(info.value)
