"""Exercise ids derived from names: stable, file-name safe, readable."""

from __future__ import annotations

import re
import unicodedata

_TRANSLIT = str.maketrans({"ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE",
                           "đ": "d", "Đ": "D", "þ": "th", "œ": "oe", "Œ": "OE"})


def slugify(name: str) -> str:
    """``'Ćwiczenie: Plank (60 s)'`` → ``'cwiczenie-plank-60-s'``.

    Accents are stripped so ids work as file names everywhere; scripts without a Latin
    form (Greek, Cyrillic, CJK) keep their letters rather than collapsing to nothing.
    """
    text = unicodedata.normalize("NFKD", name.translate(_TRANSLIT))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return re.sub(r"-{2,}", "-", text) or "exercise"
