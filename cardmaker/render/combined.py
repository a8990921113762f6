"""Many cards → one PDF (``build --combine``, ``-o -``): each card at its own fitted size, all
drawn onto one canvas so the fonts are embedded once, with a bookmark per card.

Sizes come from ``card.fit_size`` (measurement only, so it can run in worker processes); the
drawing happens here, in order, because a PDF is one stream: the engine's pages replayed
(``render.replay``) for the layouts it sets, Platypus drawing onto the canvas for the rest.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from cardmaker.model import Exercise, Layout
from cardmaker.render.engine_card import pages_at, uses_engine
from cardmaker.render.pages import build_pages
from cardmaker.render.replay import replay
from cardmaker.render.styles import make_styles


def render_combined(cards: list[tuple[Exercise, float]], layout: Layout) -> bytes:
    """One PDF holding every (exercise, body size) card in the order given."""
    buf = io.BytesIO()
    fonts = make_styles(layout, layout.max_size).fonts
    canvas = Canvas(buf, invariant=1, initialFontName=fonts.regular)
    engine = uses_engine(layout)
    for i, (ex, size) in enumerate(cards):
        if engine:  # the card's title heading carries its bookmark
            replay(pages_at(ex, layout, size), canvas)
            continue
        key = f"card{i}"
        canvas.bookmarkPage(key)  # the page the card's first side is about to be drawn on
        canvas.addOutlineEntry(ex.name, key, level=0)
        build_pages(ex, layout, size, canvas=canvas)
    canvas.setTitle(f"{len(cards)} cards, layout {layout.name}")
    canvas.setAuthor("")
    canvas.setSubject("")
    canvas.setCreator("cardmaker")
    canvas.setProducer("cardmaker")
    if cards:
        canvas.showOutline()
    canvas.save()
    return buf.getvalue()
