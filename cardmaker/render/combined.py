"""Many cards → one PDF (``build --combine``, ``-o -``): each card at its own fitted size, all
written into one ``one_pdf.Document`` so the fonts are embedded once, with a bookmark per card
(its title heading carries it).

A card is laid out once, wherever ``prepared_card`` runs (a worker process): composed at the
size its fit mode chooses and prepared (``render.prepared``: everything but the subset codes,
which are per document). ``Combined`` takes those prepared cards one by one, in order, and writes
them here, because a PDF is one stream (or hands them to a placer that puts them on printer's
sheets as it goes); ``render_combined`` is the same in one process.
"""

from __future__ import annotations

from typing import BinaryIO, Callable, Protocol

from cardmaker.model import Exercise, Layout
from cardmaker.render.card import compose, not_fitting
from cardmaker.render.one_pdf import Document, Info
from cardmaker.render.prepared import PreparedPage, prepare


class PreparedCard(tuple):
    """A card's prepared pages, with the body size it was set at (``size``): the build warns
    about text below the layout's comfortable size, as it does for a PDF per card."""

    size: float

    def __new__(cls, pages, size: float) -> "PreparedCard":
        self = super().__new__(cls, pages)
        self.size = size
        return self

    def __reduce__(self):
        return PreparedCard, (tuple(self), self.size)


def prepared_card(ex: Exercise, layout: Layout) -> PreparedCard:
    """The card laid out and prepared for a shared document, or a RenderError when it does not fit."""
    best = compose(ex, layout)
    if not best.fits:
        raise not_fitting(ex, layout, best)
    return PreparedCard(prepare(best.pages), best.size)


class Placer(Protocol):
    """What puts a combined file's cards on printer's sheets (``press.sheets.CardSheets``):
    made with the document, given each card's prepared pages, and giving the sheets' order."""

    def add(self, card: tuple[PreparedPage, ...]) -> None: ...

    def finish(self) -> list[int]: ...


Sheets = Callable[[Document], Placer]  # makes the placer for a document


class Combined:
    """One PDF being written: ``add`` each prepared card in order, then ``finish`` for the bytes.
    With ``sheets`` (a placer made from the document) the cards go on printer's sheets; with a
    ``sink`` (a binary file: ``output.PendingFile``'s) the PDF goes into it as it is made."""

    def __init__(self, layout: Layout, sheets: Sheets | None = None, sink: BinaryIO | None = None):
        self.layout = layout
        self.doc = Document(lang=layout.language, sink=sink)
        self.placer = sheets(self.doc) if sheets is not None else None
        self.count = 0
        self.first_name = ""  # the document's title when it holds one card

    def add(self, card: tuple[PreparedPage, ...], name: str) -> None:
        """Write the next card's pages, ``name`` its exercise's."""
        if self.placer is not None:
            self.placer.add(card)
        else:
            for page in card:
                self.doc.add_prepared(page)
        self.count += 1
        self.first_name = self.first_name or name

    def finish(self) -> bytes | None:
        """The file ended: its bytes, or None when they went to the sink."""
        title = self.first_name if self.count == 1 else \
            f"{self.count} {self.layout.label('cards')}, {self.layout.name}"  # the document's title, in its language
        order = self.placer.finish() if self.placer is not None else None
        if not self.doc.page_nums:  # a PDF has at least one page
            self.doc.add_page(_blank(self.layout))
            order = None
        return self.doc.finish(Info(title, show_outline=self.count > 0), order=order)


def _blank(layout: Layout):
    from cardmaker.typeset import display as d

    return d.Page(layout.page_width, layout.page_height, ())


def render_combined(exercises: list[Exercise], layout: Layout) -> bytes:
    """One PDF holding every exercise's card in the order given (each must fit), in this process."""
    combined = Combined(layout)
    for ex in exercises:
        combined.add(prepared_card(ex, layout), ex.name)
    return combined.finish()
