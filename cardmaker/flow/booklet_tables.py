"""A program's own pages in a booklet, as blocks: the week's schedule and the log sheet to write in.

Takes the Program, its exercises with their entries, the Layout and its resolved styles and
faces; gives blocks (a title, the program's notes, a ``tree.Table``) for the engine. No reportlab.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cardmaker.flow import tree as t
from cardmaker.flow.dose import dose_line
from cardmaker.model import Exercise, Layout
from cardmaker.model.program import Program, ProgramEntry
from cardmaker.style.plain_styles import CardStyles, Faces, Style

MARK = "●"


def _para(text: str, style: Style, faces: Faces, bold: bool = False, role: str = "table",
          lang: str = "") -> t.Paragraph:
    face = faces.bold if bold else faces.regular
    return t.Paragraph((t.Run(text, face, faces.fallbacks),), style, role, lang)


def _cell_style(style: Style, centre: bool = False) -> Style:
    return replace(style, space_before_em=0.0, space_after_em=0.0, align="centre" if centre else "left")


def schedule(program: Program, planned: list[tuple[Exercise, ProgramEntry | None]], layout: Layout,
             st: CardStyles, faces: Faces) -> tuple[t.Block, ...]:
    """Exercise × day, with each entry's prescription (its dose as the cards give it); the
    program's notes above it."""
    out: list[t.Block] = [_para(layout.label("Schedule"), st.title, faces, bold=True, role="title")]
    if program.notes:
        out += [_para(program.notes, st.lead, faces), t.Spacer(1.0)]
    days = program.days or (layout.label("Every session"),)
    body, centre = _cell_style(st.body), _cell_style(st.body, centre=True)
    rows = [(_para(layout.label("Exercise"), body, faces, True), _para(layout.label("Dose"), body, faces, True),
             *(_para(d, centre, faces, True) for d in days))]
    for ex, entry in planned:
        dose = "\n".join(line for line in dose_line(ex, layout) if line)  # as the cards say it: "3 × 10 · rest 60 s"
        on = (entry.days if entry is not None else ()) or days
        rows.append((_para(ex.name, body, faces, lang=ex.language or ""), _para(dose, body, faces) if dose else None,
                     *(_para(MARK, centre, faces) if d in on else None for d in days)))
    size = layout.booklet_size
    day_w = max(size * 3, (layout.frame_width * 0.4) / len(days))
    first = (layout.frame_width - day_w * len(days)) * 0.6
    widths = (first, layout.frame_width - day_w * len(days) - first, *[day_w] * len(days))
    return (*out, t.Table(tuple(rows), widths, st.tip_border, st.tip_background))


def log_sheet(program: Program, planned: list[tuple[Exercise, ProgramEntry | None]], layout: Layout,
              st: CardStyles, faces: Faces) -> tuple[t.Block, ...]:
    """A row per exercise and set, a column per week: empty cells to fill in by hand."""
    weeks = [f"{layout.label('Week')} {w}" for w in range(1, program.weeks + 1)]
    meta, centre = _cell_style(st.meta), _cell_style(st.meta, centre=True)
    rows = [(_para(layout.label("Exercise"), meta, faces, True), *(_para(w, centre, faces, True) for w in weeks))]
    for ex, _ in planned:
        for s in range(1, _sets(ex) + 1):
            rows.append((_para(f"{ex.name} · {layout.label('set')} {s}", meta, faces, lang=ex.language or ""),
                         *[None] * len(weeks)))  # in the name's language: most of the cell, and what matters
    size = layout.booklet_size
    week_w = min(size * 6, layout.frame_width * 0.6 / len(weeks))
    widths = (layout.frame_width - week_w * len(weeks), *[week_w] * len(weeks))
    table = t.Table(tuple(rows), widths, st.tip_border, st.tip_background, room_pt=size * 0.9)
    return (_para(layout.label("Log sheet"), st.title, faces, bold=True, role="title"), t.Spacer(0.5), table)


def _sets(ex: Exercise) -> int:
    """How many rows an exercise gets: the largest number in its sets ('3', '2-3' → 3; at most 10), else 1."""
    numbers = [int(n) for n in re.findall(r"\d+", ex.prescription.sets or "")]
    return max(1, min(max(numbers, default=1), 10))
