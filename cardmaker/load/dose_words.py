"""A dose written in words, as a physio or coach types it in a document ("3 sets x 12 reps,
rest 60 s"; "2 x 30 s hold each side, twice daily"; "3 Sätze à 12 Wdh., 60 s Pause"), read into
the prescription's fields.

``read_dose`` takes one line of text and gives the fields it names (``sets``, ``reps``,
``hold``, ``rest``, ``tempo``, ``frequency``, ``load``: the keys of ``model.PRESCRIPTION_KEYS``),
or None when any part of the line is not a dose: the caller then keeps the line as it was
written, so no word is lost to a guess. Parts are parted by commas, semicolons, " · ", " and "
or " und "; each part must be read whole. ``field_value`` takes the value of a line whose label
names one field ("Reps: 10 each side") and gives it as the card prints it.
"""

from __future__ import annotations

import re

_NUMBER = r"\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?"  # 12, 8-12, 1,5
_UNIT_S = r"(?:s|sec|secs|seconds?|sek|sekunden)"
_UNIT_MIN = r"(?:min|mins|minutes?|minuten)"
_SECONDS = rf"{_NUMBER}\s*(?:{_UNIT_S}|{_UNIT_MIN})\b\.?"
_SIDE = r"(?:\s+(?:on\s+)?(?:each|per|je|pro)\s+(?:side|leg|arm|seite|bein|arm))?"
_TIMES = r"(?:x|×|\*|of|à)"
_SETS_WORD = r"(?:sets?|sätze|satz)"
_REPS_WORD = r"(?:reps?|repetitions?|wiederholungen|wdh\.?)"
_REST_WORD = r"(?:rest|pause|recovery|erholung)"
_HOLD_WORD = r"(?:hold|holding|halten)"
_OFTEN = r"(?:once|twice|\d+\s*(?:x|×|times|mal))"

_PARTS = (  # each part is matched whole; its named groups are the fields it gives
    rf"(?P<sets>{_NUMBER})\s*(?:{_SETS_WORD}\s*)?{_TIMES}\s*(?P<hold>{_SECONDS}(?:\s*{_HOLD_WORD}s?)?{_SIDE})",
    rf"(?P<sets>{_NUMBER})\s*(?:{_SETS_WORD}\s*)?{_TIMES}\s*(?P<reps>(?:{_NUMBER}|amrap)(?:\s*{_REPS_WORD})?{_SIDE})",
    rf"(?P<sets>{_NUMBER})\s*{_SETS_WORD}",
    rf"(?P<reps>{_NUMBER}\s*{_REPS_WORD}{_SIDE})",
    rf"{_REST_WORD}\s*(?:for\s+)?(?P<rest>{_SECONDS})(?:\s*between\s+sets)?",
    rf"(?P<rest>{_SECONDS})\s*{_REST_WORD}(?:\s*between\s+sets)?",
    rf"{_HOLD_WORD}\s*(?:for\s+|each\s+for\s+)?(?P<hold>{_SECONDS}{_SIDE})",
    rf"(?P<hold>{_SECONDS}\s*{_HOLD_WORD}s?{_SIDE})",
    r"tempo\s*(?P<tempo>\d(?:\s*[-–/]\s*[\dx]){2,3})",
    rf"(?P<frequency>{_OFTEN}\s*(?:a|per|each|/|pro)\s*(?:day|week|tag|woche)|(?:once|twice|three times)?\s*daily"
    rf"|every\s+(?:day|other\s+day)|{_OFTEN}\s+daily|\d+\s*days?\s*(?:a|per)\s*week|(?:{_OFTEN}\s*)?täglich"
    rf"|jeden\s+tag)",
    r"(?:with|at|load|weight|mit|@)\s*:?\s*(?P<load>\d+(?:[.,]\d+)?\s*(?:kg|lb|lbs)\b\.?)",
    r"(?P<load>\d+(?:[.,]\d+)?\s*(?:kg|lb|lbs))\b\.?",
)
_COMPILED = tuple(re.compile(p, re.IGNORECASE) for p in _PARTS)
_SPLIT = re.compile(r"\s*(?:[;·]|,(?!\d)|\band\b|\bund\b)\s*", re.IGNORECASE)  # not a decimal comma
_AT_LOAD = re.compile(r"\s*@\s*(?=\d)")  # "3x12 @ 20 kg": the load a part of its own

# what a document calls a line that holds a dose: None for the whole dose, else the one field
LABELS = {"dosage": None, "dose": None, "prescription": None, "sets and reps": None, "sets/reps": None,
          "sets & reps": None, "volume": None, "dosierung": None, "dosis": None, "belastung": None,
          "sets": "sets", "reps": "reps", "repetitions": "reps", "rest": "rest", "hold": "hold", "tempo": "tempo",
          "frequency": "frequency", "load": "load", "weight": "load",
          "sätze": "sets", "wiederholungen": "reps", "wdh": "reps", "wdh.": "reps", "pause": "rest",
          "halten": "hold", "haltezeit": "hold", "häufigkeit": "frequency", "gewicht": "load"}


def read_dose(text: str) -> dict[str, str] | None:
    """The prescription fields ``text`` names, or None when a part of it is not a dose (or
    names a field twice)."""
    text = _AT_LOAD.sub(", at ", text.strip().rstrip(".").strip())
    if not text:
        return None
    found: dict[str, str] = {}
    for part in (p for p in _SPLIT.split(text) if p):
        fields = _part(part)
        if fields is None or set(fields) & set(found):
            return None
        found |= fields
    return found or None


def field_value(value: str, field: str) -> str:
    """The value of a line whose label names its ``field`` ("Reps: 10 each side", "Hold: 30
    seconds"), as the card prints it: taken as written, its units tidied."""
    return _tidy(value, hold=field == "hold")


def _part(part: str) -> dict[str, str] | None:
    for pattern in _COMPILED:
        match = pattern.fullmatch(part.strip())
        if match:
            return {k: _tidy(v, hold=k == "hold") for k, v in match.groupdict().items() if v}
    return None


def _tidy(value: str, hold: bool = False) -> str:
    """A value as the card prints it: "12 reps" → "12" (the card says what it counts),
    "60 seconds" → "60 s", "2 minutes" → "2 min", "8-12"; a unit word only right after its
    number; with ``hold``, "30 s hold" → "30 s"."""
    value = re.sub(r"(?<=\d)\s*([-–])\s*(?=\d)", r"\1", value.strip().rstrip("."))
    value = re.sub(rf"(?<=\d)\s*{_UNIT_MIN}\b\.?", " min", value, flags=re.IGNORECASE)
    value = re.sub(rf"(?<=\d)\s*{_UNIT_S}\b\.?", " s", value, flags=re.IGNORECASE)
    value = re.sub(rf"(?<=\d)\s*{_REPS_WORD}(?=[\s,;]|$)", "", value, flags=re.IGNORECASE)  # right after its number
    if hold:  # a hold read from a dose: "30 s hold each side" is "30 s each side"
        value = re.sub(rf"(\d (?:s|min))\s+{_HOLD_WORD}s?\b", r"\1", value, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", value).strip()
