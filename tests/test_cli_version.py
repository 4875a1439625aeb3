"""``cnnviz --version`` and ``python -m cnnviz --version``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import version

import pytest

import cnnviz
from cnnviz.cli import main


def _expected() -> str:
    # the installed metadata and the module must agree on the number printed
    assert cnnviz.__version__ == version("cnnviz")
    return f"cnnviz {cnnviz.__version__}"


def test_version_is_0_1_0():
    assert _expected() == "cnnviz 0.1.0"


def test_python_m_cnnviz_version():
    out = subprocess.run(
        [sys.executable, "-m", "cnnviz", "--version"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == _expected()


def test_console_script_version():
    exe = shutil.which("cnnviz")
    if exe is None:
        pytest.skip("the cnnviz console script is not on PATH (package not installed)")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == _expected()


def test_main_version_in_process(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == _expected()
