"""Display-list pages → prepared pages (plain tuples, cheap to send between processes) → a canvas.

A combined PDF is one stream, so its pages are drawn in one process, in order; everything that
does not need that process's document is done before, in the worker that laid the card out.
``prepare`` takes a card's ``Page``s and gives, per page, ``(width, height, trim, items)``, where
each item is

- a ``str``: content-stream operators ready to append (rectangles, circles, lines, QR modules,
  formatted by ``render.replay``'s own drawing functions);
- a ``tuple``: a text object's runs from ``text_stream.prepare_text`` (subset codes are per
  document, so ``text_stream.write_text`` chooses them where the document is);
- a display-list operation (picture, link, anchor): it needs the canvas, and is drawn there.

Marked content (the tags, ``render.structure``) is numbered per page, so it is written here too:
the operators are in the strings, and a prepared page ends with the tag of each MCID.
``draw_prepared`` replays them onto the canvas: the bytes are those of ``replay.replay`` on the
same pages, which is how a one-process build draws them too. Tuples of strings and floats pickle
several times faster than the frozen dataclasses of the display list.
"""

from __future__ import annotations

from typing import Iterable

from cardmaker.render import reportlab_internals as rl
from cardmaker.render.replay import DRAW, UNMARKED, CanvasSink
from cardmaker.render.structure import Marks
from cardmaker.render.text_stream import prepare_text, write_text
from cardmaker.typeset import display as d

PreparedPage = tuple  # (width, height, trim or None, items, tags by MCID)

_FORMATTED = (d.Rect, d.RoundRect, d.Circle, d.Line, d.QRModules, d.Empty)  # drawn without the canvas


def prepare(pages: Iterable[d.Page]) -> tuple[PreparedPage, ...]:
    """Each page with all it can be without the document: see the module's docstring."""
    return tuple(_prepare_page(page) for page in pages)


def _prepare_page(page: d.Page) -> PreparedPage:
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


def draw_prepared(pages: Iterable[PreparedPage], canvas, tags=None) -> None:
    """Draw each prepared page onto ``canvas`` and end it (the caller saves the canvas); with
    ``tags`` (a ``canvas_tags.CanvasTags``) each page joins its structure tree."""
    doc, sink = rl.document(canvas), CanvasSink(canvas, tags)
    for width, height, trim, items, marked in pages:
        canvas.setPageSize((width, height))
        if trim is not None:  # a page grown by bleed: the printer's boxes
            canvas.setTrimBox(trim)
            canvas.setBleedBox((0, 0, width, height))
        code = rl.content(canvas)
        for item in items:
            kind = type(item)
            if kind is str:
                code.append(item)
            elif kind is tuple:
                write_text(item, doc, code)
            else:
                DRAW[kind](item, sink, code)
        canvas.showPage()
        if tags is not None:
            tags.add_page(marked)
