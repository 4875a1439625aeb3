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
from cnnviz.views.export_frames import OffscreenFrames, build_session, copy_session  # noqa: E402


def export(frames: OffscreenFrames, steps: range, path: str) -> dict:
    """The whole export, as ``cnnviz export`` runs it: wall and CPU seconds; then the
    same export again under tracemalloc (which slows Python down) for the traced peak."""
    t0, c0 = time.perf_counter(), time.process_time()
    job = ExportJob(steps, frames, path, fps=10, palette=frames.palette)
    job.run()
    res = {
        "seconds": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "render": job.render_seconds,
        "send": job.encode_seconds,
        "kib": os.path.getsize(path) / 1024,
    }
    tracemalloc.start()
    ExportJob(steps, frames, path, fps=10, palette=frames.palette).run()
    res["traced_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return res


def encode_only(frames: OffscreenFrames, steps: range) -> tuple[float, float, float]:
    """Seconds for the same frames (kept in memory here only): drawing alone (a
    fresh view of the same session), our in-process writer alone, Pillow's
    save_all alone."""
    fresh = OffscreenFrames(copy_session(frames.presenter), frames.view.size().toTuple())
    fresh(steps[-1])  # warmed up like the export's view, which drew the palette frames first
    t0 = time.perf_counter()
    pixels = [fresh(k) for k in steps]
    draw = time.perf_counter() - t0
    fresh.close()
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
    return draw, ours, pillow


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--frame-size", default="800x560", help="for the 64×64 case (the demo uses 1100x800)")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    fw, fh = (int(v) for v in args.frame_size.split("x"))
    load = os.getloadavg()[0]
    print(f"cnnviz export benchmark, {os.cpu_count()} CPUs (load average {load:.2f}), ", end="")
    print(f"Python {sys.version.split()[0]}")

    d = load_demo()
    rng = np.random.default_rng(0)
    x = rng.random((3, 64, 64)).astype(np.float32)
    w = np.stack([preset_kernel("sobel_x", 3), preset_kernel("sobel_y", 3)])
    cases = [
        ("demo", build_session(d.x, d.w, d.b, stride=2, padding=1, dilation=1, name="demo"), (1100, 800), 18),
        (f"64×64 image, steps 0..{args.frames - 1}",
         build_session(x, w, None, stride=1, padding=1, dilation=1, name="noise64"), (fw, fh), args.frames),
    ]  # fmt: skip
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, session, size, n in cases:
            frames = OffscreenFrames(session, size)
            frames(n - 1)  # warm up the view
            results.append((name, frames, range(n), export(frames, range(n), os.path.join(tmp, "out.gif"))))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, frames, steps, r in results:
        n = len(steps)
        draw, ours, pillow = encode_only(frames, steps)
        w_, h_ = frames.pixel_size
        print(f"{name}: {n} frames of {w_}×{h_}, {r['kib']:.0f} KiB")
        print(
            f"  whole export           {n / r['seconds']:7.1f} frames/s  "
            f"({1000 * r['seconds'] / n:.1f} ms/frame: "
            f"drawing {1000 * r['render'] / n:.1f}, handing to the encoder {1000 * r['send'] / n:.1f}; "
            f"{1000 * r['cpu'] / n:.1f} ms CPU in this process)"
        )
        print(f"  drawing only           {n / draw:7.1f} frames/s  (seek + render the view, no encoding)")
        print(f"  our writer only        {n / ours:7.1f} frames/s  (quantise + encode + write, in-process)")
        print(
            f"  Pillow encode only     {n / pillow:7.1f} frames/s  (save_all of the frames already quantised)"
        )
        print(f"  traced peak memory     {r['traced_mib']:7.1f} MiB during the export")
        frames.close()
    print(f"peak resident memory after both exports: {rss:.0f} MiB (this process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
