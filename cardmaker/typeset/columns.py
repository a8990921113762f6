"""Slices → columns on pages: place each run of kept-together slices where it fits.

Takes the slices of ``slices.slice_blocks`` (all set for one column width) and a function
giving the columns of each page, and gives the drawing operations of each page with the
slices placed. A run of slices linked by ``keep_with_next`` goes into one column whole, or to
the next column; a run taller than an empty column is the one case where a keep is broken
(slice by slice), since content is never dropped (``oversized`` says it happened). Space
before a slice is dropped at a column's head. Slices of a panel get the panel's box drawn
around each column's part of it, and a part after a break starts with the panel's
"(continued)" heading.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from itertools import chain
from typing import Callable, Iterable, Iterator, Sequence

from cardmaker.typeset import display as d
from cardmaker.typeset.slices import PanelGroup, Slice

EPSILON = 1e-6
Started = weakref.WeakSet  # the panels begun, held weakly: a booklet streamed page by page forgets them


@dataclass(frozen=True, slots=True)
class Column:
    """A column's left edge, top (PDF y), width and height, in points."""

    x: float
    top: float
    width: float
    height: float


@dataclass
class Flowed:
    """Per page: the backgrounds (panel boxes) and the content, in drawing order."""

    backgrounds: list[list[d.Op]] = field(default_factory=list)
    content: list[list[d.Op]] = field(default_factory=list)
    used: list[float] = field(default_factory=list)  # height filled in each column, in order
    oversized: bool = False  # a kept run (or one slice) was taller than an empty column
    rest: list[Slice] = field(default_factory=list)  # what did not go on the pages allowed (``flow_columns``'s ``pages``)

    @property
    def pages(self) -> int:
        return len(self.content)


class _ColumnFill:
    """One column being filled: how far down it is, and the panel part open in it."""

    def __init__(self, col: Column, bg: list[d.Op], out: list[d.Op], drawing: bool = True):
        self.col, self.bg, self.out, self.drawing = col, bg, out, drawing
        self.y, self.empty = 0.0, True
        self.group: PanelGroup | None = None
        self.group_top = 0.0
        self.ahead: tuple | None = None  # the run last measured by ``end_of``, and where it would leave the column

    def end_of(self, run: Sequence[Slice], started: Started) -> float:
        """How far down the column would be after ``run`` (its open panel closed)."""
        y, empty, group = self.y, self.empty, self.group
        for s in run:
            y, empty, group = _step(s, y, empty, group, started, None)
        self.ahead = (run, y, empty, group)
        return y + (group.padding if group else 0.0)

    def place(self, run: Sequence[Slice], started: Started) -> None:
        ahead = self.ahead
        if not self.drawing and ahead is not None and ahead[0] is run:  # a measurement: where end_of left it
            _, self.y, self.empty, self.group = ahead
            started.update(s.group for s in run if s.group is not None)
            return
        for s in run:
            if s.group is not self.group:
                self.close()
            self.y, self.empty, self.group = _step(s, self.y, self.empty, self.group, started, self)
            if s.group is not None:
                started.add(s.group)

    def open_group(self, top: float) -> None:
        self.group_top = top

    def draw(self, s: Slice, top: float) -> None:
        if self.drawing:
            self.out.extend(d.moved(s.ops, self.col.x, self.col.top - top))

    def close(self) -> None:
        """End the open panel part here: its box from where it opened to below its padding."""
        g = self.group
        if g is None:
            return
        self.y += g.padding
        self.group = None
        if not self.drawing or g.background is None:
            return
        c, h = self.col, self.y - self.group_top
        bottom = c.top - self.y
        self.bg += [d.RoundRect(c.x, bottom, c.width, h, min(4.0, g.padding * 0.5), g.background),
                    d.Rect(c.x, bottom, g.bar_width, h, g.bar)]


def _step(s: Slice, y: float, empty: bool, group: PanelGroup | None, started: Started,
          fill: _ColumnFill | None) -> tuple[float, bool, PanelGroup | None]:
    """Advance past slice ``s`` from ``y``; with ``fill``, draw it there. Opening a panel part
    adds its top padding, and for a panel begun in an earlier column its continued heading."""
    if s.group is not group:
        if group is not None:
            y += group.padding
        group = s.group
        if group is not None:
            y += 0.0 if empty else s.space_before
            if fill is not None:
                fill.open_group(y)
            y += group.padding
            if group in started:
                for c in group.continued:
                    if fill is not None:
                        fill.draw(c, y)
                    y += c.height
            if fill is not None:
                fill.draw(s, y)
            return y + s.height, False, group
    y += 0.0 if empty else s.space_before
    if fill is not None:
        fill.draw(s, y)
    return y + s.height, False, group


def _runs(slices: Iterable[Slice], bonds: bool = True) -> Iterator[list[Slice]]:
    """The slices cut where a break is allowed (after a slice that does not keep with the next),
    taken from ``slices`` only as far as the run being placed (they may be made as they are needed).
    Without ``bonds``, also after a slice kept with the next only to keep a step whole."""
    current: list[Slice] = []
    for s in slices:
        current.append(s)
        if not s.keep_with_next or (s.bond and not bonds):
            yield current
            current = []
    if current:
        yield current


class _Pages:
    """The columns in order, page after page, each started when the previous one is full."""

    def __init__(self, columns_of: Callable[[int], Sequence[Column]], result: Flowed, drawing: bool,
                 on_page: Callable[[list[d.Op]], None] | None = None):
        self.columns_of, self.result, self.drawing, self.on_page = columns_of, result, drawing, on_page
        self.page, self.index, self.cols = -1, 0, ()
        self.fill: _ColumnFill | None = None

    def last_column(self) -> bool:
        """Whether the column being filled is its page's last."""
        return self.index == len(self.cols) - 1

    def fresh(self) -> bool:
        """Whether nothing is placed on the current page yet."""
        return self.index == 0 and self.fill is not None and self.fill.empty

    def next_page(self) -> _ColumnFill:
        """The first column of a new page (the current page's other columns left empty)."""
        fill = self.next_column()
        while self.index:
            fill = self.next_column()
        return fill

    def finish_page(self) -> None:
        """Hand the current page's operations to ``on_page`` and keep only its place in the result."""
        if self.on_page is None or not self.result.content:
            return
        self.on_page(self.result.backgrounds[-1] + self.result.content[-1])
        self.result.backgrounds[-1], self.result.content[-1] = [], []

    def next_column(self) -> _ColumnFill:
        """Close the current column (recording how far it was filled) and start the next."""
        if self.fill is not None:
            self.fill.close()
            self.result.used.append(self.fill.y)
        self.index += 1
        if self.index >= len(self.cols):
            self.finish_page()
            self.page += 1
            self.cols, self.index = self.columns_of(self.page), 0
            self.result.backgrounds.append([])
            self.result.content.append([])
        self.fill = _ColumnFill(self.cols[self.index], self.result.backgrounds[-1], self.result.content[-1],
                                self.drawing)
        return self.fill


def flow_columns(slices: Iterable[Slice], columns_of: Callable[[int], Sequence[Column]],
                 drawing: bool = True, on_page: Callable[[list[d.Op]], None] | None = None,
                 pages: int | None = None, page_feet: bool = False) -> Flowed:
    """Place ``slices`` column after column, page after page (``columns_of(page)``, from 0); a
    slice marked ``new_page`` starts a page. Without ``drawing`` only the measures are made (the
    pages' operation lists stay empty): what a fitting trial needs. With ``on_page``, each page's
    operations go to it as soon as the page is full and are not kept (a booklet of a thousand
    pages streams through). With ``pages``, only that many pages are filled; the slices left over
    are the result's ``rest`` (a two-sided card's front going on over the page), a step kept whole
    (``Slice.bond``) going on whole (a reader does not turn the card over mid-sentence), broken
    between its lines only where going on whole would leave more than ``FLIP_GAP_SHARE`` of the
    last column empty (a long step: a front is not left a third blank). With
    ``page_feet``, every page's last column is filled so (a card going on over its pages): a
    step is kept whole within a page's columns, never at the cost of the rest of the page."""
    result = Flowed()
    started: Started = weakref.WeakSet()  # panels some of whose slices are placed
    book = _Pages(columns_of, result, drawing, on_page)
    fill = book.next_column()
    runs = _runs(slices)
    run = next(runs, None)
    while run is not None:
        if run[0].new_page and not book.fresh():
            fill = book.next_page()
        if fill.end_of(run, started) > fill.col.height + EPSILON:
            if pages is not None and book.last_column() and book.page + 1 >= pages:
                # a step kept whole goes on over the page whole, unless that left a third of the column empty
                broken = fill.empty or fill.col.height - fill.y > FLIP_GAP_SHARE * fill.col.height
                result.rest = (_foot(run, fill, started) if broken else run) + [s for r in runs for s in r]
                break
            fill, rest = _next_room(run, fill, started, book, page_feet, flowing=pages is not None)
            if len(rest) < len(run):  # the foot of a page took the step's first lines: the rest goes on
                fill = book.next_column()
                runs = _runs(chain(rest, chain.from_iterable(runs)))
                run = next(runs, None)
                continue
            if fill.end_of(run, started) > fill.col.height + EPSILON:
                fill = _place_oversized(run, fill, started, book, result)
                run = next(runs, None)
                continue
        fill.place(run, started)
        run = next(runs, None)
    fill.close()
    result.used.append(fill.y)
    book.finish_page()
    return result


FLOW_GAP_LINES = 2  # a two-sided card's front column is left at most this many lines short by a step kept whole
FLIP_GAP_SHARE = 1 / 3  # ...its last, over the page: at most this share of it (a long step breaks, between lines)


def _next_room(run: list[Slice], fill: _ColumnFill, started: Started, book: _Pages,
               page_feet: bool, flowing: bool = False) -> tuple[_ColumnFill, list[Slice]]:
    """Where ``run``, too tall for what is left of its column, goes: the next column (when
    this one holds something), or the column's foot takes its first lines (``_foot``): with
    ``page_feet`` at a page's last column; ``flowing`` (a two-sided card's front, read down its
    columns and over) where moving it whole would leave more than ``FLOW_GAP_LINES`` of its
    lines empty at the foot. Gives the column and what of the run is left to place (all of
    it when no foot took any)."""
    while True:
        gap = fill.col.height - fill.y
        if (page_feet and book.last_column()) or (flowing and gap > FLOW_GAP_LINES * run[0].height):
            rest = _foot(run, fill, started)
            if len(rest) < len(run):
                return fill, rest
        if fill.empty:
            return fill, run
        fill = book.next_column()
        if fill.end_of(run, started) <= fill.col.height + EPSILON:
            return fill, run


def _foot(run: list[Slice], fill: _ColumnFill, started: Started) -> list[Slice]:
    """The last column allowed: as much of ``run`` as fits there, broken only where a step kept
    whole may break (its lines' own keeps hold); gives what is left over."""
    parts = list(_runs(run, bonds=False))
    for i, part in enumerate(parts):
        if fill.end_of(part, started) > fill.col.height + EPSILON:
            return [s for p in parts[i:] for s in p]
        fill.place(part, started)
    return []


def _place_oversized(run: list[Slice], fill: _ColumnFill, started: Started, pages: _Pages,
                     result: Flowed) -> _ColumnFill:
    """A kept run taller than a whole column: its slices one by one, breaking where they must."""
    result.oversized = True
    for s in run:
        if not fill.empty and fill.end_of([s], started) > fill.col.height + EPSILON:
            fill = pages.next_column()
        fill.place([s], started)
    return fill
