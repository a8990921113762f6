"""A card's pages at one body size: the title block across the top of the first page, the
body flowed into columns under it (and onto later pages), the footer at the foot of each page.

Takes a ``CardTree`` and the page geometry in points; gives a ``Composition``: the display
list pages and what fitting needs to judge them (whether it fits, how much room the body
wanted against the room it had). Nothing is drawn or written: this is the whole cost of a trial.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardmaker.flow.tree import CardTree
from cardmaker.typeset import display as d
from cardmaker.typeset.columns import Column, flow_columns
from cardmaker.typeset.slices import slice_blocks, stack

TITLE_GAP_EM = 0.6  # between the title block and the body, in body sizes
FOOTER_GAP_EM = 1.0  # between the body and the footer


@dataclass(frozen=True, slots=True)
class CardGeometry:
    """The trimmed page, its margins (top, right, bottom, left), the body's columns, the bleed
    around the trim, and how many pages the card may take (a two-sided card: 2)."""

    page_width: float
    page_height: float
    margins: tuple[float, float, float, float]
    columns: int = 1
    column_gap: float = 0.0
    bleed: float = 0.0
    max_pages: int = 1

    @property
    def frame_width(self) -> float:
        return self.page_width - self.margins[1] - self.margins[3]

    @property
    def column_width(self) -> float:
        return (self.frame_width - self.column_gap * (self.columns - 1)) / self.columns


@dataclass
class Composition:
    size: float
    pages: list[d.Page]
    fits: bool
    demand: float  # body height the content took, all columns, in points
    capacity: float  # body room on the pages allowed, in points
    fixed: float = 0.0  # room the title block and footer take from the body (times columns), in points
    crowded: bool = False  # the title block and footer leave no room for the body
    oversized: bool = False  # a kept block was taller than a column (a keep rule was broken)


def compose_card(tree: CardTree, geo: CardGeometry, size: float, drawing: bool = True) -> Composition:
    """The card set at body ``size`` points. Without ``drawing``, a measurement: the same
    decisions, the pages left empty (fitting trials; ``fit.fit_card`` draws the chosen size)."""
    b, (top, _, bottom, left) = geo.bleed, geo.margins
    title = stack(slice_blocks(tree.title, size, geo.frame_width, drawing)) if tree.title else None
    footer = stack(slice_blocks(tree.footer, size, geo.frame_width, drawing)) if tree.footer else None
    page_top = b + geo.page_height - top
    body_bottom = b + bottom + (footer.height + FOOTER_GAP_EM * size if footer else 0.0)
    first_top = page_top - (title.height + TITLE_GAP_EM * size if title else 0.0)
    if first_top - body_bottom < size * 4:
        return Composition(size, [], False, 0.0, max(first_top - body_bottom, 0.0), crowded=True)
    col_w, gap = geo.column_width, geo.column_gap

    def columns_of(page: int) -> list[Column]:
        col_top = first_top if page == 0 else page_top
        return [Column(b + left + i * (col_w + gap), col_top, col_w, col_top - body_bottom)
                for i in range(geo.columns)]

    flowed = flow_columns(slice_blocks(tree.body, size, col_w, drawing), columns_of, drawing)
    pages = []
    for i in range(flowed.pages):
        if not drawing:
            pages.append(d.Page(geo.page_width + 2 * b, geo.page_height + 2 * b, ()))
            continue
        ops = d.moved(title.ops, b + left, page_top) if title and i == 0 else []
        ops += flowed.backgrounds[i] + flowed.content[i]
        if footer:
            ops += d.moved(footer.ops, b + left, b + bottom + footer.height)
        pages.append(d.Page(geo.page_width + 2 * b, geo.page_height + 2 * b, tuple(ops)))
    capacity = (first_top - body_bottom + (geo.max_pages - 1) * (page_top - body_bottom)) * geo.columns
    fits = flowed.pages <= geo.max_pages and not flowed.oversized
    fixed = (page_top - first_top + body_bottom - b - bottom) * geo.columns
    return Composition(size, pages, fits, sum(flowed.used), capacity, fixed, oversized=flowed.oversized)
