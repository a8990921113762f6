"""Fails loudly when a reportlab upgrade renames or reshapes a private name the renderer uses."""

from __future__ import annotations

import importlib
import io

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cardmaker.render import reportlab_internals as rl
from cardmaker.style.fonts import REGULAR, register_fonts


def _owner(where: str):
    module, _, cls = where.rpartition(".")
    try:
        return getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError):
        return importlib.import_module(where)


@pytest.fixture(scope="module")
def instances():
    register_fonts()
    from reportlab.pdfbase.pdfdoc import PDFPage

    canvas = Canvas(io.BytesIO(), initialFontName=REGULAR)

    return {"reportlab.pdfgen.canvas.Canvas": canvas,
            "reportlab.pdfbase.ttfonts.TTFontFace": pdfmetrics.getFont(REGULAR).face,
            "reportlab.pdfbase.pdfdoc.PDFDocument": canvas._doc, "reportlab.pdfbase.pdfdoc.PDFPages": canvas._doc.Pages,
            "reportlab.pdfbase.pdfdoc.PDFPage": PDFPage(),
            "reportlab.pdfbase.pdfdoc.PDFImageXObject": _image_with_alpha()}


def _image_with_alpha():
    """An encoded picture with an alpha channel (reportlab gives it its ``_smask``)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase.pdfdoc import PDFImageXObject

    return PDFImageXObject("x", ImageReader(Image.new("RGBA", (4, 3), (10, 20, 30, 128))), mask="auto")


@pytest.mark.parametrize("where,name,what", rl.PRIVATE, ids=[f"{w}.{n}" for w, n, _ in rl.PRIVATE])
def test_each_private_name_still_exists(where, name, what, instances):
    owner = instances.get(where) or _owner(where)
    assert hasattr(owner, name), f"reportlab {where}.{name} is gone ({what}): update cardmaker.render.replay"


def test_the_private_names_have_the_shape_relied_on(instances):
    canvas, face = instances["reportlab.pdfgen.canvas.Canvas"], instances["reportlab.pdfbase.ttfonts.TTFontFace"]
    assert isinstance(rl.content(canvas), list)
    assert rl.is_subset_font(pdfmetrics.getFont(REGULAR)) and not rl.is_subset_font(pdfmetrics.getFont("Helvetica"))
    assert rl.document(canvas).__class__.__name__ == "PDFDocument"
    assert isinstance(face.charWidths, dict) and face.charWidths[ord("a")] > 0
    assert ord("a") in face.charToGlyph and face.ascent > 0 > face.descent
    from reportlab.lib.rl_accel import escapePDF, fp_str

    assert escapePDF(b"(a)\\") == "\\(a\\)\\\\" and fp_str(1.5, 2) == "1.5 2"


def test_the_documented_subset_api_is_there(instances):
    font = pdfmetrics.getFont(REGULAR)
    doc = rl.document(instances["reportlab.pdfgen.canvas.Canvas"])
    (subset, chunk), = font.splitString("ab", doc)
    assert isinstance(chunk, bytes) and font.getSubsetInternalName(subset, doc).startswith("/")


def test_image_parts_read_an_encoded_picture(instances):
    parts = rl.image_parts(instances["reportlab.pdfbase.pdfdoc.PDFImageXObject"])
    assert (parts["width"], parts["height"], parts["colorspace"], parts["filters"]) == (4, 3, "DeviceRGB", ("FlateDecode",))
    assert parts["smask"]["colorspace"] == "DeviceGray" and parts["mask"] is None


def test_face_tables_are_there(instances):
    face = instances["reportlab.pdfbase.ttfonts.TTFontFace"]
    assert rl.face_has_table(face, "glyf") and rl.face_table(face, "head")[12:16] == b"\x5f\x0f\x3c\xf5"
    assert len(rl.face_glyph_positions(face)) == len(rl.face_hmetrics(face)) + 1
    assert rl.face_descriptor(face)["name"] == b"NotoSans-Regular"
    assert rl.face_widths(face)[ord("a")] > 0 and rl.face_glyphs(face)[ord("a")] > 0


def test_a_page_compressed_when_it_ends_reads_back_as_reportlab_would_write_it():
    from pypdf import PdfReader

    register_fonts()

    def pdf(early: bool) -> bytes:
        canvas = Canvas(io.BytesIO(), initialFontName=REGULAR, pageCompression=1, invariant=1)
        for text in ("first page", "second page"):
            canvas.setFont(REGULAR, 12)
            canvas.drawString(72, 720, text)
            canvas.showPage()
            if early:
                rl.compress_last_page(canvas)
        return canvas.getpdfdata()

    early = pdf(True)
    assert early == pdf(False)  # the same filter on the same text: the same bytes
    assert [p.extract_text().strip() for p in PdfReader(io.BytesIO(early)).pages] == ["first page", "second page"]
