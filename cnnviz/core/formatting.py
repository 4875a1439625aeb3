"""Numbers and sums written out the way the article writes them.

One rounding rule, for every formatter here
-------------------------------------------
Every number is written by :func:`format_number` (at most 3 decimals), and a
written calculation says ``=`` only when it is true *as written*: the shown
terms, read as exact decimals, combine to exactly the shown result. Otherwise
it says ``≈``. So the article's integer examples keep their ``=``
(``1 + (-1) + 0 + 1 = 1``, ``… + -4*2 = -8``, ``(1 + 1 + 5 + 6) / 4 = 3.25``),
while ``0.071 + 0 + (-0.078) + 0 ≈ -0.008`` (the shown terms add to -0.007)
and ``(1 + 0 + 0) / 3 ≈ 0.333``. A shortened sum counts its hidden part as
the number it shows (``… + 246 more terms (sum 0.31)``). ``max`` of rounded
numbers is always exact. A softmax line is exact only when every written
exponential cancels (all shown logits equal); ``exp`` of distinct numbers
never gives a terminating decimal (Lindemann–Weierstrass), so it says ``≈``.

Each result line ends in ``" = VALUE"`` or ``" ≈ VALUE"``;
:func:`split_equation` takes one apart for a view that colours the pieces.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .trace import ConvStep
    from .traces import LinearStep, PoolStep, ReluStep, SoftmaxStep

EQUALS = "="
APPROX = "≈"

#: ``more_label(n, sum_text)`` → the words for ``n`` hidden terms that add to ``sum_text``
MoreLabel = Callable[[int, str], str]


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


# -- the rule --------------------------------------------------------------


@lru_cache(maxsize=4096)  # weights and inputs repeat from step to step
def _exact(text: str) -> Fraction | None:
    """The exact value a written number stands for (None for nan/inf)."""
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def _sign(holds: bool) -> str:
    return EQUALS if holds else APPROX


def _sum_holds(terms: Iterable[Fraction | None], result: str) -> bool:
    """Whether the written terms add up exactly to the written result."""
    total, target = Fraction(0), _exact(result)
    for p in terms:
        if p is None:
            return False
        total += p
    return target is not None and total == target


def _product(w: float, x: float) -> tuple[str, Fraction | None]:
    ws, xs = format_number(w), format_number(x)
    a, b = _exact(ws), _exact(xs)
    return f"{ws}*{xs}", None if a is None or b is None else a * b


def _term(v: float) -> str:
    """A plain number as a summand: negatives in brackets, ``(-3)``."""
    s = format_number(v)
    return f"({s})" if s.startswith("-") else s


def split_equation(text: str) -> tuple[str, str, str]:
    """``"1 + (-1) = 0"`` → ``("1 + (-1)", "=", "0")``; the sign is ``=`` or ``≈``.

    Splits at the last ``" = "`` or ``" ≈ "``; raises ``ValueError`` if neither occurs.
    """
    at = max(text.rfind(f" {EQUALS} "), text.rfind(f" {APPROX} "))
    if at < 0:
        raise ValueError(f"no ' = ' or ' ≈ ' in {text!r}")
    return text[:at], text[at + 1], text[at + 3 :]


# -- convolution -------------------------------------------------------------


def _channel_products(step: ConvStep, channel: int) -> list[tuple[str, Fraction | None]]:
    if not 0 <= channel < step.weights.shape[0]:
        raise IndexError(f"channel {channel} is outside 0..{step.weights.shape[0] - 1}")
    pairs = zip(step.weights[channel].ravel().tolist(), step.window[channel].ravel().tolist())
    return [_product(a, b) for a, b in pairs]


def format_products(step: ConvStep, channel: int) -> str:
    """One channel's products, row by row: ``"1*0 + 1*0 + -1*0 + ..."``.

    Each term is ``weight*input``; negative weights are written bare.
    """
    return " + ".join(text for text, _ in _channel_products(step, channel))


def format_channel_sum(step: ConvStep, channel: int) -> str:
    """``"1*0 + ... + 0*1 = 1"`` (``≈`` when the shown products do not add up exactly)."""
    products = _channel_products(step, channel)
    result = format_number(step.channel_sums[channel])
    holds = _sum_holds((exact for _, exact in products), result)
    return f"{' + '.join(text for text, _ in products)} {_sign(holds)} {result}"


def format_total(step: ConvStep) -> str:
    """The channel sums plus bias: ``"1 + (-1) + 0 + 1 = 1"`` (negatives in brackets)."""
    values = [*step.channel_sums, step.bias]
    result = format_number(step.value)
    holds = _sum_holds((_exact(format_number(v)) for v in values), result)
    return f"{' + '.join(_term(v) for v in values)} {_sign(holds)} {result}"


# -- pooling, ReLU -----------------------------------------------------------


def format_pool(step: PoolStep) -> str:
    """``"max(1, 1, 5, 6) = 6"`` or ``"(1 + 1 + 5 + 6) / 4 = 3.25"``, window in raster order."""
    values = step.window.ravel()
    result = format_number(step.value)
    texts = [format_number(v) for v in values]
    if step.mode == "max":
        exact = [_exact(t) for t in texts]
        holds = None not in exact and max(exact) == _exact(result)  # type: ignore[type-var]
        return f"max({', '.join(texts)}) {_sign(holds)} {result}"
    target = _exact(result)
    holds = target is not None and _sum_holds((_exact(t) for t in texts), str(target * len(texts)))
    return f"({' + '.join(_term(v) for v in values)}) / {len(texts)} {_sign(holds)} {result}"


def format_relu(step: ReluStep) -> str:
    """``"max(0, -0.42) = 0"``."""
    x, result = format_number(step.input), format_number(step.value)
    a, b = _exact(x), _exact(result)
    holds = a is not None and b is not None and max(Fraction(0), a) == b
    return f"max(0, {x}) {_sign(holds)} {result}"


# -- fully connected, softmax ------------------------------------------------


def _english_more(n: int, sum_text: str) -> str:
    return f"{n} more term{'' if n == 1 else 's'} (sum {sum_text})"


def _largest(magnitudes: np.ndarray, keep: Sequence[int], count: int) -> list[int]:
    """Indices of the ``count`` largest magnitudes (``keep`` always among
    them), in index order; ties go to the lower index."""
    order = [int(i) for i in np.argsort(-magnitudes, kind="stable") if int(i) not in keep]
    return sorted([*keep, *order[: count - len(keep)]])


def format_linear(
    step: LinearStep, max_terms: int = 10, *, bias_label: str = "bias", more_label: MoreLabel | None = None
) -> str:
    """A neuron's sum in weight order: ``"0.5*2 + -1*3 + 0.2 (bias) = -1.8"``.

    With more than ``max_terms`` inputs only the ``max_terms`` largest
    ``|w*x|`` are written (still in weight order), then
    ``"… + 246 more terms (sum 0.31)"``, then the bias. ``bias_label`` and
    ``more_label(n, sum_text)`` supply translated words.
    """
    if max_terms < 1:
        raise ValueError(f"max_terms must be at least 1, got {max_terms}")
    terms = np.asarray(step.terms, dtype=np.float64)
    shown = list(range(terms.size))
    if terms.size > max_terms:
        shown = _largest(np.abs(terms), [], max_terms)
    pieces = [_product(step.weights[i], step.inputs[i]) for i in shown]
    texts, exact = [p[0] for p in pieces], [p[1] for p in pieces]
    hidden = terms.size - len(shown)
    if hidden:
        rest = format_number(float(terms.sum() - terms[shown].sum()))
        texts.append(f"… + {(more_label or _english_more)(hidden, rest)}")
        exact.append(_exact(rest))
    texts.append(f"{_term(step.bias)} ({bias_label})")
    exact.append(_exact(format_number(step.bias)))
    result = format_number(step.value)
    return f"{' + '.join(texts)} {_sign(_sum_holds(exact, result))} {result}"


def format_softmax(step: SoftmaxStep, max_terms: int = 10, *, more_label: MoreLabel | None = None) -> str:
    """``"exp(2) / (exp(2) + exp(1) + exp(0.1)) ≈ 0.659"`` — the plain, unshifted form.

    With more than ``max_terms`` classes the denominator writes this class and
    the largest other logits (in class order), then ``"… + 7 more terms (sum 3.2)"``.
    """
    if max_terms < 1:
        raise ValueError(f"max_terms must be at least 1, got {max_terms}")
    z = np.asarray(step.logits, dtype=np.float64)
    shown = list(range(z.size))
    if z.size > max_terms:
        shown = _largest(z, [step.cls], max_terms)
    zs = [format_number(z[j]) for j in shown]
    texts = [f"exp({t})" for t in zs]
    hidden = z.size - len(shown)
    rest_exact: Fraction | None = Fraction(0)
    if hidden:
        mask = np.ones(z.size, bool)
        mask[shown] = False
        scaled = float(np.exp(z[mask] - step.shift).sum())
        with np.errstate(over="ignore"):
            rest_value = float(np.exp(np.float64(step.shift))) * scaled
        if math.isfinite(rest_value):
            rest = format_number(rest_value)
            rest_exact = _exact(rest)
        else:  # too large for a float: keep it an exponential
            rest, rest_exact = f"exp({format_number(step.shift + math.log(scaled))})", None
        texts.append(f"… + {(more_label or _english_more)(hidden, rest)}")
    own = format_number(step.logit)
    result = format_number(step.probability)
    denominator = texts[0] if len(texts) == 1 else f"({' + '.join(texts)})"
    # exact only if every written exponential cancels: all shown logits equal
    # this class's (then p = 1/(m + rest·e^-z), rational iff rest = 0 or z = 0)
    zk = _exact(own)
    holds = False
    if zk is not None and rest_exact is not None and all(_exact(t) == zk for t in zs):
        if rest_exact == 0 or zk == 0:
            holds = Fraction(1) / (len(zs) + rest_exact) == _exact(result)
    return f"exp({own}) / {denominator} {_sign(holds)} {result}"


# -- backward pass -------------------------------------------------------------

if TYPE_CHECKING:
    from .traces.grads import BiasGradStep, InputGradStep, WeightGradStep


def _top_indices(magnitudes: np.ndarray, count: int) -> list[int]:
    """``_largest(magnitudes, [], count)`` in O(n) for the long gradient sums
    (a weight of a 512×512 image has 262144 terms): the ``count`` largest, ties
    to the lower index, returned in index order."""
    n = int(magnitudes.size)
    if n <= count:
        return list(range(n))
    if n <= 1024:
        return _largest(magnitudes, [], count)
    cut = np.partition(magnitudes, n - count)[n - count]  # the count-th largest
    above = np.flatnonzero(magnitudes > cut)
    ties = np.flatnonzero(magnitudes == cut)[: count - above.size]
    return sorted([*above.tolist(), *ties.tolist()])


def _gradient_line(
    lhs: str,
    pieces: list[tuple[str, Fraction | None]],
    hidden: int,
    rest: float,
    value: float,
    more_label: MoreLabel | None,
) -> str:
    """``"lhs = t1 + t2 + … + N more terms (sum S) = value"`` by the rounding rule;
    ``"lhs = 0"`` for an empty sum."""
    texts, exact = [p[0] for p in pieces], [p[1] for p in pieces]
    if hidden:
        rest_text = format_number(rest)
        texts.append(f"… + {(more_label or _english_more)(hidden, rest_text)}")
        exact.append(_exact(rest_text))
    result = format_number(value)
    if not texts:
        return f"{lhs} {_sign(_exact(result) == 0)} {result}"
    return f"{lhs} = {' + '.join(texts)} {_sign(_sum_holds(exact, result))} {result}"


def _check_max_terms(max_terms: int) -> None:
    if max_terms < 1:
        raise ValueError(f"max_terms must be at least 1, got {max_terms}")


def format_weight_grad(
    step: WeightGradStep, max_terms: int = 12, *, more_label: MoreLabel | None = None
) -> str:
    """A weight's gradient, one product per output position: ``"∂L/∂w = 1*0 + 1*2 + … = 3"``.

    Each term is ``dy*x`` — the upstream gradient at an output position times
    the input value the weight met there (the chain rule: ∂y/∂w is that input)
    — in raster order over the output positions. With more than ``max_terms``
    positions only the ``max_terms`` largest ``|dy*x|`` are written (still in
    raster order; ties to the earlier position), then
    ``"… + 262132 more terms (sum 0.31)"``, as :func:`format_linear` does.
    ``=`` or ``≈`` by the module's rounding rule.
    """
    _check_max_terms(max_terms)
    up = np.asarray(step.upstream).ravel()
    xs = np.asarray(step.inputs).ravel()
    shown = _top_indices(np.abs(np.asarray(step.products).ravel()), max_terms)
    pieces = [_product(up[k], xs[k]) for k in shown]
    hidden = up.size - len(shown)
    rest = 0.0
    if hidden:
        full = up.astype(np.float64) * xs.astype(np.float64)  # exact for float32 data
        full[shown] = 0.0
        rest = float(full.sum())
    return _gradient_line("∂L/∂w", pieces, hidden, rest, step.value, more_label)


def format_bias_grad(step: BiasGradStep, max_terms: int = 12, *, more_label: MoreLabel | None = None) -> str:
    """A bias's gradient, the sum of its filter's upstream map: ``"∂L/∂b = 1 + 1 + (-2) = 0"``.

    Terms in raster order, negatives in brackets; shortened to the
    ``max_terms`` largest ``|dy|`` like :func:`format_weight_grad`.
    """
    _check_max_terms(max_terms)
    up = np.asarray(step.upstream).ravel()
    shown = _top_indices(np.abs(up), max_terms)
    pieces = [(_term(up[k]), _exact(format_number(up[k]))) for k in shown]
    hidden = up.size - len(shown)
    rest = 0.0
    if hidden:
        full = up.astype(np.float64)
        full[shown] = 0.0
        rest = float(full.sum())
    return _gradient_line("∂L/∂b", pieces, hidden, rest, step.value, more_label)


def format_input_grad(
    step: InputGradStep, max_terms: int = 12, *, more_label: MoreLabel | None = None
) -> str:
    """An input cell's gradient: ``"∂L/∂x = 1*1 + -1*2 = -1"``, one ``weight*dy``
    term per output window that covered the cell (in the step's filter, i, j
    order); ``"∂L/∂x = 0"`` when no window covers it. Shortened to the
    ``max_terms`` largest ``|weight*dy|`` like :func:`format_weight_grad`.
    """
    _check_max_terms(max_terms)
    terms = step.contributions
    values = np.array([t.weight * t.upstream for t in terms], dtype=np.float64)
    shown = _top_indices(np.abs(values), max_terms)
    pieces = [_product(terms[k].weight, terms[k].upstream) for k in shown]
    hidden = len(terms) - len(shown)
    rest = 0.0
    if hidden:
        values[shown] = 0.0
        rest = float(values.sum())
    return _gradient_line("∂L/∂x", pieces, hidden, rest, step.value, more_label)


# -- one multiply-add at a time, and the arithmetic as LaTeX ------------------------------


def running_taps(step: ConvStep) -> int:
    """How many multiply-adds a convolution step has, one per tap, plus one for the bias:
    ``C' · KH · KW + 1``."""
    return int(step.weights.size) + 1


def format_running_sum(step: ConvStep, tap: int, *, bias_label: str | None = None) -> str:
    """Multiply-add ``tap`` of ``step``, written as the running sum after it.

    Taps go channel by channel, each window row by row (the order of
    :func:`format_products`); a channel's running sum starts afresh:
    ``"1*0 = 0"`` for its first tap, ``"+ 1*0 = 0"``, … ``"+ 0*1 = 1"`` (the
    channel's sum) after it. The last tap, ``C' · KH · KW`` (see
    :func:`running_taps`), adds the bias to the channel sums, as
    :func:`format_total` writes it, the bias followed by ``" (bias_label)"``
    when one is given: ``"1 + (-1) + 0 + 1 (bias) = 1"``. ``=`` or ``≈`` by
    the module's rounding rule: the products written so far against the
    written running sum.

    Raises ``IndexError`` for a tap outside ``0 .. C' · KH · KW``.
    """
    channels, kh, kw = step.weights.shape
    per_channel = kh * kw
    last = channels * per_channel
    if not 0 <= tap <= last:
        raise IndexError(f"tap {tap} is outside 0..{last}")
    if tap == last:
        text = format_total(step)
        if not bias_label:
            return text
        lhs, sign, value = split_equation(text)
        return f"{lhs} ({bias_label}) {sign} {value}"
    channel, p = divmod(tap, per_channel)
    products = _channel_products(step, channel)[: p + 1]
    if p == per_channel - 1:  # the channel's sum, exactly as its line writes it
        running = float(step.channel_sums[channel])
    else:
        running = float(np.sum(np.asarray(step.products[channel], np.float64).ravel()[: p + 1]))
    result = format_number(running)
    holds = _sum_holds((exact for _, exact in products), result)
    plus = "+ " if p else ""
    return f"{plus}{products[-1][0]} {_sign(holds)} {result}"


def _latex_number(text: str) -> str:
    """A written number as a LaTeX factor: negatives in brackets."""
    return f"({text})" if text.startswith("-") else text


def _latex_term(term: str) -> str:
    term = term.strip()
    if term in ("?", "…"):
        return r"\,?\," if term == "?" else r"\dots"
    if term.startswith("… + "):  # a shortened sum's "… + 246 more terms (sum 0.31)"
        return rf"\dots + \text{{{term[4:]}}}"
    if "*" in term and " " not in term:
        a, b = term.split("*", 1)
        return rf"{_latex_number(a)} \cdot {_latex_number(b)}"
    number, _, label = term.partition(" ")
    if label:  # "1 (bias)": a number and its label
        return rf"{number}\ \text{{{label}}}"
    if _exact(number.strip("()")) is not None or number.startswith("("):
        return number
    return rf"\text{{{term}}}"


def format_latex(rows: Sequence[tuple[str, str]]) -> str:
    """The written arithmetic as a LaTeX ``aligned`` block, one row per line.

    ``rows`` are ``(label, line)`` pairs, each line as this module's formatters
    write it (``"1*0 + -1*1 = -1"``, ``"1 + (-1) + 0 + 1 (bias) = 1"``; a
    hidden result may be ``"?"``). Products become ``a \\cdot b`` with negative
    factors in brackets, ``≈`` becomes ``\\approx``, labels go into
    ``\\text{}``; nothing is recomputed.
    """
    lines = []
    for label, line in rows:
        try:
            lhs, sign, result = split_equation(line)
        except ValueError:
            lhs, sign, result = line, "", ""
        terms = " + ".join(_latex_term(t) for t in lhs.split(" + "))
        rhs = ""
        if sign:
            rhs = f" {'=' if sign == EQUALS else chr(92) + 'approx'} {_latex_term(result)}"
        head = rf"\text{{{label}}} \quad " if label else ""
        lines.append(f"{head}& {terms}{rhs}")
    body = " \\\\\n".join(lines)
    return f"\\begin{{aligned}}\n{body}\n\\end{{aligned}}"
