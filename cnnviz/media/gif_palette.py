"""The GIF colour table: up to 255 exact colours, most used first, no dithering.

A UI frame has a few thousand colours (mostly anti-aliased text edges); the
solid fills, lines and the bulk of the text use a few dozen. Those get exact
entries; every other colour goes to its nearest entry, so text stays sharp
and solid colours stay exact, with no dithering noise.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

#: a new colour with at least this many pixels in a frame counts as a solid fill
SOLID_PIXELS = 16
#: palette entries kept back for solid colours that first appear in later frames
RESERVED_ENTRIES = 32
#: GIF index 255 is kept for "unchanged since the previous frame" (transparent)
TRANSPARENT = 255
#: colours a palette holds: every index but the transparent one
CAPACITY = 255


def pack_rgb(frame: np.ndarray) -> np.ndarray:
    """``(H, W, 3)`` uint8, or ``(H, W)`` uint32 ``0x??RRGGBB`` → ``(H, W)`` uint32 ``0xRRGGBB``."""
    a = np.asarray(frame)
    if a.ndim == 2 and a.dtype == np.uint32:
        return a & np.uint32(0xFFFFFF)
    if a.ndim == 3 and a.shape[2] in (3, 4) and a.dtype == np.uint8:
        r, g, b = (a[..., i].astype(np.uint32) for i in range(3))
        return (r << 16) | (g << 8) | b
    raise ValueError(f"a frame must be (H, W, 3) uint8 or (H, W) uint32, got {a.shape} {a.dtype}")


class ExactPalette:
    """Up to 255 colours, each exact, chosen most used first; other colours go
    to their nearest entry (no dithering). Index 255 stays free: GIF frames use
    it for the pixels that did not change.

    An open palette adds colours as frames bring them (keeping ``reserved``
    entries for solid fills that appear later); a palette made by
    :meth:`from_frames` is frozen, so the same colour always gets the same
    entry whatever order frames come in — a single frame quantised with it
    equals that frame in any animation quantised with it.

    A colour lookup table of 2**24 entries (allocated lazily by the OS, only the
    pages of colours actually seen are touched) caches ``0x100 | index`` per
    colour (0: not seen yet).
    """

    def __init__(self, capacity: int = CAPACITY, reserved: int = RESERVED_ENTRIES) -> None:
        self.capacity = capacity
        self.reserved = reserved
        self.frozen = False
        self.colors: list[int] = []
        self.exact: set[int] = set()
        self._lut = np.zeros(1 << 24, np.uint16)

    @classmethod
    def frozen_with(cls, colors: Iterable[int]) -> ExactPalette:
        """A frozen palette of exactly these ``0xRRGGBB`` colours (at most 255)."""
        pal = cls(reserved=0)
        for v in colors:
            pal.colors.append(int(v))
            pal.exact.add(int(v))
            pal._lut[int(v)] = 0x100 | (len(pal.colors) - 1)
        if not 0 < len(pal.colors) <= pal.capacity:
            raise ValueError(f"a palette holds 1..{pal.capacity} colours, got {len(pal.colors)}")
        pal.frozen = True
        return pal

    @classmethod
    def from_frames(cls, frames: Iterable[np.ndarray], capacity: int = CAPACITY) -> ExactPalette:
        """The ``capacity`` most used colours of ``frames`` (pooled), then frozen."""
        counts: dict[int, int] = {}
        for frame in frames:
            values, n = np.unique(pack_rgb(frame), return_counts=True)
            for v, c in zip(values.tolist(), n.tolist(), strict=True):
                counts[v] = counts.get(v, 0) + c
        if not counts:
            raise ValueError("a palette needs at least one frame")
        pal = cls(capacity, reserved=0)
        for v in sorted(counts, key=lambda v: (-counts[v], v))[:capacity]:
            pal.colors.append(v)
            pal.exact.add(v)
            pal._lut[v] = 0x100 | (len(pal.colors) - 1)
        pal.frozen = True
        return pal

    def indices(self, packed: np.ndarray) -> np.ndarray:
        """``(H, W)`` uint32 colours → ``(H, W)`` uint8 palette indices."""
        idx = self._lut[packed]
        if not idx.all():
            self._learn(packed[idx == 0])
            idx = self._lut[packed]
        return idx.astype(np.uint8)  # the low byte; entries are stored as 0x100 | index

    def _learn(self, new: np.ndarray) -> None:
        values, counts = np.unique(new, return_counts=True)
        order = np.argsort(-counts, kind="stable")
        leftover: list[int] = []
        for v, n in zip(values[order].tolist(), counts[order].tolist(), strict=True):
            free = 0 if self.frozen else self.capacity - len(self.colors)
            if free > self.reserved or (free > 0 and n >= SOLID_PIXELS):
                self.colors.append(v)
                self.exact.add(v)
                self._lut[v] = 0x100 | (len(self.colors) - 1)
            else:
                leftover.append(v)
        if leftover:
            near = _nearest(np.asarray(leftover, np.uint32), np.asarray(self.colors, np.uint32))
            self._lut[np.asarray(leftover)] = near.astype(np.uint16) | 0x100

    def to_bytes(self) -> bytes:
        """The 256-entry RGB table of the GIF header (unused entries and 255 black)."""
        rgb = bytearray(3 * 256)
        for i, v in enumerate(self.colors):
            rgb[3 * i : 3 * i + 3] = bytes(((v >> 16) & 255, (v >> 8) & 255, v & 255))
        return bytes(rgb)


def _nearest(colors: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Index of the nearest ``palette`` entry for each colour (RGB distance)."""

    def split(p: np.ndarray) -> np.ndarray:
        return np.stack([(p >> 16) & 255, (p >> 8) & 255, p & 255], axis=-1).astype(np.int32)

    c, p = split(colors), split(palette)
    out = np.empty(len(c), np.int64)
    for s in range(0, len(c), 4096):  # bound the (n, 256) distance table
        d = ((c[s : s + 4096, None, :] - p[None, :, :]) ** 2).sum(axis=2)
        out[s : s + 4096] = d.argmin(axis=1)
    return out
