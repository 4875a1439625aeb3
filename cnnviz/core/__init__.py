"""cnnviz.core: the numbers — a Qt-free numpy (or CuPy) CNN engine.

Layout NCHW, weights ``(F, C, KH, KW)`` as in PyTorch; float32 by default,
float64 accepted.
"""

from __future__ import annotations

from ._im2col import set_threads
from .backend import backend_name, default_xp, get_xp, to_numpy
from .conv import conv2d, conv2d_backward
from .demo import PRESET_NAMES, Demo, load_demo, preset_kernel
from .formatting import (
    APPROX,
    EQUALS,
    format_bias_grad,
    format_channel_sum,
    format_input_grad,
    format_linear,
    format_number,
    format_pool,
    format_products,
    format_relu,
    format_softmax,
    format_total,
    format_weight_grad,
    split_equation,
)
from .functional import (
    cross_entropy,
    linear,
    linear_backward,
    log_softmax,
    relu,
    relu_backward,
    sigmoid,
    softmax,
    tanh,
)
from .lesson import (
    GradientCheck,
    gradient_check,
    half_squared_error,
    ones_upstream,
    sgd_update,
    upstream_loss,
)
from .model import AvgPool2d, Conv2d, Flatten, Linear, MaxPool2d, Param, ReLU, Sequential, make_cnn
from .network import LayerRecord, forward_trace, layer_step, layer_trace, predict, receptive_field
from .network_grad import NetworkUpstream
from .neuron import (
    ACTIVATIONS,
    NEURON_PRESETS,
    Activation,
    NeuronPreset,
    TruthRow,
    curve_samples,
    neuron,
    truth_table,
)
from .optim import SGD, Adam, Optimizer
from .padding import PADDING_MODES, check_padding_mode
from .pool import avg_pool2d, avg_pool2d_backward, max_pool2d, max_pool2d_backward
from .shapes import (
    ConvGeometry,
    TransposedGeometry,
    check_groups,
    conv_geometry,
    conv_output_shape,
    output_size_formula,
    transposed_geometry,
    transposed_output_formula,
    transposed_output_shape,
)
from .trace import ConvStep, ConvTrace
from .traces import (
    BiasGradStep,
    BiasGradTrace,
    InputGradStep,
    InputGradTerm,
    InputGradTrace,
    LinearStep,
    LinearTrace,
    PoolStep,
    PoolTrace,
    ReluStep,
    ReluTrace,
    ScatterStep,
    SoftmaxStep,
    SoftmaxTrace,
    TransposedConvTrace,
    WeightGradStep,
    WeightGradTrace,
)
from .transposed import (
    conv_transpose2d,
    conv_transpose2d_backward,
    flipped_transposed_kernel,
    zero_inserted_input,
)

__all__ = [
    "APPROX", "EQUALS", "LinearStep", "LinearTrace", "PoolStep", "PoolTrace", "ReluStep", "ReluTrace",
    "SoftmaxStep", "SoftmaxTrace", "format_linear", "format_pool", "format_relu", "format_softmax",
    "split_equation",
    "Adam", "AvgPool2d", "Conv2d", "ConvGeometry", "ConvStep", "ConvTrace", "Demo", "Flatten",
    "Linear", "MaxPool2d", "Optimizer", "PRESET_NAMES", "Param", "ReLU", "SGD", "Sequential",
    "avg_pool2d", "avg_pool2d_backward", "backend_name", "conv2d", "conv2d_backward",
    "conv_geometry", "conv_output_shape", "cross_entropy", "default_xp", "format_channel_sum",
    "format_number", "format_products", "format_total", "get_xp", "linear", "linear_backward",
    "load_demo", "log_softmax", "make_cnn", "max_pool2d", "max_pool2d_backward",
    "output_size_formula", "preset_kernel", "relu", "relu_backward", "sigmoid", "softmax", "tanh",
    "to_numpy",
]
__all__ += [
    "ACTIVATIONS", "Activation", "NEURON_PRESETS", "NeuronPreset", "TruthRow", "curve_samples", "neuron",
    "truth_table",
]
__all__ += [
    "BiasGradStep", "BiasGradTrace", "GradientCheck", "InputGradStep", "InputGradTerm", "InputGradTrace",
    "WeightGradStep", "WeightGradTrace", "format_bias_grad", "format_input_grad", "format_weight_grad",
    "gradient_check", "half_squared_error", "ones_upstream", "sgd_update", "upstream_loss",
]
__all__ += ["LayerRecord", "forward_trace", "layer_step", "layer_trace", "predict", "receptive_field"]
__all__ += ["NetworkUpstream", "set_threads"]
__all__ += [
    "PADDING_MODES", "ScatterStep", "TransposedConvTrace", "TransposedGeometry", "check_groups",
    "check_padding_mode", "conv_transpose2d", "conv_transpose2d_backward", "flipped_transposed_kernel",
    "transposed_geometry", "transposed_output_formula", "transposed_output_shape", "zero_inserted_input",
]
