"""Errors a user can act on.

Library code raises these and never prints or exits; the CLI turns one into a single line
``file:line: field: message (hint)`` and picks the exit status (1 for input problems).
"""

from __future__ import annotations

import difflib
import errno
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class CardmakerError(Exception):
    """A problem with something the user gave us, located as precisely as we know."""

    message: str
    file: str | Path | None = None
    line: int | None = None
    field: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def located(self, file: str | Path | None = None, line: int | None = None) -> "CardmakerError":
        """Fill in the file/line when the raiser did not know them."""
        if self.file is None and file is not None:
            self.file = file
        if self.line is None and line is not None:
            self.line = line
        return self

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return _printable(f"{where}{field}{self.message}{hint}")


def _printable(text: str) -> str:
    """One line a terminal shows as it is: control characters from the user's input (an escape
    sequence, a NUL, a newline in a name) written as \\xNN rather than sent to the terminal."""
    if text.isprintable():  # most messages: nothing to escape
        return text
    return "".join(ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" if ord(ch) < 256
                   else f"\\u{ord(ch):04x}" for ch in text)


NAME_MAX = 255  # bytes in one path component on the file systems we meet (ext4, APFS, NTFS)


def os_reason(exc: OSError) -> str:
    """What an OSError means, in words a user can act on."""
    if exc.errno == errno.ENAMETOOLONG:
        return f"a name in the path is too long (at most {NAME_MAX} bytes each)"
    return exc.strerror or str(exc)


class DataError(CardmakerError):
    """An exercise (or program) file is unreadable or does not match the schema."""


class DataWarning(DataError):
    """Something the user should fix that did not stop the card (e.g. a missing picture)."""


class LayoutError(CardmakerError):
    """A layout file is unreadable, invalid, or names something that does not exist."""


class RenderError(CardmakerError):
    """The content cannot be laid out as the layout demands (e.g. it does not fit)."""


# words people write for keys that are spelled differently here
ALIASES = {"repetitions": "reps", "question": "q", "answer": "a", "instructions": "steps",
           "warnings": "cautions", "safety": "cautions", "title": "name", "picture": "image",
           "photo": "image", "difficulty": "level", "notes": "tips", "questions": "faq"}


def closest(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """The valid choice ``word`` most likely meant (an alias or a near spelling), if any."""
    if ALIASES.get(word.lower()) in choices:
        return ALIASES[word.lower()]
    if word.isalpha():  # "gymname": the gym's name, 'gym' (not 'name', the nearer spelling); not for
        # names of parts ("pocket-card-a6-singel" is 'pocket-card-a6-single', not 'pocket-card-a6')
        start = max((c for c in choices if len(c) >= 3 and word.lower().startswith(c.lower())), key=len, default=None)
        if start is not None:
            return start
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """A hint naming the closest valid choice, or listing the choices when none is close."""
    guess = closest(word, choices)
    if guess is not None:
        return f"did you mean '{guess}'?"
    return "expected one of: " + ", ".join(sorted(choices))


def as_written(value: object) -> str:
    """A value as a user wrote it in YAML (true, nothing, 'text', [1, 2]), for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False, default=str)
