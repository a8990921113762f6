"""(Exercise, Layout) → PDF bytes of one card, text sized to fit the page.

Shrink-to-fit does not search blindly: each trial render reports how much content it placed
against the room on the first page, and since text area grows with the square of the font size,
the next size is predicted from that ratio. Most cards settle in two or three renders.
The renderer itself decides what fits (no separate estimate that could disagree with it).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import LayoutError as PlatypusLayoutError

from cardmaker.errors import RenderError
from cardmaker.flow.story import card_story
from cardmaker.flow.text import plain
from cardmaker.model import Exercise, Layout
from cardmaker.render.fonts import register_fonts
from cardmaker.render.styles import make_styles

STEP = 0.25  # font sizes are tried on a quarter-point grid
MAX_TRIALS = 8


@dataclass
class Trial:
    size: float
    pdf: bytes
    pages: int
    demand: float  # body content height placed, in points (all pages)
    capacity: float  # body room on page one, in points
    crowded: bool = False  # the title block alone left no room for the body

    @property
    def fits(self) -> bool:
        return self.pages == 1


def render_card(ex: Exercise, layout: Layout) -> bytes:
    """One-page card at the largest body size in [min_size, max_size] (quarter points) that fits."""
    first = _render(ex, layout, layout.max_size)
    if first.fits or (layout.fit_mode == "continue" and not first.crowded):
        return first.pdf  # "continue" flows on at max_size, each later page marked as continued
    if layout.fit_mode == "error":
        raise _too_long(ex, layout, first)
    fits: Trial | None = None  # largest size known to fit
    too_big = first  # smallest size known not to fit
    latest = first
    for _ in range(MAX_TRIALS):
        low = fits.size + STEP if fits else layout.min_size
        high = too_big.size - STEP
        if low > high:
            break
        # text area grows with the square of the size: predict from the latest trial
        guess = latest.size * math.sqrt(latest.capacity / max(latest.demand, 1.0))
        size = min(high, max(low, round(guess / STEP) * STEP))
        latest = _render(ex, layout, size)
        if latest.fits:
            fits = latest
        else:
            too_big = latest
    if fits is None:
        raise _too_long(ex, layout, too_big)
    return fits.pdf


def _too_long(ex: Exercise, layout: Layout, t: Trial) -> RenderError:
    if t.crowded:
        return RenderError(f"'{ex.id}': the title block (name, summary, image) leaves no room for the steps "
                           f"on layout '{layout.name}', even at {t.size:g} pt", file=ex.source,
                           hint="shorten the name or summary, or use a layout with a bigger page")
    over = max(t.demand - t.capacity, 0) / 72 * 25.4 / max(layout.columns, 1)
    pct = 100 * (t.demand / t.capacity - 1) if t.capacity else 100
    return RenderError(
        f"'{ex.id}' does not fit one page of layout '{layout.name}' even at {t.size:g} pt: "
        f"about {pct:.0f}% too much text (~{over:.0f} mm per column)",
        file=ex.source, hint="shorten the text, or use a layout with a bigger page or a smaller min_size")


class _CardDoc(BaseDocTemplate):
    """Records how much of each body frame is used, to measure overflow."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.used: list[float] = []

    def handle_frameEnd(self, resume=0):
        f = self.frame
        if f.id.startswith("col"):
            self.used.append(f._y2 - f._topPadding - f._y)
        super().handle_frameEnd(resume)


def _render(ex: Exercise, layout: Layout, size: float) -> Trial:
    register_fonts()
    st = make_styles(layout, size)
    story = card_story(ex, layout, st)
    top, right, bottom, left = layout.margins
    width = layout.frame_width
    header_h = _stack_height(story.header, width) + 2 + st.size * 0.3
    footer_h = _stack_height(story.footer, width)
    footer_gap = st.size if story.footer else 0
    body_bottom = bottom + footer_h + footer_gap
    first_h = layout.page_height - top - header_h - body_bottom - st.size * 0.6
    if first_h < st.size * 4:  # title block (name, summary, image) fills the page: try smaller
        capacity = max(first_h, 1.0) * layout.columns
        return Trial(size, b"", pages=2, demand=capacity + header_h, capacity=capacity, crowded=True)

    def columns(y: float, h: float, prefix: str) -> list[Frame]:
        n, gap = layout.columns, layout.column_gap
        w = (width - gap * (n - 1)) / n
        return [Frame(left + i * (w + gap), y, w, h, 0, 0, 0, 0, id=f"col{prefix}{i}") for i in range(n)]

    header = Frame(left, layout.page_height - top - header_h, width, header_h, 0, 0, 0, 0, id="header")
    rest_h = layout.page_height - top - body_bottom

    def draw_footer(canvas, doc):
        y = bottom
        for f in reversed(story.footer):
            f.wrapOn(canvas, width, footer_h)
            f.drawOn(canvas, left, y)
            y += f.height
        if doc.page > 1:  # a running line so a loose second sheet still says what it belongs to
            line = Paragraph(plain(f"{ex.name} {layout.label('continued')} · {doc.page}"), st.small)
            line.wrapOn(canvas, width, top)
            line.drawOn(canvas, left, layout.page_height - top + st.small.fontSize * 0.4)

    buf = io.BytesIO()
    doc = _CardDoc(buf, pagesize=(layout.page_width, layout.page_height), invariant=1,
                   initialFontName=register_fonts(), title=ex.name, author="", subject=ex.summary or "",
                   creator="cardmaker", producer="cardmaker",
                   pageTemplates=[PageTemplate("first", [header, *columns(body_bottom, first_h, "a")], onPage=draw_footer),
                                  PageTemplate("rest", columns(body_bottom, rest_h, "b"), onPage=draw_footer)])
    try:
        doc.build([*story.header, NextPageTemplate("rest"), FrameBreak(), *story.body])
    except PlatypusLayoutError as exc:  # one block bigger than a whole column
        raise RenderError(f"'{ex.id}': part of the card is larger than a column of layout '{layout.name}'",
                          file=ex.source, hint="check the layout's columns, gap and margins") from exc
    last = doc.frame  # the frame the story ended in was never "ended"
    doc.used.append(last._y2 - last._topPadding - last._y)
    pages = doc.page
    capacity = first_h * layout.columns
    demand = sum(doc.used) if pages > 1 else min(sum(doc.used), capacity)
    return Trial(size, buf.getvalue(), pages, demand, capacity)


def _stack_height(flowables: list, width: float) -> float:
    total = 0.0
    for i, f in enumerate(flowables):
        total += f.wrap(width, 1e6)[1] + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
    return total
