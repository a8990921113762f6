"""A document's lines that name a field ("Level: beginner", "Equipment: mat, band", "Dosage: 3 x
12, rest 60 s", "Reps: 10 each side") read into the exercise's fields.

``label_of`` tells such a line (its label in ``text_words.FIELD_LABELS`` or
``dose_words.LABELS``). ``read_fields`` takes those lines and the lines of a Dosage section, each
with its line number, and gives the fields they name, the lines it could not read (the caller
keeps them in the description, as written), and a warning for each of those: a card layout that
prints no description would otherwise drop a dose without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cardmaker.errors import CardmakerError
from cardmaker.load.dose_words import LABELS as DOSE_LABELS
from cardmaker.load.dose_words import field_value, read_dose
from cardmaker.load.text_words import AND, FIELD_LABELS, LIST_FIELDS, NOTHING

_LABELLED = re.compile(r"^([^\W\d_][\w /&.'’-]{0,24}?)\s*:\s*(\S.*)$")
DOSE_HINT = ("write it as '3 sets x 12 reps, rest 60 s' (also hold 30 s, tempo 3-1-1, twice daily, 8 kg), "
             "or a line a value such as 'Reps: to fatigue'")


def label_of(line: str) -> tuple[str, str] | None:
    """(label, value) of a line that names a field; None for any other line."""
    match = _LABELLED.match(line.strip())
    if not match:
        return None
    label = re.sub(r"\s+", " ", match.group(1).strip().casefold())
    return (label, match.group(2).strip()) if label in FIELD_LABELS or label in DOSE_LABELS else None


@dataclass
class Fields:
    """What the labelled lines gave: the fields, the lines kept as written, and why."""

    values: dict = field(default_factory=dict)
    unread: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[CardmakerError] = field(default_factory=list)

    def keep(self, no: int, line: str, message: str, hint: str) -> None:
        self.unread.append((no, line))
        self.warnings.append(CardmakerError(f"'{line.strip()}' {message}: kept in the description, which "
                                            f"most card layouts do not print", line=no, hint=hint))


def read_fields(labelled: list[tuple[int, str]], dose_lines: list[tuple[int, str]]) -> Fields:
    """The fields of ``labelled`` lines ("Label: value") and of a Dosage section's lines (a dose
    each, in words); each field said once (the first time)."""
    out = Fields()
    for no, line in labelled:
        label, value = label_of(line)
        if label in FIELD_LABELS:
            key = FIELD_LABELS[label]
            if key in out.values:
                out.keep(no, line, f"gives the {key} a second time", "keep one of the lines")
                continue
            items = [v.strip().rstrip(".") for v in AND.split(value) if v.strip()]
            listed = [v for v in items if v.casefold() not in NOTHING]
            if key not in LIST_FIELDS:
                out.values[key] = value.rstrip(".")
            elif listed:
                out.values[key] = listed
        else:
            one = DOSE_LABELS[label]
            _add_dose(out, no, line, {one: field_value(value)} if one else read_dose(value))
    for no, line in dose_lines:
        _add_dose(out, no, line, read_dose(line))
    return out


def _add_dose(out: Fields, no: int, line: str, dose: dict[str, str] | None) -> None:
    given = out.values.setdefault("prescription", {})
    if dose is None:
        out.keep(no, line, "is not a dose cardmaker can read", DOSE_HINT)
    elif set(dose) & set(given):
        twice = ", ".join(sorted(set(dose) & set(given)))
        out.keep(no, line, f"gives the {twice} a second time", "keep one of the lines")
    else:
        given.update(dose)
    if not given:
        del out.values["prescription"]
