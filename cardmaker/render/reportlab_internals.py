"""Every reportlab name the renderer uses that reportlab does not document as public.

cardmaker writes its PDFs itself (``render.one_pdf``) and uses reportlab for what it reads: a
TrueType face's metric tables (the font subsets, ``render.pdf_fonts`` and ``render.subset``), an
encoded picture's stream and dictionary entries (``image_parts``), and its number formatting.
They are reached only through this module (but for the QR encoder's mask search, which the
engine, ``typeset.qr``, reaches itself: the engine may not import the renderer), and
``tests/test_reportlab_internals.py`` checks each one, so a reportlab upgrade that renames or
reshapes one fails that test loudly instead of printing wrong pages.
"""

from __future__ import annotations

# (where, name, what it must be): the test asserts each
PRIVATE = (
    ("reportlab.pdfbase.ttfonts.TTFontFace", "charWidths", "dict code point → advance width, 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "charToGlyph", "dict code point → glyph id (the coverage)"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "defaultWidth", "advance of a missing glyph, 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "ascent", "ascender, 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "descent", "descender (negative), 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "glyphPos", "list glyph id → offset in glyf (one more entry than glyphs)"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "hmetrics", "list glyph id → (advance, left side bearing)"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "table", "dict tag → table record (which tables the file has)"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "get_table", "tag → the table's bytes"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "name", "PostScript name, bytes"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "subfontNameX", "suffix of a collection's sub-font name, bytes"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "flags", "PDF font descriptor flags"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "bbox", "font bounding box, 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "capHeight", "cap height, 1/1000 em"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "italicAngle", "italic angle, degrees"),
    ("reportlab.pdfbase.ttfonts.TTFontFace", "stemV", "vertical stem width"),
    ("reportlab.pdfbase.pdfdoc.PDFImageXObject", "streamContent", "an encoded image's stream bytes"),
    ("reportlab.pdfbase.pdfdoc.PDFImageXObject", "_filters", "the stream's filter names"),
    ("reportlab.pdfbase.pdfdoc.PDFImageXObject", "_smask", "(when present) the alpha channel, a second image"),
    ("reportlab.lib.rl_accel", "fp_str", "numbers → PDF number text"),
    # reached by ``typeset.qr`` itself (the engine may not import render), listed here to be checked
    ("reportlab.graphics.barcode.qrencoder.QRCode", "getBestMaskPattern", "the mask search, overridden by typeset.qr"),
    ("reportlab.graphics.barcode.qrencoder.QRCode", "makeImpl", "(test, mask): the modules for one mask"),
    ("reportlab.graphics.barcode.qrencoder.QRCode", "dataPosIterator", "the data modules' (column, row), in order"),
    ("reportlab.graphics.barcode.qrencoder.QRUtil", "getMask", "mask number → (row, column) → darkens"),
)


def face_widths(face) -> dict[int, float]:
    """A TrueType face's advance widths by code point, 1/1000 em."""
    return face.charWidths


def face_glyphs(face) -> dict[int, int]:
    """A TrueType face's glyph id by code point (what it covers)."""
    return face.charToGlyph


def face_hmetrics(face) -> list:
    """A TrueType face's (advance, left side bearing) per glyph id."""
    return face.hmetrics


def face_glyph_positions(face) -> list[int]:
    """A TrueType face's glyf offsets per glyph id (glyph n is bytes [pos[n], pos[n + 1]))."""
    return face.glyphPos


def face_has_table(face, tag: str) -> bool:
    return tag in face.table


def face_table(face, tag: str) -> bytes:
    """The bytes of a TrueType face's table ``tag``."""
    return face.get_table(tag)


def face_descriptor(face) -> dict:
    """What a PDF FontDescriptor says of a TrueType face (reportlab's values, 1/1000 em)."""
    return {"name": face.name + face.subfontNameX, "ascent": face.ascent, "descent": face.descent,
            "cap_height": face.capHeight, "flags": face.flags, "bbox": tuple(face.bbox),
            "italic_angle": face.italicAngle, "stem_v": face.stemV, "missing_width": face.defaultWidth}


def image_parts(image) -> dict:
    """An encoded ``PDFImageXObject``'s stream and dictionary entries (the alpha channel, if any,
    as another such dict under "smask"; a colour-key "mask" as its ranges)."""
    smask = getattr(image, "_smask", None)
    decode = [1, 0] * 4 if image.colorSpace == "DeviceCMYK" and getattr(image, "_dotrans", 0) else \
        getattr(image, "_decode", None)
    return {"width": image.width, "height": image.height, "bits": image.bitsPerComponent,
            "colorspace": image.colorSpace, "filters": tuple(image._filters), "data": image.streamContent,
            "decode": tuple(decode) if decode else None, "mask": tuple(image.mask) if image.mask else None,
            "smask": image_parts(smask) if smask is not None else None}
