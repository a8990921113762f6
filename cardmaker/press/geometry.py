"""Pure page geometry for print: saddle-stitch page order, n-up grids, crop marks.

Nothing here draws or reads a PDF; every function takes sizes in points and returns numbers,
so the orders and positions can be tested on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MM = 72 / 25.4
MARK_LENGTH = 5 * MM  # crop marks: 5 mm long, 3 mm off the trim (print-shop practice)
MARK_OFFSET = 3 * MM
MARKS_ROOM = MARK_OFFSET + MARK_LENGTH  # sheet margin the marks need
MAX_STAPLED = 64  # pages a saddle-stitched booklet holds (16 sheets folded): a stapler goes no further


def saddle_stitch(pages: int) -> list[tuple[int | None, int | None]]:
    """Pairs (left, right) of 1-based page numbers for each printed side, sheet by sheet
    (front, back, front, back, ...); None is a blank. Pages are padded to a multiple of 4 and
    ordered so the folded, stapled stack reads 1, 2, 3, ...: the outer sheet's front carries
    the last page and page 1, its back page 2 and the one before last."""
    total = -(-max(pages, 1) // 4) * 4
    real = lambda n: n if n <= pages else None  # noqa: E731
    sides = []
    for sheet in range(total // 4):
        low, high = 2 * sheet + 1, total - 2 * sheet
        sides.append((real(high), real(low)))  # front: last outside left, first right
        sides.append((real(low + 1), real(high - 1)))  # back
    return sides


def parts(pages: int, count: int) -> list[range]:
    """0-based page ranges of ``count`` booklets bound one after the other: each but the last a
    whole number of sheets (4 pages), as even as that allows; never an empty part."""
    per = -(-max(-(-pages // max(count, 1)), 1) // 4) * 4
    return [range(start, min(start + per, pages)) for start in range(0, max(pages, 1), per)]


def creep_shift(side_index: int, sides: int, creep: float) -> float:
    """How far (points) the pages of a side move towards the spine: inner sheets stick out
    after folding by about the paper thickness per sheet, so their pages are pulled in. The
    outer sheet moves 0, the innermost ``creep``."""
    sheets = max(sides // 2, 1)
    return creep * (side_index // 2) / max(sheets - 1, 1)


@dataclass(frozen=True)
class Grid:
    """Cards on a sheet: ``cols`` x ``rows`` cells of ``cell`` size, the block centred."""

    sheet: tuple[float, float]
    cell: tuple[float, float]
    cols: int
    rows: int

    @property
    def count(self) -> int:
        return self.cols * self.rows

    @property
    def origin(self) -> tuple[float, float]:
        """Lower-left corner of the block of cells."""
        return ((self.sheet[0] - self.cols * self.cell[0]) / 2, (self.sheet[1] - self.rows * self.cell[1]) / 2)

    def position(self, index: int, mirror: str = "") -> tuple[float, float]:
        """Lower-left of cell ``index`` (row by row from the top left). ``mirror`` 'long' flips
        left-right, 'short' top-bottom: where a card's back lands after duplex printing."""
        col, row = index % self.cols, index // self.cols
        if mirror == "long":
            col = self.cols - 1 - col
        elif mirror == "short":
            row = self.rows - 1 - row
        x0, y0 = self.origin
        return x0 + col * self.cell[0], y0 + (self.rows - 1 - row) * self.cell[1]

    def cuts(self) -> tuple[list[float], list[float]]:
        """x positions of vertical cut lines and y positions of horizontal ones."""
        x0, y0 = self.origin
        return ([x0 + c * self.cell[0] for c in range(self.cols + 1)],
                [y0 + r * self.cell[1] for r in range(self.rows + 1)])


def parse_n_up(spec: str) -> tuple[int, int] | None:
    """'auto' → None; 'CxR' → (columns, rows); anything else a ValueError saying what is meant."""
    spec = spec.strip().lower()
    if spec == "auto":
        return None
    if not re.fullmatch(r"[1-9]\d?x[1-9]\d?", spec):
        raise ValueError(f"expected auto or columns x rows, e.g. 2x2, got {spec!r}")
    cols, rows = spec.split("x")
    return int(cols), int(rows)


def grid(sheet: tuple[float, float], cell: tuple[float, float], cols: int | None = None, rows: int | None = None,
         margin: float = MARKS_ROOM) -> Grid | None:
    """The grid for ``cols`` x ``rows`` (or, when not given, as many cells as fit inside
    ``margin``, the room the crop marks need), or None when they do not fit."""
    room_w, room_h = sheet[0] - 2 * margin, sheet[1] - 2 * margin
    fit_cols, fit_rows = int(room_w // cell[0] + 1e-9), int(room_h // cell[1] + 1e-9)
    cols, rows = cols or fit_cols, rows or fit_rows
    if cols < 1 or rows < 1 or cols > fit_cols or rows > fit_rows:
        return None
    return Grid(sheet, cell, cols, rows)


def best_grid(sheet: tuple[float, float], cell: tuple[float, float], margin: float = MARKS_ROOM) -> Grid | None:
    """``--n-up auto``: the sheet portrait or landscape, whichever holds more (portrait on a tie)."""
    portrait = (min(sheet), max(sheet))
    options = [g for g in (grid(portrait, cell, margin=margin), grid(portrait[::-1], cell, margin=margin)) if g]
    return max(options, key=lambda g: g.count, default=None)


def crop_marks(g: Grid, every_cut: bool = True, bleed: float = 0.0) -> list[tuple[float, float, float, float]]:
    """Line segments (x1, y1, x2, y2) in the sheet margin, on the extension of each cut line
    (or only the block's outer edges): never over a card. With ``bleed`` each cell is a card
    plus its bleed, and the cuts are at the trim inside it."""
    xs, ys = g.cuts()
    if bleed:  # two cuts between neighbours: one at each card's trim
        xs = sorted({x + bleed for x in xs[:-1]} | {x - bleed for x in xs[1:]})
        ys = sorted({y + bleed for y in ys[:-1]} | {y - bleed for y in ys[1:]})
    if not every_cut:
        xs, ys = [xs[0], xs[-1]], [ys[0], ys[-1]]
    bottom, top = g.origin[1], g.origin[1] + g.rows * g.cell[1]
    left, right = g.origin[0], g.origin[0] + g.cols * g.cell[0]
    lines = []
    for x in xs:
        lines += [(x, bottom - MARK_OFFSET - MARK_LENGTH, x, bottom - MARK_OFFSET),
                  (x, top + MARK_OFFSET, x, top + MARK_OFFSET + MARK_LENGTH)]
    for y in ys:
        lines += [(left - MARK_OFFSET - MARK_LENGTH, y, left - MARK_OFFSET, y),
                  (right + MARK_OFFSET, y, right + MARK_OFFSET + MARK_LENGTH, y)]
    return lines


def cut_lines(g: Grid) -> list[tuple[float, float, float, float]]:
    """Line segments (x1, y1, x2, y2) along every cut of a block of abutting cards, across the
    whole block: cut on the line, nothing falls between the cards (``--crop-marks cut-lines``)."""
    xs, ys = g.cuts()
    return [(x, ys[0], x, ys[-1]) for x in xs] + [(xs[0], y, xs[-1], y) for y in ys]
