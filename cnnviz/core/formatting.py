"""Numbers and sums written out the way the article writes them."""

from __future__ import annotations

import math

from .trace import ConvStep


def format_number(v: float) -> str:
    """An integer without ``.0``; otherwise at most 3 decimals, trailing zeros
    dropped (``0.5``, ``-0.333``); tiny non-zero values keep 3 significant digits."""
    v = float(v)
    if not math.isfinite(v):
        return str(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        return f"{v:.3g}"
    return text


def format_products(step: ConvStep, channel: int) -> str:
    """One channel's products, row by row: ``"1*0 + 1*0 + -1*0 + ..."``.

    Each term is ``weight*input``; negative weights are written bare.
    """
    if not 0 <= channel < step.weights.shape[0]:
        raise IndexError(f"channel {channel} is outside 0..{step.weights.shape[0] - 1}")
    w = step.weights[channel].ravel()
    x = step.window[channel].ravel()
    return " + ".join(f"{format_number(a)}*{format_number(b)}" for a, b in zip(w, x))


def format_channel_sum(step: ConvStep, channel: int) -> str:
    """``"1*0 + ... + 0*1 = 1"``."""
    return f"{format_products(step, channel)} = {format_number(step.channel_sums[channel])}"


def format_total(step: ConvStep) -> str:
    """The channel sums plus bias: ``"1 + (-1) + 0 + 1 = 1"`` (negatives in brackets)."""

    def term(v: float) -> str:
        s = format_number(v)
        return f"({s})" if s.startswith("-") else s

    terms = [term(v) for v in step.channel_sums] + [term(step.bias)]
    return f"{' + '.join(terms)} = {format_number(step.value)}"
