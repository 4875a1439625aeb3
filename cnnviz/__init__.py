"""cnnviz: see how a convolutional neural network computes, step by step."""

__version__ = "0.1.0"
