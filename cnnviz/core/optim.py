"""Optimisers that update :class:`~cnnviz.core.model.Param` values in place."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .backend import get_xp
from .model import Param


class Optimizer:
    def __init__(self, params: Sequence[Param], lr: float) -> None:
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a positive number, got {lr!r}")
        self.params = list(params)
        self.lr = float(lr)

    def step(self) -> None:
        raise NotImplementedError

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad[...] = 0


class SGD(Optimizer):
    """``v = momentum*v + g``; ``p -= lr * v`` (PyTorch's formulation)."""

    def __init__(self, params: Sequence[Param], lr: float = 0.01, momentum: float = 0.9,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
        self.momentum, self.weight_decay = momentum, weight_decay
        self._velocity = [get_xp(p.value).zeros_like(p.value) for p in self.params]

    def step(self) -> None:
        for p, v in zip(self.params, self._velocity):
            g = p.grad if not self.weight_decay else p.grad + self.weight_decay * p.value
            if self.momentum:
                v *= self.momentum
                v += g
                g = v
            p.value -= self.lr * g


class Adam(Optimizer):
    """Adam with bias correction (Kingma & Ba)."""

    def __init__(self, params: Sequence[Param], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8) -> None:
        super().__init__(params, lr)
        if not all(isinstance(b, (int, float)) and 0 <= b < 1 for b in betas) or len(betas) != 2:
            raise ValueError(f"betas must lie in [0, 1), got {betas!r}")
        if not (isinstance(eps, (int, float)) and math.isfinite(eps) and eps > 0):
            raise ValueError(f"eps must be a positive number, got {eps!r}")
        self.b1, self.b2 = betas
        self.eps = eps
        self.t = 0
        self._m = [get_xp(p.value).zeros_like(p.value) for p in self.params]
        self._v = [get_xp(p.value).zeros_like(p.value) for p in self.params]

    def step(self) -> None:
        self.t += 1
        c1 = 1 - self.b1**self.t
        c2 = 1 - self.b2**self.t
        for p, m, v in zip(self.params, self._m, self._v):
            xp = get_xp(p.value)
            m *= self.b1
            m += (1 - self.b1) * p.grad
            v *= self.b2
            v += (1 - self.b2) * p.grad * p.grad
            p.value -= (self.lr / c1) * m / (xp.sqrt(v / c2) + self.eps)
