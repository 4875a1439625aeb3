"""The shipped translations are complete and the committed .qm matches a rebuild."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "cnnviz_zh_CN.ts"


def test_no_unfinished_chinese_entries():
    unfinished = [
        f"{ctx.findtext('name')}: {msg.findtext('source')}"
        for ctx in ET.parse(TS).getroot().iter("context")
        for msg in ctx.iter("message")
        if msg.find("translation") is None or msg.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []


def test_committed_files_match_a_rebuild():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
