"""Before Qt opens a window: find the problems that would make it abort.

Qt ends the process (no exception to catch) when it cannot reach a display or
load its X11 platform plugin; on minimal Linux systems the plugin's xcb
libraries are often missing. Checking first lets ``cnnviz`` say what is wrong
and how to fix it in one line.
"""

from __future__ import annotations

import ctypes
import os
import sys

#: libraries Qt's xcb platform plugin loads, and the Debian/Ubuntu packages holding them
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _loadable(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """A sentence saying why no window can open, or ``None`` when nothing is known to be wrong.

    Only Linux with Qt's default platform choice is checked; an explicit
    ``QT_QPA_PLATFORM`` other than xcb is trusted.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if platform and platform != "xcb":
        return None
    if not platform and env.get("WAYLAND_DISPLAY"):
        return None  # Qt tries Wayland first
    if not env.get("DISPLAY"):
        return (
            "no display to open a window on (DISPLAY is not set). Run cnnviz in a desktop "
            "session, or use the headless commands: cnnviz export, cnnviz train"
        )
    missing = [lib for lib in XCB_LIBRARIES if not _loadable(lib)]
    if missing:
        packages = " ".join(XCB_LIBRARIES[lib] for lib in missing)
        return (
            f"Qt cannot open a window: system libraries are missing ({', '.join(missing)}). "
            f"On Debian or Ubuntu: sudo apt-get install {packages}"
        )
    return None
