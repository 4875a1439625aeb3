"""Canary for PySide6-Essentials 6.12.0 on CPython 3.11.

That release drops a reference to ``None`` on every call of many void
methods (``QLabel.setText``, ``QGraphicsItem.setPos``, ...), and the
interpreter aborts with ``Fatal Python error: none_dealloc`` a few thousand
calls later. pyproject.toml pins ``<6.12`` on Python < 3.12; this test fails
loudly, instead of crashing the suite later, if a broken build slips in.
(On 3.12+ ``None`` is immortal and its count never moves.)
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem, QLabel

CALLS = 1000
MARGIN = 50  # far below CALLS: unrelated code may drop a few references


def test_none_refcount_survives_label_set_text(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(CALLS):
        label.setText(f"step {i}")
    after = sys.getrefcount(None)
    assert label.text() == f"step {CALLS - 1}"
    assert after >= before - MARGIN, f"None lost {before - after} references in {CALLS} setText calls"


def test_none_refcount_survives_graphics_item_set_pos(qapp):
    item = QGraphicsRectItem(0, 0, 1, 1)
    before = sys.getrefcount(None)
    for i in range(CALLS):
        item.setPos(i, -i)
    after = sys.getrefcount(None)
    assert (item.pos().x(), item.pos().y()) == (CALLS - 1, -(CALLS - 1))
    assert after >= before - MARGIN, f"None lost {before - after} references in {CALLS} setPos calls"
