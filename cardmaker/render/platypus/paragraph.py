"""reportlab's Paragraph, with its markup parsed once per text instead of once per trial.

Shrink-to-fit sets the same texts at several sizes, and parsing (reportlab's HTML-based
parser) is a seventh of a layout. The parse depends on the text and the style's font and
colour, not on its size, so the fragments are kept per text and style family and copied with
the new size. Markup is ours (escaped text, font runs, <b>, <br/>), never the user's.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText


class Paragraph(_Paragraph):
    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is None and not bulletText and cleaner is cleanBlockQuotedText:
            size = style.fontSize
            parsed = _parsed(text, style)
            base = parsed[0].fontSize if parsed else size
            # exactly ``size`` for the usual frags, so the bytes do not depend on which size was seen first
            frags = [f.clone(fontSize=size if f.fontSize == base else f.fontSize * size / base) for f in parsed]
            text = cleaner(text)
        super()._setup(text, style, bulletText, frags, cleaner)


_PARSED: dict[tuple, tuple] = {}
_LIMIT = 1024  # texts kept per process: enough for the trials of a card, bounded for a batch


def _parsed(text: str, style) -> tuple:
    """Fragments of ``text`` as parsed with the first style seen of its family (same font,
    colour and case transform; the size, which may differ, is not part of the key)."""
    key = (text, style.fontName, repr(style.textColor), style.textTransform or "")  # repr tells CMYK blacks apart
    frags = _PARSED.get(key)
    if frags is None:
        if len(_PARSED) >= _LIMIT:
            _PARSED.clear()
        frags = _PARSED[key] = tuple(_Paragraph(text, style).frags)
    return frags
