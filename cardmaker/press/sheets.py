"""Finished pages → printer's sheets: n-up card sheets with crop marks and duplex backs, and
saddle-stitch booklet sheets. Pages are placed as they are (pypdf copies their content and
resources), so what is printed is exactly what was rendered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from cardmaker.errors import RenderError
from cardmaker.press.geometry import Grid, creep_shift, crop_marks, saddle_stitch

SHEETS = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0), "A3": (841.89, 1190.55)}


@dataclass(frozen=True)
class NUp:
    grid: Grid
    sides: int = 1  # 2 for two-sided cards: every card is a front page and a back page
    flip: str = "long"  # how the printer turns the paper for the back: long or short edge
    back_offset: tuple[float, float] = (0.0, 0.0)  # printers shift the back; this moves it back
    manual_duplex: bool = False  # all fronts, then all backs in reverse order
    marks: str = "all"  # all | outer | none
    bleed: float = 0.0


def cards_on_sheets(pdf: bytes, layout, sheet_name: str, n_up_spec: str, marks: str, flip: str,
                    back_offset: tuple[float, float], manual_duplex: bool, copies: int | list[int]) -> bytes:
    """The cards of a combined PDF (``layout``'s size, with its bleed) on sheets of ``sheet_name``,
    ``n_up_spec`` 'auto' or 'CxR'; an error when they do not fit."""
    from cardmaker.errors import CardmakerError
    from cardmaker.press.geometry import MARKS_ROOM, best_grid, grid

    sheet, b = SHEETS[sheet_name], layout.bleed
    cell = (layout.page_width + 2 * b, layout.page_height + 2 * b)
    margin = 0.0 if marks == "none" else MARKS_ROOM  # without marks, cards may reach the edge
    if n_up_spec == "auto":
        g = best_grid(sheet, cell, margin)
    else:
        cols, rows = (int(v) for v in n_up_spec.split("x"))
        g = grid(sheet, cell, cols, rows, margin) or grid(sheet[::-1], cell, cols, rows, margin)
    if g is None:
        mm = lambda v: round(v * 25.4 / 72)  # noqa: E731
        raise CardmakerError(f"{n_up_spec} cards of {mm(cell[0])} x {mm(cell[1])} mm do not fit {sheet_name} "
                             "with room for crop marks", hint="use a bigger --sheet, fewer cards or --crop-marks none")
    plan = NUp(g, 2 if layout.two_sided else 1, flip, back_offset, manual_duplex, marks, b)
    return n_up(pdf, plan, copies)


def n_up(pdf: bytes, plan: NUp, copies: int | list[int] = 1) -> bytes:
    """Cards (``plan.sides`` pages each, in order) placed ``plan.grid.count`` to a sheet, each
    card ``copies`` times (one number for all, or one per card: a program's quantities)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(pdf))
    if len(reader.pages) % plan.sides:
        raise RenderError(f"{len(reader.pages)} pages do not make whole {plan.sides}-sided cards",
                          hint="every card must fit its sides; use a layout that shrinks to fit")
    starts = range(0, len(reader.pages), plan.sides)
    counts = copies if isinstance(copies, list) else [copies] * len(starts)
    cards = [list(range(i, i + plan.sides)) for i, n in zip(starts, counts) for _ in range(n)]
    marks = _marks_page(plan)
    fronts, backs = [], []
    writer = PdfWriter()
    for start in range(0, len(cards), plan.grid.count):
        batch = cards[start:start + plan.grid.count]
        for side, into in ((0, fronts), (1, backs))[:plan.sides]:
            sheet = writer.add_blank_page(*plan.grid.sheet)
            for i, pages in enumerate(batch):
                x, y = plan.grid.position(i, _mirror(plan) if side else "")
                if side:
                    x, y = x + plan.back_offset[0], y + plan.back_offset[1]
                sheet.merge_transformed_page(reader.pages[pages[side]], Transformation().translate(x, y))
            if marks is not None:
                sheet.merge_page(marks)
            _boxes(sheet, plan)
            into.append(len(writer.pages) - 1)
    if plan.sides == 2 and plan.manual_duplex:  # print the fronts, turn the stack over, print the backs
        order = fronts + backs[::-1]
        writer = _reordered(writer, order)
    return _bytes(writer)


def saddle(pdf: bytes, creep: float = 0.0) -> bytes:
    """Booklet pages two to a sheet side (sheet = two pages wide) in saddle-stitch order."""
    from pypdf import PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    writer = PdfWriter()
    sides = saddle_stitch(len(reader.pages))
    for n, (left, right) in enumerate(sides):
        sheet = writer.add_blank_page(2 * width, height)
        shift = creep_shift(n, len(sides), creep)
        for number, x in ((left, shift), (right, width - shift)):
            if number is not None:
                sheet.merge_transformed_page(reader.pages[number - 1], Transformation().translate(x, 0))
    return _bytes(writer)


def _mirror(plan: NUp) -> str:
    """Which way backs are mirrored: a long-edge flip turns a portrait sheet about its vertical
    axis (columns swap) but a landscape sheet about its horizontal one (rows swap)."""
    landscape = plan.grid.sheet[0] > plan.grid.sheet[1]
    return {"long": "short", "short": "long"}[plan.flip] if landscape else plan.flip


def _boxes(sheet, plan: NUp) -> None:
    """TrimBox round the cards' outer trim edges, BleedBox round their bleed: the crop marks
    lie outside both, as a print shop's preflight expects."""
    from pypdf.generic import RectangleObject

    (x0, y0), g, b = plan.grid.origin, plan.grid, plan.bleed
    x1, y1 = x0 + g.cols * g.cell[0], y0 + g.rows * g.cell[1]
    sheet.bleedbox = RectangleObject([x0, y0, x1, y1])
    sheet.trimbox = RectangleObject([x0 + b, y0 + b, x1 - b, y1 - b])


def _marks_page(plan: NUp):
    """The crop marks of one sheet, drawn once with reportlab and laid over every sheet."""
    if plan.marks == "none":
        return None
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from cardmaker.model.layout import Fonts
    from cardmaker.render.fonts import font_set

    buf = io.BytesIO()  # an embedded initial font: reportlab would declare Helvetica otherwise
    canvas = Canvas(buf, pagesize=plan.grid.sheet, invariant=1, initialFontName=font_set(Fonts()).regular)
    canvas.setLineWidth(0.25)
    canvas.setStrokeColorCMYK(1, 1, 1, 1)  # registration black: on every separation
    for x1, y1, x2, y2 in crop_marks(plan.grid, plan.marks == "all", plan.bleed):
        canvas.line(x1, y1, x2, y2)
    canvas.showPage()
    canvas.save()
    return PdfReader(buf).pages[0]


def _reordered(writer, order: list[int]):
    from pypdf import PdfWriter

    out = PdfWriter()
    for i in order:
        out.add_page(writer.pages[i])
    return out


def _bytes(writer) -> bytes:
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
