"""A card's pages at one body size: each side (the front, and a two-sided card's back) starts a
page with its title block across the top and its body flowed into columns under it (and onto
later pages, each headed by the running title); the footer sits at the foot of every page,
its page numbers filled once the page count is known.

Takes a ``CardTree`` and the page geometry in points; gives a ``Composition``: the display
list pages and what fitting needs to judge them (whether it fits, how much room the body
wanted against the room it had, on the side fullest for its room). Nothing is drawn or
written: this is the whole cost of a trial.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cardmaker.flow import tree as t
from cardmaker.flow.tree import CardTree
from cardmaker.typeset import display as d
from cardmaker.typeset.columns import Column, Flowed, flow_columns
from cardmaker.typeset.slices import Measures, Slice, slice_blocks, space_after, stack

TITLE_GAP_EM = 0.6  # between the title block and the body, in body sizes
FOOTER_GAP_EM = 1.0  # between the body and the footer
RUNNING_RAISE = 0.4  # the running title's foot above the body's top, in its text sizes
SAFE_EDGE = 5 * 72 / 25.4  # nothing printed nearer the paper's edge than this (home printers: about 4.2 mm)


@dataclass(frozen=True, slots=True)
class CardGeometry:
    """The trimmed page, its margins (top, right, bottom, left), the body's columns, the bleed
    around the trim, and how many pages each side may take (None: as many as it needs, the
    "continue" fit mode)."""

    page_width: float
    page_height: float
    margins: tuple[float, float, float, float]
    columns: int = 1
    column_gap: float = 0.0
    bleed: float = 0.0
    max_pages: int | None = 1
    body_height: float | None = None  # the body's columns no taller than this (balanced columns), in points
    spread: float = 1.0  # the space between the body's blocks, times this (a short card's room shared out)
    back_size: float | None = None  # a two-sided card's back set at no more than this body size (its front may grow)

    @property
    def frame_width(self) -> float:
        return self.page_width - self.margins[1] - self.margins[3]

    @property
    def column_width(self) -> float:
        return (self.frame_width - self.column_gap * (self.columns - 1)) / self.columns

    @property
    def page_top(self) -> float:
        """The top of the body on a page without a title block (PDF y, bleed included)."""
        return self.bleed + self.page_height - self.margins[0]

    @property
    def trim(self) -> tuple[float, float, float, float]:
        b = self.bleed
        return b, b, b + self.page_width, b + self.page_height


@dataclass
class Composition:
    size: float
    pages: list[d.Page]
    fits: bool
    demand: float  # body height the content took, all columns, in points (the side fullest for its room)
    capacity: float  # body room on the pages allowed that side, in points
    fixed: float = 0.0  # room the title block and footer take from that side's body (times columns), in points
    rigid: float = 0.0  # of ``fixed``, what does not grow with the size (picture rows under the title), in points
    crowded: bool = False  # the title block and footer leave no room for the body
    oversized: bool = False  # a kept block was taller than a column (a keep rule was broken)
    sides: int = 1
    side_pages: tuple[int, ...] = ()  # pages each side took
    side_demands: tuple[float, ...] = ()  # each side's demand and capacity (the composition's demand model)
    side_capacities: tuple[float, ...] = ()
    carried: int = 0  # slices of a two-sided card's front that went on over the page
    front_gap: float = 0.0  # the most room left at the foot of a front column before its last, in points


@dataclass
class _Side:
    """One side flowed: its title block, where its body starts (on its first page, and on the
    later ones), the columns' fill."""

    title: Slice | None
    first_top: float
    flowed: Flowed
    demand: float
    capacity: float
    fixed: float
    fits: bool
    later_top: float


def compose_card(tree: CardTree, geo: CardGeometry, size: float, drawing: bool = True,
                 memo: Measures | None = None) -> Composition:
    """The card set at body ``size`` points (a two-sided card's back at no more than
    ``geo.back_size``: only its front grows past the layout's largest). Without ``drawing``, a measurement: the same
    decisions, the pages left empty (fitting trials; ``fit.fit_card`` draws the chosen size).
    ``memo``: measurements kept between one card's trials (``slices.slice_blocks``)."""
    n_sides, front_size = len(tree.sides), size
    body_bottom = body_foot(tree, geo, size, drawing, memo)
    later = later_top(tree, geo, size)
    sides: list[_Side] = []
    rest: list[Slice] = []
    for i, side in enumerate(tree.sides):
        size = min(front_size, geo.back_size) if i and geo.back_size else front_size
        title = title_slice(side, geo, size, drawing, memo)
        first_top = geo.page_top - (title.height + TITLE_GAP_EM * size if title else 0.0)
        if first_top - body_bottom < (size * 4 if side.body or rest else 0.0):  # room for a body, if any
            taken = _fixed(geo, first_top, body_bottom)
            return Composition(front_size, [], False, 0.0, max(first_top - body_bottom, 0.0) * geo.columns, taken,
                               rigid=min(_rigid(side.title, geo), taken), crowded=True, sides=n_sides)
        carry = tree.carry if i == 0 and n_sides > 1 else None
        if carry:
            body, start = _body(side.body, carry, size, geo.column_width, drawing, memo)
        else:
            body = rest + slice_blocks(side.body, size, geo.column_width, drawing, memo)
        sides.append(_flow_side(body, title, first_top, later, body_bottom, geo, size, drawing, carry is not None))
        if carry:
            rest = _carried(sides[-1].flowed.rest, len(body) - start, carry, size, geo.column_width, drawing, memo)
    judged = list(range(n_sides)) if tree.carry and n_sides > 1 else \
        [max(range(n_sides), key=lambda i: sides[i].demand / max(sides[i].capacity, 1.0))]
    judge = _carried_judge(sides) if len(judged) > 1 else sides[judged[0]]
    rigid = sum(_rigid(tree.sides[i].title, geo) for i in judged)
    pages = _pages(tree, sides, geo, front_size, body_bottom) if drawing else \
        [d.Page(geo.page_width + 2 * geo.bleed, geo.page_height + 2 * geo.bleed, (), geo.trim)
         for s in sides for _ in range(s.flowed.pages)]
    return Composition(front_size, pages, all(s.fits for s in sides), judge.demand, judge.capacity, judge.fixed,
                       rigid=min(rigid, judge.fixed), oversized=any(s.flowed.oversized for s in sides), sides=n_sides,
                       side_pages=tuple(s.flowed.pages for s in sides),
                       side_demands=tuple(s.demand for s in sides), side_capacities=tuple(s.capacity for s in sides),
                       carried=len(sides[0].flowed.rest), front_gap=_front_gap(sides[0], geo, body_bottom))


def _front_gap(front: "_Side", geo: CardGeometry, body_bottom: float) -> float:
    """The most room left unused at the foot of the front's first page's columns before its
    last (a whole step that did not fit under the one before it), in points."""
    used = front.flowed.used[:geo.columns - 1]
    height = front.first_top - body_bottom
    if geo.body_height is not None:
        height = min(height, geo.body_height)
    return max((height - u for u in used), default=0.0) if front.flowed.pages else 0.0


def _fixed(geo: CardGeometry, first_top: float, body_bottom: float) -> float:
    """The room the title block (down to ``first_top``) and the footer (up to ``body_bottom``)
    take from a side's body, times its columns, in points."""
    return (geo.page_top - first_top + body_bottom - geo.bleed - geo.margins[2]) * geo.columns


def _rigid(title: tuple[t.Block, ...], geo: CardGeometry) -> float:
    """Of that room, what the picture rows under the title take (it does not grow with the size)."""
    return sum(b.height_pt for b in title if isinstance(b, t.PictureRow)) * geo.columns


def _body(blocks: tuple[t.Block, ...], carry: t.Carry, size: float, width: float,
          drawing: bool, memo: Measures | None) -> tuple[list[Slice], int]:
    """A front body that may go on over the page, as slices, with the index of the first slice
    of the section that may go on."""
    before = slice_blocks(blocks[:carry.start], size, width, drawing, memo)
    after = slice_blocks(blocks[carry.start:], size, width, drawing, memo)
    if before and after:  # (a copy: measured slices are kept between trials)
        after[0] = replace(after[0], space_before=after[0].space_before + space_after(blocks[carry.start - 1]) * size)
    return before + after, len(before)


def _carried(rest: list[Slice], section: int, carry: t.Carry, size: float, width: float,
             drawing: bool, memo: Measures | None) -> list[Slice]:
    """What goes on at the head of the back: the slices the front did not hold, under the
    section's "(continued)" heading when they are less than the whole section (``section``:
    how many slices the section that may go on has, with what follows it)."""
    if not rest or len(rest) >= section:
        return rest
    return slice_blocks((carry.heading,), size, width, drawing, memo) + rest


def body_foot(tree: CardTree, geo: CardGeometry, size: float, drawing: bool = False,
              memo: Measures | None = None) -> float:
    """Where the body ends on every page (PDF y): above the footer, as on the first page."""
    footer = _footer(tree.footer, size, geo.frame_width, 1, len(tree.sides), drawing, memo)
    return geo.bleed + geo.margins[2] + (footer.height + FOOTER_GAP_EM * size if footer else 0.0)


def title_slice(side: t.Side, geo: CardGeometry, size: float, drawing: bool = False,
                memo: Measures | None = None) -> Slice | None:
    """A side's title block across the frame, one slice (None: the side has none)."""
    return stack(slice_blocks(side.title, size, geo.frame_width, drawing, memo)) if side.title else None


def _carried_judge(sides: list["_Side"]) -> "_Side":
    """A card whose front goes on over the page is judged as one flow: both sides' demand
    against both sides' room (the front full, the back holding the rest)."""
    front, back = sides
    return _Side(None, 0.0, back.flowed, front.demand + back.demand, front.capacity + back.capacity,
                 front.fixed + back.fixed, back.fits, back.later_top)


def _flow_side(body: list[Slice], title: Slice | None, first_top: float, later: float, body_bottom: float,
               geo: CardGeometry, size: float, drawing: bool, carrying: bool = False) -> _Side:
    """The side's body in its columns: on the first page under the title block (from
    ``first_top`` down), then on full pages from ``later`` down (``later_top``) (a front
    ``carrying`` on over the page: its first page only, the rest left for the back)."""
    col_w, gap, left = geo.column_width, geo.column_gap, geo.bleed + geo.margins[3]
    if geo.spread != 1.0:  # copies: measured slices are kept between trials
        body = [Slice(s.height, s.ops, s.space_before * geo.spread, s.keep_with_next, s.group, s.new_page, s.bond)
                for s in body]

    def columns_of(page: int) -> list[Column]:
        col_top = first_top if page == 0 else later
        height = col_top - body_bottom if geo.body_height is None else min(col_top - body_bottom, geo.body_height)
        return [Column(left + i * (col_w + gap), col_top, col_w, height) for i in range(geo.columns)]

    flowed = flow_columns(body, columns_of, drawing, pages=1 if carrying else None,
                          page_feet=geo.max_pages != 1 and not carrying)
    allowed = geo.max_pages if geo.max_pages is not None else flowed.pages
    capacity = (first_top - body_bottom + (allowed - 1) * (later - body_bottom)) * geo.columns
    fixed = _fixed(geo, first_top, body_bottom)
    fits = (geo.max_pages is None or flowed.pages <= geo.max_pages) and not flowed.oversized
    demand = sum(flowed.used)
    if not fits:  # room a kept block left unused does not count as room: at least what spilled over is over
        demand = max(demand, capacity + sum(flowed.used[allowed * geo.columns:]))
    return _Side(title, first_top, flowed, demand, capacity, fixed, fits, later)


def _pages(tree: CardTree, sides: list[_Side], geo: CardGeometry, size: float, body_bottom: float) -> list[d.Page]:
    """The drawn pages, side after side: title block, body, running title on a side's later
    pages, footer with this page's number of the total."""
    total = sum(s.flowed.pages for s in sides)
    left, bottom = geo.bleed + geo.margins[3], geo.bleed + geo.margins[2]
    pages, number = [], 0
    for side in sides:
        for i in range(side.flowed.pages):
            number += 1
            ops = d.moved(side.title.ops, left, geo.page_top) if side.title and i == 0 else []
            if i and tree.running is not None:
                ops += _running_in_body(tree.running, size, geo, number) if tree.running_in_body else \
                    _running(tree.running, size, geo, number)
            ops += side.flowed.backgrounds[i] + side.flowed.content[i]
            if tree.notes is not None and side is sides[0] and i == side.flowed.pages - 1:
                ops += _notes(tree.notes, side, geo, size, body_bottom)
            footer = _footer(tree.footer, size, geo.frame_width, number, total, True)
            if footer:
                ops += d.moved(footer.ops, left, bottom + footer.height)
            pages.append(d.Page(geo.page_width + 2 * geo.bleed, geo.page_height + 2 * geo.bleed, tuple(ops),
                                geo.trim))
    return pages


NOTES_LINES = 3  # the notes need room for their heading and this many ruled lines, or are left out
NOTES_PITCH_EM = 2.0  # between the ruled lines, in body sizes


def _notes(heading: t.Paragraph, side: _Side, geo: CardGeometry, size: float, body_bottom: float) -> list[d.Op]:
    """The "Notes" heading and ruled lines in the room the body leaves under its last column
    (nothing when that room is too small for them). Drawing only: they never change the fit."""
    used = side.flowed.used
    index = len(used) - 1
    col = index % geo.columns
    top = side.first_top if side.flowed.pages == 1 else side.later_top
    height = min(top - body_bottom, geo.body_height or float("inf"))
    head = stack(slice_blocks((heading,), size, geo.column_width))
    pitch = NOTES_PITCH_EM * size
    y = top - used[index] - heading.style.space_before_em * size - size
    if y - head.height - pitch * NOTES_LINES < top - height:
        return []
    x = geo.bleed + geo.margins[3] + col * (geo.column_width + geo.column_gap)
    ops = d.moved(head.ops, x, y)
    rule = heading.style.color
    line = y - head.height - pitch
    while line >= top - height:
        ops.append(d.Line(x, line, x + geo.column_width, line, 0.5, rule))
        line -= pitch
    return ops


def later_top(tree: CardTree, geo: CardGeometry, size: float) -> float:
    """The top of the body on a side's later pages (PDF y): the page's top, or under a running
    title set in the body (``CardTree.running_in_body``: its height and, as under a title
    block, ``TITLE_GAP_EM``)."""
    if not tree.running_in_body or tree.running is None or geo.max_pages == 1:
        return geo.page_top
    line = tree.running.on_page(2, 2)
    if line is None:
        return geo.page_top
    return geo.page_top - stack(slice_blocks((line,), size, geo.frame_width, False)).height - TITLE_GAP_EM * size


def _running_in_body(line: t.PageLine, size: float, geo: CardGeometry, page: int) -> list[d.Op]:
    """The running title at the head of a later page's body, at its own size (``later_top``)."""
    p = line.on_page(page, page)
    if p is None:
        return []
    return d.moved(stack(slice_blocks((p,), size, geo.frame_width)).ops, geo.bleed + geo.margins[3], geo.page_top)


def _running(line: t.PageLine, size: float, geo: CardGeometry, page: int) -> list[d.Op]:
    """The running title of a continued page, in the top margin just above the body, smaller
    where the margin is narrow: it keeps ``SAFE_EDGE`` from the paper's edge, where a home
    printer cannot print (the wall card's 10 mm margin: its running title at about 9 pt)."""
    p = line.on_page(page, page)
    if p is None:
        return []
    s = stack(slice_blocks((p,), size, geo.frame_width))
    raise_by = RUNNING_RAISE * p.style.text_size(size)
    room = geo.margins[0] - SAFE_EDGE
    if s.height + raise_by > room > 0:  # the text's size scaled to the room
        fixed = p.style.text_size(size) * room / (s.height + raise_by)
        p = replace(p, style=replace(p.style, size=0.0, min_size_pt=fixed, max_size_pt=0.0))
        s = stack(slice_blocks((p,), size, geo.frame_width))
        raise_by = RUNNING_RAISE * fixed
    return d.moved(s.ops, geo.bleed + geo.margins[3], geo.page_top + raise_by + s.height)


def _footer(blocks: tuple[t.Block, ...], size: float, width: float, page: int, pages: int,
            drawing: bool, memo: Measures | None = None) -> Slice | None:
    """The footer as printed on ``page`` of ``pages``, one unbreakable slice (None: no footer);
    a measurement is kept in ``memo`` (the same for every trial at a size)."""
    if not blocks:
        return None
    if memo is None or drawing:
        return stack(slice_blocks(on_page(blocks, page, pages), size, width, drawing))
    key = ("footer", id(blocks), size, width, page, pages)
    if key not in memo:
        memo[key] = (blocks, stack(slice_blocks(on_page(blocks, page, pages), size, width, False)))
    return memo[key][1]


def on_page(blocks: tuple[t.Block, ...], page: int, pages: int) -> tuple[t.Block, ...]:
    """``blocks`` with each ``PageLine`` filled for ``page`` of ``pages`` (an empty one dropped;
    in a ``Row`` cell, left empty), also inside a ``Beside`` or a ``Row``."""
    out: list[t.Block] = []
    for block in blocks:
        if isinstance(block, t.PageLine):
            p = block.on_page(page, pages)
            out += [p] if p else []
        elif isinstance(block, t.Beside):
            out.append(replace(block, blocks=on_page(block.blocks, page, pages)))
        elif isinstance(block, t.Row):  # a cell keeps its place, empty or not
            cells = (on_page((c,), page, pages) for c in block.cells)
            out.append(replace(block, cells=tuple(c[0] if c else t.Spacer(0.0) for c in cells)))
        else:
            out.append(block)
    return tuple(out)
