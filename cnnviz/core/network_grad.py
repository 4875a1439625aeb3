"""The network's real gradient at one convolution layer's output.

A convolution in the middle of a network does not see a made-up loss: its
output ``y`` goes on through ReLU, pooling, more layers and a softmax, and the
loss is the cross-entropy of the class probabilities against the sample's
label. :class:`NetworkUpstream` freezes a model and one labelled input and
gives that loss as a function of the layer's output, with its gradient
``∂L/∂y`` — the upstream gradient the backward lesson steps through, so a
conv cell sent from the Network tab learns from what the network really
wants of it.

Everything runs in float64 on copies of the weights, through the plain
operations of :mod:`cnnviz.core` (never a layer's caches or the fused
training path): the model can go on training meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import as_float, check_finite
from .backend import to_numpy
from .conv import conv2d, conv2d_backward
from .functional import cross_entropy, linear, linear_backward, relu, relu_backward
from .model import Sequential
from .network import forward_trace
from .pool import avg_pool2d, avg_pool2d_backward, max_pool2d, max_pool2d_backward


@dataclass(frozen=True)
class _Tail:
    """One layer after the chosen convolution: its kind, float64 weights and geometry."""

    kind: str
    weight: np.ndarray | None
    bias: np.ndarray | None
    kernel: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]


def _forward(layer: _Tail, h: np.ndarray) -> np.ndarray:
    if layer.kind == "conv":
        return np.asarray(conv2d(h, layer.weight, layer.bias, stride=layer.stride, padding=layer.padding))
    if layer.kind == "relu":
        return np.asarray(relu(h))
    if layer.kind == "maxpool":
        return np.asarray(max_pool2d(h, layer.kernel, layer.stride))
    if layer.kind == "avgpool":
        return np.asarray(avg_pool2d(h, layer.kernel, layer.stride))
    if layer.kind == "flatten":
        return h.reshape(h.shape[0], -1)
    return np.asarray(linear(h, layer.weight, layer.bias))


def _backward(layer: _Tail, dy: np.ndarray, h: np.ndarray) -> np.ndarray:
    """∂L/∂h from ∂L/∂(layer(h))."""
    if layer.kind == "conv":
        dx, _, _ = conv2d_backward(dy, h, layer.weight, stride=layer.stride, padding=layer.padding)
        return np.asarray(dx)
    if layer.kind == "relu":
        return np.asarray(relu_backward(dy, h))
    if layer.kind == "maxpool":
        return np.asarray(max_pool2d_backward(dy, h, layer.kernel, layer.stride))
    if layer.kind == "avgpool":
        return np.asarray(avg_pool2d_backward(dy, h, layer.kernel, layer.stride))
    if layer.kind == "flatten":
        return dy.reshape(h.shape)
    dx, _, _ = linear_backward(dy, h, layer.weight)
    return np.asarray(dx)


class NetworkUpstream:
    """The cross-entropy loss of ``model`` on ``x`` labelled ``label``, as a function of the
    output of convolution layer ``layer`` (its index in ``model.layers``).

    Parameters
    ----------
    model : Sequential, as :func:`~cnnviz.core.network.forward_trace` takes it
    x : array (C, H, W), the network's input (already prepared)
    label : int, the class in ``[0, K)`` the loss scores
    layer : int, the index of a ``Conv2d`` layer in ``model.layers``

    Attributes
    ----------
    output : array (F, OH, OW), float64, the layer's own output for ``x``
    label, layer, name : the class, the layer's index and record name (e.g. ``"conv1"``)
    loss : float, the network's loss for ``x`` as it is
    probabilities : array (K,), the softmax for ``x``

    Raises
    ------
    ValueError
        For a layer that is not a convolution, a label outside the classes,
        or what :func:`forward_trace` refuses.
    """

    def __init__(self, model: Sequential, x: Any, label: int, layer: int) -> None:
        records = forward_trace(model, x)
        n_layers = len(records) - 1
        if not 0 <= int(layer) < n_layers or records[int(layer)].kind != "conv":
            raise ValueError(f"layer {layer} is not a convolution of this model")
        k = int(records[-1].output.shape[0])
        if not 0 <= int(label) < k:
            raise ValueError(f"the label must be a class from 0 to {k - 1}, got {label}")
        self.layer, self.label = int(layer), int(label)
        self.name = records[self.layer].name
        self.output = np.array(records[self.layer].output, np.float64)
        self.output.flags.writeable = False
        self._tail = [
            _Tail(
                r.kind,
                None if r.weight is None else np.array(r.weight, np.float64),
                None if r.bias is None else np.array(r.bias, np.float64),
                r.kernel or (1, 1),
                r.stride or (1, 1),
                r.padding or (0, 0),
            )
            for r in records[self.layer + 1 : n_layers]
        ]
        self.loss, _ = self.loss_and_grad(self.output)
        self.probabilities = np.array(records[-1].output, np.float64)

    @property
    def shape(self) -> tuple[int, int, int]:
        """The layer output's shape (F, OH, OW)."""
        f, oh, ow = self.output.shape
        return int(f), int(oh), int(ow)

    def loss_and_grad(self, y: Any, channels: Sequence[int] | None = None) -> tuple[float, np.ndarray]:
        """The loss with the layer's output replaced, and ``∂L/∂y``.

        Parameters
        ----------
        y : array (F, OH, OW), the whole output; or, with ``channels``, the
            output of those filters only (len(channels), OH, OW), the others
            keeping the network's own values
        channels : the filter indices ``y`` holds, or None for all

        Returns
        -------
        loss : float, ``−log p[label]`` of the network run on from ``y``
        dy : array of ``y``'s shape, float64, ``∂L/∂y``

        Raises
        ------
        ValueError
            For a wrong shape, channels outside the layer, or non-finite values.
        """
        y_np = as_float(np, to_numpy(y), np.float64, "y")
        check_finite(np, y_np, "y")
        full = np.array(self.output)
        picked: list[int] | slice = slice(None)
        if channels is not None:
            picked = [int(c) for c in channels]
            if (
                not picked
                or not all(0 <= c < full.shape[0] for c in picked)
                or len(set(picked)) != len(picked)
            ):
                raise ValueError(
                    f"channels must be distinct filters of 0..{full.shape[0] - 1}, got {channels}"
                )
        want = full[picked].shape
        if y_np.shape != want:
            raise ValueError(f"y must have the shape {want}, got {y_np.shape}")
        full[picked] = y_np
        inputs, h = [], full[None]
        for layer in self._tail:
            inputs.append(h)
            h = _forward(layer, h)
        loss, d = cross_entropy(h, np.array([self.label]))
        d = np.asarray(d)
        for layer, h_in in zip(reversed(self._tail), reversed(inputs)):
            d = _backward(layer, d, h_in)
        return float(loss), np.array(d[0][picked], np.float64)

    def predicted(self) -> int:
        """The class the network gives the highest probability for ``x`` as it is."""
        return int(np.argmax(self.probabilities))
