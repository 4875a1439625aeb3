"""A whole network for one input: every layer's maps, where a value's pixels
come from, and the stage trace that writes out how a value was computed.

:func:`forward_trace` runs a :class:`~cnnviz.core.model.Sequential` layer by
layer (never the fused training path, so every intermediate map exists) and
returns one frozen :class:`LayerRecord` per layer plus a softmax record.
:func:`receptive_field` maps an output cell back to the input pixels that can
influence it; :func:`layer_trace` and :func:`layer_step` open a record as the
stage trace of :mod:`cnnviz.core.traces`, so a network view reuses the
formatters of the single-stage views. :func:`predict` gives class
probabilities for a batch.

Computation happens in numpy on copies of the weights, and touches none of
the layers' caches: a model can be traced between training steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import as_float, check_finite, check_ndim
from .backend import to_numpy
from .conv import conv2d
from .functional import linear, relu, softmax
from .model import AvgPool2d, Conv2d, Flatten, Layer, Linear, MaxPool2d, ReLU, Sequential
from .pool import avg_pool2d, max_pool2d
from .shapes import pair
from .trace import ConvStep, ConvTrace
from .traces import (
    LinearStep,
    LinearTrace,
    PoolStep,
    PoolTrace,
    ReluStep,
    ReluTrace,
    SoftmaxStep,
    SoftmaxTrace,
)

KINDS = ("conv", "relu", "maxpool", "avgpool", "flatten", "linear", "softmax")

LayerTrace = ConvTrace | ReluTrace | PoolTrace | LinearTrace | SoftmaxTrace
LayerStep = ConvStep | ReluStep | PoolStep | LinearStep | SoftmaxStep


@dataclass(frozen=True, eq=False)
class LayerRecord:
    """One layer of a network applied to one input. Arrays are read-only numpy.

    Attributes
    ----------
    index : int, position in :func:`forward_trace`'s list (= the model layer's
        index; the softmax record is ``len(model.layers)``)
    name : str, e.g. ``"conv1"``, ``"relu1"``, ``"pool1"``, ``"flatten"``,
        ``"fc1"``, ``"relu_fc1"``, ``"output"``, ``"softmax"``
    kind : str, one of :data:`KINDS`
    input : the layer's input without the batch axis — (C, H, W) for conv,
        pooling and ReLU after a conv, (IN,) for linear, ReLU after a linear
        and softmax
    output : the layer's output without the batch axis: (F, OH, OW), (C, H, W),
        (C·H·W,) for flatten, (OUT,) for linear, (K,) probabilities for softmax
    weight : (F, C, KH, KW) for conv, (OUT, IN) for linear, else None
    bias : (F,) for conv, (OUT,) for linear, else None
    kernel : (KH, KW) for conv and pooling, else None
    stride : (SH, SW) for conv and pooling, else None
    padding : (PH, PW) for conv (pooling pads nothing: (0, 0)), else None
    dilation : (DH, DW) for conv, else None
    """

    index: int
    name: str
    kind: str
    input: np.ndarray
    output: np.ndarray
    weight: np.ndarray | None = None
    bias: np.ndarray | None = None
    kernel: tuple[int, int] | None = None
    stride: tuple[int, int] | None = None
    padding: tuple[int, int] | None = None
    dilation: tuple[int, int] | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        """The output's shape."""
        return tuple(int(n) for n in self.output.shape)


def _readonly(a: Any) -> np.ndarray:
    out = np.array(to_numpy(a), copy=True)
    out.flags.writeable = False
    return out


def layer_kind(layer: Layer) -> str:
    """The record ``kind`` of a model layer; ``ValueError`` for a layer this module does not know."""
    kinds: tuple[tuple[type, str], ...] = (
        (Conv2d, "conv"), (ReLU, "relu"), (AvgPool2d, "avgpool"), (MaxPool2d, "maxpool"),
        (Flatten, "flatten"), (Linear, "linear"),
    )
    for cls, kind in kinds:  # AvgPool2d before its base class MaxPool2d
        if isinstance(layer, cls):
            return kind
    raise ValueError(f"cannot trace a {type(layer).__name__} layer")


def layer_names(model: Sequential) -> list[str]:
    """A name per model layer, as :func:`forward_trace` uses them.

    Convolutions count ``conv1, conv2, …``; a ReLU or pooling layer takes its
    convolution's number (``relu2``, ``pool2``); linear layers count ``fc1, …``
    except the last, ``output``; a ReLU after ``fc1`` is ``relu_fc1``.
    A name that would repeat gets ``_2``, ``_3``, … appended.
    """
    kinds = [layer_kind(layer) for layer in model.layers]
    last_linear = max((i for i, k in enumerate(kinds) if k == "linear"), default=-1)
    convs = fcs = 0
    after = ""  # the conv or fc name the following ReLU or pooling belongs to
    names: list[str] = []
    for i, kind in enumerate(kinds):
        if kind == "conv":
            convs += 1
            name = after = f"conv{convs}"
        elif kind == "linear":
            if i == last_linear:
                name = after = "output"
            else:
                fcs += 1
                name = after = f"fc{fcs}"
        elif kind == "relu":
            name = f"relu{after[4:]}" if after.startswith("conv") else f"relu_{after or 'input'}"
        elif kind in ("maxpool", "avgpool"):
            name = f"pool{after[4:]}" if after.startswith("conv") else "pool"
        else:
            name = "flatten"
        names.append(name)
    seen: dict[str, int] = {}
    unique: list[str] = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def _model_dtype(model: Sequential) -> Any:
    for p in model.parameters():
        return np.float64 if p.value.dtype == np.float64 else np.float32
    return np.float32


def _pool_geometry(layer: MaxPool2d) -> tuple[tuple[int, int], tuple[int, int]]:
    """(kernel, stride) as (h, w) pairs; no stride means the kernel size."""
    kernel = pair(layer.kernel_size, "pooling window")
    return kernel, kernel if layer.stride is None else pair(layer.stride, "pooling stride")


def _conv_geometry(conv: Conv2d) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """(kernel, stride, padding) as (h, w) pairs."""
    kh, kw = (int(v) for v in conv.weight.value.shape[2:])
    return (kh, kw), pair(conv.stride, "stride"), pair(conv.padding, "padding")


def _apply(layer: Layer, kind: str, h: Any, w: Any = None, b: Any = None) -> Any:
    """One layer's forward pass on a batch h, through the ops and without the
    layer's caches; w and b are the layer's numpy weights where it has them."""
    if kind == "conv":
        conv: Conv2d = layer  # type: ignore[assignment]
        return conv2d(h, w, b, stride=conv.stride, padding=conv.padding)
    if kind == "relu":
        return relu(h)
    if kind in ("maxpool", "avgpool"):
        kernel, stride = _pool_geometry(layer)  # type: ignore[arg-type]
        return (max_pool2d if kind == "maxpool" else avg_pool2d)(h, kernel, stride)
    if kind == "flatten":
        return h.reshape(h.shape[0], -1)
    return linear(h, w, b)


def _weights(layer: Layer) -> tuple[np.ndarray | None, np.ndarray | None]:
    if isinstance(layer, (Conv2d, Linear)):
        return _readonly(layer.weight.value), _readonly(layer.bias.value)
    return None, None


def _check_input(model: Sequential, x: Any, ndim: int, layout: str) -> np.ndarray:
    x_np = as_float(np, to_numpy(x), _model_dtype(model), "x")
    check_ndim(x_np, ndim, "x", layout)
    shape = tuple(int(n) for n in x_np.shape[ndim - 3 :])
    if model.in_shape is not None and shape != tuple(model.in_shape):
        want = "×".join(str(n) for n in model.in_shape)
        raise ValueError(f"the model takes {want} inputs (C×H×W), got {'×'.join(str(n) for n in shape)}")
    check_finite(np, x_np, "x")
    return x_np


def forward_trace(model: Sequential, x: Any) -> list[LayerRecord]:
    """Every layer's output for one input, then the class probabilities.

    Parameters
    ----------
    model : Sequential of Conv2d, ReLU, MaxPool2d, AvgPool2d, Flatten and
        Linear layers, ending in logits (K,)
    x : array (C, H, W), finite; converted to the model's dtype (float32)

    Returns
    -------
    list of LayerRecord, ``len(model.layers) + 1`` long: record ``i`` is model
    layer ``i`` (its output equals the layer's own forward pass on the
    previous record's output), and the last is ``softmax`` of the logits,
    (K,), summing to 1.

    Raises
    ------
    ValueError
        For an input of the wrong shape (the model's ``in_shape`` when known),
        non-finite numbers (input or weights) or a layer of unknown kind.
    """
    h = _check_input(model, x, 3, "(C, H, W)")[None]
    names = layer_names(model)
    records: list[LayerRecord] = []
    current = _readonly(h[0])
    for i, (layer, name) in enumerate(zip(model.layers, names)):
        kind = layer_kind(layer)
        w, b = _weights(layer)
        y = _apply(layer, kind, h, w, b)
        out = _readonly(y[0])
        geometry: dict[str, Any] = {}
        if kind == "conv":
            kernel, stride, padding = _conv_geometry(layer)  # type: ignore[arg-type]
            geometry = {"kernel": kernel, "stride": stride, "padding": padding, "dilation": (1, 1)}
        elif kind in ("maxpool", "avgpool"):
            kernel, stride = _pool_geometry(layer)  # type: ignore[arg-type]
            geometry = {"kernel": kernel, "stride": stride, "padding": (0, 0)}
        records.append(LayerRecord(i, name, kind, current, out, w, b, **geometry))
        h, current = y, out
    if current.ndim != 1:
        raise ValueError(f"the model must end in logits (K,), its last layer gives {current.shape}")
    probs = _readonly(softmax(h)[0])
    records.append(LayerRecord(len(model.layers), "softmax", "softmax", current, probs))
    return records


def predict(model: Sequential, x: Any, batch_size: int = 256) -> np.ndarray:
    """Class probabilities: x (N, C, H, W) → (N, K) numpy, each row summing to 1.

    ``softmax`` of the model's forward pass, computed layer by layer in
    batches of ``batch_size`` without touching the layers' caches.

    Raises
    ------
    ValueError
        As :func:`forward_trace`: wrong input shape, non-finite numbers.
    """
    x_np = _check_input(model, x, 4, "(N, C, H, W)")
    kinds = [layer_kind(layer) for layer in model.layers]
    params = [_weights(layer) for layer in model.layers]
    parts = []
    size = max(1, int(batch_size))
    for start in range(0, x_np.shape[0], size):
        h = x_np[start : start + size]
        for layer, kind, (w, b) in zip(model.layers, kinds, params):
            h = _apply(layer, kind, h, w, b)
        parts.append(np.asarray(softmax(h)))
    if not parts:
        k = model.out_shape(model.in_shape)[0] if model.in_shape is not None else 0
        return np.zeros((0, k), dtype=x_np.dtype)
    return np.concatenate(parts)


def _input_shape(model: Sequential, in_shape: tuple[int, int, int] | None) -> tuple[int, int, int]:
    shape = in_shape if in_shape is not None else model.in_shape
    if shape is None:
        raise ValueError("the receptive field needs the model's input shape (C, H, W); pass in_shape")
    c, h, w = (int(n) for n in shape)
    return c, h, w


def receptive_field(
    model: Sequential, layer: int, row: int, col: int, *, in_shape: tuple[int, int, int] | None = None,
) -> tuple[int, int, int, int]:
    """The input pixels that can influence one cell of a layer's output.

    Parameters
    ----------
    model : Sequential, as for :func:`forward_trace`
    layer : int, an index into :func:`forward_trace`'s records (negative counts
        from the end)
    row, col : int, the cell in that record's (C, OH, OW) output (the same for
        every channel); ignored for flatten, linear and softmax records
    in_shape : (C, H, W), needed only for a model without ``in_shape``

    Returns
    -------
    (top, left, bottom, right) : rows ``top..bottom-1`` and columns
        ``left..right-1`` of the input, clipped to it (padding is not input).
        The whole input for flatten, linear and softmax records and anything
        after a flatten.

    Raises
    ------
    IndexError
        For a layer or a cell outside the network.
    """
    _, height, width = _input_shape(model, in_shape)
    n = len(model.layers)
    given = int(layer)
    index = given + n + 1 if given < 0 else given
    if not 0 <= index <= n:
        raise IndexError(f"layer {given} is outside 0..{n} (the network's {n} layers and the softmax)")
    kinds = [layer_kind(lay) for lay in model.layers[: index + 1]]
    if index == n or any(k in ("flatten", "linear") for k in kinds):
        return (0, 0, height, width)
    out = Sequential(model.layers[: index + 1]).out_shape(_input_shape(model, in_shape))
    if not (0 <= int(row) < out[1] and 0 <= int(col) < out[2]):
        raise IndexError(
            f"cell ({int(row)}, {int(col)}) is outside the {out[1]}×{out[2]} output of layer {index}"
        )
    top = bottom = int(row)  # inclusive interval, rows then columns
    left = right = int(col)
    for lay, kind in zip(reversed(model.layers[: index + 1]), reversed(kinds)):
        if kind == "relu":
            continue
        if kind == "conv":
            (kh, kw), (sh, sw), (ph, pw) = _conv_geometry(lay)  # type: ignore[arg-type]
        else:
            (kh, kw), (sh, sw) = _pool_geometry(lay)  # type: ignore[arg-type]
            ph = pw = 0
        top, bottom = top * sh - ph, bottom * sh - ph + kh - 1
        left, right = left * sw - pw, right * sw - pw + kw - 1
    top, left = min(max(top, 0), height), min(max(left, 0), width)
    return (top, left, max(top, min(bottom + 1, height)), max(left, min(right + 1, width)))


def layer_trace(record: LayerRecord) -> LayerTrace | None:
    """The stage trace that computes ``record``'s output step by step.

    ConvTrace on the layer's input with its weights and geometry, ReluTrace,
    PoolTrace (max or avg), LinearTrace or SoftmaxTrace; ``trace.output``
    equals ``record.output``. A ReLU after a linear layer sees its (IN,) input
    as (IN, 1, 1), one neuron per channel, so step ``k`` is neuron ``k`` and
    ``trace.output`` is ``record.output`` reshaped to (IN, 1, 1). Flatten
    computes nothing: None.
    """
    kind = record.kind
    if kind == "conv":
        return ConvTrace(
            record.input, record.weight, record.bias,
            stride=record.stride or 1, padding=record.padding or 0, dilation=record.dilation or 1,
        )
    if kind == "relu":
        x = record.input
        return ReluTrace(x if x.ndim == 3 else x.reshape(-1, 1, 1))
    if kind in ("maxpool", "avgpool"):
        assert record.kernel is not None
        mode = "max" if kind == "maxpool" else "avg"
        return PoolTrace(record.input, record.kernel, record.stride, mode=mode)
    if kind == "linear":
        return LinearTrace(record.input, record.weight, record.bias)
    if kind == "softmax":
        return SoftmaxTrace(record.input)
    return None


def layer_step(record: LayerRecord, cell: tuple[int, ...]) -> LayerStep | None:
    """The step record that computed one output cell of ``record``.

    ``cell`` indexes ``record.output``: ``(channel, row, col)`` for conv, ReLU
    and pooling maps, ``(k,)`` for linear, softmax and a ReLU after a linear
    layer. None for flatten (nothing is computed). Raises ``IndexError`` for a
    cell outside the output.
    """
    trace = layer_trace(record)
    if trace is None:
        return None
    pos = tuple(int(p) for p in cell)
    if len(pos) != record.output.ndim:
        raise IndexError(f"cell {pos} does not index a {record.name} output of shape {record.shape}")
    if isinstance(trace, ReluTrace) and record.output.ndim == 1:
        pos = (pos[0], 0, 0)
    return trace[trace.index(*pos)]
