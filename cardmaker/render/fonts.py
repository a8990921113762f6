"""The bundled fonts, registered with reportlab once per process, and what they can print.

Noto Sans (regular, bold, italic) covers Latin incl. Central European, Greek and Cyrillic.
DejaVu Sans is the fallback for the symbols Noto lacks (≥, ≤, →, ✓ ...). Both are
TrueType-outline fonts, so reportlab embeds a subset of each in every PDF that uses it.
A character neither font has is reported by the caller, never printed as an empty box.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR, BOLD, ITALIC, FALLBACK = "CardSans", "CardSans-Bold", "CardSans-Italic", "CardFallback"
_FILES = {REGULAR: "NotoSans-Regular.ttf", BOLD: "NotoSans-Bold.ttf", ITALIC: "NotoSans-Italic.ttf",
          FALLBACK: "DejaVuSans.ttf"}


@cache
def register_fonts() -> str:
    """Register the family (idempotent) and return the regular face's name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FALLBACK, bold, italic, FALLBACK)
    return REGULAR


@cache
def coverage(name: str) -> frozenset[int]:
    """Code points the registered font ``name`` has glyphs for."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)
