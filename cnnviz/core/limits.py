"""Limits shared by the window's widgets and the command line.

The window's spin boxes and the ``cnnviz`` subcommands read their ranges from
here, so a setting the window cannot reach is refused on the command line too,
with one line and before anything is allocated.
"""

from __future__ import annotations

# -- a convolution session (parameters panel, input panel, ``cnnviz export``) --------
#: largest kernel side
MAX_KERNEL = 15
#: most filters shown at once
MAX_FILTERS = 16
#: sliding-window settings, inclusive ranges
STRIDE_RANGE = (1, 16)
PADDING_RANGE = (0, 16)
DILATION_RANGE = (1, 8)
#: long side of a loaded image, in pixels
IMAGE_SIZE_RANGE = (8, 1024)

# -- training (trainer panel, ``cnnviz train``); the core checks the same ranges ------
TRAIN_SIZE_RANGE = (4, 64)
TRAIN_FILTERS_RANGE = (1, 32)
TRAIN_KERNELS = (1, 3, 5, 7)
TRAIN_HIDDEN_RANGE = (0, 256)
TRAIN_LR_RANGE = (0.0001, 1000.0)
TRAIN_BATCH_RANGE = (1, 4096)
TRAIN_EPOCHS_RANGE = (1, 1000)
TRAIN_SEED_RANGE = (0, 999_999)

#: the most frames one export writes, in the window's dialog and on the command line alike
MAX_EXPORT_FRAMES = 600
