"""Fails loudly when a reportlab upgrade renames or reshapes a private name the renderer uses."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from cardmaker.render import reportlab_internals as rl
from cardmaker.style.fonts import REGULAR, register_fonts
from cardmaker.typeset import qr


def _owner(where: str):
    module, _, cls = where.rpartition(".")
    try:
        return getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError):
        return importlib.import_module(where)


@pytest.fixture(scope="module")
def instances():
    register_fonts()
    return {"reportlab.pdfbase.ttfonts.TTFontFace": pdfmetrics.getFont(REGULAR).face,
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
    assert hasattr(owner, name), f"reportlab {where}.{name} is gone ({what}): update cardmaker.render.reportlab_internals (and typeset.qr)"


def test_the_private_names_have_the_shape_relied_on(instances):
    face = instances["reportlab.pdfbase.ttfonts.TTFontFace"]
    assert isinstance(face.charWidths, dict) and face.charWidths[ord("a")] > 0
    assert ord("a") in face.charToGlyph and face.ascent > 0 > face.descent
    from reportlab.lib.rl_accel import fp_str

    assert fp_str(1.5, 2) == "1.5 2"


def test_the_list_names_exactly_the_functions_the_module_has():
    """Nothing stays listed (and tested) after the code that used it is gone."""
    source = Path(rl.__file__).read_text(encoding="utf-8")
    functions = set(re.findall(r"^def (\w+)", source, re.M))
    assert functions == {"face_widths", "face_glyphs", "face_hmetrics", "face_glyph_positions", "face_has_table",
                         "face_table", "face_descriptor", "image_parts"}
    used = {name for _, name, _ in rl.PRIVATE}
    code = source.split("PRIVATE = (")[1].split("\n)\n", 1)[1]  # the functions, after the list
    reached = set(re.findall(r"\.(\w+)", code)) | set(re.findall(r"\"(\w+)\"", code))
    qr_code = Path(qr.__file__).read_text(encoding="utf-8")  # the engine's QR encoder reaches its own (layers)
    qr_names = {name for where, name, _ in rl.PRIVATE if ".qrencoder." in where}
    assert all(re.search(rf"\b{name}\b", qr_code) for name in qr_names)
    assert used - {"fp_str"} - qr_names <= reached  # fp_str is imported from reportlab.lib.rl_accel where it is used


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
