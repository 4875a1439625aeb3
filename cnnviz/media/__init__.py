"""cnnviz.media: image files in, arrays out (Pillow, no Qt)."""

from __future__ import annotations

from .images import DEFAULT_WORKING_SIZE, IMAGE_SUFFIXES, ImageLoadError, load_image

__all__ = ["DEFAULT_WORKING_SIZE", "IMAGE_SUFFIXES", "ImageLoadError", "load_image"]
