"""A small sequential CNN with parameters and gradients.

Layers cache what their backward pass needs during ``forward``; ``backward``
fills each parameter's ``grad`` and returns the gradient for the layer below.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._shifted import relu
from ._validate import check_finite
from .backend import default_xp, get_xp, to_numpy
from .conv import conv2d, conv2d_grads
from .functional import linear, linear_backward
from .fused import conv_relu_maxpool, conv_relu_maxpool_backward, fusable
from .fused_relu import conv_relu, conv_relu_avgpool, conv_relu_avgpool_backward, conv_relu_backward
from .pool import avg_pool2d, avg_pool2d_backward, max_pool2d_backward_index, max_pool2d_with_index
from .shapes import conv_geometry, conv_output_shape, pair


@dataclass(eq=False)
class Param:
    """A trainable array and its gradient (same shape)."""

    name: str
    value: Any
    grad: Any = None

    def __post_init__(self) -> None:
        if self.grad is None:
            self.grad = get_xp(self.value).zeros_like(self.value)


class Layer:
    """Base class: ``forward(x)`` → y, ``backward(dy)`` → dx."""

    params: tuple[Param, ...] = ()

    def forward(self, x: Any) -> Any:
        raise NotImplementedError

    def backward(self, dy: Any, need_dx: bool = True) -> Any:
        raise NotImplementedError

    def out_shape(self, in_shape: tuple[int, ...]) -> tuple[int, ...]:
        """Per-sample output shape for a per-sample input shape."""
        raise NotImplementedError

    def describe(self) -> str:
        return type(self).__name__


def _init_xp(xp: Any) -> Any:
    return default_xp() if xp is None else xp


class Conv2d(Layer):
    """Convolution layer; He-initialised weights ``(F, C, KH, KW)``, zero bias."""

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int | tuple[int, int],
        *, stride: int = 1, padding: int = 0, rng: np.random.Generator, xp: Any = None,
    ) -> None:
        kh, kw = pair(kernel_size, "kernel size")
        fan_in = in_channels * kh * kw
        w = rng.standard_normal((out_channels, in_channels, kh, kw)) * np.sqrt(2.0 / fan_in)
        xp = _init_xp(xp)
        self.weight = Param("weight", xp.asarray(w, dtype=xp.float32))
        self.bias = Param("bias", xp.zeros(out_channels, dtype=xp.float32))
        self.params = (self.weight, self.bias)
        self.stride, self.padding = stride, padding
        self._x: Any = None
        self._fused: tuple[str, int, Any, Any, list] | None = None  # what backward_fused needs

    def forward(self, x: Any) -> Any:
        self._x = x
        return conv2d(x, self.weight.value, self.bias.value, stride=self.stride, padding=self.padding)

    def backward(self, dy: Any, need_dx: bool = True) -> Any:
        dx, dw, db = conv2d_grads(
            dy, self._x, self.weight.value, stride=self.stride, padding=self.padding, need_dx=need_dx
        )
        self.weight.grad[...] = dw
        self.bias.grad[...] = db
        return dx

    def forward_fused(self, x: Any, pool: str = "none", size: int = 2) -> Any | None:
        """This layer, a ReLU and (``pool`` ``"max"`` or ``"avg"``) a ``size``-pool
        in one pass (:mod:`cnnviz.core.fused`, :mod:`cnnviz.core.fused_relu`);
        ``None`` when the pooling windows do not fit."""
        w, b = self.weight.value, self.bias.value
        kw = {"stride": self.stride, "padding": self.padding}
        if pool != "none":
            geo = conv_geometry(x.shape[2:], w.shape[2:], self.stride, self.padding)
            if not fusable(x, geo, size, size):
                return None
        kept: list = []
        if pool == "max":
            y, extra = conv_relu_maxpool(x, w, b, pool=size, keep=kept, **kw)
        elif pool == "avg":
            y, extra = conv_relu_avgpool(x, w, b, pool=size, keep=kept, **kw)
        else:
            y, extra = conv_relu(x, w, b, keep=kept, **kw), None
        self._x = x
        self._fused = (pool, size, y, extra, kept)
        return y

    def backward_fused(self, dy: Any, need_dx: bool = True) -> Any:
        """Backward pass of :meth:`forward_fused`."""
        assert self._fused is not None, "backward_fused before forward_fused"
        pool, size, y, extra, kept = self._fused
        w, x, s, p = self.weight.value, self._x, self.stride, self.padding
        if pool == "max":
            grads = conv_relu_maxpool_backward(
                dy, y, extra, x, w, stride=s, padding=p, pool=size, need_dx=need_dx, kept=kept
            )
        elif pool == "avg":
            grads = conv_relu_avgpool_backward(
                dy, extra, x, w, stride=s, padding=p, pool=size, need_dx=need_dx, kept=kept
            )
        else:
            grads = conv_relu_backward(dy, y, x, w, stride=s, padding=p, need_dx=need_dx, kept=kept)
        dx, dw, db = grads
        self._fused = None  # kept columns are only good for this one backward pass
        self.weight.grad[...] = dw
        self.bias.grad[...] = db
        return dx

    def out_shape(self, in_shape: tuple[int, ...]) -> tuple[int, ...]:
        c, h, w = in_shape
        f, _, kh, kw = self.weight.value.shape
        return (f, *conv_output_shape((h, w), (kh, kw), self.stride, self.padding))

    def describe(self) -> str:
        f, c, kh, kw = self.weight.value.shape
        return f"Conv2d {c}→{f}, {kh}×{kw}, stride {self.stride}, padding {self.padding}"


class ReLU(Layer):
    def forward(self, x: Any) -> Any:
        self._mask = x > 0
        if isinstance(x, np.ndarray):
            return relu(x)  # against an array of zeros: ten times quicker
        return get_xp(x).maximum(x, 0)

    def backward(self, dy: Any, need_dx: bool = True) -> Any:
        return dy * self._mask

    def out_shape(self, in_shape: tuple[int, ...]) -> tuple[int, ...]:
        return in_shape


class MaxPool2d(Layer):
    def __init__(self, kernel_size: int, stride: int | None = None) -> None:
        self.kernel_size, self.stride = kernel_size, stride

    def forward(self, x: Any) -> Any:
        self._shape = x.shape
        y, self._idx = max_pool2d_with_index(x, self.kernel_size, self.stride)
        return y

    def backward(self, dy: Any, need_dx: bool = True) -> Any:
        return max_pool2d_backward_index(dy, self._idx, self._shape, self.kernel_size, self.stride)

    def out_shape(self, in_shape: tuple[int, ...]) -> tuple[int, ...]:
        c, h, w = in_shape
        return (c, *conv_output_shape((h, w), self.kernel_size, self.stride or self.kernel_size))

    def describe(self) -> str:
        return f"MaxPool2d {self.kernel_size}×{self.kernel_size}"


class AvgPool2d(MaxPool2d):
    def forward(self, x: Any) -> Any:
        self._x = x
        return avg_pool2d(x, self.kernel_size, self.stride)

    def backward(self, dy: Any, need_dx: bool = True) -> Any:
        return avg_pool2d_backward(dy, self._x, self.kernel_size, self.stride)

    def describe(self) -> str:
        return f"AvgPool2d {self.kernel_size}×{self.kernel_size}"


class Flatten(Layer):
    def forward(self, x: Any) -> Any:
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dy: Any, need_dx: bool = True) -> Any:
        return dy.reshape(self._shape)

    def out_shape(self, in_shape: tuple[int, ...]) -> tuple[int, ...]:
        return (int(np.prod(in_shape)),)


class Linear(Layer):
    """Fully-connected layer; weights ``(OUT, IN)`` He-initialised, zero bias."""

    def __init__(
        self, in_features: int, out_features: int, *, rng: np.random.Generator, xp: Any = None
    ) -> None:
        w = rng.standard_normal((out_features, in_features)) * np.sqrt(2.0 / in_features)
        xp = _init_xp(xp)
        self.weight = Param("weight", xp.asarray(w, dtype=xp.float32))
        self.bias = Param("bias", xp.zeros(out_features, dtype=xp.float32))
        self.params = (self.weight, self.bias)

    def _plain(self, a: Any) -> bool:
        """Whether ``a`` is a numpy matrix this layer takes without checking its
        numbers: in a model it comes from the layer below, and a NaN there makes
        the loss NaN (the weights are still checked: a NaN weight is named)."""
        w = self.weight.value
        return isinstance(a, np.ndarray) and a.dtype == w.dtype and a.ndim == 2 and isinstance(w, np.ndarray)

    def forward(self, x: Any) -> Any:
        self._x = x
        w = self.weight.value
        if self._plain(x) and x.shape[1] == w.shape[1]:
            check_finite(np, w, "w")
            check_finite(np, self.bias.value, "b")
            y = x @ w.T
            y += self.bias.value
            return y
        return linear(x, w, self.bias.value)

    def backward(self, dy: Any, need_dx: bool = True) -> Any:
        w, x = self.weight.value, self._x
        if self._plain(dy) and self._plain(x) and dy.shape == (x.shape[0], w.shape[0]):
            np.matmul(dy.T, x, out=self.weight.grad)  # straight into the gradient
            np.sum(dy, axis=0, out=self.bias.grad)
            return dy @ w if need_dx else None
        dx, dw, db = linear_backward(dy, x, w)
        self.weight.grad[...] = dw
        self.bias.grad[...] = db
        return dx

    def out_shape(self, in_shape: tuple[int, ...]) -> tuple[int, ...]:
        return (int(self.weight.value.shape[0]),)

    def describe(self) -> str:
        o, i = self.weight.value.shape
        return f"Linear {i}→{o}"


@dataclass
class Sequential:
    """Layers applied in order; ``backward`` runs them in reverse."""

    layers: list[Layer] = field(default_factory=list)
    #: run conv → ReLU → max-pool as one fused pass where it applies
    fuse: bool = True
    #: the per-sample input shape ``(C, H, W)`` the model was built for, when known
    #: (:func:`make_cnn` sets it; the receptive field clips to it)
    in_shape: tuple[int, int, int] | None = None
    _runs: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def forward(self, x: Any) -> Any:
        """Apply the layers: x (N, ...) → output (N, ...)."""
        self._runs = []  # (first layer, layer count) as executed
        i = 0
        while i < len(self.layers):
            fused = self._fused_forward(i, x) if self.fuse else None
            if fused is not None:
                x, count = fused
            else:
                x, count = self.layers[i].forward(x), 1
            self._runs.append((i, count))
            i += count
        return x

    __call__ = forward

    def _fused_forward(self, i: int, x: Any) -> tuple[Any, int] | None:
        """conv → ReLU (→ max or average pool) as one pass: the output and the
        number of layers it stands for; ``None`` where no such run starts."""
        group = self.layers[i : i + 3]
        if len(group) < 2 or type(group[0]) is not Conv2d or type(group[1]) is not ReLU:
            return None
        conv: Conv2d = group[0]  # type: ignore[assignment]
        if len(group) == 3 and type(group[2]) in (MaxPool2d, AvgPool2d):
            pool: MaxPool2d = group[2]  # type: ignore[assignment]
            if pool.stride in (None, pool.kernel_size) and isinstance(pool.kernel_size, int):
                kind = "max" if type(pool) is MaxPool2d else "avg"
                y = conv.forward_fused(x, kind, pool.kernel_size)
                if y is not None:
                    return y, 3
        return conv.forward_fused(x), 2

    def backward(self, dy: Any) -> None:
        """Fill every parameter's ``grad`` after :meth:`forward`; the input's
        gradient is not needed, so the first layer skips it."""
        for i, count in reversed(self._runs):
            layer = self.layers[i]
            if count > 1:
                dy = layer.backward_fused(dy, need_dx=i > 0)  # type: ignore[attr-defined]
            else:
                dy = layer.backward(dy, need_dx=i > 0)

    def parameters(self) -> list[Param]:
        return [p for layer in self.layers for p in layer.params]

    def named_parameters(self) -> list[tuple[str, Param]]:
        return [(f"{i}.{p.name}", p) for i, layer in enumerate(self.layers) for p in layer.params]

    def state_dict(self) -> dict[str, np.ndarray]:
        """Parameter values as numpy arrays, keyed ``"<layer>.<name>"``."""
        return {name: to_numpy(p.value).copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Copy values in after checking names, shapes and dtypes; on any
        mismatch raise ``ValueError`` and leave the model unchanged."""
        named = dict(self.named_parameters())
        missing = sorted(set(named) - set(state))
        extra = sorted(set(state) - set(named))
        if missing or extra:
            raise ValueError(
                "parameters do not match the architecture"
                + (f"; missing: {', '.join(missing)}" if missing else "")
                + (f"; unexpected: {', '.join(extra)}" if extra else "")
            )
        for name, p in named.items():
            v = np.asarray(state[name])
            if v.shape != tuple(p.value.shape):
                raise ValueError(f"{name} has shape {v.shape}, the architecture needs {tuple(p.value.shape)}")
            if v.dtype.kind != "f":
                raise ValueError(f"{name} has dtype {v.dtype}, expected floating point")
            if not np.all(np.isfinite(v)):
                raise ValueError(f"{name} contains non-finite values")
        for name, p in named.items():
            p.value[...] = get_xp(p.value).asarray(state[name], dtype=p.value.dtype)

    def out_shape(self, in_shape: Sequence[int]) -> tuple[int, ...]:
        shape = tuple(in_shape)
        for layer in self.layers:
            shape = layer.out_shape(shape)
        return shape

    def describe(self) -> list[str]:
        return [layer.describe() for layer in self.layers]


MAX_BLOCKS = 3


def make_cnn(
    in_shape: Iterable[int], num_classes: int, *, filters: int = 8, kernel_size: int = 3,
    pool: str = "max", hidden: int = 0, blocks: int = 1, seed: int = 0, xp: Any = None,
) -> Sequential:
    """``blocks`` × [conv (same padding) → ReLU → pool 2] → flatten → [linear → ReLU] → linear.

    ``in_shape`` is ``(C, H, W)``; every block's convolution has ``filters``
    filters of ``kernel_size``² (the first reads C channels, the others
    ``filters``); ``pool`` is ``"max"``, ``"avg"`` or ``"none"`` for every
    block. Two calls with the same ``seed`` give identical weights, and a
    one-block model draws its weights exactly as before blocks existed.
    """
    c, h, w = (int(v) for v in in_shape)
    if pool not in ("max", "avg", "none"):
        raise ValueError(f"pool must be 'max', 'avg' or 'none', got {pool!r}")
    if filters < 1 or num_classes < 2 or hidden < 0:
        raise ValueError(
            f"need filters ≥ 1, classes ≥ 2, hidden ≥ 0; got {filters}, {num_classes}, {hidden}"
        )
    if not 1 <= blocks <= MAX_BLOCKS:
        raise ValueError(f"conv blocks must be between 1 and {MAX_BLOCKS}, got {blocks}")
    rng = np.random.default_rng(seed)
    layers: list[Layer] = []
    channels = c
    for _ in range(blocks):
        layers += [Conv2d(channels, filters, kernel_size, padding=kernel_size // 2, rng=rng, xp=xp), ReLU()]
        if pool == "max":
            layers.append(MaxPool2d(2))
        elif pool == "avg":
            layers.append(AvgPool2d(2))
        channels = filters
    layers.append(Flatten())
    model = Sequential(layers, in_shape=(c, h, w))
    (features,) = model.out_shape((c, h, w))
    if hidden:
        layers += [Linear(features, hidden, rng=rng, xp=xp), ReLU()]
        features = hidden
    head = Linear(features, num_classes, rng=rng, xp=xp)
    head.weight.value *= 0.1  # logits near 0 before training: the first loss is near ln K, a guess
    layers.append(head)
    return model
