"""The layer rule: cnnviz.core never pulls in Qt, pyqtgraph or Pillow."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "pyqtgraph", "PIL", "shiboken6")

_PROBE = """
import json, sys
import cnnviz.core
from cnnviz.core import conv2d, load_demo, ConvTrace, make_cnn
x, w, b, s, p = load_demo()
ConvTrace(x, w, b, stride=s, padding=p)[0]
make_cnn((1, 8, 8), 10)
print(json.dumps(sorted(sys.modules)))
"""


def test_core_imports_no_gui_module():
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert "cnnviz.core" in modules  # the probe really imported it
    loaded = [m for m in modules if m.split(".")[0] in FORBIDDEN]
    assert loaded == [], f"cnnviz.core loaded GUI modules: {loaded}"
    others = [m for m in modules if m.startswith("cnnviz.") and not m.startswith("cnnviz.core")]
    assert others == [], f"cnnviz.core imported other cnnviz packages: {others}"


_PACKAGE_PROBE = """
import importlib, json, pkgutil, sys
pkg = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(json.dumps([names, sorted(sys.modules)]))
"""


def _load_package(package: str) -> tuple[list[str], list[str]]:
    """Import every module of ``package`` in a fresh interpreter: (its modules, all loaded)."""
    out = subprocess.run(
        [sys.executable, "-c", _PACKAGE_PROBE, package],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    names, modules = json.loads(out.stdout.strip().splitlines()[-1])
    return names, modules


def test_presenters_use_qtcore_only():
    # import-linter cannot forbid submodules of PySide6, so this test does
    names, modules = _load_package("cnnviz.presenters")
    assert names, "no presenter modules found"
    qt = {m.split(".")[1] for m in modules if m.startswith("PySide6.Qt")}
    assert qt <= {"QtCore"}, f"presenters loaded {sorted(qt - {'QtCore'})}"
    assert not [m for m in modules if m.split(".")[0] == "pyqtgraph"]
    assert not [m for m in modules if m.startswith(("cnnviz.views", "cnnviz.app"))]


def test_media_is_qt_free():
    names, modules = _load_package("cnnviz.media")
    assert names, "no media modules found"
    loaded = [m for m in modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6")]
    assert loaded == [], f"cnnviz.media loaded GUI modules: {loaded}"


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.skip("import-linter is not installed (pip install 'cnnviz[dev]')")
    # --no-cache: leave no .import_linter_cache folder in the checkout
    out = subprocess.run(
        [exe, "--no-cache", "--no-logo"], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: " in out.stdout and " 0 broken" in out.stdout, out.stdout
