"""Every reportlab name the engine's renderer uses that reportlab does not document as public.

``replay`` writes text straight into the page's content stream, which reportlab's public API
cannot do without building a text object per run (most of the cost of a card). To do that it
needs the canvas's content list and its document, and reads a TrueType face's metric tables.
They are reached only through this module, and ``tests/test_reportlab_internals.py`` checks
each one, so a reportlab upgrade that renames or reshapes one fails that test loudly instead of
printing wrong pages. (``TTFont.splitString`` and ``getSubsetInternalName``, also used, are
documented in ``reportlab.pdfbase.ttfonts``.)
"""

from __future__ import annotations

# (where, name, what it must be): the test asserts each
PRIVATE = (
    ("reportlab.pdfgen.canvas.Canvas", "_code", "list of content-stream operator strings of the current page"),
    ("reportlab.pdfgen.canvas.Canvas", "_doc", "the PDFDocument, the key of a TTFont's subset state"),
    ("reportlab.pdfbase.ttfonts.TTFont", "_dynamicFont", "true for a font subset per document (splitString works)"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "charWidths", "dict code point → advance width, 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "charToGlyph", "dict code point → glyph id (the coverage)"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "defaultWidth", "advance of a missing glyph, 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "ascent", "ascender, 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "descent", "descender (negative), 1/1000 em"),
    ("reportlab.lib.rl_accel", "escapePDF", "bytes → a PDF string literal's contents"),
    ("reportlab.lib.rl_accel", "fp_str", "numbers → PDF number text"),
)


def content(canvas) -> list[str]:
    """The current page's content-stream operators; appending writes to the page."""
    return canvas._code


def document(canvas):
    """The canvas's PDFDocument (fonts are subset per document)."""
    return canvas._doc


def is_subset_font(font) -> bool:
    """Whether ``font`` is subset per document (a TrueType font), so ``splitString`` applies."""
    return bool(getattr(font, "_dynamicFont", False))
