"""The layout's `print:` and `booklet:` sections: how its pages go to a printer.

Kept apart from the page and text checks in ``layout_check``; the same values can be given on
the command line, where they override these.
"""

from __future__ import annotations

from cardmaker.errors import as_written
from cardmaker.model.layout import (BOOKLET_STARTS, CROP_MARKS, DUPLEX_FLIPS, IMPOSITIONS, SHEET_NAMES,
                                    PrintSettings)
from cardmaker.press.geometry import MM, parse_n_up

PRINT_KEYS = tuple(k for k in PrintSettings.__dataclass_fields__ if k != "origins")
BOOKLET_KEYS = ("start",)
MAX_BACK_OFFSET = 20 * MM
MAX_CREEP = 5 * MM


def print_settings(checker) -> PrintSettings:
    """``print:`` checked into PrintSettings (lengths in points)."""
    raw, kw = checker.get("print"), {}
    for key, value in raw.items():
        at = ("print", key)
        if key == "sheet":
            kw[key] = checker.choice(at, "none" if value is None else value, (*SHEET_NAMES, "none"))
        elif key == "n_up":
            try:
                parse_n_up(str(value))
            except ValueError as exc:
                raise checker.fail(at, str(exc)) from None
            kw[key] = str(value).lower()
        elif key == "crop_marks":
            kw[key] = checker.choice(at, value, CROP_MARKS)
        elif key == "duplex":
            kw[key] = checker.choice(at, value, DUPLEX_FLIPS)
        elif key == "manual_duplex":
            kw[key] = checker.flag(at, value)
        elif key == "impose":
            kw[key] = checker.choice(at, value, IMPOSITIONS)
        elif key == "creep":
            kw[key] = checker.length(at, value)
            if kw[key] > MAX_CREEP:
                raise checker.fail(at, f"creep of {value} is more than 5mm", "about the paper's thickness per sheet")
        elif key == "parts":
            number = checker.number(at, value)  # (first: "2.5e0", text to YAML, is a number too)
            if not number.is_integer():
                raise checker.fail(at, f"expected a whole number of booklets, got {as_written(value)}")
            kw[key] = int(number)
        elif key == "back_offset":
            if not (isinstance(value, list) and len(value) == 2):
                raise checker.fail(at, f"expected [X, Y], e.g. [0.5mm, -1mm], got {as_written(value)}")
            offset = tuple(checker.length(at, v, float("-inf")) for v in value)  # negative is fine
            if max(map(abs, offset)) > MAX_BACK_OFFSET:
                raise checker.fail(at, f"{value} is more than 20mm", "printers shift the back by a millimetre or two")
            kw[key] = offset
    origins = tuple((key, *checker.origin(("print", key))) for key in kw)
    return PrintSettings(**kw, origins=origins)


def booklet_start(checker) -> str:
    """``booklet.start``: each exercise from a new page, or flowing on after the last."""
    raw = checker.get("booklet")
    return checker.choice(("booklet", "start"), raw.get("start", "new-page"), BOOKLET_STARTS)
