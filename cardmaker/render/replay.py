"""Display-list pages (``cardmaker.typeset.display``) → drawing on one reportlab canvas → PDF.

Takes the pages the engine made and gives them to reportlab's canvas, in order, without laying
anything out again. Text, the bulk of a card, is written straight into the content stream
(``BT``, ``Tf``, ``Tm``, ``Tj``, ``ET``), shapes the same way. What depends on the document goes
through a sink: on a shared canvas (``replay``, a combined PDF or a booklet) the ``CanvasSink``
writes text with the TrueType subset codes reportlab's ``TTFont.splitString`` assigns
(``render.text_stream``: the same two halves a worker's prepared page uses, so reportlab subsets
and embeds each font once per document), the canvas's public API for links and bookmarks, and
``cardmaker.render.picture.draw_picture`` for pictures (its per-process encoding cache). A
one-card PDF (``render_pdf``) is written by ``render.one_pdf`` instead, whose document is the
sink (``chunked_text``). The private reportlab names this needs are all in ``reportlab_internals``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from cardmaker.render import reportlab_internals as rl
from cardmaker.render.structure import Marks
from cardmaker.render.text_stream import prepare_text, write_text
from cardmaker.typeset import display as d

KAPPA = 0.5522847498  # Bézier control distance for a quarter circle, per radius


def render_pdf(pages: list[d.Page], title: str = "", initial_face: str | None = None, lang: str = "en") -> bytes:
    """The pages as one PDF, byte-identical for the same pages (no timestamp, no random id),
    written by ``render.one_pdf`` without reportlab's document (``initial_face`` is accepted for
    callers of the canvas path; the file declares only the fonts it uses)."""
    from cardmaker.render.one_pdf import write_pdf

    return write_pdf(pages, title, lang)


def replay(pages: Iterable[d.Page], canvas, tags=None) -> None:
    """Draw each page onto ``canvas``, its content marked, and end it (the caller saves the
    canvas); with ``tags`` (a ``canvas_tags.CanvasTags``), each page joins its structure tree."""
    sink = CanvasSink(canvas, tags)
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        if page.trim is not None:  # a page grown by bleed: the printer's boxes
            canvas.setTrimBox(page.trim)
            canvas.setBleedBox((0, 0, page.width, page.height))
        marks = Marks()
        draw_ops(page, sink, rl.content(canvas), marks)
        canvas.showPage()
        if tags is not None:
            tags.add_page(marks.tags)


class CanvasSink:
    """What the drawing needs beyond the content stream, from a reportlab canvas: its fonts'
    subset codes, its pictures, links and bookmarks."""

    def __init__(self, canvas, tags=None) -> None:
        self.canvas, self.doc, self.tags = canvas, rl.document(canvas), tags

    def text(self, runs, code: list[str]) -> None:
        """Consecutive glyph runs as one text object, in the document's subset codes."""
        write_text(prepare_text(runs), self.doc, code)

    def image(self, op: d.Image, code: list[str]) -> None:
        from cardmaker.render.picture import draw_picture  # encodes each file once per process

        draw_picture(self.canvas, op.path, op.x, op.y, op.width, op.height)

    def link(self, op: d.Link) -> None:
        if self.tags is not None and op.tag is not None:
            self.tags.link(op)  # with the /StructParent of its element
            return
        rect = (op.x, op.y, op.x + op.width, op.y + op.height)
        if op.target.startswith("#"):
            self.canvas.linkRect("", op.target[1:], rect, relative=0, thickness=0)
        else:
            self.canvas.linkURL(op.target, rect, relative=0, thickness=0)

    def anchor(self, op: d.Anchor) -> None:
        self.canvas.bookmarkPage(op.name, fit="XYZ", left=op.x, top=op.y)
        if op.title:
            self.canvas.addOutlineEntry(op.title, op.name, level=op.level)

    def form(self, op: d.Form) -> None:
        """A form filled in when the document is finished (``define_form``), placed with its
        right end at the operation's point."""
        self.canvas.saveState()
        self.canvas.translate(op.x, op.y)
        self.canvas.doForm(op.name)
        self.canvas.restoreState()


def draw_page(page: d.Page, canvas, tags=None) -> list[d.Tag] | None:
    """The page's operations onto the canvas's current page (or form); with ``tags`` its
    content marked, and the tag of each MCID given (for ``tags.add_page`` once it is shown)."""
    marks = Marks() if tags is not None else None
    draw_ops(page, CanvasSink(canvas, tags), rl.content(canvas), marks)
    return marks.tags if marks is not None else None


def draw_ops(page: d.Page, sink, code: list[str], marks: Marks | None = None) -> None:
    """The page's operations in order onto ``code`` (the page's content-stream operators);
    runs of consecutive glyph runs of one element share one text object. ``sink`` (a
    ``CanvasSink`` or ``one_pdf.Document``) places text in its fonts, and pictures, links,
    bookmarks and forms. With ``marks``, what each operation draws is marked content of its
    element (``render.structure``): an artifact when it has none (shapes never do)."""
    ops = page.ops
    n = len(ops)
    i = 0
    while i < n:
        op = ops[i]
        kind = type(op)
        if kind is d.GlyphRun:
            tag = op.tag
            j = i + 1
            while j < n and type(ops[j]) is d.GlyphRun and ops[j].tag is tag:
                j += 1
            if marks is not None:
                marks.switch(tag, code)
            sink.text(ops[i:j], code)
            i = j
            continue
        if marks is not None and kind not in UNMARKED:
            marks.switch(getattr(op, "tag", None), code, op)
        DRAW[kind](op, sink, code)
        i += 1
    if marks is not None:
        marks.end(code)


def chunked_text(runs, chunks, code: list[str]) -> None:
    """Consecutive glyph runs as one text object, each run's text cut by ``chunks(face, text)``
    into (font resource name, string literal contents) pieces (a one-card document's codes)."""
    from reportlab.lib.rl_accel import fp_str

    out = ["BT"]
    color = font_key = None
    for run in runs:
        if run.color != color:
            color = run.color
            out.append(_fill(color))
        out.append(f"1 0 0 1 {fp_str(run.x, run.y)} Tm")
        text = run.text
        for part in (text[:-1], " ") if text[-1:] == " " and len(text) > 1 else (text,):  # see BREAK_SPACE
            for name, chunk in chunks(run.face, part):
                key = (name, run.size)
                if key != font_key:
                    font_key = key
                    out.append(f"{name} {fp_str(run.size)} Tf")
                out.append(f"({chunk}) Tj")
    out.append("ET")
    code.append("\n".join(out))


BREAK_SPACE = """A tagged line ends with the space it broke at (``slices._line_ops``: the words either
side of a line break stay two words when the tags are read). That space is shown by a string of
its own: a viewer that spaces a string's glyphs as a whole (pdfium) then draws the line's words
exactly where it drew them without it."""


@lru_cache(maxsize=256)
def _fill(color) -> str:
    from reportlab.lib.rl_accel import fp_str

    return f"{fp_str(*color)} {'rg' if len(color) == 3 else 'k'}"


@lru_cache(maxsize=256)
def _stroke(color) -> str:
    from reportlab.lib.rl_accel import fp_str

    return f"{fp_str(*color)} {'RG' if len(color) == 3 else 'K'}"


def _rect(op: d.Rect, sink, code: list[str]) -> None:
    from reportlab.lib.rl_accel import fp_str

    code.append(f"{_fill(op.fill)} {fp_str(op.x, op.y, op.width, op.height)} re f")


def _round_rect(op: d.RoundRect, sink, code: list[str]) -> None:
    from reportlab.lib.rl_accel import fp_str

    r = min(op.radius, op.width / 2, op.height / 2)
    x0, y0, x1, y1, k = op.x, op.y, op.x + op.width, op.y + op.height, r * (1 - KAPPA)
    path = [f"{fp_str(x0 + r, y0)} m", f"{fp_str(x1 - r, y0)} l",
            f"{fp_str(x1 - k, y0, x1, y0 + k, x1, y0 + r)} c", f"{fp_str(x1, y1 - r)} l",
            f"{fp_str(x1, y1 - k, x1 - k, y1, x1 - r, y1)} c", f"{fp_str(x0 + r, y1)} l",
            f"{fp_str(x0 + k, y1, x0, y1 - k, x0, y1 - r)} c", f"{fp_str(x0, y0 + r)} l",
            f"{fp_str(x0, y0 + k, x0 + k, y0, x0 + r, y0)} c"]
    code.append(f"{_fill(op.fill)} {' '.join(path)} h f")


def _circle(op: d.Circle, sink, code: list[str]) -> None:
    from reportlab.lib.rl_accel import fp_str

    x, y, r = op.cx, op.cy, op.radius
    k = r * KAPPA
    path = [f"{fp_str(x + r, y)} m", f"{fp_str(x + r, y + k, x + k, y + r, x, y + r)} c",
            f"{fp_str(x - k, y + r, x - r, y + k, x - r, y)} c", f"{fp_str(x - r, y - k, x - k, y - r, x, y - r)} c",
            f"{fp_str(x + k, y - r, x + r, y - k, x + r, y)} c"]
    code.append(f"{_fill(op.fill)} {' '.join(path)} h f")


def _line(op: d.Line, sink, code: list[str]) -> None:
    from reportlab.lib.rl_accel import fp_str

    code.append(f"{_stroke(op.color)} {fp_str(op.width)} w {fp_str(op.x1, op.y1)} m {fp_str(op.x2, op.y2)} l S")


def _qr(op: d.QRModules, sink, code: list[str]) -> None:
    """The code drawn in its own coordinates, one unit a module (``cm``): its rectangles are
    then whole numbers that depend only on the modules, formatted once per process for a code."""
    from reportlab.lib.rl_accel import fp_str

    code.append(f"q {fp_str(op.module, 0, 0, op.module, op.x, op.y)} cm {_fill(op.color)} {_qr_rects(op.rows)} f Q")


@lru_cache(maxsize=64)
def _qr_rects(rows: tuple[tuple[bool, ...], ...]) -> str:
    """One rectangle per horizontal run of dark modules (fewer operators than one per module),
    found by a regular expression over each row as bytes; the top row's top at y = len(rows)."""
    rects = []
    for r, row in enumerate(rows):
        y = len(rows) - r - 1
        for run in _DARK.finditer(bytes(row)):
            col, end = run.span()
            rects.append(f"{col} {y} {end - col} 1 re")
    return " ".join(rects)


_DARK = re.compile(rb"\x01+")


def _image(op: d.Image, sink, code: list[str]) -> None:
    sink.image(op, code)


def _link(op: d.Link, sink, code: list[str]) -> None:
    sink.link(op)


def _anchor(op: d.Anchor, sink, code: list[str]) -> None:
    sink.anchor(op)


def _form(op: d.Form, sink, code: list[str]) -> None:
    sink.form(op)


def define_form(canvas, op: d.Form, text: str) -> None:
    """Fill in the form ``op`` names with ``text``, right-aligned to end at the form's origin
    (its box holds the text exactly: a form's box clips)."""
    from cardmaker.typeset.measure import split_by_coverage, word_width

    width = sum(word_width(piece, face, op.size) for piece, face in split_by_coverage(text, (op.face,)))
    canvas.beginForm(op.name, -width, -op.size, 0, op.size)
    if text:
        draw_page(d.Page(0.0, 0.0, (d.GlyphRun(-width, 0.0, op.face, op.size, text, op.color),)), canvas)
    canvas.endForm()


UNMARKED = (d.Link, d.Anchor)  # no content: a link's element owns its annotation, not marked content
def _nothing(op: d.Empty, sink, code: list[str]) -> None:
    """An empty element: its marked-content sequence (opened by ``draw_ops``) holds nothing."""


DRAW = {d.Empty: _nothing, d.Form: _form, d.Rect: _rect, d.RoundRect: _round_rect, d.Circle: _circle, d.Line: _line, d.QRModules: _qr,
        d.Image: _image, d.Link: _link, d.Anchor: _anchor}
