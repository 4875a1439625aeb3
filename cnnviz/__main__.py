"""``python -m cnnviz``.

``python -m`` puts the current folder first on ``sys.path``; it is taken off
again before anything else is imported, so a ``json.py`` in the folder a
student starts from never runs (unless that folder is where cnnviz itself
lives, as in a source checkout). A ``multiprocessing`` spawn child does not
run this module's main block (``cnnviz.__main__`` is skipped by its
main-module fix-up); its import path is made safe where it is started, in
:mod:`cnnviz.media.child_process`.
"""

import os
import sys


def _drop_current_folder() -> None:
    package_root = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:  # the current folder was removed
        return
    kept = []
    for entry in sys.path:
        real = os.path.realpath(entry or ".")
        if real != here or real == package_root:
            kept.append(entry)
    sys.path[:] = kept


if __name__ == "__main__":
    _drop_current_folder()
    from cnnviz.cli import main

    raise SystemExit(main())
