"""Exercise ids derived from names: stable, file-name safe, readable."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_LENGTH = 80

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
    text = re.sub(r"-{2,}", "-", text) or "exercise"
    if len(text) > MAX_LENGTH:  # file names have limits; a hash keeps long names distinct
        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        text = text[:MAX_LENGTH].rsplit("-", 1)[0][:MAX_LENGTH] + "-" + digest
    return text
