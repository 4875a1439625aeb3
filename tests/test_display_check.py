"""The pre-flight check that turns Qt's abort into a one-line message."""

from __future__ import annotations

import sys

import pytest

from cnnviz import display_check
from cnnviz.cli import main

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks Linux only")


@linux_only
def test_no_display_is_explained():
    problem = display_check.display_problem({})
    assert problem is not None and "DISPLAY" in problem and "cnnviz export" in problem


@linux_only
def test_missing_xcb_libraries_name_their_packages(monkeypatch):
    monkeypatch.setattr(display_check, "_loadable", lambda name: name != "libxcb-icccm.so.4")
    problem = display_check.display_problem({"DISPLAY": ":0"})
    assert problem is not None
    assert "libxcb-icccm.so.4" in problem and "apt-get install libxcb-icccm4" in problem


@linux_only
def test_all_libraries_present_is_fine(monkeypatch):
    monkeypatch.setattr(display_check, "_loadable", lambda name: True)
    assert display_check.display_problem({"DISPLAY": ":0"}) is None


def test_an_explicit_platform_or_wayland_is_trusted():
    assert display_check.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_check.display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None


@linux_only
def test_launch_without_display_exits_2_with_one_line(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert main([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("cnnviz: error: no display")
