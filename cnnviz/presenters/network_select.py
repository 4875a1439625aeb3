"""The Network tab's cells: the selected one written out, the hovered one's inputs, and the
bridge to the Convolution tab.

A mixin of :class:`~cnnviz.presenters.network.NetworkPresenter` (its words are
translated in that class's context).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, Slot

from cnnviz.core import NetworkUpstream

from .network_cells import CellDetail, Feeds, check_cell, describe_cell, feeds
from .upstream import NetworkSource

if TYPE_CHECKING:
    from .network import NetworkPresenter


def translate(context: str, text: str) -> str:  # a name lupdate reads
    return QCoreApplication.translate(context, text)


def _more_label(n: int, sum_text: str) -> str:  # the dense views' words, so both agree
    if n == 1:
        return QCoreApplication.translate("DensePresenter", "1 more term (sum {0})").format(sum_text)
    return QCoreApplication.translate("DensePresenter", "{0} more terms (sum {1})").format(n, sum_text)


@dataclass(frozen=True, eq=False)
class ConvRequest:
    """What the Convolution tab needs to replay one conv cell: the layer's input
    ``x`` (C, H, W), the filter ``w`` (1, C, KH, KW) and bias ``b`` (1,), its
    ``stride`` and ``padding``, a ``name``, the output cell ``(row, col)``, and
    ``source``: the network's real gradient at this filter's output for the
    input's label (None when it cannot be computed)."""

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    stride: int
    padding: int
    name: str
    row: int
    col: int
    source: NetworkSource | None = None


class NetworkSelection:
    """Selecting and hovering cells; sending a conv cell to the Convolution tab."""

    _detail: CellDetail | None
    _feeds: Feeds | None

    @Slot(int, object)
    def select(self: NetworkPresenter, column: int, cell: Sequence[int]) -> bool:
        """Open cell ``cell`` of column ``column``: its arithmetic and receptive field."""
        try:
            pos = check_cell(self._columns[int(column)], cell)
        except IndexError:
            return False
        self._selected = (int(column), pos)
        self._reselect()
        return True

    @Slot()
    def clear_selection(self: NetworkPresenter) -> None:
        self._selected = None
        self._reselect()

    def _reselect(self: NetworkPresenter) -> None:
        detail = None
        if self._selected is not None and self._snap is not None:
            column, cell = self._selected
            try:
                detail = describe_cell(
                    self._snap.model,
                    self._columns,
                    self._records,
                    column,
                    cell,
                    bias_label=QCoreApplication.translate("DensePresenter", "bias"),
                    more_label=_more_label,
                )
            except IndexError:
                self._selected = None
        self._detail = detail
        if detail is not None and detail.kind in ("linear", "softmax"):
            # the dense views draw the neuron (linear) or the layer whose logits the softmax reads
            rec = self._records[self._columns[detail.column].record - (detail.kind == "softmax")]
            if rec.kind == "linear":
                self._syncing = True
                try:
                    self.dense.set_data(rec.input, rec.weight, rec.bias, self._columns[detail.column].labels)
                    self.dense.seek(detail.cell[0])
                finally:
                    self._syncing = False
        self.selection_changed.emit()

    def _on_dense_step_changed(self: NetworkPresenter, k: int) -> None:
        """A class chosen in the dense views becomes the selected cell here too."""
        d = self._detail
        if not self._syncing and d is not None and d.kind in ("linear", "softmax") and d.cell != (k,):
            self.select(d.column, (k,))

    @Slot(int, object)
    def hover(self: NetworkPresenter, column: int, cell: Sequence[int]) -> None:
        try:
            pos = check_cell(self._columns[int(column)], cell)
        except IndexError:
            return self.clear_hover()
        if self._hovered != (int(column), pos):
            self._hovered = (int(column), pos)
            self._feeds = feeds(self._columns, self._records, int(column), pos)
            self.hover_changed.emit()

    @Slot()
    def clear_hover(self: NetworkPresenter) -> None:
        if self._hovered is not None:
            self._hovered = self._feeds = None
            self.hover_changed.emit()

    @Slot()
    def open_in_convolution(self: NetworkPresenter) -> bool:
        """Send the selected conv cell's input volume and filter to the Convolution tab."""
        d = self._detail
        if d is None or d.kind != "conv":
            return self._refuse(translate("NetworkPresenter", "Select a cell of a convolution layer first."))
        rec = self._records[self._columns[d.column].record]
        f, r, c = d.cell
        name = translate("NetworkPresenter", "{0}, filter {1} (Network tab)").format(rec.name, f)
        assert rec.weight is not None and rec.bias is not None and rec.stride and rec.padding
        source = self._network_source(rec.index, f)
        self.convolution_requested.emit(
            ConvRequest(
                np.array(rec.input),
                np.array(rec.weight[f : f + 1]),
                np.array(rec.bias[f : f + 1]),
                int(rec.stride[0]),
                int(rec.padding[0]),
                name,
                r,
                c,
                source,
            )
        )
        return True

    def _network_source(self: NetworkPresenter, layer: int, channel: int) -> NetworkSource | None:
        """The network's loss for the fed input at filter ``channel`` of layer ``layer``: scored
        against the sample's true class, or the predicted class for an input without one."""
        if self._snap is None or self._fed is None:
            return None
        true_label = self._kind == "sample" and self._samples is not None
        if true_label:
            label = int(self._samples.labels[self._sample])
        else:  # no label: the class the network predicts is what it is told to be
            label = int(np.argmax(self._records[-1].output))
        try:
            upstream = NetworkUpstream(self._snap.model, self._fed, label, layer)
        except ValueError:
            return None
        names = self.class_names
        name = names[label] if 0 <= label < len(names) else str(label)
        return NetworkSource(
            upstream,
            int(channel),
            np.array(self._records[layer].input, np.float32),
            label,
            str(name),
            true_label,
            self._kind,
            self._sample,
            os.path.basename(self._image_path) if self._kind == "image" else "",
        )
