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
    ("reportlab.lib.rl_accel", "escapePDF", "bytes → a PDF string literal's contents"),
    ("reportlab.lib.rl_accel", "fp_str", "numbers → PDF number text"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "Pages", "the PDFPages of the document (its ``pages`` list, in order)"),
    ("reportlab.pdfbase.pdfdoc.PDFPages", "pages", "list of the PDFPage objects added so far"),
    ("reportlab.pdfbase.pdfdoc.PDFPage", "stream", "the page's content stream text until the document is formatted"),
    ("reportlab.pdfbase.pdfdoc.PDFPage", "Contents", "a stream object set here is used as is (not compressed again)"),
    ("reportlab.pdfbase.pdfdoc", "PDFZCompress", "the Flate filter: ``encode`` text → bytes, ``pdfname``"),
    ("reportlab.pdfbase.pdfdoc", "PDFStream",
     "a stream object: ``dictionary``, ``content``; a Filter entry means already encoded"),
    ("reportlab.pdfbase.pdfdoc.PDFPage", "__NoDefault__", "the keys a page dictionary writes (tags add StructParents, Tabs)"),
    ("reportlab.pdfbase.pdfdoc.PDFCatalog", "__NoDefault__", "StructTreeRoot, MarkInfo, Metadata, ViewerPreferences among them"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "idToObjectNumberAndVersion", "registered name → (object number, version)"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "annotationName", "an annotation's name → its registered name"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "Catalog", "the document's PDFCatalog"),
    ("reportlab.pdfgen.canvas.Canvas", "_addAnnotation", "(annotation dict, name): registers it, on the current page"),
    ("reportlab.pdfgen.canvas.Canvas", "_bookmarkReference", "a bookmark's name → its (maybe unbound) destination"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "format", "formats every object, then the file (replaced by write_packed)"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "numberToId", "object number → registered name, filled while formatting"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "idToObject", "registered name → the object"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "encrypt", "the encryption (none: ``prepare``, ``register`` do nothing)"),
    ("reportlab.pdfbase.pdfdoc.PDFDocument", "info", "the document information object"),
    ("reportlab.pdfbase.pdfdoc", "format", "(object, document, toplevel=1) → an object's PDF syntax, bytes"),
)


def content(canvas) -> list[str]:
    """The current page's content-stream operators; appending writes to the page."""
    return canvas._code


def document(canvas):
    """The canvas's PDFDocument (fonts are subset per document)."""
    return canvas._doc


def compress_last_page(canvas) -> None:
    """Compress the page ``canvas.showPage()`` just ended now, not when the document is saved:
    a long booklet then holds each finished page in a fraction of the memory. The bytes are the
    ones reportlab would write (the same filter on the same text)."""
    from reportlab.pdfbase import pdfdoc

    page = canvas._doc.Pages.pages[-1]
    if page.Contents or not page.stream or not page.compression:
        return
    stream = pdfdoc.PDFStream(content=pdfdoc.PDFZCompress.encode(page.stream))
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    stream.__Comment__ = "page stream"
    page.Contents, page.stream = stream, None


def is_subset_font(font) -> bool:
    """Whether ``font`` is subset per document (a TrueType font), so ``splitString`` applies."""
    return bool(getattr(font, "_dynamicFont", False))


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


# -- tags (render.canvas_tags): a structure tree in reportlab's document ------------------------

def tag_last_page(canvas, key: int) -> str:
    """Give the page ``showPage`` just ended its /StructParents ``key`` and /Tabs /S; its name in
    the document (for references to it)."""
    from reportlab.pdfbase import pdfdoc

    page = canvas._doc.Pages.pages[-1]
    page.__NoDefault__ = [*pdfdoc.PDFPage.__NoDefault__, "StructParents", "Tabs"]  # the keys a page writes
    page.StructParents, page.Tabs = key, pdfdoc.PDFName("S")
    return canvas._doc.Reference(page).name


def add_link(canvas, name: str, rect: tuple, target: str, inside: bool, contents: str, key: int) -> None:
    """A link annotation on the current page, as ``linkURL`` / ``linkRect`` make it, with the
    /Contents (PDF syntax) and /StructParent a tagged PDF needs; registered as ``name``."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

    ann = PDFDictionary()
    ann["Type"], ann["Subtype"] = PDFName("Annot"), PDFName("Link")
    ann["Rect"], ann["Border"] = PDFArray(list(rect)), PDFArray([0, 0, 0])
    ann["Contents"], ann["StructParent"] = Raw(lambda: contents), key
    if inside:
        ann["Dest"] = canvas._bookmarkReference(target)
    else:
        action = PDFDictionary()
        action["Type"], action["S"], action["URI"] = PDFName("Action"), PDFName("URI"), PDFString(target)
        ann["A"] = action
    canvas._addAnnotation(ann, name)


def annotation_name(doc, name: str) -> str:
    """The document's internal name of annotation ``name``."""
    return doc.annotationName(name)


def reference(doc, name: str) -> str:
    """"n 0 R" for the object registered as ``name`` (once the document is being formatted)."""
    return "%s %s R" % doc.idToObjectNumberAndVersion[name]


def add_object(doc, name: str, body, tail: bytes = b"") -> object:
    """An object whose PDF syntax ``body()`` gives when the document is formatted (then ``tail``
    as is: a stream's data), registered as ``name``; a reference to it."""
    return doc.Reference(Raw(body, tail), name)


def set_catalog(doc, root, metadata, lang: str) -> None:
    """The catalog entries of a tagged PDF: structure tree, /MarkInfo, /ViewerPreferences,
    /Metadata (references from ``add_object``) and /Lang (PDF syntax)."""
    cat = doc.Catalog
    cat.StructTreeRoot, cat.Metadata = root, metadata
    cat.MarkInfo = Raw(lambda: "<< /Marked true >>")
    cat.ViewerPreferences = Raw(lambda: "<< /DisplayDocTitle true >>")
    cat.Lang = Raw(lambda: lang)


def write_packed(doc) -> None:
    """Have ``doc`` written by ``render.pdf_file.PdfFile`` (the one-card writer's file layer)
    instead of its own ``format``: the same objects, in the same order and numbers, but every one
    that is not a stream (pages, the structure tree's elements, outline entries, annotations)
    compressed together in an object stream with a cross-reference stream (PDF 1.7). A combined
    file or booklet is then about a third smaller; its bytes are still a function of its objects."""
    doc.format = lambda: _format_packed(doc)


def _format_packed(doc) -> bytes:
    """reportlab's ``PDFDocument.format`` loop (objects may register more objects as they are
    formatted), handing each object's body to a ``PdfFile``."""
    from reportlab.pdfbase import pdfdoc

    from cardmaker.render.pdf_file import PdfFile

    doc.encrypt.prepare(doc)
    root, info = doc.Reference(doc.Catalog), doc.Reference(doc.info)
    out = PdfFile()
    counter = 0
    while counter + 1 in doc.numberToId:
        counter += 1
        oid = doc.numberToId[counter]
        doc.encrypt.register(*doc.idToObjectNumberAndVersion[oid])
        body = pdfdoc.format(doc.idToObject[oid], doc, toplevel=1).rstrip(b"\n")
        num = out.reserve()
        (out.put if body.endswith(b"endstream") else out.pack)(num, body)
    number = lambda ref: doc.idToObjectNumberAndVersion[ref.name][0]  # noqa: E731
    return out.finish(number(root), number(info))


def _raw_class():
    from reportlab.pdfbase.pdfdoc import PDFObject

    class Raw(PDFObject):
        """PDF syntax made when the document is formatted (references are known by then)."""

        def __init__(self, body, tail: bytes = b""):
            self.body, self.tail = body, tail

        def format(self, document) -> bytes:
            return self.body().encode("latin-1") + self.tail

    return Raw


def Raw(body, tail: bytes = b""):  # noqa: N802 (a class made on first use: reportlab loads lazily)
    global _Raw
    if _Raw is None:
        _Raw = _raw_class()
    return _Raw(body, tail)


_Raw = None
