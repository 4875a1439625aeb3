"""Where the shipped data files live, in a wheel and in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def resources_dir() -> Path:
    """The ``resources/`` folder: inside the installed package (wheel), or at
    the top of the source tree (editable install, tests)."""
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cnnviz resources not found next to {_PACKAGE}")


def resource_path(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``resource_path("demo", "demo_7x7x3.json")``."""
    return resources_dir().joinpath(*parts)
