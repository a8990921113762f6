"""The direct PDF writer: font subsets (the same program as reportlab's, cached), codes past one
subset of 256, text read back, outline nesting, the file's structure as qpdf sees it."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import zlib

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from cardmaker.render import one_pdf, pdf_fonts, pdf_outline, subset
from cardmaker.render.pdf_file import name, text_string
from cardmaker.style.fonts import BOLD, FALLBACK, ITALIC, REGULAR, register_fonts
from cardmaker.typeset import display as d

FACES = (REGULAR, BOLD, ITALIC, FALLBACK)


@pytest.fixture(scope="module", autouse=True)
def fonts():
    register_fonts()


def _subsets(face: str, count: int, seed: int) -> list[tuple[int, ...]]:
    covered = sorted(c for c in pdfmetrics.getFont(face).face.charToGlyph if 32 < c < 0x2600)
    rng = random.Random(seed)
    return [(0, *rng.sample(covered, rng.randint(1, 200))) for _ in range(count)]


@pytest.mark.parametrize("face", FACES)
def test_the_subset_program_is_reportlabs_byte_for_byte(face):
    """Accented letters are composite glyphs in these fonts, so random picks exercise the renumbering."""
    ttf = pdfmetrics.getFont(face).face
    for codes in _subsets(face, 8, seed=len(face)):
        assert subset.program(face, codes) == ttf.makeSubset(list(codes))


def test_the_cached_font_file_is_the_uncached_program():
    codes = (0, *map(ord, "Goblet squat, ąęł → ✓"))
    subset.font_file.cache_clear()
    first = subset.font_file(REGULAR, codes)
    again = subset.font_file(REGULAR, codes)
    assert again is first and subset.font_file.cache_info().hits == 1
    assert zlib.decompress(first[0]) == subset.program(REGULAR, codes) and first[1] == len(subset.program(REGULAR, codes))


def test_codes_need_no_escapes_keep_space_at_32_and_open_a_new_subset_when_full():
    codes = pdf_fonts.FontCodes(FALLBACK, iter(f"/F{n}" for n in range(1, 9)).__next__)
    text = "".join(chr(c) for c in range(0x391, 0x3A9)) + "".join(chr(c) for c in range(0x400, 0x500))
    chunks = codes.chunks(text + " " + text[:5] + " ")
    assert [n for n, _ in chunks] == ["/F1", "/F2", "/F1"]  # the spaces stay in the subset around them
    assert " " in chunks[1][1] and not any(set(c) & set("()\\\r\n") for _, c in chunks)
    assert all(len(s) <= 256 and s[0] == 0 and s[32] == 32 for s in codes.subsets) and len(codes.subsets) == 2
    assert all(chr(n) in pdf_fonts.PLAIN_CHARS or n in (0, 32) or code == 0 for s in codes.subsets
               for n, code in enumerate(s))


def _page(text: str, face: str = REGULAR) -> d.Page:
    runs = [d.GlyphRun(20, 800 - 14 * i, face, 10, text[k:k + 60], (0, 0, 0)) for i, k in enumerate(range(0, len(text), 60))]
    return d.Page(595, 842, (d.Anchor("top", 0, 842, "Top", 0), *runs,
                             d.Link(20, 20, 100, 10, "https://example.com/a(b)"), d.Link(20, 40, 100, 10, "#top")))


WIDE = "Übung: ĄĘŁŃ ąęłń — Αλφα βήτα — Привет мир " + "".join(chr(c) for c in range(0x400, 0x4FF) if c != 0x488)


def test_text_past_one_subset_reads_back_and_the_file_is_sound(tmp_path):
    pdf = one_pdf.write_pdf([_page(WIDE)], "Übung → ✓")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Übung → ✓"
    assert "".join(reader.pages[0].extract_text().split()) == "".join(WIDE.split())
    assert [o.title for o in reader.outline] == ["Top"]
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert len(fonts) == 2 and all(f["/FontDescriptor"]["/FontFile2"] for f in fonts.values())
    if shutil.which("qpdf"):
        path = tmp_path / "wide.pdf"
        path.write_bytes(pdf)
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr


def test_the_same_pages_give_the_same_bytes_with_or_without_cached_subsets():
    pages = [_page("Goblet squat ąę → ✓", REGULAR), _page("Bold ones", BOLD)]
    first = one_pdf.write_pdf(pages, "x")
    subset.font_file.cache_clear()
    pdf_fonts.subset_objects.cache_clear()
    assert one_pdf.write_pdf(pages, "x") == first


def test_outline_nesting():
    parents, children = pdf_outline.nest([0, 1, 1, 2, 0, 1])
    assert parents == [None, 0, 0, 2, None, 4]
    assert children == {None: [0, 4], 0: [1, 2], 2: [3], 4: [5]}
    assert pdf_outline._descendants(0, children) == 3


def test_strings_and_names():
    assert text_string("a (b) \\") == "(a \\(b\\) \\\\)"
    assert text_string("é") == "<FEFF00E9>"
    assert name("a b/é") == "/a#20b#2F#C3#A9"


def test_text_faces_get_all_of_ascii_so_cards_share_their_subsets():
    """Two cards with different ASCII text in the same face: the same subset, made once."""
    one = _page("The quick brown fox jumps over the lazy dog, 0123456789!")
    two = _page("Pack my box with five dozen liquor jugs; sphinx of black quartz?")
    pdf_fonts.subset_objects.cache_clear()
    first, second = one_pdf.write_pdf([one], "a"), one_pdf.write_pdf([two], "b")
    assert pdf_fonts.subset_objects.cache_info().misses == 1 and pdf_fonts.subset_objects.cache_info().hits == 1
    for pdf, page in ((first, one), (second, two)):
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert "".join(text.split()) == "".join(page.text.split())
    few = one_pdf.write_pdf([_page("→ ✓", FALLBACK)], "c")  # a symbol face keeps a subset of what it prints
    font, = PdfReader(io.BytesIO(few)).pages[0]["/Resources"]["/Font"].values()
    assert font["/LastChar"] <= 40
