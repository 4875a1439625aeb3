"""Start cnnviz's child processes without the current folder on their import path.

``python -m`` and ``python -c`` put the current folder first on ``sys.path``,
so a ``json.py`` or ``multiprocessing.py`` in the folder a student starts
cnnviz from would run inside the child. Children start in Python's safe-path
mode instead (``-P``/``PYTHONSAFEPATH``, Python ≥ 3.11; ``-I`` plus the
parent's own import path on 3.10) and get the package's own location
explicitly, never the current folder.

Two kinds of child: :func:`module_command` runs ``python -m MODULE`` (the GIF
encoder); :func:`safe_spawn` wraps ``multiprocessing``'s spawn start (the
trainer), whose command line is ``python -c 'from multiprocessing.spawn
import spawn_main; …'`` and whose ``sys.path`` is copied from the parent.
"""

from __future__ import annotations

import multiprocessing.util
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

#: the folder that holds the ``cnnviz`` package: the one folder a child must import from
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
SAFE_PATH_FLAG = sys.version_info >= (3, 11)


def is_current_folder(entry: str) -> bool:
    """Whether an import-path entry means the current folder (and is not the package's own)."""
    if entry in ("", "."):
        return True
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:  # the current folder was removed
        return False
    real = os.path.realpath(entry)
    return real == here and real != os.path.realpath(PACKAGE_ROOT)


def safe_sys_path() -> list[str]:
    """This process's ``sys.path`` without the current folder."""
    return [p for p in sys.path if not is_current_folder(p)]


def safe_pythonpath(value: str | None) -> str:
    """``PYTHONPATH`` with the package's location first and the current folder removed."""
    entries = [PACKAGE_ROOT] + [p for p in (value or "").split(os.pathsep) if p and not is_current_folder(p)]
    return os.pathsep.join(dict.fromkeys(entries))


def module_command(module: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run ``python -m module`` safely."""
    env = dict(os.environ)
    env["PYTHONPATH"] = safe_pythonpath(env.get("PYTHONPATH"))
    if SAFE_PATH_FLAG:
        env["PYTHONSAFEPATH"] = "1"
        return [sys.executable, "-P", "-m", module], env
    # -I: no current folder and no PYTHON* variables; the parent's path goes in the program
    paths = [PACKAGE_ROOT] + safe_sys_path()
    program = (
        f"import runpy, sys; sys.path[:] = {paths!r}; "
        f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"
    )
    return [sys.executable, "-I", "-c", program], env


@contextmanager
def safe_spawn() -> Iterator[None]:
    """Wrap ``Process.start()`` of a ``spawn`` context so the child starts safely.

    The child's interpreter starts in safe-path mode (``PYTHONSAFEPATH=1``; on
    Python 3.10 with ``-I`` added to the flags multiprocessing copies), and the
    ``sys.path`` multiprocessing hands it is this process's without the
    current folder. Everything is restored afterwards. Call it from one thread.
    """
    saved_path = list(sys.path)
    saved_env = {k: os.environ.get(k) for k in ("PYTHONSAFEPATH", "PYTHONPATH")}
    saved_flags = multiprocessing.util._args_from_interpreter_flags  # type: ignore[attr-defined]
    sys.path[:] = safe_sys_path()
    os.environ["PYTHONPATH"] = safe_pythonpath(saved_env["PYTHONPATH"])
    if SAFE_PATH_FLAG:
        os.environ["PYTHONSAFEPATH"] = "1"
    else:
        multiprocessing.util._args_from_interpreter_flags = _with_isolation(saved_flags)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        multiprocessing.util._args_from_interpreter_flags = saved_flags  # type: ignore[attr-defined]
        sys.path[:] = saved_path
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _with_isolation(flags: Callable[[], list[str]]) -> Callable[[], list[str]]:
    def isolated() -> list[str]:
        args = flags()
        return args if "-I" in args else [*args, "-I"]

    return isolated
