"""An exported frame shows everything the window shows for that step: the
filter thumbnails wrap instead of running out of the filter column (issue 13)."""

from __future__ import annotations

import numpy as np

from cnnviz.core import preset_kernel
from cnnviz.views.export_frames import OffscreenFrames, build_session


def test_every_filter_thumbnail_lies_inside_the_visible_filter_column(qapp):
    x = np.random.default_rng(0).random((3, 43, 64)).astype(np.float32)
    w = np.stack([preset_kernel(n, 3, (3, 3)) for n in ("sobel_x", "sobel_y", "box_blur", "gaussian")])
    frames = OffscreenFrames(build_session(x, w, None, stride=1, padding=0, dilation=1, name="photo"))
    try:
        frames(700)
        panel = frames.view.conv_view.filter_panel
        viewport = panel.parentWidget()
        for thumb in panel.thumbs:
            top_left = thumb.mapTo(viewport, thumb.rect().topLeft())
            bottom_right = thumb.mapTo(viewport, thumb.rect().bottomRight())
            assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right), thumb.index
    finally:
        frames.close()
