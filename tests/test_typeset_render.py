"""End to end: a card-like block tree → fit → display list → replayed PDF, read back."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cardmaker.flow import tree as t
from cardmaker.style.fonts import BOLD, FALLBACK, ITALIC, REGULAR
from cardmaker.render.replay import render_pdf
from cardmaker.typeset import display as d
from cardmaker.typeset.card import CardGeometry, compose_card
from cardmaker.typeset.fit import fit

IMAGE = Path(__file__).resolve().parent.parent / "data" / "images" / "goblet-squat.png"
STEPS = ("Stand with your feet hip-width apart.", "Hold the weight at your chest.",
         "Sit down between your heels → then stand ✓.")


def run(text: str, face: str = REGULAR, link: str | None = None) -> t.Run:
    return t.Run(text, face, (FALLBACK,), link=link)


def card() -> t.CardTree:
    body, blue = t.Style(1.0, 1.35), (0.1, 0.3, 0.6)
    title = t.Heading(t.Paragraph((run("Goblet Squat", BOLD),), t.Style(2.0, 1.1, blue)), level=0, anchor="goblet")
    steps = tuple(t.Item(t.Mark(str(i), blue, label_face=BOLD), (t.Paragraph((run(s),), body),))
                  for i, s in enumerate(STEPS, 1))
    tips = t.Panel(t.Heading(t.Paragraph((run("Tips", BOLD),), body)),
                   (t.Item(t.Mark("", blue), (t.Paragraph((run("Keep reps < 12 & rest ≥ 60 s."),), body),)),),
                   t.Heading(t.Paragraph((run("Tips (continued)", BOLD),), body)), (0.93, 0.95, 1.0), blue)
    url = "https://example.com/videos/goblet-squat"
    footer = (t.Beside((t.Paragraph((run("Drawing: CC0", ITALIC),), t.Style(0.7)),), t.QRCode(url, 50), share=0.3),
              t.Paragraph((run(url, ITALIC, link=url),), t.Style(0.7, align="right")))
    picture = t.Picture(str(IMAGE), 1.2, 80, 60)
    head = (t.Beside((title,), picture), t.Rule(1.2, blue, space_before_em=0.5))
    body_blocks = (t.Heading(t.Paragraph((run("Instructions", BOLD),), t.Style(1.2, 1.2, blue))), *steps, tips)
    return t.CardTree(head, body_blocks, footer, "Goblet Squat")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    geo = CardGeometry(300, 420, (20, 20, 20, 20), columns=1)
    best = fit(lambda size: compose_card(card(), geo, size), 6, 16)
    assert best.fits and len(best.pages) == 1
    assert any(isinstance(op, d.QRModules) for op in best.pages[0].ops)
    return render_pdf(best.pages, "Goblet Squat")


def test_text_reads_in_order(pdf):
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    words = ["Goblet Squat", "Instructions", "1", STEPS[0], "2", STEPS[1], "3", "→", "✓", "Tips",
             "Keep reps < 12 & rest ≥ 60 s.", "Drawing: CC0", "https://example.com/videos/goblet-squat"]
    flat = " ".join(text.split())
    at = 0
    for word in words:
        found = flat.find(" ".join(word.split()), at)
        assert found >= 0, f"{word!r} missing or out of order in {flat!r}"
        at = found


def test_fonts_are_embedded_once_each_and_no_helvetica(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font["/FontDescriptor"].get_object()
    names = sorted(str(n).split("+", 1)[1] for n in fonts)
    assert names == ["DejaVuSans", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-Regular"]
    assert all("/FontFile2" in desc for desc in fonts.values())
    assert b"Helvetica" not in pdf


def test_links_outline_and_picture(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
    assert "https://example.com/videos/goblet-squat" in uris
    assert [o.title for o in reader.outline] == ["Goblet Squat"]
    assert len(page["/Resources"]["/XObject"]) >= 1


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_finds_no_errors(pdf, tmp_path):
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_same_pages_same_bytes():
    geo = CardGeometry(300, 420, (20, 20, 20, 20))
    pages = fit(lambda size: compose_card(card(), geo, size), 6, 16).pages
    assert render_pdf(pages, "x") == render_pdf(pages, "x")
