"""A document's lines that name a field ("Level: beginner", "Equipment: mat, band", "Dosage: 3 x
12, rest 60 s", "Reps: 10 each side") read into the exercise's fields.

``label_of`` tells such a line: its label in ``text_words.FIELD_LABELS`` or
``dose_words.LABELS``, and a value shaped like one (``_value_like``): "Level: keep your hips
level throughout" is a sentence, not a level. ``read_fields`` takes those lines and the lines
of a Dosage section, each with its line number, reads them in line order, and gives the
fields they name (each the first time it is said), the lines it could not wholly use (the
caller keeps them in the description, as written), and a warning for each of those: a card
layout that prints no description would otherwise drop a dose without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cardmaker.errors import CardmakerError
from cardmaker.load.dose_words import LABELS as DOSE_LABELS
from cardmaker.load.dose_words import field_value, read_dose
from cardmaker.load.text_words import AND, FIELD_LABELS, LIST_FIELDS, NOTHING

_LABELLED = re.compile(r"^([^\W\d_][\w /&.'’-]{0,24}?)\s*:\s*(\S.*)$")
SHORT_WORDS = 3  # a value without a digit is a field's at most this long (an item of a list: one more)
NUMBERED_WORDS = 6  # a value with a number in it, at most this long ("30 s, then release slowly")
DOSE_HINT = ("write it as '3 sets x 12 reps, rest 60 s' (also hold 30 s, tempo 3-1-1, twice daily, 8 kg), "
             "or a line a value such as 'Reps: to fatigue'")


def label_of(line: str) -> tuple[str, str] | None:
    """(label, value) of a line that names a field; None for any other line."""
    match = _LABELLED.match(line.strip())
    if not match:
        return None
    label, value = re.sub(r"\s+", " ", match.group(1).strip().casefold()), match.group(2).strip()
    if label in FIELD_LABELS:
        return (label, value) if _value_like(value, FIELD_LABELS[label]) else None
    if label in DOSE_LABELS:
        return (label, value) if DOSE_LABELS[label] is None or _value_like(value, DOSE_LABELS[label]) else None
    return None


def _value_like(value: str, key: str) -> bool:
    """Whether ``value`` reads as the field's value, not a sentence that starts with its name:
    a few words, a few more with a number in them, each item of a list a few words."""
    if key in LIST_FIELDS:
        return all(len(item.split()) <= SHORT_WORDS + 1 for item in items(value))
    words = len(value.split())
    return words <= SHORT_WORDS or (words <= NUMBERED_WORDS and any(ch.isdigit() for ch in value))


def items(value: str) -> list[str]:
    """A list's items: parted by commas, semicolons, "and"/"und" or "&", never inside brackets
    ("rotator cuff (supraspinatus, infraspinatus)" is one)."""
    out, depth, start = [], 0, 0
    for match in re.finditer(r"[(\[]|[)\]]|" + AND.pattern, value, re.IGNORECASE):
        text = match.group()
        if text in "([":
            depth += 1
        elif text in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(value[start:match.start()])
            start = match.end()
    out.append(value[start:])
    return [item.strip().rstrip(".") for item in out if item.strip().rstrip(".")]


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
    each, in words), read in line order; each field as it is first said."""
    out = Fields()
    lines = sorted([(no, line, True) for no, line in labelled] + [(no, line, False) for no, line in dose_lines])
    for no, line, is_labelled in lines:
        if not is_labelled:
            _add_dose(out, no, line, read_dose(line))
            continue
        label, value = label_of(line)
        if label in DOSE_LABELS:
            one = DOSE_LABELS[label]
            _add_dose(out, no, line, {one: field_value(value, one)} if one else read_dose(value))
            continue
        key = FIELD_LABELS[label]
        listed = [v for v in items(value) if v.casefold() not in NOTHING]
        if key in out.values:
            out.keep(no, line, f"gives the {key} a second time", "keep one of the lines")
        elif key not in LIST_FIELDS:
            out.values[key] = value.rstrip(".")
        elif listed:
            out.values[key] = listed
    return out


def _add_dose(out: Fields, no: int, line: str, dose: dict[str, str] | None) -> None:
    """The dose's fields added; a field said before with another value keeps its first, and
    the line is kept as written too, with a warning naming the field."""
    if dose is None:
        out.keep(no, line, "is not a dose cardmaker can read", DOSE_HINT)
        return
    given = out.values.setdefault("prescription", {})
    clash = sorted(k for k, v in dose.items() if k in given and given[k] != v)
    given.update({k: v for k, v in dose.items() if k not in given})
    if clash:
        said = ", ".join(f"{k} {given[k]!r}" for k in clash)
        out.keep(no, line, f"gives the {' and '.join(clash)} a second time (the first kept: {said})",
                 "keep one of the lines")
