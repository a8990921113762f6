"""A program's own pages in a booklet: the week's schedule and the log sheet to write in."""

from __future__ import annotations

import re

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from cardmaker.colors import to_reportlab
from cardmaker.render.platypus.paragraph import Paragraph
from cardmaker.model import Exercise, Layout
from cardmaker.model.program import Program, ProgramEntry
from cardmaker.render.styles import Styles

MARK = "●"


def schedule(program: Program, planned: list[tuple[Exercise, ProgramEntry]], layout: Layout,
             st: Styles) -> list[Flowable]:
    """Exercise × day, with each entry's prescription; the program's notes above it."""
    story: list[Flowable] = [Paragraph(st.plain(layout.label("Schedule"), "label"), st.title)]
    if program.notes:
        story += [Paragraph(st.plain(program.notes, "notes"), st.lead), Spacer(1, st.size)]
    days = program.days or (layout.label("Every session"),)
    centre = ParagraphStyle("centre", parent=st.body, alignment=TA_CENTER)
    head = [Paragraph(st.bold(layout.label("Exercise")), st.body), Paragraph(st.bold(layout.label("Dose")), st.body)]
    rows = [head + [Paragraph(st.bold(d, "days"), centre) for d in days]]
    for ex, entry in planned:
        dose = " · ".join(f"{layout.label(k)} {v}" for k, v in ex.prescription.items())  # "sets 2 · hold 30 s"
        on = entry.days or days
        rows.append([Paragraph(st.plain(ex.name, "name"), st.body), Paragraph(st.plain(dose, "prescription"), st.body)]
                    + [Paragraph(st.plain(MARK) if d in on else "", centre) for d in days])
    day_w = max(st.size * 3, (layout.frame_width * 0.4) / len(days))
    first = (layout.frame_width - day_w * len(days)) * 0.6
    story.append(_grid(rows, [first, layout.frame_width - day_w * len(days) - first] + [day_w] * len(days), layout, st))
    return story


def log_sheet(program: Program, planned: list[tuple[Exercise, ProgramEntry]], layout: Layout,
              st: Styles) -> list[Flowable]:
    """A row per exercise and set, a column per week: empty cells to fill in by hand."""
    weeks = [f"{layout.label('Week')} {w}" for w in range(1, program.weeks + 1)]
    centre = ParagraphStyle("centre", parent=st.meta, alignment=TA_CENTER)
    rows = [[Paragraph(st.bold(layout.label("Exercise")), st.meta)] + [Paragraph(st.bold(w), centre) for w in weeks]]
    for ex, _ in planned:
        for s in range(1, _sets(ex) + 1):
            label = f"{ex.name} · {layout.label('set')} {s}"
            rows.append([Paragraph(st.plain(label, "name"), st.meta)] + [""] * len(weeks))
    week_w = min(st.size * 6, layout.frame_width * 0.6 / len(weeks))
    table = _grid(rows, [layout.frame_width - week_w * len(weeks)] + [week_w] * len(weeks), layout, st,
                  room=st.size * 0.9)
    return [Paragraph(st.plain(layout.label("Log sheet"), "label"), st.title), Spacer(1, st.size * 0.5), table]


def _sets(ex: Exercise) -> int:
    """How many rows an exercise gets: the largest number in its sets ('3', '2-3' → 3; at most 10), else 1."""
    numbers = [int(n) for n in re.findall(r"\d+", ex.prescription.sets or "")]
    return max(1, min(max(numbers, default=1), 10))


def _grid(rows: list[list], widths: list[float], layout: Layout, st: Styles, room: float = 3) -> Table:
    """A ruled table, header row repeated on every page; ``room``: padding above and below each
    body row (space to write in on a log sheet)."""
    table = Table(rows, colWidths=widths, repeatRows=1)
    line = to_reportlab(layout.theme.tip_border)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.fonts.regular),  # not reportlab's Helvetica
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("GRID", (0, 0), (-1, -1), 0.4, line),
                               ("BACKGROUND", (0, 0), (-1, 0), to_reportlab(layout.theme.tip_background)),
                               ("TOPPADDING", (0, 0), (-1, 0), 3), ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
                               ("TOPPADDING", (0, 1), (-1, -1), room), ("BOTTOMPADDING", (0, 1), (-1, -1), room)]))
    return table
