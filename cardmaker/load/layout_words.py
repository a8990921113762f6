"""The layout's own words: ``labels:`` (the words it prints itself: 'sets' → 'Sätze') and
``terms:`` (the data's words as it prints them: 'strength' → 'Kraft').

Kept apart from the page and text checks in ``layout_check``; each takes the checker and gives
pairs (hashable, as the ``Layout`` keeps them).
"""

from __future__ import annotations

import unicodedata

from cardmaker.errors import did_you_mean
from cardmaker.load.shapes import LABEL_KEYS


def labels(checker) -> tuple[tuple[str, str], ...]:
    """``labels:``: each a known word (``LABEL_KEYS``) and its translation."""
    raw = _mapping(checker, "labels", "a mapping of word: translation")
    for key in raw:
        if key not in LABEL_KEYS:
            raise checker.fail(("labels", key), f"unknown label '{key}'", did_you_mean(str(key), LABEL_KEYS))
    return tuple((str(k), checker.text(("labels", k), v)) for k, v in raw.items())


def terms(checker) -> tuple[tuple[str, str], ...]:
    """``terms:``: any word of the data (a category, level, piece of equipment or muscle) and
    the word printed for it, the key matched whole in any case (casefolded here)."""
    raw = _mapping(checker, "terms", "a mapping of the data's word: the word printed, such as 'strength: Kraft'")
    out: dict[str, str] = {}
    spelt: dict[str, object] = {}  # each term's key as written, to tell which file named it
    for key, value in raw.items():
        if isinstance(key, bool) or not isinstance(key, (str, int, float)) or not str(key).strip():
            raise checker.fail(("terms",), f"expected a word as the key, got {key!r}")
        word = checker.text(("terms", key), value)
        if not word.strip():
            raise checker.fail(("terms", key), "the word printed is empty", f"write what to print for '{key}'")
        folded = unicodedata.normalize("NFC", str(key)).strip().casefold()
        if folded in out and checker.origin(("terms", key))[0] == checker.origin(("terms", spelt[folded]))[0]:
            raise checker.fail(("terms", key), f"'{key}' is named twice (terms match in any case)",
                               "keep one of them")
        out[folded], spelt[folded] = word, key  # a layout's own term over its parent's, in any case
    return tuple(out.items())


def _mapping(checker, key: str, what: str) -> dict:
    raw = checker.data.get(key, {}) or {}
    if not isinstance(raw, dict):
        raise checker.fail((key,), f"expected {what}")
    return raw
