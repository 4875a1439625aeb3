"""The Network tab's columns, what feeds a cell, and how a cell's value was computed.

Qt-free helpers of :class:`~cnnviz.presenters.network.NetworkPresenter`. A
*column* is what the overview draws side by side: the fed input, then every
record of :func:`cnnviz.core.forward_trace` except ``flatten`` (which only
reshapes). A *cell* indexes a column's values: ``(channel, row, col)`` in a map
column, ``(k,)`` in a vector column (hidden units, scores, probabilities).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnviz.core import LayerRecord, layer_step, receptive_field
from cnnviz.core.formatting import (
    MoreLabel,
    format_channel_sum,
    format_linear,
    format_number,
    format_pool,
    format_relu,
    format_softmax,
    format_total,
)
from cnnviz.core.model import Sequential

#: terms a fully-connected neuron writes out (the dense detail view's bars)
LINEAR_TERMS = 12


@dataclass(frozen=True, eq=False)
class NetworkColumn:
    """One column of the overview.

    Attributes
    ----------
    index : position among the columns (0 is the input)
    record : index into ``forward_trace``'s records; -1 for the input
    name : ``"input"``, ``"conv1"``, …, ``"output"``, ``"softmax"``
    kind : ``"input"`` or the record's kind
    values : (C, H, W) maps or (K,) a vector, read-only numpy
    labels : a name per entry of a vector column (class names for ``output`` and
        ``softmax``), ``()`` for maps
    winner : the largest entry of the ``output`` and ``softmax`` columns, else None
    """

    index: int
    record: int
    name: str
    kind: str
    values: np.ndarray
    labels: tuple[str, ...] = ()
    winner: int | None = None

    @property
    def is_map(self) -> bool:
        return self.values.ndim == 3

    @property
    def shape_text(self) -> str:
        return "×".join(str(int(n)) for n in self.values.shape)


@dataclass(frozen=True)
class Feeds:
    """The cells of column ``column`` that feed a hovered cell.

    ``channels`` are the channels (or, in a vector column, the entries) involved,
    None for all of them; ``box`` is ``(top, left, bottom, right)`` (bottom and
    right exclusive, clipped to the maps) of a map column, None for the whole maps.
    """

    column: int
    channels: tuple[int, ...] | None
    box: tuple[int, int, int, int] | None


@dataclass(frozen=True, eq=False)
class CellDetail:
    """How one cell's value was computed.

    Attributes
    ----------
    column, cell : the cell (see the module docstring)
    kind, name : its column's kind and name
    value : the cell's value; ``value_text`` as :func:`format_number` writes it
    step : the core's step record (ConvStep, ReluStep, PoolStep, LinearStep,
        SoftmaxStep), None for an input pixel
    lines : the written arithmetic — conv: :func:`format_channel_sum` per input
        channel; ReLU, pooling, linear, softmax: their formatter's one line
    total : conv: :func:`format_total` (channel sums plus the bias), else ""
    receptive : (top, left, bottom, right) of the input pixels that can
        influence the cell (:func:`cnnviz.core.receptive_field`)
    """

    column: int
    cell: tuple[int, ...]
    kind: str
    name: str
    value: float
    value_text: str
    step: Any
    lines: tuple[str, ...]
    total: str
    receptive: tuple[int, int, int, int]


def build_columns(
    x: np.ndarray,
    records: Sequence[LayerRecord],
    class_names: Sequence[str],
    unit_name: Callable[[int], str],
) -> list[NetworkColumn]:
    """The input and every record but flatten; ``unit_name(k)`` names hidden units."""
    columns = [NetworkColumn(0, -1, "input", "input", x)]
    last_linear = max((r.index for r in records if r.kind == "linear"), default=-1)
    for rec in records:
        if rec.kind == "flatten":
            continue
        labels: tuple[str, ...] = ()
        winner = None
        if rec.output.ndim == 1:
            if rec.kind == "softmax" or rec.index == last_linear:
                labels = tuple(class_names)
                winner = int(np.argmax(rec.output))
            else:
                labels = tuple(unit_name(k) for k in range(rec.output.shape[0]))
        columns.append(NetworkColumn(len(columns), rec.index, rec.name, rec.kind, rec.output, labels, winner))
    return columns


def check_cell(column: NetworkColumn, cell: Sequence[int]) -> tuple[int, ...]:
    """``cell`` as ints; ``IndexError`` outside the column's values."""
    pos = tuple(int(v) for v in cell)
    shape = column.values.shape
    if len(pos) != len(shape) or not all(0 <= p < n for p, n in zip(pos, shape)):
        raise IndexError(f"{pos} is not a cell of {column.name} ({column.shape_text})")
    return pos


def feeds(
    columns: Sequence[NetworkColumn], records: Sequence[LayerRecord], index: int, cell: tuple[int, ...]
) -> Feeds | None:
    """What in the previous column feeds ``cell`` of column ``index``; None for the input."""
    column = columns[index]
    if column.record < 0:
        return None
    source = columns[index - 1]
    rec = records[column.record]
    if column.kind in ("linear", "softmax") or not column.is_map:
        if column.kind == "relu":  # a ReLU after a linear layer: one entry each
            return Feeds(source.index, (cell[0],), None)
        return Feeds(source.index, None, None)
    _, h, w = source.values.shape
    ch, r, c = cell
    if column.kind == "relu":
        return Feeds(source.index, (ch,), (r, c, r + 1, c + 1))
    (kh, kw), (sh, sw) = rec.kernel or (1, 1), rec.stride or (1, 1)
    ph, pw = rec.padding or (0, 0)
    top, left = r * sh - ph, c * sw - pw
    box = (max(top, 0), max(left, 0), min(top + kh, h), min(left + kw, w))
    return Feeds(source.index, None if column.kind == "conv" else (ch,), box)


def describe_cell(
    model: Sequential,
    columns: Sequence[NetworkColumn],
    records: Sequence[LayerRecord],
    index: int,
    cell: tuple[int, ...],
    *,
    bias_label: str,
    more_label: MoreLabel,
) -> CellDetail:
    """The :class:`CellDetail` of ``cell`` in column ``index`` (checked by :func:`check_cell`)."""
    column = columns[index]
    pos = check_cell(column, cell)
    value = float(column.values[pos])
    _, height, width = columns[0].values.shape
    if column.record < 0:
        _, r, c = pos
        return CellDetail(
            index, pos, "input", column.name, value, format_number(value), None, (), "", (r, c, r + 1, c + 1)
        )
    rec = records[column.record]
    step: Any = layer_step(rec, pos)  # the step record of rec.kind
    lines: tuple[str, ...] = ()
    total = ""
    if rec.kind == "conv":
        lines = tuple(format_channel_sum(step, k) for k in range(step.weights.shape[0]))
        total = format_total(step)
    elif rec.kind == "relu":
        lines = (format_relu(step),)
    elif rec.kind in ("maxpool", "avgpool"):
        lines = (format_pool(step),)
    elif rec.kind == "linear":
        lines = (format_linear(step, LINEAR_TERMS, bias_label=bias_label, more_label=more_label),)
    elif rec.kind == "softmax":
        lines = (format_softmax(step, more_label=more_label),)
    if column.is_map:
        box = receptive_field(model, rec.index, pos[1], pos[2], in_shape=columns[0].values.shape)
    else:
        box = (0, 0, height, width)
    return CellDetail(index, pos, rec.kind, rec.name, value, format_number(value), step, lines, total, box)


def top_classes(probabilities: np.ndarray, class_names: Sequence[str], n: int = 3) -> list[tuple[str, float]]:
    """The ``n`` most probable classes, most probable first (ties: lower class first)."""
    order = np.argsort(-np.asarray(probabilities, np.float64), kind="stable")[:n]
    return [(class_names[int(k)], float(probabilities[int(k)])) for k in order]
