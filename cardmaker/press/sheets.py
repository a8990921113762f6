"""Finished pages → printer's sheets: n-up card sheets with crop marks or cut lines and duplex
backs, and saddle-stitch booklet sheets.

Cards go on their sheets as the combined file is written (``CardSheets``: each card's content
in the sheet's stream, tagged the first time, its further copies artifacts). A booklet is
imposed once it is finished, on its pages (``press.placing``). The marks are drawn as artifacts.
What is printed is exactly what was rendered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

from cardmaker.errors import RenderError
from cardmaker.press.placing import Book, num
from cardmaker.press.geometry import (MARK_LENGTH, MARK_OFFSET, MAX_STAPLED, Grid, creep_shift, crop_marks,
                                      cut_lines, parts, saddle_stitch)

SHEETS = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0), "A3": (841.89, 1190.55)}
Matrix = tuple[float, float, float, float, float, float]
Line = tuple[float, float, float, float]
Marks = list[tuple[str, list[Line]]]  # (line style as PDF operators, lines in that style)
REGISTRATION = "0.25 w 1 1 1 1 K"  # crop and fold marks: on every separation
FOLD = REGISTRATION + " [2 1.5] 0 d"
CUT_LINE = "0.3 w 0 0 0 0.45 K"  # a home printer's cut lines: thin, mid grey, forgiving of a cut beside them


@dataclass(frozen=True)
class NUp:
    grid: Grid
    sides: int = 1  # 2 for two-sided cards: every card is a front page and a back page
    flip: str = "long"  # how the printer turns the paper for the back: long or short edge
    back_offset: tuple[float, float] = (0.0, 0.0)  # printers shift the back; this moves it back
    manual_duplex: bool = False  # all fronts, then all backs in reverse order
    marks: str = "all"  # all | outer | cut-lines | none
    bleed: float = 0.0


def sheet_grid(layout, settings) -> Grid:
    """Where ``layout``'s cards (with their bleed) go on the sheet ``settings`` name: 'auto' or
    'CxR' cards, room for crop marks unless there are none or they are cut lines (cards then
    abut and may reach the sheet's edge); an error when they do not fit."""
    from cardmaker.errors import CardmakerError
    from cardmaker.press.geometry import MARKS_ROOM, best_grid, grid, parse_n_up

    sheet, b = SHEETS[settings.sheet], layout.bleed
    marks = settings.crop_marks or "all"
    if marks == "cut-lines" and b:
        raise CardmakerError(f"cut lines need cards without bleed; layout '{layout.name}' has {b * 25.4 / 72:g} mm",
                             hint="use --crop-marks all (a print shop trims the bleed), or a layout without bleed")
    cell = (layout.page_width + 2 * b, layout.page_height + 2 * b)
    margin = MARKS_ROOM if marks in ("all", "outer") else 0.0  # without marks, cards may reach the edge
    shape = parse_n_up(settings.n_up)
    g = best_grid(sheet, cell, margin) if shape is None else \
        grid(sheet, cell, *shape, margin) or grid(sheet[::-1], cell, *shape, margin)
    if g is None:
        mm = lambda v: round(v * 25.4 / 72)  # noqa: E731
        count = "" if shape is None else f"{shape[0]} x {shape[1]} "
        bleed = " (with bleed)" if b else ""
        room = " with room for crop marks" if margin else ""
        raise CardmakerError(f"{count}cards of {mm(cell[0])} x {mm(cell[1])} mm{bleed} do not fit "
                             f"{settings.sheet}{room}", hint="use a bigger sheet (--sheet, or print.sheet in the "
                             "layout), fewer cards, or --crop-marks cut-lines")
    return g


def describe(g: Grid, sheet_name: str, marks: str) -> str:
    """What ``--n-up`` chose, in a line: '4 cards per A4 sheet (2 x 2, landscape), with cut lines'."""
    turned = "landscape" if g.sheet[0] > g.sheet[1] else "portrait"
    with_marks = {"all": "crop marks", "outer": "crop marks at the outer edges", "cut-lines": "cut lines",
                  "none": "no marks"}[marks]
    return f"{g.count} card{'s' * (g.count != 1)} per {sheet_name} sheet ({g.cols} x {g.rows}, {turned}), {with_marks}"


def sheet_plan(layout, settings) -> NUp:
    """How ``layout``'s cards go on the sheets ``settings`` (a PrintSettings with its sheet set)
    ask for; an error when they do not fit."""
    return NUp(sheet_grid(layout, settings), 2 if layout.two_sided else 1, settings.duplex or "long",
               settings.back_offset, settings.manual_duplex, settings.crop_marks or "all", layout.bleed)


class CardSheets:
    """Cards → n-up sheets, written into the combined file's document as each sheet fills
    (``render.one_pdf.Document.add_sheet``): no second pass over a finished PDF.

    Takes each card's prepared pages in order (``plan.sides`` of them) and places each card
    ``copies`` times (one number for all, or one per card: a program's quantities) beside its
    first print, ``plan.grid.count`` to a sheet; a two-sided card's back goes on the sheet behind,
    mirrored as the printer turns the paper. A card's first print is tagged; its copies are
    artifacts, beside it in the stream, or painted from one artifact twin when they spill onto
    another sheet. ``finish`` gives the order the sheets print in (manual duplex: every front,
    then the backs reversed)."""

    def __init__(self, doc, plan: NUp, copies: int | list[int] = 1, most: Callable[[int], None] | None = None):
        """``most``: told the number of prints so far as each card comes, it raises when they
        pass a print run (before the rest are laid out)."""
        self.doc, self.plan, self.copies, self.most = doc, plan, copies, most
        self.pending: list[tuple[int, tuple, int]] = []  # (card's number, its pages, its copies): one per print
        self.cards = 0
        self.prints = 0
        self.printed = -1  # the last card whose first print is on a sheet
        self.fronts: list[int] = []
        self.backs: list[int] = []
        self.marks = marks_code(_card_marks(plan))
        self.boxes = _boxes(plan)

    def add(self, card: tuple) -> None:
        """The next card's pages; a sheet written whenever one is full."""
        if len(card) != self.plan.sides:
            raise RenderError(f"a card of {len(card)} pages does not make a {self.plan.sides}-sided card",
                              hint="every card must fit its sides; use a layout that shrinks to fit")
        copies = self.copies
        n = copies if isinstance(copies, int) else copies[self.cards] if self.cards < len(copies) else 1
        self.prints += n
        if self.most is not None:
            self.most(self.prints)
        self.pending += [(self.cards, card, n)] * n
        self.cards += 1
        while len(self.pending) >= self.plan.grid.count:
            self._sheet()

    def finish(self) -> list[int]:
        """The last sheet written; the sheets' order (indexes in the order written)."""
        if self.pending:
            self._sheet()
        if self.plan.sides == 2 and self.plan.manual_duplex:  # print the fronts, turn the stack over, print the backs
            return self.fronts + self.backs[::-1]
        return sorted(self.fronts + self.backs)

    def _sheet(self) -> None:
        """One sheet of the cards waiting (and its back)."""
        plan, per = self.plan, self.plan.grid.count
        batch, self.pending = self.pending[:per], self.pending[per:]
        going_on = self.pending[0][0] if self.pending else None  # a card whose copies go on to the next sheet
        came_on = batch[0][0] if batch[0][0] <= self.printed else None  # one whose copies began on the last
        spilled = {going_on, came_on} - {None}  # their copies are painted from a twin
        if plan.sides > 1:  # read each card's front, then its back, though the back prints on the next sheet
            firsts = {card: pages for card, pages, _ in batch if card > self.printed}
            self.doc.expect(page for pages in firsts.values() for page in pages)
        for side, into in ((0, self.fronts), (1, self.backs))[:plan.sides]:
            placed, first = [], set()
            for i, (card, pages, n) in enumerate(batch):
                x, y = plan.grid.position(i, _mirror(plan) if side else "")
                if side:
                    x, y = x + plan.back_offset[0], y + plan.back_offset[1]
                how = "first" if card > self.printed and card not in first else "twin" if card in spilled else "beside"
                first.add(card)
                placed.append((pages[side], x, y, card * plan.sides + side if n > 1 else None, how))
            self.doc.add_sheet(plan.grid.sheet, placed, self.marks, self.boxes)
            into.append(len(self.fronts) + len(self.backs))
        self.printed = batch[-1][0]
        self.doc.forget(card * plan.sides + side for card, _, _ in batch if card != going_on
                        for side in range(plan.sides))


def saddle(pdf: bytes, settings=None, bleed: float = 0.0) -> bytes:
    """Booklet pages (each its trim plus ``bleed`` all round) two to a sheet side in saddle-stitch
    order, on the paper ``settings`` ask for: each pair's trim meets at the spine (bleed kept
    only on the outer edges), TrimBox round the pair, crop marks at the outer corners and fold
    marks at the spine when asked. Backs match the duplex flip and move by the back offset.
    With ``settings.parts`` above 1, each part is imposed as a booklet of its own, one after
    the other (manual duplex: each part's fronts, then its backs)."""
    from cardmaker.model.layout import PrintSettings

    settings = settings or PrintSettings(impose="saddle-stitch")
    book = Book(pdf)
    b = bleed
    w, h = (v - 2 * b for v in book.first_size)
    marks = settings.crop_marks or "none"
    spread = (2 * w + 2 * b, h + 2 * b)
    sheet = _spread_sheet(settings.sheet, spread, b > 0, marks != "none")
    g = Grid(sheet, spread, 1, 1)
    x0, y0 = g.origin
    spine = x0 + b + w
    landscape = sheet[0] > sheet[1]
    turn_backs = (settings.duplex or "short") == "long" if landscape else (settings.duplex or "short") == "short"
    lines = marks_code(_marks(NUp(g, marks=marks, bleed=b), folds=[spine]))
    boxes = {"/BleedBox": (x0, y0, x0 + spread[0], y0 + spread[1]), "/TrimBox": (x0 + b, y0 + b, x0 + b + 2 * w, y0 + b + h)}
    order: list[int] = []
    for part in parts(book.page_count, settings.parts):
        fronts, backs = [], []
        sides = saddle_stitch(len(part))
        for n, pair in enumerate(sides):
            back = n % 2 == 1
            placed = _spread(pair, part.start, n, len(sides), back, back and turn_backs, (x0, y0, spine), (w, h, b),
                             sheet, settings)
            (backs if back else fronts).append(book.add_sheet(sheet, placed, lines, boxes))
        order += fronts + backs[::-1] if settings.manual_duplex else sorted(fronts + backs)
    return book.save(order)


def stapled_too_thick(pdf: bytes, settings) -> str | None:
    """A warning when a part of the imposed booklet has more pages than a staple holds."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = len(doc.pages)
    longest = max(len(p) for p in parts(pages, settings.parts))
    if longest <= MAX_STAPLED:
        return None
    need = -(-pages // MAX_STAPLED)
    part = f"in {settings.parts} parts " if settings.parts > 1 else ""
    return (f"the booklet {part}has {longest} pages to a part; a stapled booklet holds at most {MAX_STAPLED}: "
            f"bind it in {need} parts with --parts {need} (or print.parts in the layout)")


def _spread(pair: tuple[int | None, int | None], first: int, n: int, count: int, back: bool, turned: bool,
            at: tuple[float, float, float], page: tuple[float, float, float], sheet: tuple[float, float],
            settings) -> list[tuple[int, Matrix, tuple]]:
    """One sheet side's two pages (numbers within the part starting at page index ``first``):
    where each goes, and the clip keeping its spine-side bleed off its neighbour."""
    (x0, y0, spine), (w, h, b) = at, page
    shift = creep_shift(n, count, settings.creep)
    placed = []
    for number, x, clip in ((pair[0], x0 + shift, (0, b + w - shift)), (pair[1], spine - b - shift, (b + shift, w + 2 * b))):
        if number is None:
            continue
        m = (1.0, 0.0, 0.0, 1.0, x, y0)
        if turned:  # the printer turns the sheet end over end: the back prints upside down
            m = (-1.0, 0.0, 0.0, -1.0, sheet[0] - x, sheet[1] - y0)
        if back:
            m = (*m[:4], m[4] + settings.back_offset[0], m[5] + settings.back_offset[1])
        placed.append((first + number - 1, m, (clip[0], 0.0, clip[1], h + 2 * b)))
    return placed


def _spread_sheet(name: str | None, spread: tuple[float, float], bleed: bool, marks: bool) -> tuple[float, float]:
    """The paper for one spread: the named sheet; else, for a home printer, the smallest
    standard sheet it fits (A4 for A5 pages); else, for a print shop (bleed or marks), the
    spread with room for the marks."""
    from cardmaker.press.geometry import MARKS_ROOM

    room = MARKS_ROOM if marks else 0.0
    need = (spread[0] + 2 * room, spread[1] + 2 * room)
    fits = lambda s: s[0] + 0.01 >= need[0] and s[1] + 0.01 >= need[1]  # noqa: E731
    oriented = lambda s: (max(s), min(s)) if need[0] >= need[1] else (min(s), max(s))  # noqa: E731
    if name not in (None, "none"):
        if not fits(oriented(SHEETS[name])):
            mm = lambda v: round(v * 25.4 / 72)  # noqa: E731
            extra = " and ".join(w for w, on in (("bleed", bleed), ("crop marks", marks)) if on)
            extra = f" with {extra}" if extra else ""
            raise RenderError(f"two pages side by side ({mm(need[0])} x {mm(need[1])} mm{extra}) do not fit {name}",
                              hint="choose a bigger sheet (--sheet, or print.sheet in the layout), or leave it out")
        return oriented(SHEETS[name])
    standard = sorted((oriented(s) for s in SHEETS.values() if fits(oriented(s))), key=lambda s: s[0] * s[1])
    return standard[0] if standard and not (bleed or marks) else need


def _mirror(plan: NUp) -> str:
    """Which way backs are mirrored: a long-edge flip turns a portrait sheet about its vertical
    axis (columns swap) but a landscape sheet about its horizontal one (rows swap)."""
    landscape = plan.grid.sheet[0] > plan.grid.sheet[1]
    return {"long": "short", "short": "long"}[plan.flip] if landscape else plan.flip


def _boxes(plan: NUp) -> dict[str, tuple[float, float, float, float]]:
    """TrimBox round the cards' outer trim edges, BleedBox round their bleed: the crop marks
    lie outside both, as a print shop's preflight expects."""
    (x0, y0), g, b = plan.grid.origin, plan.grid, plan.bleed
    x1, y1 = x0 + g.cols * g.cell[0], y0 + g.rows * g.cell[1]
    return {"/BleedBox": (x0, y0, x1, y1), "/TrimBox": (x0 + b, y0 + b, x1 - b, y1 - b)}


def marks_code(marks: Marks) -> str:
    """A sheet's marks as operators, each style's lines one artifact path."""
    ops = []
    for style, lines in marks:
        if lines:
            path = " ".join(f"{num(x1)} {num(y1)} m {num(x2)} {num(y2)} l" for x1, y1, x2, y2 in lines)
            ops.append(f"/Artifact BMC q {style} {path} S Q EMC")
    return "\n".join(ops)


def _card_marks(plan: NUp) -> Marks:
    """The marks of a card sheet: crop marks in the margin, or cut lines along every cut."""
    if plan.marks == "cut-lines":
        return [(CUT_LINE, cut_lines(plan.grid))]
    return _marks(plan)


def _marks(plan: NUp, folds: list[float] = ()) -> Marks:
    """The crop marks of one sheet, and dashed fold marks at the x positions ``folds``."""
    if plan.marks == "none":
        return []
    solid = crop_marks(plan.grid, plan.marks == "all", plan.bleed)
    bottom, top = plan.grid.origin[1], plan.grid.origin[1] + plan.grid.cell[1]
    dashed = [line for x in folds for line in ((x, bottom - MARK_OFFSET - MARK_LENGTH, x, bottom - MARK_OFFSET),
                                               (x, top + MARK_OFFSET, x, top + MARK_OFFSET + MARK_LENGTH))]
    return [(REGISTRATION, solid), (FOLD, dashed)]
