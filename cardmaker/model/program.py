"""A coach's program: which exercises, in what order, with what prescription, on which days."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cardmaker.model.exercise import Prescription


@dataclass(frozen=True)
class ProgramEntry:
    id: str
    prescription: Prescription  # the keys the entry sets; they override the exercise's own
    days: tuple[str, ...] = ()  # empty: every day of the program
    note: str = ""
    qty: int = 1  # copies when printing cards


@dataclass(frozen=True)
class Program:
    title: str
    entries: tuple[ProgramEntry, ...]
    client: str = ""
    coach: str = ""
    start: str = ""
    notes: str = ""
    days: tuple[str, ...] = ()  # the schedule's columns
    weeks: int = 4  # the log sheet's columns
    source: Path | None = None  # the program file, for messages
