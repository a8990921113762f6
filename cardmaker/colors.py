"""Colours as layouts write them (``#0b3954`` or ``cmyk(100, 40, 0, 60)``) → reportlab colours.

Print shops work in CMYK, screens in RGB; a layout may use either. The contrast ratio
(WCAG 2 relative luminance) is computed here so built-in themes can be held to 4.5:1.
"""

from __future__ import annotations

import re
from functools import cache

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_CMYK = re.compile(r"cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)", re.I)
EXAMPLE = "'#1a2b3c' or 'cmyk(100, 40, 0, 60)' (percent)"


def parse_color(value: object) -> str:
    """Check a colour and return it in canonical form; raises ValueError with a message for users."""
    if isinstance(value, str):
        text = value.strip()
        if _HEX.fullmatch(text):
            return text.lower()
        match = _CMYK.fullmatch(text)
        if match:
            parts = [float(p) for p in match.groups()]
            if all(0 <= p <= 100 for p in parts):
                return "cmyk(" + ", ".join(f"{p:g}" for p in parts) + ")"
            raise ValueError(f"CMYK values are percentages 0-100, got {value!r}")
    raise ValueError(f"expected a colour like {EXAMPLE}, got {value!r}")


@cache  # a layout's few colours are converted once per process, not at every style and panel
def to_reportlab(color: str):
    """A canonical colour string → reportlab ``Color`` (CMYK stays CMYK in the PDF). The same
    object is handed to every caller: treat it as read-only."""
    from reportlab.lib.colors import CMYKColor, HexColor

    if color.startswith("cmyk("):
        c, m, y, k = (float(p) / 100 for p in color[5:-1].split(","))
        return CMYKColor(c, m, y, k)
    return HexColor(color)


def to_rgb(color: str) -> tuple[float, float, float]:
    """Approximate screen RGB (0-1) of a canonical colour, for contrast checks."""
    if color.startswith("cmyk("):
        c, m, y, k = (float(p) / 100 for p in color[5:-1].split(","))
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white)."""
    def luminance(color: str) -> float:
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in to_rgb(color)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# (text colour, background) pairs a card prints; "#ffffff" is the number inside a step badge
TEXT_ON = (("text", "background"), ("muted", "background"), ("title", "background"), ("accent", "background"),
           ("heading", "background"), ("text", "tip_background"), ("heading", "tip_background"),
           ("text", "caution_background"), ("caution_heading", "caution_background"), ("#ffffff", "accent"))


def low_contrast(theme: object, minimum: float = 4.5) -> list[str]:
    """Descriptions of the theme's text/background pairs below ``minimum`` contrast."""
    def value(key: str) -> str:
        return key if key.startswith("#") else getattr(theme, key)

    out = []
    for fg, bg in TEXT_ON:
        ratio = contrast(value(fg), value(bg))
        if ratio < minimum:
            out.append(f"{fg} on {bg}: {ratio:.2f}:1")
    return out
