"""An exercise's values checked for what a slip of the keyboard or a spreadsheet makes of them.

Takes values as read (text); gives the problems:

- a prescription's negative count is an error (``reps: -5`` would print "3 × -5");
- a prescription's value shaped like a date is a warning (Excel reads a tempo typed as 3-1-1 as
  the 1st of March, and the sheet gives 2026-03-01, printed as the tempo);
- a step holding ". - " is a warning: in YAML a "- " line indented one space too far goes on in
  the step above ("Lie on your back. - Lower opposite arm and leg."), two steps printed as one.
"""

from __future__ import annotations

import re
from typing import Iterator

COUNTS = ("sets", "reps")  # what may not be negative
_NEGATIVE = re.compile(r"-\s*\d")
_JOINED = re.compile(r"[.!?]\s+-\s+\S")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?")


def dose_problems(values: dict[str, str]) -> Iterator[tuple[str, str, str, bool]]:
    """(key, what is wrong, what to do, whether it is an error rather than a warning) per problem."""
    for key, value in values.items():
        if key in COUNTS and _NEGATIVE.match(value):
            yield key, f"is negative: {value}", "give a count such as 3, or a range such as 8-12", True
        elif _DATE.fullmatch(value):
            yield (key, f"is a date, {value}: a spreadsheet may have read what was typed, such as 3-1-1, as one",
                   "format the cell as text, or type an apostrophe before the value", False)


def joined_step(text: str) -> str | None:
    """The problem of a step that looks like two joined (see above), or None."""
    if _JOINED.search(text):
        return "looks like two steps joined: a '- ' line indented further than the one above goes on in it"
    return None
