"""A program file (``booklet --program``) → a checked ``Program``, every error located.

Entries name exercises by id; an unknown id is an error listing the near matches, so a typo in
a program of twenty entries is found at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

from cardmaker.errors import CardmakerError
from cardmaker.load.exercise import FieldReader
from cardmaker.load.shapes import PROGRAM, PROGRAM_ENTRY, PROGRAM_TEXTS, Number
from cardmaker.load.source import Document, parse_file, plain
from cardmaker.load.value_checks import dose_problems
from cardmaker.model import Exercise, Prescription
from cardmaker.model.exercise import PRESCRIPTION_KEYS
from cardmaker.model.layout import Fonts
from cardmaker.model.program import Program, ProgramEntry

PROGRAM_KEYS, ENTRY_KEYS = PROGRAM.keys, PROGRAM_ENTRY.keys


def load_program(path: str | Path | Mapping, known: dict[str, Exercise], fonts: Fonts = Fonts(),
                 unread: int = 0) -> Program:
    """The program in ``path`` (or a mapping as such a file would read: the Python API);
    ``known`` are the exercises given alongside it, by id; ``unread`` how many of the files
    given could not be read (an unknown id may be in one)."""
    from cardmaker.style.fonts import font_set, printable_chars

    doc = Document(None, plain(path)) if isinstance(path, Mapping) else parse_file(program_file(path))
    r = FieldReader(doc, (), printable_chars(font_set(fonts)))
    data = r.mapping((), doc.value, PROGRAM_KEYS, "a program (a mapping with 'title' and 'exercises')")
    for required in ("title", "exercises"):
        if required not in data:
            raise r.fail((), f"missing required key '{required}'")
        if data[required] in (None, "", []):
            raise r.fail((required,), "is empty", "a program needs a title and at least one exercise")
    if not isinstance(data["exercises"], list):
        raise r.fail(("exercises",), "expected a list of entries such as {id: goblet-squat, sets: 3}")
    days = r.texts(("days",), data["days"], "day") if data.get("days") is not None else ()
    weeks = _count(r, ("weeks",), data.get("weeks", 4), PROGRAM.fields["weeks"])  # log sheet columns that still take handwriting
    if len(days) > 7 or len(set(days)) != len(days):
        raise r.fail(("days",), "expected up to 7 different days (the schedule's columns)")
    entries = tuple(_entry(r, i, item, known, days, unread) for i, item in enumerate(data["exercises"]))
    if not days:  # no columns given: the days the entries name, in the order first named
        days = _week_order(tuple(dict.fromkeys(day for entry in entries for day in entry.days)))
        if len(days) > 7:
            raise r.fail(("exercises",), f"the entries name {len(days)} different days; a schedule has at most 7",
                         "list the program's days under 'days', e.g. days: [Mon, Wed, Fri]")
    text = {k: r.text((k,), data[k]) for k in PROGRAM_TEXTS if data.get(k) is not None}
    return Program(entries=entries, days=days, weeks=weeks, source=program_file(path), **text)


def program_file(program: str | Path | Mapping | None) -> Path | None:
    """The program's file (None: none, or a mapping given in code); anything else is an error."""
    if program is None or isinstance(program, Mapping):
        return None
    if not isinstance(program, (str, Path)):
        raise CardmakerError(f"program: expected a program file's path or a mapping, got {type(program).__name__}",
                             hint="e.g. program='knee-rehab.yaml' or program={'title': ..., 'exercises': [...]}")
    return Path(program)


MAX_DOSE = 200  # characters: a dose is a few words ("3 x 8", "30 s"); it must fit a schedule cell


def _dose(r: FieldReader, path: tuple, value: object) -> str:
    """One dose value of an entry, checked as an exercise file's are (``value_checks``: a
    negative count is an error)."""
    text = r.text(path, value)
    if len(text) > MAX_DOSE:
        raise r.fail(path, f"is {len(text)} characters long; a dose is at most {MAX_DOSE}",
                     "put explanations in the entry's note")
    for _, problem, hint, error in dose_problems({path[-1]: text}):
        if error:
            raise r.fail(path, problem, hint)
    return text


WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _week_order(days: tuple[str, ...]) -> tuple[str, ...]:
    """English day names (Mon, tuesday, ...) in week order; anything else as first named."""
    if all(d[:3].lower() in WEEK for d in days):
        return tuple(sorted(days, key=lambda d: WEEK.index(d[:3].lower())))
    return days


def _entry(r: FieldReader, i: int, item: object, known: dict[str, Exercise], days: tuple[str, ...],
           unread: int) -> ProgramEntry:
    path = ("exercises", i)
    e = r.mapping(path, item, ENTRY_KEYS, "an entry such as {id: goblet-squat, sets: 3}")
    if e.get("id") is None:
        raise r.fail(path, "missing required key 'id'", "name the exercise by its id (its file name without .yaml)")
    ident = r.text(path + ("id",), e["id"])
    if ident not in known:
        near = difflib.get_close_matches(ident, sorted(known), n=3, cutoff=0.6)  # as errors.closest: no far guess
        hint = f"did you mean {' or '.join(repr(n) for n in near)}?" if near else \
            f"the exercises given are: {', '.join(sorted(known)[:8])}{', ...' if len(known) > 8 else ''}"
        if unread:
            hint = f"{unread} exercise file{'s' * (unread > 1)} could not be read (above): if it is in one, " \
                   f"fix that first; else {hint}"
        raise r.fail(path + ("id",), f"no exercise with id '{ident}' among the files given", hint)
    entry_days = r.texts(path + ("days",), e["days"], "day") if e.get("days") is not None else ()
    for j, day in enumerate(entry_days):
        if days and day not in days:
            raise r.fail(path + ("days", j), f"'{day}' is not one of the program's days", f"use one of: {', '.join(days)}")
    prescription = Prescription(**{k: _dose(r, path + (k,), e[k]) for k in PRESCRIPTION_KEYS if e.get(k) is not None})
    note = r.text(path + ("note",), e["note"]) if e.get("note") is not None else ""
    return ProgramEntry(ident, prescription, entry_days, note, _count(r, path + ("qty",), e.get("qty", 1), PROGRAM_ENTRY.fields["qty"]))


def _count(r: FieldReader, path, value: object, kind: Number) -> int:
    """A whole number in ``kind``'s range."""
    low, high = int(kind.low), int(kind.high)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise r.fail(path, f"expected a whole number from {low} to {high}, got {value!r}")
    return value


def apply(program: Program, known: dict[str, Exercise]) -> list[tuple[Exercise, ProgramEntry]]:
    """Each entry's exercise with the entry's prescription laid over its own, in program order.
    The exercise's own frequency ("daily") is not kept: the program's days say when (a
    frequency the entry gives is)."""
    from dataclasses import replace

    out = []
    for entry in program.entries:
        ex = known[entry.id]
        own = {k: v for k, v in ex.prescription.items() if k != "frequency"}
        merged = own | dict(entry.prescription.items())
        out.append((replace(ex, prescription=Prescription(**merged)), entry))
    return out


def printing_plan(path: str | Path | Mapping, exercises: list[Exercise], fonts: Fonts = Fonts(),
                  unread: int = 0) -> tuple[list[Exercise], list[int]]:
    """For printing cards: the program's exercises in its order with its prescriptions, days and
    notes (each id once, as each is one card) and how many copies of each (its ``qty``)."""
    from dataclasses import replace

    known = {ex.id: ex for ex in exercises}
    cards: dict[str, tuple[Exercise, int]] = {}
    program = load_program(path, known, fonts, unread)
    for ex, entry in apply(program, known):
        if ex.id in cards:
            raise CardmakerError(f"exercise '{ex.id}' is listed twice; printed cards need one entry each",
                                 file=program_file(path), field="exercises",
                                 hint="merge the two entries (qty sets the copies)")
        days = entry.days or program.days  # the days it is done on, said with its dose (a card has no schedule)
        if days and not ex.prescription.frequency:
            ex = replace(ex, prescription=replace(ex.prescription, frequency=", ".join(days)))
        cards[ex.id] = (replace(ex, note=entry.note or None), entry.qty)  # the coach's note goes with the dose
    return [ex for ex, _ in cards.values()], [qty for _, qty in cards.values()]
