"""Where the backward stages' upstream gradient ``dy = ∂L/∂y`` comes from.

- ``"ones"``: ``dy = 1`` everywhere, the gradient of ``L = Σ y``; then ∂L/∂w is
  simply the sum of the input values a weight met — the easiest first lesson;
- ``"target"``: an editable target output ``t`` and ``L = ½ Σ (y − t)²``, so
  ``dy = y − t``;
- ``"network"``: for a conv cell sent from the Network tab, the network's real
  gradient: the cross-entropy of the whole network for that input and its
  label, differentiated at this filter's output
  (:class:`~cnnviz.core.NetworkUpstream`). It holds while the session's input
  is the layer input the network gave and the output is that one filter's map;
  otherwise the session falls back to all ones and says so.

Every number comes from :mod:`cnnviz.core`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnviz.core import NetworkUpstream, half_squared_error, ones_upstream

UPSTREAM_MODES = ("ones", "target", "network")


def translate(context: str, text: str) -> str:  # a name lupdate reads
    return QCoreApplication.translate(context, text)


@dataclass(frozen=True, eq=False)
class NetworkSource:
    """The network behind a conv cell sent from the Network tab.

    ``upstream`` scores the whole network; ``channel`` is the filter of its
    layer this session shows; ``x`` (C, H, W) the layer's input it is valid
    for; ``label`` the class scored and ``label_name`` its name; ``true_label``
    False when the input had no label and the network's own prediction is
    scored instead; ``input_kind`` ("sample", "image", "array" or "drawing"),
    ``input_index`` (the validation sample, from 0) and ``input_name`` (the
    image file's name) say what the network was fed (:meth:`describe_input`
    puts it in words in the interface's language of the moment).
    """

    upstream: NetworkUpstream
    channel: int
    x: np.ndarray
    label: int
    label_name: str
    true_label: bool
    input_kind: str = "sample"
    input_index: int = 0
    input_name: str = ""

    def describe_input(self) -> str:
        """What the network was fed, e.g. "validation sample 3 (true class: 7)" (the Network
        tab's own words, translated now)."""
        kind = self.input_kind
        if kind == "sample":
            text = translate("NetworkPresenter", "validation sample {0} (true class: {1})")
            return text.format(self.input_index + 1, self.label_name)
        if kind == "image":
            return translate("NetworkPresenter", "image file {0}").format(self.input_name)
        if kind == "array":
            return translate("NetworkPresenter", "an array")
        return translate("NetworkPresenter", "your drawing")

    def fits(self, x: np.ndarray, y: np.ndarray) -> bool:
        """True while the session's input is the layer input and its output one filter's map."""
        _, oh, ow = self.upstream.shape
        return (
            tuple(y.shape) == (1, oh, ow)
            and tuple(np.shape(x)) == tuple(self.x.shape)
            and np.array_equal(np.asarray(x, np.float32), self.x)
        )

    def loss_and_dy(self, y: np.ndarray) -> tuple[float, np.ndarray]:
        """``(L, ∂L/∂y)`` with this filter's map (1, OH, OW) replaced by ``y`` (float64)."""
        return self.upstream.loss_and_grad(np.asarray(y, np.float64), [self.channel])


class Upstream:
    """The upstream gradient's source: all ones, ``y − t`` for a target ``t``, or the network."""

    def __init__(self) -> None:
        self.mode = "ones"
        self._target: np.ndarray | None = None
        self.network: NetworkSource | None = None

    def target_for(self, y: np.ndarray) -> np.ndarray:
        """The target (F, OH, OW) for output ``y``: zeros until edited, reset when the shape changes."""
        if self._target is None or self._target.shape != y.shape:
            self._target = np.zeros(y.shape, np.float32)
        return self._target

    def set_target_value(self, y: np.ndarray, f: int, row: int, col: int, value: float) -> None:
        t = np.array(self.target_for(y))
        t[f, row, col] = value
        self._target = t

    def network_fits(self, x: np.ndarray, y: np.ndarray) -> bool:
        """True when the network's gradient can be used for input ``x`` and output ``y``."""
        return self.network is not None and self.network.fits(x, y)

    def effective_mode(self, x: np.ndarray, y: np.ndarray) -> str:
        """The mode in use: the chosen one, or "ones" when the network's no longer fits."""
        if self.mode == "network" and not self.network_fits(x, y):
            return "ones"
        return self.mode

    def loss_and_dy(self, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """``(L, dy)`` for input ``x`` and output ``y`` (F, OH, OW) under the effective mode."""
        mode = self.effective_mode(x, y)
        if mode == "ones":
            return float(np.sum(y, dtype=np.float64)), ones_upstream(y.shape, y.dtype)
        if mode == "network":
            assert self.network is not None
            loss, dy = self.network.loss_and_dy(y)
            return loss, np.asarray(dy, y.dtype)
        loss, dy = half_squared_error(y, self.target_for(y))
        return loss, np.asarray(dy, y.dtype)
