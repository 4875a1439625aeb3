"""How numbers are written on screen: the core's formatting, re-exported so
views need nothing from :mod:`cnnviz.core` but plain records."""

from __future__ import annotations

from cnnviz.core.formatting import (
    format_bias_grad,
    format_channel_sum,
    format_input_grad,
    format_latex,
    format_linear,
    format_number,
    format_pool,
    format_products,
    format_relu,
    format_running_sum,
    format_softmax,
    format_total,
    format_weight_grad,
    split_equation,
)

__all__ = [
    "format_bias_grad",
    "format_input_grad",
    "format_weight_grad",
    "format_channel_sum",
    "format_linear",
    "format_number",
    "format_pool",
    "format_products",
    "format_relu",
    "format_softmax",
    "format_total",
    "split_equation",
    "format_latex",
    "format_running_sum",
]
