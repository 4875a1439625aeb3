"""Fixtures the view tests share."""

from __future__ import annotations

import pytest

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.views.export_dialog import ExportDialog


@pytest.fixture
def presenter():
    """A convolution session on the demo (a module may define its own)."""
    p = ConvSessionPresenter()
    yield p
    p.pause()


@pytest.fixture
def dialog(qtbot, presenter, tmp_path):
    """The export dialog over ``presenter``, writing ``demo.gif`` in a temporary folder."""
    d = ExportDialog(presenter)
    qtbot.addWidget(d)
    d.path_edit.setText(str(tmp_path / "demo.gif"))
    return d
