"""The dose as it is read aloud, and as a block (no reportlab): "3 × 10 · rest 60 s · load 8 kg",
then "tempo 3-1-1 · daily", set large in a tinted box on the cards and said the same in a
booklet's schedule.

Takes the exercise (its prescription, a program's over its own) and the layout's words; gives
the two lines, or the box as ``tree`` blocks.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cardmaker.flow import tree as t
from cardmaker.model import Exercise, Layout
from cardmaker.style.plain_styles import CardStyles, Faces

NBSP = "\u00a0"
SEP = f"{NBSP}· "  # between a dose's parts: a line may break after the dot, never before it
_COUNT = re.compile(r"\d+(?:\s*[-–]\s*\d+)?")  # a bare count or range, which says nothing alone ("3", "8-12")


def dose_line(ex: Exercise, layout: Layout) -> tuple[str, str]:
    """The dose as it is read aloud, in two lines: the main one ("3 × 10 · rest 60 s", with the
    load) and the rest ("tempo 3-1-1 · 2-3x per week"); a number stays with its unit, and a
    line broken between parts ends with the dot rather than starting with it."""
    p = ex.prescription
    hold, rest = _seconds(p.hold), _seconds(p.rest)
    count = f"{NBSP}×{NBSP}".join(v for v in (p.sets, p.reps) if v)
    if bool(p.sets) != bool(p.reps) and not (p.sets and hold) and _COUNT.fullmatch(count):  # "3": "3 sets"
        count = f"{count}{NBSP}{_word(layout, 'sets' if p.sets else 'reps')}"
    if hold:
        held = f"{_word(layout, 'hold')}{NBSP}{hold}"
        count = f"{count}{NBSP}×{NBSP}{hold}" if p.sets and not p.reps else \
            f"{count}{SEP}{held}" if count else held
    main = [count] if count else []
    main += [f"{_word(layout, k)}{NBSP}{v}" for k, v in (("rest", rest), ("load", p.load)) if v]
    more = [f"{_word(layout, 'tempo')}{NBSP}{p.tempo}"] if p.tempo else []
    more += [p.frequency] if p.frequency else []
    return _glued(SEP.join(main)), _glued(SEP.join(more))


def _seconds(value: str | None) -> str | None:
    """A rest or hold given as a bare number ("90", as a spreadsheet's cell gives it) in seconds."""
    return f"{value}{NBSP}s" if value and re.fullmatch(r"\d+(?:[.,]\d+)?", value.strip()) else value


def _word(layout: Layout, key: str) -> str:
    """A dose word as said within the line: an English label in lower case ("rest"), any other
    as the layout writes it (German nouns keep their capital: "Pause", and "Tempo" too, though
    it is spelt as the English word)."""
    label = layout.label(key)
    english = layout.language.lower().startswith("en")
    return label.lower() if label.lower() == key and english else label


def _glued(text: str) -> str:
    """Numbers kept with their units and signs ("60 s", "8 kg", "3 ×")."""
    return re.sub(r"(\d) (?=[^\W\d]{1,4}\b)", "\\1" + NBSP, text)


def dose_box(ex: Exercise, layout: Layout, st: CardStyles, faces: Faces, heading: str,
             space_before: float) -> list[t.Block]:
    """The dose in a tinted box, its main line large and bold, a program's note for the exercise
    under it; nothing without a prescription or note."""
    main, more = dose_line(ex, layout)
    if not (main or more or ex.note):
        return []
    big = replace(st.title, size=1.7, leading=1.15, space_after_em=0.0)
    small = replace(st.body, size=1.0, leading=1.3, color=st.muted)
    label = replace(st.eyebrow, space_after_em=0.1)
    runs = lambda text, face: (t.Run(text, face, faces.fallbacks),)  # noqa: E731
    parts = [t.Paragraph(runs(heading.upper(), faces.bold), label, "dose-label")]
    parts += [t.Paragraph(runs(main, faces.bold), big, "dose")] if main else []
    parts += [t.Paragraph(runs(more, faces.regular), small, "dose")] if more else []
    parts += [t.Paragraph(runs(ex.note, faces.italic), small, "dose")] if ex.note else []  # a program's note
    head = t.Heading(parts[0])
    items = (t.Item(None, tuple(parts[1:]), whole=True),) if len(parts) > 1 else ()
    return [t.Panel(head, items, head, st.tip_background, st.accent, padding_em=0.8, gap_em=0.1,
                    space_before_em=space_before)]
