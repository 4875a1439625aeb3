"""Parse JSON from a file only after bounding its size and nesting.

``json.loads`` recurses once per nesting level, so a 200,000-deep document
ends in ``RecursionError``; the depth is measured first, without recursion.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np


class JsonLimitError(ValueError):
    """JSON text refused for its size, depth or syntax; ``str(exc)`` is for a person."""


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_DEPTH = np.zeros(256, dtype=np.int8)
_DEPTH[[ord("["), ord("{")]] = 1
_DEPTH[[ord("]"), ord("}")]] = -1


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (strings skipped), without recursion."""
    bare = _STRING.sub('""', text).encode("ascii", "ignore")
    if not bare:
        return 0
    steps = _DEPTH[np.frombuffer(bare, dtype=np.uint8)]
    return int(np.cumsum(steps, dtype=np.int64).max(initial=0))


def loads_json(text: str, *, max_chars: int = 1_000_000, max_depth: int = 32) -> Any:
    """``json.loads`` after checking size and nesting; raises :class:`JsonLimitError` in words."""
    if len(text) > max_chars:
        raise JsonLimitError(f"it is {len(text):,} characters long, more than the {max_chars:,} allowed")
    depth = json_depth(text)
    if depth > max_depth:
        raise JsonLimitError(f"it nests {depth:,} levels deep, more than the {max_depth} allowed")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        first = (str(exc).splitlines() or ["?"])[0][:200]
        raise JsonLimitError(f"it is not valid JSON ({first})") from None
