"""One small view per kind of step record (ReLU, pooling, fully-connected,
softmax); the convolution's view lives in :mod:`cnnviz.views.convolution_view`."""

from __future__ import annotations

from .dense_view import LinearDetailView, SoftmaxDetailView
from .pool_view import PoolView
from .relu_view import ReluView

__all__ = ["LinearDetailView", "PoolView", "ReluView", "SoftmaxDetailView"]
