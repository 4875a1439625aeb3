"""How fast ``cnnviz export`` writes GIFs, next to Pillow encoding the same frames.

    python benchmarks/bench_export.py [--frames 300] [--frame-size 800x560]

Cases: the article's demo (18 frames) and a 300-step range of a 64×64 image.
For each: frames/s of the whole export (render with the window's view + quantise
+ encode + write, exactly what ``cnnviz export`` does), then, for the same frames
kept in memory, frames/s of our writer alone and of Pillow alone
(``save_all`` of the already-quantised frames, no rendering, no quantising).
Peak memory: traced Python allocations during the export, and the process's
peak resident size.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cnnviz.core import load_demo, preset_kernel  # noqa: E402
from cnnviz.media.animation import GifWriter, pack_rgb  # noqa: E402
from cnnviz.presenters.export_job import ExportJob  # noqa: E402
from cnnviz.views.export_frames import OffscreenFrames, build_session  # noqa: E402


def export(frames: OffscreenFrames, steps: range, path: str) -> tuple[float, float, ExportJob]:
    """Whole export; returns (seconds, traced peak MiB, job)."""
    tracemalloc.start()
    t0 = time.perf_counter()
    job = ExportJob(steps, frames, path, fps=10, palette=frames.palette)
    job.run()
    dt = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return dt, peak, job


def encode_only(frames: OffscreenFrames, steps: range) -> tuple[float, float]:
    """(our writer, Pillow save_all) seconds for the same frames, pre-rendered."""
    pixels = [frames(k) for k in steps]
    palette = frames.palette()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with GifWriter(os.path.join(tmp, "a.gif"), fps=10, palette=palette) as w:
            for p in pixels:
                w.add_frame(p)
        ours = time.perf_counter() - t0
    table = palette.to_bytes()
    images = []
    for p in pixels:
        idx = palette.indices(pack_rgb(p))
        im = Image.frombytes("P", (idx.shape[1], idx.shape[0]), idx.tobytes())
        im.putpalette(table)
        images.append(im)
    buf = io.BytesIO()
    t0 = time.perf_counter()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    pillow = time.perf_counter() - t0
    return ours, pillow


def case(name: str, frames: OffscreenFrames, steps: range) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.gif")
        dt, peak, job = export(frames, steps, path)
        size = os.path.getsize(path)
    n = len(steps)
    ours, pillow = encode_only(frames, steps)
    w, h = frames.pixel_size
    print(f"{name}: {n} frames of {w}×{h}, {size / 1024:.0f} KiB")
    print(f"  whole export           {n / dt:7.1f} frames/s  ({1000 * dt / n:.1f} ms/frame; "
          f"drawing {1000 * job.render_seconds / n:.1f} ms, encoding {1000 * job.encode_seconds / n:.1f} ms "
          f"incl. waiting for the encoder)")
    print(f"  our writer only        {n / ours:7.1f} frames/s")
    print(f"  Pillow encode only     {n / pillow:7.1f} frames/s  (save_all, frames already quantised)")
    print(f"  traced peak memory     {peak:7.1f} MiB during the export")


def main() -> int:
    if os.environ.get("SWITCH"):
        sys.setswitchinterval(float(os.environ["SWITCH"]))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--frame-size", default="800x560", help="for the 64×64 case (the demo uses 1100x800)")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    fw, fh = (int(v) for v in args.frame_size.split("x"))
    print(f"cnnviz export benchmark, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")

    d = load_demo()
    demo = OffscreenFrames(build_session(d.x, d.w, d.b, stride=2, padding=1, dilation=1, name="demo"))
    case("demo", demo, range(18))
    demo.close()

    rng = np.random.default_rng(0)
    x = rng.random((3, 64, 64)).astype(np.float32)
    w = np.stack([preset_kernel("sobel_x", 3), preset_kernel("sobel_y", 3)])
    session = build_session(x, w, None, stride=1, padding=1, dilation=1, name="noise64")
    img = OffscreenFrames(session, (fw, fh))
    case(f"64×64 image, steps 0..{args.frames - 1}", img, range(args.frames))
    img.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
