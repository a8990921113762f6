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
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "Pages", "the page tree; its .pages lists the PDFPage objects"),
    ("reportlab.pdfbase.pdfdoc.PDFPage", "stream", "the page's content text until it is formatted"),
    ("reportlab.pdfbase.pdfdoc.PDFPage", "Contents", "the page's content stream object (made from stream if unset)"),
    ("reportlab.pdfbase.pdfdoc.PDFPage", "compression", "whether the page's stream is to be Flate-compressed"),
    ("reportlab.pdfbase.pdfdoc", "PDFStream", "a stream object; a Filter already in its dictionary is not applied again"),
)


def content(canvas) -> list[str]:
    """The current page's content-stream operators; appending writes to the page."""
    return canvas._code


def document(canvas):
    """The canvas's PDFDocument (fonts are subset per document)."""
    return canvas._doc


def compress_last_page(canvas) -> None:
    """Flate-compress the page the canvas has just finished, now instead of when the document
    is saved, so a long document holds each page's content compressed (about a third of it).
    The bytes saved are the same: reportlab skips the filters of a stream whose dictionary
    already names them, and this is what it would have written (``PDFStreamFilterZCompress``)."""
    import zlib

    from reportlab import rl_config
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream

    page = canvas._doc.Pages.pages[-1]
    if not page.compression or rl_config.useA85 or page.Contents or not page.stream:
        return  # left as reportlab would write it
    text = page.stream
    stream = PDFStream(content=zlib.compress(text.encode("utf8") if isinstance(text, str) else text))
    stream.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
    stream.__Comment__ = "page stream"
    page.Contents, page.stream = stream, None


def is_subset_font(font) -> bool:
    """Whether ``font`` is subset per document (a TrueType font), so ``splitString`` applies."""
    return bool(getattr(font, "_dynamicFont", False))
