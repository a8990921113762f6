"""Plain text from exercise files → reportlab Paragraph markup that prints it literally.

reportlab's Paragraph parses a small XML dialect (<b>, <img src=...>, <a href=...>, &entities;).
Exercise text is never markup: escaping here is what keeps ``<b>`` and ``&nbsp`` printing as
written and stops a tag in a file from reading another file. Characters the main font lacks
are switched to the fallback font; a character no bundled font has is an error naming the field,
because reportlab would otherwise drop it without a word.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from cardmaker.errors import RenderError
from cardmaker.render.fonts import BOLD, FALLBACK, ITALIC, REGULAR, coverage


@cache
def _main() -> frozenset[int]:
    return coverage(REGULAR) & coverage(BOLD) & coverage(ITALIC)


def plain(text: str, field: str | None = None) -> str:
    """Escape ``& < >`` so the text is shown exactly as given; route missing glyphs to the fallback."""
    main, out, run = _main(), [], []
    for ch in text:
        code = ord(ch)
        if code in main or ch == "\n":
            if run:
                out.append(f'<font name="{FALLBACK}">{escape("".join(run))}</font>')
                run = []
            out.append(escape(ch) if ch != "\n" else "<br/>")
        elif code in coverage(FALLBACK):
            run.append(ch)
        else:
            name = unicodedata.name(ch, "unnamed character")
            raise RenderError(f"character '{ch}' (U+{code:04X} {name}) is not in the bundled fonts",
                              field=field, hint="replace it, or use a layout font that has it")
    if run:
        out.append(f'<font name="{FALLBACK}">{escape("".join(run))}</font>')
    return "".join(out)


def bold(text: str, field: str | None = None) -> str:
    return f"<b>{plain(text, field)}</b>"
