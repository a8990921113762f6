"""Lengths as people write them (``12mm``, ``0.5in``, ``10pt``, ``1.2cm``) → PDF points, in one place."""

from __future__ import annotations

import math
import re

POINTS_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(pt|mm|cm|in)?\s*$")


def to_points(value: object) -> float:
    """Parse a length; a bare number is points. Raises ValueError with a message fit for users."""
    if isinstance(value, bool):
        raise ValueError(f"expected a length like 12mm, 0.5in or 10pt, got {value!r}")
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    if isinstance(value, str):
        match = _LENGTH.match(value)
        if match:
            return float(match.group(1)) * POINTS_PER[match.group(2) or "pt"]
    raise ValueError(f"expected a length like 12mm, 0.5in or 10pt, got {value!r}")
