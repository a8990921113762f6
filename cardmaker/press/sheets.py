"""Finished pages → printer's sheets: n-up card sheets with crop marks and duplex backs, and
saddle-stitch booklet sheets. Pages are placed as they are (pypdf copies their content and
resources), so what is printed is exactly what was rendered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from cardmaker.errors import RenderError
from cardmaker.press.geometry import MARK_LENGTH, MARK_OFFSET, Grid, creep_shift, crop_marks, saddle_stitch

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


def sheet_grid(layout, settings) -> Grid:
    """Where ``layout``'s cards (with their bleed) go on the sheet ``settings`` name: 'auto' or
    'CxR' cards, room for crop marks unless there are none; an error when they do not fit."""
    from cardmaker.errors import CardmakerError
    from cardmaker.press.geometry import MARKS_ROOM, best_grid, grid, parse_n_up

    sheet, b = SHEETS[settings.sheet], layout.bleed
    marks = settings.crop_marks or "all"
    cell = (layout.page_width + 2 * b, layout.page_height + 2 * b)
    margin = 0.0 if marks == "none" else MARKS_ROOM  # without marks, cards may reach the edge
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
                             "layout), fewer cards, or --crop-marks none")
    return g


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
    _copy_metadata(reader, writer)
    return _bytes(writer)


def saddle(pdf: bytes, settings=None, bleed: float = 0.0) -> bytes:
    """Booklet pages (each its trim plus ``bleed`` all round) two to a sheet side in saddle-stitch
    order, on the paper ``settings`` ask for: each pair's trim meets at the spine (bleed kept
    only on the outer edges), TrimBox round the pair, crop marks at the outer corners and fold
    marks at the spine when asked. Backs match the duplex flip and move by the back offset."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    from cardmaker.press.geometry import Grid

    from cardmaker.model.layout import PrintSettings

    settings = settings or PrintSettings(impose="saddle-stitch")
    reader = PdfReader(io.BytesIO(pdf))
    b = bleed
    w, h = (float(v) - 2 * b for v in reader.pages[0].mediabox[2:])
    marks = settings.crop_marks or "none"
    spread = (2 * w + 2 * b, h + 2 * b)
    sheet = _spread_sheet(settings.sheet, spread, b > 0, marks != "none")
    g = Grid(sheet, spread, 1, 1)
    x0, y0 = g.origin
    spine = x0 + b + w
    landscape = sheet[0] > sheet[1]
    turn_backs = (settings.duplex or "short") == "long" if landscape else (settings.duplex or "short") == "short"
    overlay = _marks_page(NUp(g, marks=marks, bleed=b), folds=[spine]) if marks != "none" else None
    writer = PdfWriter()
    sides = saddle_stitch(len(reader.pages))
    fronts, backs = [], []
    for n, (left, right) in enumerate(sides):
        page = writer.add_blank_page(*sheet)
        shift = creep_shift(n, len(sides), settings.creep)
        back = n % 2 == 1
        for number, x, clip in ((left, x0 + shift, (0, b + w - shift)), (right, spine - b - shift, (b + shift, w + 2 * b))):
            if number is None:
                continue
            source = reader.pages[number - 1]
            source.cropbox = RectangleObject([clip[0], 0, clip[1], h + 2 * b])  # pypdf clips a merged page to it
            place = Transformation().translate(x, y0)
            if back and turn_backs:  # the printer turns the sheet end over end: the back prints upside down
                place = place.rotate(180).translate(*sheet)
            if back:
                place = place.translate(*settings.back_offset)
            page.merge_transformed_page(source, place)
        if overlay is not None:
            page.merge_page(overlay)
        page.bleedbox = RectangleObject([x0, y0, x0 + spread[0], y0 + spread[1]])
        page.trimbox = RectangleObject([x0 + b, y0 + b, x0 + b + 2 * w, y0 + b + h])
        (backs if back else fronts).append(len(writer.pages) - 1)
    if settings.manual_duplex:
        writer = _reordered(writer, fronts + backs[::-1])
    _copy_metadata(reader, writer)
    return _bytes(writer)


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


def _copy_metadata(reader, writer) -> None:
    """Title, author, subject, keywords and language survive the re-placing of pages."""
    from pypdf.generic import NameObject

    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    lang = reader.trailer["/Root"].get("/Lang")
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = lang


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


def _marks_page(plan: NUp, folds: list[float] = ()):
    """The crop marks of one sheet (and dashed fold marks at the x positions ``folds``), drawn
    once with reportlab and laid over every sheet."""
    if plan.marks == "none":
        return None
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from cardmaker.model.layout import Fonts
    from cardmaker.style.fonts import font_set

    buf = io.BytesIO()  # an embedded initial font: reportlab would declare Helvetica otherwise
    canvas = Canvas(buf, pagesize=plan.grid.sheet, invariant=1, initialFontName=font_set(Fonts()).regular)
    canvas.setLineWidth(0.25)
    canvas.setStrokeColorCMYK(1, 1, 1, 1)  # registration black: on every separation
    for x1, y1, x2, y2 in crop_marks(plan.grid, plan.marks == "all", plan.bleed):
        canvas.line(x1, y1, x2, y2)
    canvas.setDash(2, 1.5)
    bottom, top = plan.grid.origin[1], plan.grid.origin[1] + plan.grid.cell[1]
    for x in folds:
        canvas.line(x, bottom - MARK_OFFSET - MARK_LENGTH, x, bottom - MARK_OFFSET)
        canvas.line(x, top + MARK_OFFSET, x, top + MARK_OFFSET + MARK_LENGTH)
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
