"""One render of a card at a given body size: page templates, frames, and what they held.

Each side of a card (the front, and the back of a two-sided card) gets a page with a title
frame above its body columns; body text that overflows a side goes on to plain column pages.
Every body frame reports how much of it was filled, which is what shrink-to-fit measures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, KeepTogether, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph)
from reportlab.platypus.doctemplate import LayoutError as PlatypusLayoutError

from cardmaker.render.platypus.story import CardStory, card_story
from cardmaker.model import Exercise, Layout
from cardmaker.render.styles import Styles, make_styles


@dataclass
class PagesResult:
    pdf: bytes
    pages: int
    sides: int
    demand: list[float] = field(default_factory=list)  # body height placed, per side
    capacity: list[float] = field(default_factory=list)  # body room on each side's first page
    header: list[float] = field(default_factory=list)  # room the title block takes from it (grows with size)
    crowded: bool = False  # a title block left (almost) no room for the body
    oversized: bool = False  # one block (a step, a panel row) is taller than a whole column


class _CardDoc(BaseDocTemplate):
    """Records how much of each body frame is used, keyed by side, to measure overflow."""

    def __init__(self, *args, measure: bool = False, **kw):
        super().__init__(*args, **kw)
        self.used: list[tuple[int, float]] = []
        self._recorded: set[tuple[int, str]] = set()
        self.measure = measure

    def handle_flowable(self, flowables):
        if self.measure and flowables:  # where things go is all a trial needs: skip the drawing
            flowables[0].drawOn = no_drawing  # (split parts come through here too)
        super().handle_flowable(flowables)

    def _record(self) -> None:
        f = self.frame
        key = (self.page, f.id)  # a frame can end twice (a page break, then the end of the story)
        if f.id.startswith("col") and key not in self._recorded:
            self._recorded.add(key)
            self.used.append((int(f.id[3]), f._y2 - f._topPadding - f._y))

    def handle_frameEnd(self, resume=0):
        self._record()
        super().handle_frameEnd(resume)

    def handle_pageBreak(self, slow=None):
        if self._pageBreakQuick and not slow:  # a quick page break skips handle_frameEnd
            self._record()
        super().handle_pageBreak(slow)




class MeasureCanvas(Canvas):
    """Lays pages out like the real canvas but writes no PDF: a trial needs only where things
    went. Skipping image encoding, compression and font subsetting makes it ~4x cheaper."""

    def drawImage(self, *args, **kw):
        return 0, 0

    def showPage(self):
        self._startPage()  # drop the page's drawing instead of adding it to the file

    def save(self):
        pass


def build_pages(ex: Exercise, layout: Layout, size: float, measure: bool = False, canvas=None) -> PagesResult:
    """Render at ``size``; with ``measure`` only lay out (same measurements, no PDF bytes).
    With ``canvas`` the pages are drawn onto that shared canvas (one PDF for many cards)."""
    st = make_styles(layout, size)
    story = card_story(ex, layout, st)
    total = len(story.sides)
    # only a 'continue' card learns its page count by laying out, and "Page 1 of N" needs N
    uses_total = "{pages}" in layout.footer.text + layout.footer.page_numbers
    if layout.fit_mode == "continue" and uses_total and not measure:
        total = _build(ex, layout, st, story, total, measure=True).pages or total
        story = card_story(ex, layout, st)  # flowables keep state from a build: take fresh ones
    return _build(ex, layout, st, story, total, measure, canvas)


@dataclass
class _Geometry:
    """Where the body goes at one size: shared by the real layout and the quick estimate."""

    body_bottom: float
    page_top: float
    col_w: float
    header_h: list[float]  # per side: the title block frame
    first_h: list[float]  # per side: the body columns' height under it
    capacity: list[float]
    headers: list[float]

    @property
    def crowded(self) -> bool:  # the title block fills the page: the caller tries smaller
        return any(h < 0 for h in self.first_h)


def _geometry(layout: Layout, st: Styles, story: CardStory, pages_total: int) -> _Geometry:
    top, bottom, width = layout.margins[0], layout.margins[2], layout.frame_width
    footer_h = _stack_height(story.footer(1, max(pages_total, 1)), width)
    body_bottom = layout.bleed + bottom + footer_h + (st.size if footer_h else 0)
    page_top = layout.bleed + layout.page_height - top
    n = layout.columns
    g = _Geometry(body_bottom, page_top, (width - layout.column_gap * (n - 1)) / n, [], [], [], [])
    for side in story.sides:
        header_h = _stack_height(side.header, width) + 2 + st.size * 0.3
        first_h = page_top - header_h - body_bottom - st.size * 0.6
        g.header_h.append(header_h)
        g.first_h.append(first_h if first_h >= st.size * 4 else -1)
        g.capacity.append(first_h * n)
        g.headers.append((header_h + st.size * 0.6) * n)
    return g


def estimate(ex: Exercise, layout: Layout, size: float) -> PagesResult:
    """A rough measure at ``size`` without laying pages out: the body's blocks wrapped to the
    column width and stacked. Column breaks waste some room that this ignores, so it only
    aims the first real trial; it never decides that a card fits."""
    st = make_styles(layout, size)
    story = card_story(ex, layout, st)
    g = _geometry(layout, st, story, len(story.sides))
    sides = len(story.sides)
    if g.crowded:
        return PagesResult(b"", 0, sides, capacity=g.capacity, crowded=True)
    demand = [_stack_height(side.body, g.col_w) for side in story.sides]
    pages = sides if all(d <= c for d, c in zip(demand, g.capacity)) else sides + 1
    return PagesResult(b"", pages, sides, demand, g.capacity, g.headers)


def _build(ex: Exercise, layout: Layout, st: Styles, story: CardStory, pages_total: int,
           measure: bool = False, canvas=None) -> PagesResult:
    left, b, width = layout.margins[3], layout.bleed, layout.frame_width
    g = _geometry(layout, st, story, pages_total)
    if g.crowded:
        return PagesResult(b"", 0, len(story.sides), capacity=g.capacity, crowded=True)
    n, gap, col_w = layout.columns, layout.column_gap, g.col_w

    def columns(h: float, tag: str) -> list[Frame]:
        return [Frame(b + left + i * (col_w + gap), g.body_bottom, col_w, h, 0, 0, 0, 0, id=f"col{tag}{i}")
                for i in range(n)]

    templates, flow = [], []
    for i, side in enumerate(story.sides):
        header = Frame(b + left, g.page_top - g.header_h[i], width, g.header_h[i], 0, 0, 0, 0, id=f"header{i}")
        decorate = [no_drawing] * 2 if measure else [_decorate(ex, layout, st, story, pages_total, c) for c in (0, 1)]
        templates += [PageTemplate(f"side{i}", [header, *columns(g.first_h[i], f"{i}a")], onPage=decorate[0]),
                      PageTemplate(f"rest{i}", columns(g.page_top - g.body_bottom, f"{i}b"), onPage=decorate[1])]
        if i:
            flow += [NextPageTemplate(f"side{i}"), PageBreak()]
        flow += [*side.header, NextPageTemplate(f"rest{i}"), FrameBreak(), *side.body]
    capacity = g.capacity
    buf = io.BytesIO()
    doc = _CardDoc(buf, pagesize=(layout.page_width + 2 * b, layout.page_height + 2 * b), invariant=1,
                   initialFontName=st.fonts.regular, title=ex.name, author="", subject=ex.summary or "",
                   creator="cardmaker", producer="cardmaker", pageTemplates=templates, measure=measure)
    maker = MeasureCanvas if measure else Canvas
    if canvas is not None:
        doc._doSave, maker = 0, lambda *args, **kw: canvas  # the caller saves the shared canvas
    try:
        doc.build(flow, canvasmaker=maker)
    except PlatypusLayoutError:  # one block bigger than a whole column: a smaller size may fit
        return PagesResult(b"", 0, len(story.sides), capacity=capacity, oversized=True)
    doc._record()  # the frame the story ended in, if the build did not end it
    demand = [sum(h for s, h in doc.used if s == i) for i in range(len(story.sides))]
    if doc.page == len(story.sides):  # nothing overflowed: no side can claim more than its room
        demand = [min(d, c) for d, c in zip(demand, capacity)]
    return PagesResult(buf.getvalue(), doc.page, len(story.sides), demand, capacity, g.headers)


def no_drawing(*args, **kw) -> None:
    pass


def _decorate(ex: Exercise, layout: Layout, st: Styles, story: CardStory, pages_total: int, continued: bool):
    """onPage: trim and bleed boxes, the footer, and on overflow pages a running title line."""
    top, _, bottom, left = layout.margins
    b, width = layout.bleed, layout.frame_width

    def draw(canvas, doc):
        canvas.setTrimBox((b, b, b + layout.page_width, b + layout.page_height))
        canvas.setBleedBox((0, 0, layout.page_width + 2 * b, layout.page_height + 2 * b))
        y = b + bottom
        for f in reversed(story.footer(doc.page, max(pages_total, doc.page))):
            _, h = f.wrapOn(canvas, width, layout.page_height)
            f.drawOn(canvas, b + left, y)
            y += h
        if continued:  # a loose later sheet still says what it belongs to
            line = Paragraph(st.plain(f"{ex.name} {layout.label('continued')} · {doc.page}"), st.small)
            line.wrapOn(canvas, width, top)
            line.drawOn(canvas, b + left, b + layout.page_height - top + st.small.fontSize * 0.4)

    return draw


def _stack_height(flowables: list, width: float) -> float:
    total = 0.0
    for i, f in enumerate(flowables):
        # KeepTogether answers "too tall" to force a split; its content is what takes room
        height = _stack_height(f._content, width) if isinstance(f, KeepTogether) else f.wrapOn(_scratch(), width, 1e6)[1]
        total += height + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
    return total


@cache
def _scratch() -> Canvas:
    """A canvas to wrap flowables against outside a build (some, like KeepTogether, need one)."""
    return MeasureCanvas(io.BytesIO())
