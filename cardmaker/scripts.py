"""Which writing cardmaker can lay out (and which characters are never text). reportlab sets text left to right without shaping, so
right-to-left scripts (Hebrew, Arabic) would print with their letters reversed and unjoined:
such text is refused with a message, wherever it comes from, instead of printed wrong."""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never text (tab and line ends aside): an error
RIGHT_TO_LEFT = ("R", "AL")  # Unicode bidirectional classes: Hebrew-like and Arabic-like letters
# Every character of those classes lies in these blocks (tests/test_text_checks.py checks all code
# points): Hebrew to Arabic Extended, the right-to-left mark, the Hebrew and Arabic presentation
# forms, and the right-to-left ranges of plane 1. One search rules out almost every text at C speed.
MAYBE_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff"
                                 "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def first_right_to_left(text: str) -> str | None:
    """The first character of ``text`` written right to left, or None (the usual case: one search)."""
    maybe = MAYBE_RIGHT_TO_LEFT.search(text)
    if maybe is None:
        return None
    return next((ch for ch in text[maybe.start():] if unicodedata.bidirectional(ch) in RIGHT_TO_LEFT), None)


def right_to_left_problem(ch: str) -> str:
    script = unicodedata.name(ch, "right-to-left").split()[0].title()
    return f"right-to-left text ({script}, '{ch}' U+{ord(ch):04X}) cannot be laid out correctly by cardmaker yet"


RIGHT_TO_LEFT_HINT = "it would print in the wrong order; use a left-to-right language here"
