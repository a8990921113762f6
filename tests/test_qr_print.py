"""QR codes print as the standard asks: four modules of light margin all round, and on a CMYK
page in black ink alone."""

from __future__ import annotations

import dataclasses

from cardmaker.flow import tree as t
from cardmaker.load.exercise import load_file
from cardmaker.load.layout import layout_from_mapping
from cardmaker.render.card import tree_of
from cardmaker.typeset import display as d
from cardmaker.typeset.qr import qr_modules
from cardmaker.typeset.composite import QR_QUIET, qr_code
from conftest import DATA


def test_a_code_keeps_four_light_modules_round_it_within_its_side():
    code = t.QRCode("https://example.com/videos/goblet-squat", 72.0, align="left")
    (piece,) = qr_code(code, 10.0, 200.0)
    (op,) = [o for o in piece.ops if isinstance(o, d.QRModules)]
    n = len(qr_modules(code.value))
    assert QR_QUIET == 4
    assert op.module * (n + 8) == 72.0 and op.x == 4 * op.module  # the margin inside the code's side
    assert op.y == -72.0 + 4 * op.module and piece.height == 72.0


def test_on_a_cmyk_page_the_code_is_black_ink_alone():
    (ex,), _ = load_file(DATA / "goblet-squat.yaml")
    cmyk = {"extends": "wall-card-a4", "theme": {k: "cmyk(0, 0, 0, 90)" for k in (
        "text", "muted", "title", "accent", "heading", "tip_border", "caution_border", "caution_heading")}
        | {"tip_background": "cmyk(0, 0, 0, 5)", "caution_background": "cmyk(0, 0, 0, 5)",
           "background": "cmyk(0, 0, 0, 0)"}}
    for layout, ink in ((layout_from_mapping(cmyk), (0.0, 0.0, 0.0, 1.0)),
                        (layout_from_mapping({"extends": "wall-card-a4"}), (0.0, 0.0, 0.0))):
        code = next(b.aside for b in tree_of(ex, layout).footer if isinstance(b, t.Beside))
        assert isinstance(code, t.QRCode) and code.ink == ink
    assert dataclasses.fields(t.QRCode)[-1].name == "ink"


def test_the_printed_code_has_every_module_where_the_code_puts_it():
    """Rendered to pixels, each module's centre is dark exactly where the QR code has a dark
    module (the rectangles are drawn in module units under a ``cm``), and the quiet zone is light."""
    import io

    import pypdfium2

    from cardmaker.load.layout import load_layout
    from cardmaker.render.card import compose, render_card

    (ex,), _ = load_file(DATA / "goblet-squat.yaml")
    layout = load_layout("wall-card-a4")
    (op,) = [o for o in compose(ex, layout).pages[0].ops if isinstance(o, d.QRModules)]
    rows = qr_modules(ex.video)
    assert [tuple(r) for r in rows] == [tuple(r) for r in op.rows]
    scale = 8.0 / op.module  # eight pixels a module
    page = pypdfium2.PdfDocument(io.BytesIO(render_card(ex, layout)))[0]
    image = page.render(scale=scale).to_pil().convert("L")
    height = page.get_height()
    n = len(rows)
    for r in range(-2, n + 2):
        for c in range(-2, n + 2):
            x = (op.x + (c + 0.5) * op.module) * scale
            y = (height - (op.y + (n - r - 0.5) * op.module)) * scale
            dark = image.getpixel((round(x), round(y))) < 128
            assert dark == (0 <= r < n and 0 <= c < n and bool(rows[r][c])), (r, c)
