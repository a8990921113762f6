"""Font metrics for the engine: word widths at 1 pt, glyph coverage, ascent and descent.

Takes a face key (the name a TrueType font is registered under, see ``cardmaker.style.fonts``)
and gives plain numbers. Every width is for a 1 pt font and is scaled by the caller, so a word
is measured once per (word, face) for all the sizes a fit tries; the cache is a dict per face.

Faces come from reportlab's TrueType parser (the same parse the PDF embeds, so measured and
printed widths agree); no other module of the engine touches fonts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from cardmaker.errors import RenderError

ALWAYS_PRINTABLE = frozenset(map(ord, " \n\u00a0"))  # spaces are drawn by moving, breaks by lines
ALWAYS_PRINTABLE_CHARS = frozenset(map(chr, ALWAYS_PRINTABLE))
WORD_CACHE_LIMIT = 50_000  # words kept per face: a batch of thousands of cards stays bounded


@dataclass(eq=False)
class FaceMetrics:
    """One face's metrics at 1 pt: advance widths by code point, what it covers, its vertical
    extent (``descent`` is negative), and the cache of the words measured in it."""

    name: str
    widths: dict[int, float]
    default_width: float
    coverage: frozenset[int]
    ascent: float
    descent: float
    words: dict[str, float] = field(default_factory=dict)
    chars: frozenset[str] = frozenset()  # the coverage as characters, plus the always-printable ones

    def __post_init__(self) -> None:
        self.chars = frozenset(map(chr, self.coverage)) | ALWAYS_PRINTABLE_CHARS

    def char_width(self, ch: str) -> float:
        return self.widths.get(ord(ch), self.default_width)

    def widths_of(self, words) -> tuple[float, ...]:
        """``width`` of each word, the cached ones looked up in one pass."""
        out = tuple(map(self.words.get, words))
        return out if None not in out else tuple(map(self.width, words))

    def width(self, word: str) -> float:
        """The advance width of ``word`` at 1 pt (no kerning: the PDF is written without it)."""
        w = self.words.get(word)
        if w is None:
            if len(self.words) >= WORD_CACHE_LIMIT:
                self.words.clear()
            get, default = self.widths.get, self.default_width
            w = self.words[word] = sum(get(ord(c), default) for c in word)
        return w


@cache
def metrics(face: str) -> FaceMetrics:
    """The metrics of a registered face (the bundled ones are registered on first use)."""
    from reportlab.pdfbase import pdfmetrics

    from cardmaker.style.fonts import register_fonts

    register_fonts()
    f = pdfmetrics.getFont(face).face
    widths = {code: w / 1000 for code, w in f.charWidths.items()}
    coverage = frozenset(f.charToGlyph)
    return FaceMetrics(face, widths, (f.defaultWidth or 0) / 1000, coverage, f.ascent / 1000, f.descent / 1000)


def word_width(word: str, face: str, size: float = 1.0) -> float:
    """The width of ``word`` in ``face`` at ``size`` points."""
    return metrics(face).width(word) * size




def split_by_coverage(text: str, chain: tuple[str, ...]) -> list[tuple[str, str]]:
    """``text`` as (text, face) pieces: each character in the first face of ``chain`` that has
    a glyph for it. Raises RenderError for a character no face has (it would print as nothing).

    The common case, every character in the first face, is one set difference."""
    first = metrics(chain[0])
    if first.chars.issuperset(text):
        return [(text, chain[0])] if text else []
    pieces: list[tuple[str, str]] = []
    faces = [metrics(name) for name in chain]
    for ch in text:
        code = ord(ch)
        face = chain[0] if code in ALWAYS_PRINTABLE else next((f.name for f in faces if code in f.coverage), None)
        if face is None:
            raise RenderError(f"character '{ch}' (U+{code:04X} {unicodedata.name(ch, 'unnamed character')}) "
                              f"is in none of the fonts {', '.join(chain)}",
                              hint="replace it, or use a layout font that has it")
        if pieces and pieces[-1][1] == face:
            pieces[-1] = (pieces[-1][0] + ch, face)
        else:
            pieces.append((ch, face))
    return pieces
