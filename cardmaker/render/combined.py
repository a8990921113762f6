"""Many cards → one PDF (``build --combine``, ``-o -``): each card at its own fitted size, all
replayed onto one canvas so the fonts are embedded once, with a bookmark per card (its title
heading carries it).

Sizes come from ``card.fit_size`` (measurement only, so it can run in worker processes); the
drawing happens here, in order, because a PDF is one stream.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from cardmaker.model import Exercise, Layout
from cardmaker.render.card import pages_at
from cardmaker.render.replay import replay
from cardmaker.style.fonts import font_set


def render_combined(cards: list[tuple[Exercise, float]], layout: Layout) -> bytes:
    """One PDF holding every (exercise, body size) card in the order given."""
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1, initialFontName=font_set(layout.fonts).regular)
    for ex, size in cards:
        replay(pages_at(ex, layout, size), canvas)
    canvas.setTitle(cards[0][0].name if len(cards) == 1 else f"{len(cards)} cards, layout {layout.name}")
    canvas.setAuthor("")
    canvas.setSubject("")
    canvas.setCreator("cardmaker")
    canvas.setProducer("cardmaker")
    if cards:
        canvas.showOutline()
    canvas.save()
    return buf.getvalue()
