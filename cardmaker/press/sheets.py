"""Finished pages → printer's sheets: n-up card sheets with crop marks or cut lines and duplex
backs, and saddle-stitch booklet sheets.

Each page of the finished PDF is placed on a sheet of the same file (``press.placing``): its
content in the sheet's stream (``q a b c d e f cm … Q``) the first time, with its tags, and every
further copy painted from one artifact form; the marks are drawn as artifacts. What is printed
is exactly what was rendered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from cardmaker.errors import RenderError
from cardmaker.press.placing import Book
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


def cards_on_sheets(pdf: bytes, layout, settings, copies: int | list[int] = 1) -> bytes:
    """The cards of a combined PDF (``layout``'s size, with its bleed) on sheets as ``settings``
    (a PrintSettings with its sheet set) say; an error when they do not fit."""
    g = sheet_grid(layout, settings)
    plan = NUp(g, 2 if layout.two_sided else 1, settings.duplex or "long", settings.back_offset, settings.manual_duplex,
               settings.crop_marks or "all", layout.bleed)
    return n_up(pdf, plan, copies)


def n_up(pdf: bytes, plan: NUp, copies: int | list[int] = 1) -> bytes:
    """Cards (``plan.sides`` pages each, in order) placed ``plan.grid.count`` to a sheet, each
    card ``copies`` times (one number for all, or one per card: a program's quantities)."""
    book = Book(pdf)
    if book.page_count % plan.sides:
        raise RenderError(f"{book.page_count} pages do not make whole {plan.sides}-sided cards",
                          hint="every card must fit its sides; use a layout that shrinks to fit")
    starts = range(0, book.page_count, plan.sides)
    counts = copies if isinstance(copies, list) else [copies] * len(starts)
    cards = [list(range(i, i + plan.sides)) for i, n in zip(starts, counts) for _ in range(n)]
    marks = _card_marks(plan)
    book.spilled = _spilled(cards, plan.grid.count)
    fronts, backs = [], []
    for start in range(0, len(cards), plan.grid.count):
        batch = cards[start:start + plan.grid.count]
        for side, into in ((0, fronts), (1, backs))[:plan.sides]:
            placed = []
            for i, pages in enumerate(batch):
                x, y = plan.grid.position(i, _mirror(plan) if side else "")
                if side:
                    x, y = x + plan.back_offset[0], y + plan.back_offset[1]
                placed.append((pages[side], (1, 0, 0, 1, x, y), None))
            into.append(book.add_sheet(plan.grid.sheet, placed, marks, _boxes(plan)))
    if plan.sides == 2 and plan.manual_duplex:  # print the fronts, turn the stack over, print the backs
        return book.save(fronts + backs[::-1])
    return book.save(sorted(fronts + backs))


def _spilled(cards: list[list[int]], per_sheet: int) -> set[int]:
    """The pages whose copies go on more than one sheet: their twin form is made anyway, so
    every copy paints it (copies all on one sheet follow the first print in its stream)."""
    sheets: dict[int, set[int]] = {}
    for n, pages in enumerate(cards):
        for page in pages:
            sheets.setdefault(page, set()).add(n // per_sheet)
    return {page for page, on in sheets.items() if len(on) > 1}


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
    lines = _marks(NUp(g, marks=marks, bleed=b), folds=[spine])
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
