"""Fonts: the bundled family, a layout's own TrueType files, and what each can print.

Noto Sans (regular, bold, italic) covers Latin incl. Central European, Greek and Cyrillic.
DejaVu Sans is the fallback for the symbols Noto lacks (≥, ≤, →, ✓ ...). A layout may name
its own files; characters they lack fall back to the bundled fonts. All are TrueType-outline
fonts, so reportlab embeds a subset of each in every PDF that uses it. A character no font
in the chain has is reported by the caller, never printed as an empty box.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cardmaker.model.layout import Fonts

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR, BOLD, ITALIC, FALLBACK = "CardSans", "CardSans-Bold", "CardSans-Italic", "CardFallback"
_FILES = {REGULAR: "NotoSans-Regular.ttf", BOLD: "NotoSans-Bold.ttf", ITALIC: "NotoSans-Italic.ttf",
          FALLBACK: "DejaVuSans.ttf"}


@dataclass(frozen=True)
class FontSet:
    """Names of a registered family, and the fonts that print what it lacks, in order."""

    regular: str
    bold: str
    italic: str
    fallbacks: tuple[str, ...]


@cache
def pdf_settings() -> None:
    """Set once for every PDF cardmaker writes: binary streams, no base-85 pass over pages, images
    and fonts (a quarter smaller and faster). Every PDF embeds the bundled fonts, so registering
    them applies this too, whichever stage (render, press) makes the canvas."""
    from reportlab import rl_config

    rl_config.useA85 = 0


@cache
def register_fonts() -> str:
    """Register the bundled family (idempotent) and return the regular face's name."""
    pdf_settings()
    for name, file in _FILES.items():
        _register(name, FONT_DIR / file)
    _family(REGULAR, BOLD, ITALIC)
    _family(FALLBACK, FALLBACK, FALLBACK)
    return REGULAR


BUNDLED = FontSet(REGULAR, BOLD, ITALIC, (FALLBACK,))


@cache
def font_set(fonts: Fonts) -> FontSet:
    """The layout's family (registered once per process), or the bundled one."""
    register_fonts()
    if not fonts:
        return BUNDLED
    names = []
    for face in (fonts.regular, fonts.bold or fonts.regular, fonts.italic or fonts.regular):
        name = "Layout-" + hashlib.sha1(str(face).encode()).hexdigest()[:10]
        _register(name, face)
        names.append(name)
    _family(*names)
    return FontSet(*names, fallbacks=(REGULAR, FALLBACK))


@cache
def printable(fonts: FontSet) -> frozenset[int]:
    """Code points some font of the set (or its fallbacks) can print; others would vanish."""
    out = coverage(fonts.regular)
    for name in fonts.fallbacks:
        out |= coverage(name)
    return out


@cache
def printable_chars(fonts: FontSet) -> frozenset[str]:
    """``printable`` as characters, so a whole text is checked with one set comparison."""
    return frozenset(map(chr, printable(fonts)))


def first_unprintable(text: str, chars: frozenset[str], allowed: str = "") -> str | None:
    """The first character of ``text`` that is not in ``chars`` (those in ``allowed`` aside), or None.
    The usual case, a text the fonts print, is one set comparison; characters are looked at one
    by one only to name the first missing one."""
    if chars.issuperset(text):
        return None
    return next((ch for ch in text if ch not in chars and ch not in allowed), None)


def font_problem(file: Path) -> str | None:
    """Why reportlab cannot embed ``file``, in words for the layout's author."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    from cardmaker.output import raise_if_interrupted

    try:
        TTFontFile(str(file), validate=1)
    except TTFError as exc:
        raise_if_interrupted()  # reportlab's bare except turns Ctrl-C into "Can't open file"
        if "postscript outlines" in str(exc).lower():
            return "has PostScript (CFF) outlines, which cannot be embedded; use the TrueType (.ttf) version"
        if "not a recognized" in str(exc).lower():
            return "not a TrueType font file"
        return f"not a usable TrueType font ({exc})"
    except Exception:  # a truncated or random file fails in many ways
        raise_if_interrupted()
        return "not a TrueType font file"
    return None


@cache
def coverage(name: str) -> frozenset[int]:
    """Code points the registered font ``name`` has glyphs for."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _register(name: str, file: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(file)))


def _family(regular: str, bold: str, italic: str) -> None:
    from reportlab.lib.fonts import addMapping

    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bold)
