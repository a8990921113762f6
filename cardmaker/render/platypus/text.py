"""Plain text from exercise files → reportlab Paragraph markup that prints it literally.

reportlab's Paragraph parses a small XML dialect (<b>, <img src=...>, <a href=...>, &entities;).
Exercise text is never markup: escaping here is what keeps ``<b>`` and ``&nbsp`` printing as
written and stops a tag in a file from reading another file. Characters the main font lacks
are switched to the first fallback font that has them; a character no font has is an error
naming the field, because reportlab would otherwise drop it without a word.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from cardmaker.errors import RenderError
from cardmaker.style.fonts import BUNDLED, FontSet, coverage
from cardmaker.scripts import RIGHT_TO_LEFT_HINT, first_right_to_left, right_to_left_problem


@cache
def _main(fonts: FontSet) -> frozenset[int]:
    return coverage(fonts.regular) & coverage(fonts.bold) & coverage(fonts.italic)


@cache
def _main_chars(fonts: FontSet) -> frozenset[str]:
    return frozenset(map(chr, _main(fonts)))


def plain(text: str, field: str | None = None, fonts: FontSet = BUNDLED) -> str:
    """Escape ``& < >`` so the text is shown exactly as given; route missing glyphs to fallbacks."""
    rtl = first_right_to_left(text)
    if rtl is not None:  # the last guard, for words no loader checked (e.g. a booklet's --title)
        raise RenderError(right_to_left_problem(rtl), field=field, hint=RIGHT_TO_LEFT_HINT)
    try:
        return _markup(text, fonts)
    except _Missing as missing:
        ch = missing.args[0]
        name = unicodedata.name(ch, "unnamed character")
        raise RenderError(f"character '{ch}' (U+{ord(ch):04X} {name}) is in none of the layout's fonts",
                          field=field, hint="replace it, or use a layout font that has it") from None


class _Missing(Exception):
    """A character no font has (carries the character)."""


@lru_cache(maxsize=1024)  # every fitting trial of a card sets the same texts again
def _markup(text: str, fonts: FontSet) -> str:
    if "\n" not in text and _main_chars(fonts).issuperset(text):
        return escape(text)  # the usual case, all in the main font: one set comparison
    main, out = _main(fonts), []
    run: list[str] = []
    run_font: str | None = None

    def flush() -> None:
        if run:
            text = escape("".join(run))
            out.append(f'<font name="{run_font}">{text}</font>' if run_font else text)
            run.clear()

    for ch in text:
        code = ord(ch)
        if ch == "\n":
            flush()
            out.append("<br/>")
            continue
        font = None if code in main else next((f for f in fonts.fallbacks if code in coverage(f)), "")
        if font == "":
            raise _Missing(ch)
        if font != run_font:
            flush()
            run_font = font
        run.append(ch)
    flush()
    return "".join(out)


def bold(text: str, field: str | None = None, fonts: FontSet = BUNDLED) -> str:
    return f"<b>{plain(text, field, fonts)}</b>"
