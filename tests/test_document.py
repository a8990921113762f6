"""The PDF writer as the writer of many pages (combined files, booklets): pages written as they
are added and not kept, codes past one subset when the characters are not known in advance,
forms filled in at the end, document information, outline nesting, destinations, pictures once."""

from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pytest
from pypdf import PdfReader

from cardmaker.render.one_pdf import Document, Info
from cardmaker.style.fonts import FALLBACK, REGULAR, register_fonts
from cardmaker.typeset import display as d

from conftest import DATA


@pytest.fixture(scope="module", autouse=True)
def fonts():
    register_fonts()


def _text_page(text: str, face: str = REGULAR, extra: tuple = ()) -> d.Page:
    runs = [d.GlyphRun(20, 800 - 14 * i, face, 10, text[k:k + 60], (0, 0, 0))
            for i, k in enumerate(range(0, len(text), 60))]
    return d.Page(595, 842, (*extra, *runs))


def _held(obj, kinds: tuple, seen: set | None = None) -> list:
    """Every instance of ``kinds`` reachable from ``obj`` through containers and attributes."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, (str, bytes, int, float, type(None))):
        return []
    seen.add(id(obj))
    found = [obj] if isinstance(obj, kinds) else []
    if isinstance(obj, dict):
        children = [*obj.keys(), *obj.values()]
    elif isinstance(obj, (list, tuple, set, frozenset)):
        children = list(obj)
    else:
        children = list(getattr(obj, "__dict__", {}).values())
        children += [getattr(obj, s) for s in getattr(type(obj), "__slots__", ()) if hasattr(obj, s)]
    for child in children:
        found += _held(child, kinds, seen)
    return found


def test_a_page_is_written_when_added_and_nothing_of_its_display_list_is_kept():
    doc = Document(lang="en")
    written = []
    for n in range(3):
        doc.add_page(_text_page(f"Page {n}: squat, hinge, push, pull", extra=(d.Rect(0, 0, 10, 10, (1, 0, 0)),)))
        written.append(doc.pdf.written)
    assert written[0] < written[1] < written[2]  # each page's content went into the file as it came
    assert _held(doc, (d.Page, d.GlyphRun, d.Rect)) == []
    assert len(doc.page_nums) == 3
    reader = PdfReader(io.BytesIO(doc.finish(Info("three"))))
    assert [p.extract_text().split(":")[0] for p in reader.pages] == ["Page 0", "Page 1", "Page 2"]


WIDE = "".join(chr(c) for c in range(0x400, 0x4FF) if c != 0x488) + "ĄĘŁŃąęłń" + "".join(map(chr, range(0x3B1, 0x3C9)))


def test_a_combined_file_with_more_than_256_characters_in_one_face_reads_back(tmp_path):
    """The characters come page by page (not known in advance): a second subset opens when the
    first is full, and every page reads back as written."""
    from cardmaker.load.layout import load_layout
    from cardmaker.render.combined import Combined
    from cardmaker.render.prepared import prepare

    assert len(set(WIDE)) > 256
    parts = [WIDE[k:k + 70] for k in range(0, len(WIDE), 70)]
    combined = Combined(load_layout("wall-card-a4"))
    for n, part in enumerate(parts):
        combined.add(prepare([_text_page(f"Card {n} {part}")]), f"card {n}")
    pdf = combined.finish()
    reader = PdfReader(io.BytesIO(pdf))
    for n, (page, part) in enumerate(zip(reader.pages, parts)):
        assert "".join(page.extract_text().split()) == f"Card{n}{part}".replace(" ", "")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert len(fonts) >= 2  # two subsets of the one face
    assert {f["/BaseFont"].split("+")[1] for f in fonts.values()} == {"NotoSans-Regular"}
    _qpdf_check(tmp_path, pdf)


def _qpdf_check(tmp_path, pdf: bytes) -> None:
    if shutil.which("qpdf"):
        path = tmp_path / "out.pdf"
        path.write_bytes(pdf)
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr


def test_forms_are_filled_in_when_the_file_is_finished(tmp_path):
    total = d.Form("total", 300, 100, REGULAR, 10, (0, 0, 0))
    doc = Document(lang="en")
    for n in (1, 2):
        doc.add_page(d.Page(595, 842, (d.GlyphRun(200, 100, REGULAR, 10, f"Page {n} of", (0, 0, 0)), total,
                                       d.Form("never", 400, 100, FALLBACK, 10, (0, 0, 0)))))
    pdf = doc.finish(Info("forms"), {"total": "2"})
    reader = PdfReader(io.BytesIO(pdf))
    assert [" ".join(p.extract_text().split()) for p in reader.pages] == ["Page 1 of 2", "Page 2 of 2"]
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        forms = [x for x in opened.pages[0].Resources.XObject.values() if x.Subtype == "/Form"]
        assert len(forms) == 2  # one object per form, however many pages use it
        assert opened.pages[0].Resources.XObject.objgen == opened.pages[1].Resources.XObject.objgen
    _qpdf_check(tmp_path, pdf)


def test_a_form_may_bring_characters_no_page_printed():
    doc = Document(lang="en")
    doc.add_page(d.Page(595, 842, (d.Form("gym", 300, 100, FALLBACK, 10, (0, 0, 0)),)))
    pdf = doc.finish(Info("x"), {"gym": "→ ✓"})
    assert " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split()) == "→ ✓"


def test_document_information_and_outline_nesting_read_back():
    levels = [("Strength", 0), ("Squat", 1), ("Deadlift", 1), ("Grip", 2), ("Mobility", 0), ("Cat-cow", 1)]
    doc = Document(lang="de")
    for n, (title, level) in enumerate(levels):
        doc.add_page(_text_page(title, extra=(d.Anchor(f"a{n}", 0, 800, title, level),)))
    doc.add_page(_text_page("links", extra=(d.Link(20, 20, 100, 10, "#a3"),)))
    pdf = doc.finish(Info("Book", "Coach Ą", "Knees", "Strength, Mobility", show_outline=True))
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert (meta.title, meta.author, meta.subject, meta["/Keywords"]) == ("Book", "Coach Ą", "Knees", "Strength, Mobility")
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines" and reader.trailer["/Root"]["/Lang"] == "de"

    def walk(items, level=0):
        for item in items:
            yield from walk(item, level + 1) if isinstance(item, list) else [(item.title, level,
                                                                               reader.get_destination_page_number(item))]

    assert list(walk(reader.outline)) == [(t, lv, n) for n, (t, lv) in enumerate(levels)]
    link = reader.pages[-1]["/Annots"][0].get_object()
    assert link["/Dest"][0].get_object() == reader.pages[3].get_object()  # an explicit destination


def test_each_picture_is_in_the_file_once_and_boxes_are_per_page():
    picture = str(DATA / "images" / "goblet-squat.png")
    doc = Document(lang="en")
    doc.add_page(d.Page(300, 400, (d.Image(picture, 10, 10, 100, 80),), trim=(9, 9, 291, 391)))
    doc.add_page(d.Page(500, 600, (d.Image(picture, 20, 20, 100, 80),)))
    with pikepdf.open(io.BytesIO(doc.finish(Info("pictures")))) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        masks = {o.SMask.objgen for o in images if "/SMask" in o}
        assert len([o for o in images if o.objgen not in masks]) == 1
        first, second = pdf.pages
        assert [float(v) for v in first.MediaBox] == [0, 0, 300, 400]
        assert [float(v) for v in first.TrimBox] == [9, 9, 291, 391]
        assert [float(v) for v in second.MediaBox] == [0, 0, 500, 600] and "/TrimBox" not in second
