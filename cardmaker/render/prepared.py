"""Display-list pages → prepared pages: plain tuples, cheap to send between processes.

A PDF is one stream, so its pages are written in one process, in order; everything that does
not need that process's document is done before (in the worker that laid a combined file's card
out, or in line for a one-card PDF and a booklet's pages). ``prepare`` takes a card's ``Page``s
and gives, per page, ``(width, height, trim, items, tags)``, where each item is

- a ``str``: content-stream operators ready to append (rectangles, circles, lines, QR modules,
  formatted by ``render.replay``'s drawing functions);
- a ``tuple``: a text object's runs from ``text_stream.prepare_text`` (subset codes are per
  document, so the document chooses them: ``text_stream.write_text``);
- a display-list operation (picture, link, anchor, form): the document places it.

Marked content (the tags, ``render.structure``) is numbered per page, so it is written here too:
the operators are in the strings, and a prepared page ends with the tag of each MCID.
``one_pdf.Document.add_prepared`` writes a prepared page. Tuples of strings and floats pickle
several times faster than the frozen dataclasses of the display list.
"""

from __future__ import annotations

from typing import Iterable

from cardmaker.render.replay import DRAW, UNMARKED
from cardmaker.render.structure import Marks
from cardmaker.render.text_stream import prepare_text
from cardmaker.typeset import display as d

PreparedPage = tuple  # (width, height, trim or None, items, tags by MCID)

_FORMATTED = (d.Rect, d.RoundRect, d.Circle, d.Line, d.QRModules, d.Empty)  # drawn without the document


def prepare(pages: Iterable[d.Page]) -> tuple[PreparedPage, ...]:
    """Each page with all it can be without the document: see the module's docstring."""
    return tuple(prepare_page(page) for page in pages)


def prepare_page(page: d.Page) -> PreparedPage:
    """One page as a prepared page; runs of consecutive glyph runs of one element share one
    text object, and what each operation draws is marked content of its element (an artifact
    when it has none: shapes never do)."""
    items: list = []
    shapes: list[str] = []
    marks = Marks()
    ops, i, n = page.ops, 0, len(page.ops)
    while i < n:
        op = ops[i]
        kind = type(op)
        if kind is d.GlyphRun:
            tag = op.tag
            j = i + 1
            while j < n and type(ops[j]) is d.GlyphRun and ops[j].tag is tag:
                j += 1
            marks.switch(tag, shapes)
            _flush(shapes, items)
            items.append(prepare_text(ops[i:j]))
            i = j
            continue
        if kind not in UNMARKED:
            marks.switch(getattr(op, "tag", None), shapes, op)
        if kind in _FORMATTED:
            DRAW[kind](op, None, shapes)
        else:
            _flush(shapes, items)
            items.append(op)
        i += 1
    marks.end(shapes)
    _flush(shapes, items)
    return (page.width, page.height, page.trim, tuple(items), tuple(marks.tags))


def _flush(shapes: list[str], items: list) -> None:
    """Consecutive operators as one string (the page's stream joins its parts with newlines anyway)."""
    if shapes:
        items.append("\n".join(shapes))
        shapes.clear()
