"""File names under any locale: exercise files are UTF-8, the file system may not be.

Under a non-UTF-8 locale (say ISO-8859-1) Python spells file names in that encoding, which
cannot hold a Greek exercise id, and spells "Bild ø.png" with other bytes than the UTF-8 ones
a UTF-8 machine wrote. Names are then tried in their UTF-8 bytes too, so no card is lost
and no picture goes "missing".
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path


def on_disk(name: str) -> str:
    """``name`` as the file system will store it: as it is where the locale can spell it,
    else in its UTF-8 bytes (which every UTF-8 system shows as ``name``)."""
    try:
        os.fsencode(name)
        return name
    except UnicodeError:
        return _utf8_bytes(name)


def find_on_disk(path: Path) -> Path:
    """``path``; or the same name in the other Unicode normal form (NFD, as macOS writes names)
    when only that exists; or in UTF-8 bytes when only that exists (a file a UTF-8 machine
    named under another locale) or when the locale cannot spell ``path`` at all."""
    if _exists(path):
        return path
    for form in ("NFC", "NFD"):  # a name a Mac wrote is decomposed (NFD); exercise text is NFC
        other = path.parent / unicodedata.normalize(form, path.name)
        if other != path and _exists(other):
            return other
    other = Path(on_disk(str(path)))
    if other != path:
        return other  # the locale cannot spell it: only the UTF-8 bytes can exist
    other = Path(_utf8_bytes(str(path)))
    return other if _exists(other) else path


def _utf8_bytes(name: str) -> str:
    return os.fsdecode(name.encode("utf-8", "surrogateescape"))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # UnicodeEncodeError is a ValueError
        return False
