"""Text that went through a wrong decoding once ("Â¾" for "¾", "â€™" for "’") → the text meant.

UTF-8 bytes read as Windows-1252 (or Latin-1) turn each non-ASCII character into two or three
characters: a lead byte's letter (Â, Ã, â, ...) followed by continuation bytes' letters. The
repair encodes the text back the wrong way and decodes it as UTF-8. It is applied only where
that is unambiguous: the round trip must succeed over the whole text (a text that also holds a
correct "é" fails it and is left alone) and must leave fewer suspicious pairs than before.
"""

from __future__ import annotations

import re

# a UTF-8 lead byte read as cp1252/latin-1, followed by a continuation byte read the same way
# (0x80-0xBF: cp1252 gives € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ, latin-1 C1 codes, then  -¿)
_CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014" \
                "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
SUSPICIOUS = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
_WRONG_DECODINGS = ("cp1252", "latin-1")


def repair(text: str) -> str | None:
    """The text as meant, or None when nothing needs repair or the repair is not certain."""
    before = len(SUSPICIOUS.findall(text))
    if not before:
        return None
    for encoding in _WRONG_DECODINGS:
        try:
            fixed = text.encode(encoding).decode("utf-8")
        except UnicodeError:  # not a clean round trip: some of the text was right already
            continue
        if len(SUSPICIOUS.findall(fixed)) < before and fixed != text:
            return fixed
    return None


def garbled(text: str) -> tuple[str, str] | None:
    """For text that needs repair: an excerpt round its first garbled pair, and the same excerpt
    as most likely meant (for a warning); None otherwise."""
    meant = repair(text)
    if meant is None:
        return None
    wrong = SUSPICIOUS.search(text)
    start, end = max(wrong.start() - 12, 0), wrong.end() + 12
    return text[start:end], meant[start:end - len(text) + len(meant)]


def repair_strings(value: object, path: tuple = ()) -> tuple[object, list[tuple[tuple, str, str]]]:
    """``value`` (JSON: strings, lists, mappings) with every repairable string repaired, and
    (path, before, after) for each repair, so each can be reported."""
    if isinstance(value, str):
        fixed = repair(value)
        return (value, []) if fixed is None else (fixed, [(path, value, fixed)])
    repairs: list[tuple[tuple, str, str]] = []
    if isinstance(value, list):
        out = []
        for i, item in enumerate(value):
            item, found = repair_strings(item, path + (i,))
            out.append(item)
            repairs += found
        return out, repairs
    if isinstance(value, dict):
        mapped = {}
        for key, item in value.items():
            mapped[key], found = repair_strings(item, path + (key,))
            repairs += found
        return mapped, repairs
    return value, repairs


def describe(before: str, after: str) -> str:
    """The changed characters, as 'Â¾ → ¾, â€™ → ’' (the pairs found, not the whole text)."""
    pieces = []
    for match in re.finditer(f"(?:{SUSPICIOUS.pattern}[{_CONTINUATION}]?)+", before):
        wrong = match.group()
        try:
            right = wrong.encode("cp1252").decode("utf-8")
        except UnicodeError:
            right = wrong.encode("latin-1", "replace").decode("utf-8", "replace")
        pieces.append(f"'{wrong}' → '{right}'")
    return ", ".join(dict.fromkeys(pieces)) or f"'{before[:40]}' → '{after[:40]}'"
