"""A booklet's pages: the block tree of ``cardmaker.flow.booklet_tree`` → display-list pages, one
at a time, handed to a sink as each is finished (nothing keeps them: a booklet of a thousand
exercises streams through in the memory of a few pages).

The cover on its own page(s); the contents, a program's schedule, log sheet and the index on
"plain" pages (footer only); the exercises on body pages, which also carry the running header
(group · the exercise at the top of the page). Exercises are flowed one after the other into
one column (``columns.flow_columns``), each from a new page or straight on as its ``Part`` says.

Numbers that come before the pages they count are ``display.Form`` operations filled in when
the document is finished: the page count in every footer, each contents line's page. The index
comes after the exercises, so it is made (``BookletTree.index``) from the pages found.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Callable, Iterable, Iterator

from cardmaker.flow import tree as t
from cardmaker.flow.booklet_tree import BookletTree, Entry, Part
from cardmaker.typeset import display as d
from cardmaker.typeset.booklet_furniture import PageFurniture
from cardmaker.typeset.columns import Column, Flowed, flow_columns
from cardmaker.typeset.cut import cut_slice
from cardmaker.typeset.slices import Slice
from cardmaker.typeset.slices import forget_paragraphs
from cardmaker.typeset.table import SliceMaker, booklet_slices, form_name
from cardmaker.typeset.tags import in_language

TOTAL_FORM = "cm-page-count"
EPSILON = 1e-6
PICTURES_LEAST = 0.6  # an exercise's pictures shrink to this share of their height to save a page...
PICTURE_STEPS = 3  # ...found to an eighth of the way from there to their full height


@dataclass(frozen=True)
class BookletGeometry:
    """The trimmed page, its margins (top, right, bottom, left), the bleed round it, and the band
    the running header and the footer each take from the body (points)."""

    page_width: float
    page_height: float
    margins: tuple[float, float, float, float]
    bleed: float
    band: float

    @property
    def frame_width(self) -> float:
        return self.page_width - self.margins[1] - self.margins[3]

    def column(self, cover: bool) -> Column:
        """The one column of a page: the whole frame on the cover, between the bands elsewhere."""
        top, _, bottom, left = self.margins
        band = 0.0 if cover else self.band
        height = self.page_height - top - bottom - 2 * band
        return Column(self.bleed + left, self.bleed + self.page_height - top - band, self.frame_width, height)

    def page(self, ops: list[d.Op]) -> d.Page:
        b = self.bleed
        return d.Page(self.page_width + 2 * b, self.page_height + 2 * b, tuple(ops),
                      (b, b, b + self.page_width, b + self.page_height))


class TooTall(Exception):
    """Something that cannot be split is taller than a page (``entry``: the part it is in)."""

    def __init__(self, entry: Entry | None):
        super().__init__(entry.title if entry else "")
        self.entry = entry


@dataclass
class BookletResult:
    """What the pages left to be filled in: the page of every anchor, the page count, and the
    text of every form (``form name → text``)."""

    found: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    forms: dict[str, str] = field(default_factory=dict)


def set_booklet(tree: BookletTree, geo: BookletGeometry, size: float, digits: int,
                sink: Callable[[d.Page], None]) -> BookletResult:
    """Every page of the booklet, in order, to ``sink``, at body ``size``; the footer leaves room
    for ``digits`` digits of the page count (the caller sets again when that was wrong)."""
    book = _Book(tree, geo, size, digits, sink)
    book.flow([Slice(tree.cover_drop_pt, []), *booklet_slices(tree.cover, size, geo.frame_width)], "cover")
    book.flow(booklet_slices(tree.contents, size, geo.frame_width), "plain", _title(tree.contents))
    for part in tree.before:
        book.flow(book.part_slices([part]), "plain", _title(part.blocks))
    book.flow(book.part_slices(tree.exercises()), "body")
    for part in tree.after:
        book.flow(book.part_slices([part]), "plain", _title(part.blocks))
    if tree.index is not None:
        index = tree.index(book.result.found)
        book.flow(book.part_slices([index]), "plain", _title(index.blocks))
    result = book.result
    result.forms = {form_name(e.key): str(result.found.get(e.key, "")) for e in tree.entries}
    result.forms[TOTAL_FORM] = str(result.pages)
    return result


class _Book:
    """The pages so far: their count, the anchors found on them, the entry being set."""

    def __init__(self, tree: BookletTree, geo: BookletGeometry, size: float, digits: int,
                 sink: Callable[[d.Page], None]):
        self.tree, self.geo, self.size, self.sink = tree, geo, size, sink
        self.result = BookletResult()
        self.entries = {e.key: e for e in tree.entries}
        self.current = Entry("", "", 0)  # the entry last anchored: the one a page starts inside
        self.setting: Entry | None = None  # the part whose slices are being made (for errors)
        self.grouped = any(e.level == 1 for e in tree.entries)
        self.furniture = PageFurniture(tree.furniture, geo, size, digits, TOTAL_FORM) if tree.furniture else None

    def flow(self, slices: Iterable[Slice], kind: str, running: str = "") -> None:
        """Flow ``slices`` from a new page on pages of ``kind`` (cover, plain, body); a plain
        part's pages after its first are headed ``running`` (its title: "Contents" over the
        lines that ran on, not lines under no heading)."""
        column = self.geo.column(kind == "cover")
        checked = self._checked(slices, column.height)
        first = next(checked, None)
        if first is None:  # nothing to set: no page (flow_columns would give an empty one)
            return
        start = self.result.pages
        flow_columns(chain((first,), checked), lambda page: [column],
                     on_page=lambda ops: self._finish(ops, kind, column,
                                                      running if self.result.pages > start else ""))

    def part_slices(self, parts: Iterable[Part]) -> Iterator[Slice]:
        """The slices of each part as the flow reaches them, block by block: its first starts a
        page when the part does, its first ``kept`` blocks stay together and with what follows,
        and its last block goes nowhere alone: the end of the block before it keeps with it (a
        page never holds just an exercise's last question or panel when the one before can
        come along)."""
        for part in parts:
            yield from self._fitted(part)

    def _fitted(self, part: Part) -> Iterable[Slice]:
        """The part's slices; an exercise from a new page whose last page would hold only its
        last lines (the pictures' room would take them in) set with its pictures smaller, as
        little as saves the page (``PICTURE_STEPS`` trial flows), never below ``PICTURES_LEAST``
        of their height: a designer does not turn the page for two steps. (An exercise's slices
        are made once and flowed dry first; a part without pictures streams through.)"""
        rows = [i for i, b in enumerate(part.blocks) if isinstance(b, t.PictureRow)]
        if not part.new_page or not rows:
            return self._slices(part)
        column = self.geo.column(False)

        def flowed(p: Part) -> tuple[Flowed, list[Slice]]:
            made = list(self._slices(p))
            return flow_columns(made, lambda page: [column], drawing=False), made

        def scaled(scale: float) -> Part:
            blocks = list(part.blocks)
            for i in rows:
                blocks[i] = replace(blocks[i], height_pt=blocks[i].height_pt * scale)
            return replace(part, blocks=tuple(blocks))

        before, best = flowed(part)
        height = sum(part.blocks[i].height_pt for i in rows)
        if before.pages == 1 or before.used[-1] > height * (1 - PICTURES_LEAST):
            return best
        least, made = flowed(scaled(PICTURES_LEAST))
        if least.pages >= before.pages:
            return best
        low, high, best = PICTURES_LEAST, 1.0, made  # saves the page at low, not at high
        for _ in range(PICTURE_STEPS):
            mid = (low + high) / 2
            trial, made = flowed(scaled(mid))
            low, high, best = (mid, high, made) if trial.pages < before.pages else (low, mid, best)
        return best

    def _slices(self, part: Part) -> Iterator[Slice]:
        """The part's slices, block by block (see ``part_slices``)."""
        self.setting = part.entry
        maker = SliceMaker(self.size, self.geo.frame_width)
        first = True
        last = _last_drawn(part.blocks)
        for i, block in enumerate(part.blocks):
            made = maker.set(block)
            if made and i == last - 1 and i >= part.kept:
                made[-1].keep_with_next = True
            for s in made:
                if part.lang and i >= part.lang_from:
                    in_language(s.ops, part.lang)
                s.keep_with_next = s.keep_with_next or i < part.kept
                s.new_page, first = first and part.new_page, False
                yield s
            forget_paragraphs()  # each text is set once here: caching it would only fill memory

    def _checked(self, slices: Iterable[Slice], height: float) -> Iterator[Slice]:
        """The slices, one taller than a page cut between its lines (a table row cannot be: TooTall)."""
        for s in slices:
            if s.height <= height + EPSILON:
                yield s
                continue
            table_row = s.group is not None and s.group.background is None
            pieces = None if table_row else cut_slice(s, height)
            if pieces is None:
                raise TooTall(self.setting)
            yield from pieces

    def _finish(self, ops: list[d.Op], kind: str, column: Column, running: str = "") -> None:
        """A full page: note its anchors, add the running header and the footer, hand it on."""
        self.result.pages += 1
        number = self.result.pages
        top = self.current
        opens_group = False  # the page prints a group's heading: no running header over it
        for op in ops:
            if isinstance(op, d.Anchor):
                self.result.found.setdefault(op.name, number)
                entry = self.entries.get(op.name, top)
                opens_group = opens_group or entry.is_group
                if abs(op.y - column.top) < 0.01 or (not top.exercise and entry.group == top.group):
                    top = entry  # it starts the page, or comes right under its group's heading
                self.current = entry
        if kind != "cover" and self.furniture is not None:
            if kind == "body" and not opens_group:
                name = top.title if (top.exercise or not self.grouped) else ""
                ops += self.furniture.header(" · ".join(p for p in (top.group, name) if p))
            elif kind == "plain" and running:
                ops += self.furniture.header(running)
            values = dict(top.fields) if top.exercise else {"gym": self.tree.furniture.gym}
            ops += self.furniture.footer({**values, "page": number})
        self.sink(self.geo.page(ops))


def _title(blocks: tuple[t.Block, ...]) -> str:
    """A part's title: the text of its first paragraph or heading."""
    for block in blocks:
        if isinstance(block, t.Heading):
            return block.paragraph.text
        if isinstance(block, t.Paragraph):
            return block.text
    return ""


def _last_drawn(blocks: tuple[t.Block, ...]) -> int:
    """The index of the last block that prints something (not an anchor or a space)."""
    return next((i for i in range(len(blocks) - 1, -1, -1) if not isinstance(blocks[i], (t.Anchor, t.Spacer))), -1)
