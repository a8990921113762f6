"""A dose written in words, as a physio or coach types it in a document ("3 sets x 12 reps,
rest 60 s"; "2 x 30 s hold, twice daily"), read into the prescription's fields.

Takes one line of text; gives the fields it names (``sets``, ``reps``, ``hold``, ``rest``,
``tempo``, ``frequency``, ``load``: the keys of ``model.PRESCRIPTION_KEYS``), or None when any
part of the line is not a dose: the caller then keeps the line as it was written, so no word
is lost to a guess. Parts are parted by commas, semicolons, " · " or " and "; each part must be
read whole.
"""

from __future__ import annotations

import re

_NUMBER = r"\d+(?:\s*[-–]\s*\d+)?"  # 12, 8-12
_SECONDS = rf"{_NUMBER}\s*(?:s|sec|secs|seconds?|min|mins|minutes?)\b\.?"
_SIDE = r"(?:\s+(?:each|per)\s+(?:side|leg|arm))?"
_TIMES = r"(?:x|×|\*|of)"

_PARTS = (  # each part is matched whole; its named groups are the fields it gives
    rf"(?P<sets>{_NUMBER})\s*(?:sets?\s*)?{_TIMES}\s*(?P<hold>{_SECONDS})\s*(?:holds?)?{_SIDE}",
    rf"(?P<sets>{_NUMBER})\s*(?:sets?\s*)?{_TIMES}\s*(?P<reps>{_NUMBER}(?:\s*(?:reps?|repetitions?))?{_SIDE})",
    rf"(?P<sets>{_NUMBER})\s*sets?",
    rf"(?P<reps>{_NUMBER}\s*(?:reps?|repetitions?){_SIDE})",
    rf"(?:rest|pause|recovery)\s*(?:for\s+)?(?P<rest>{_SECONDS})(?:\s*between\s+sets)?",
    rf"(?P<rest>{_SECONDS})\s*(?:rest|pause|recovery)(?:\s*between\s+sets)?",
    rf"(?:hold|holding)\s*(?:for\s+|each\s+for\s+)?(?P<hold>{_SECONDS}){_SIDE}",
    rf"(?P<hold>{_SECONDS})\s*holds?{_SIDE}",
    r"tempo\s*(?P<tempo>\d(?:\s*[-–/]\s*[\dx]){2,3})",
    r"(?P<frequency>(?:once|twice|\d+\s*(?:x|×|times))\s*(?:a|per|each|/)\s*(?:day|week)|(?:once|twice|three times)?\s*daily"
    r"|every\s+(?:day|other\s+day)|(?:once|twice|\d+\s*(?:x|×|times))\s+daily)",
    r"(?:with|at|load|weight)\s*:?\s*(?P<load>\d+(?:[.,]\d+)?\s*(?:kg|lb|lbs)\b\.?)",
    r"(?P<load>\d+(?:[.,]\d+)?\s*(?:kg|lb|lbs))\b\.?",
)
_COMPILED = tuple(re.compile(p, re.IGNORECASE) for p in _PARTS)
_SPLIT = re.compile(r"\s*(?:[,;·]|\band\b)\s*", re.IGNORECASE)

# what a document calls the line that holds a dose, and the one field a bare value goes to
LABELS = {"dosage": None, "dose": None, "prescription": None, "sets and reps": None, "sets/reps": None,
          "sets & reps": None, "volume": None, "sets": "sets", "reps": "reps", "repetitions": "reps",
          "rest": "rest", "hold": "hold", "tempo": "tempo", "frequency": "frequency", "load": "load",
          "weight": "load"}


def read_dose(text: str, field: str | None = None) -> dict[str, str] | None:
    """The prescription fields ``text`` names, or None when a part of it is not a dose.
    ``field``: the one field a bare value ("3", "60 s") goes to (the line's label said which)."""
    text = text.strip().rstrip(".").strip()
    if not text:
        return None
    if field is not None and re.fullmatch(rf"{_NUMBER}|{_SECONDS}", text, re.IGNORECASE):
        return {field: _tidy(text)}
    found: dict[str, str] = {}
    for part in (p for p in _SPLIT.split(text) if p):
        fields = _part(part)
        if fields is None or set(fields) & set(found):
            return None  # not a dose, or a field said twice: kept as written
        found |= fields
    return found or None


def _part(part: str) -> dict[str, str] | None:
    for pattern in _COMPILED:
        match = pattern.fullmatch(part.strip())
        if match:
            return {k: _tidy(v) for k, v in match.groupdict().items() if v}
    return None


def _tidy(value: str) -> str:
    """A value as the card prints it: "12 reps" → "12" (the card says what it counts),
    "60 seconds" → "60 s", "8 - 12" → "8-12"."""
    value = re.sub(r"\s*([-–])\s*", r"\1", value.strip().rstrip("."))
    value = re.sub(r"\s*(?:reps?|repetitions?)\b", "", value, flags=re.IGNORECASE)
    value = re.sub(r"\s*(?:s|sec|secs|seconds?)$", " s", value, flags=re.IGNORECASE)
    value = re.sub(r"\s*(?:min|mins|minutes?)$", " min", value, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", value).strip()
