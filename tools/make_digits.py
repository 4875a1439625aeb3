"""Write ``resources/digits/digits_8x8.npz`` from scikit-learn's bundled copy.

Run once by a developer (scikit-learn is a dev dependency only); the app and
tests read the shipped ``.npz`` and never import scikit-learn.

Source: UCI Machine Learning Repository, "Optical Recognition of Handwritten
Digits" (Alpaydin & Kaynak, 1998), https://doi.org/10.24432/C50P49, licensed
CC BY 4.0. The 8×8 images hold counts 0..16 of "on" pixels in 4×4 blocks of
the original 32×32 bitmaps.

Usage: ``python3 tools/make_digits.py [OUT.npz]``
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "digits" / "digits_8x8.npz"
SOURCE = (
    "UCI Machine Learning Repository: Optical Recognition of Handwritten Digits "
    "(E. Alpaydin, C. Kaynak, 1998), https://doi.org/10.24432/C50P49, CC BY 4.0; "
    "8x8 copy as bundled with scikit-learn"
)


def main(argv: list[str]) -> int:
    from sklearn.datasets import load_digits  # dev dependency only

    out = Path(argv[0]) if argv else DEFAULT_OUT
    bunch = load_digits()
    images = np.asarray(bunch.images, dtype=np.float64)
    if images.min() < 0 or images.max() > 16 or not np.all(images == np.round(images)):
        raise SystemExit("unexpected values in scikit-learn's digits: expected integers 0..16")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".digits-", suffix=".npz", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez_compressed(
                fh,
                images=images.astype(np.uint8),
                labels=np.asarray(bunch.target, dtype=np.uint8),
                source=np.array(SOURCE),
            )
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(images)} images)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
