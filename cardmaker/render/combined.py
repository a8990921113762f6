"""Many cards → one PDF (``build --combine``, ``-o -``): each card at its own fitted size, all
drawn onto one canvas so the fonts are embedded once, with a bookmark per card (its title
heading carries it).

A card is laid out once, wherever ``prepared_card`` runs (a worker process): composed at the
size its fit mode chooses and prepared (``render.prepared``: everything but the subset codes,
which are per document). ``Combined`` takes those prepared cards one by one, in order, and draws
them here, because a PDF is one stream; ``render_combined`` is the same in one process.
"""

from __future__ import annotations

import io

from cardmaker.model import Exercise, Layout
from cardmaker.render.canvas_tags import CanvasTags
from cardmaker.render.card import compose, not_fitting
from cardmaker.render.reportlab_internals import compress_last_page
from cardmaker.render.prepared import PreparedPage, draw_prepared, prepare
from cardmaker.style.fonts import font_set


def prepared_card(ex: Exercise, layout: Layout) -> tuple[PreparedPage, ...]:
    """The card laid out and prepared for a shared canvas, or a RenderError when it does not fit."""
    best = compose(ex, layout)
    if not best.fits:
        raise not_fitting(ex, layout, best)
    return prepare(best.pages)


class Combined:
    """One PDF being drawn: ``add`` each prepared card in order, then ``finish`` for the bytes."""

    def __init__(self, layout: Layout):
        from reportlab.pdfgen.canvas import Canvas

        self.layout = layout
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, invariant=1, initialFontName=font_set(layout.fonts).regular)
        # each page compressed as it is finished: memory grows by a third of what the pages would take
        self.canvas.setPageCallBack(lambda number: compress_last_page(self.canvas))
        self.tags = CanvasTags(self.canvas, layout.language)
        self.count = 0
        self.first_name = ""  # the document's title when it holds one card

    def add(self, card: tuple[PreparedPage, ...], name: str) -> None:
        """Draw the next card, ``name`` its exercise's."""
        draw_prepared(card, self.canvas, self.tags)
        self.count += 1
        self.first_name = self.first_name or name

    def finish(self) -> bytes:
        canvas = self.canvas
        title = self.first_name if self.count == 1 else f"{self.count} cards, layout {self.layout.name}"
        canvas.setTitle(title)
        canvas.setAuthor("")
        canvas.setSubject("")
        canvas.setCreator("cardmaker")
        canvas.setProducer("cardmaker")
        if self.count:
            canvas.showOutline()
        self.tags.finish(title)
        canvas.save()
        return self.buffer.getvalue()


def render_combined(exercises: list[Exercise], layout: Layout) -> bytes:
    """One PDF holding every exercise's card in the order given (each must fit), in this process."""
    combined = Combined(layout)
    for ex in exercises:
        combined.add(prepared_card(ex, layout), ex.name)
    return combined.finish()
