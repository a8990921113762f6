"""Display-list pages (``cardmaker.typeset.display``) → drawing on one reportlab canvas → PDF.

Takes the pages the engine made and gives them to reportlab's canvas, in order, without laying
anything out again. Text, the bulk of a card, is written straight into the content stream
(``BT``, ``Tf``, ``Tm``, ``Tj``, ``ET``), with the TrueType subset codes reportlab's
``TTFont.splitString`` assigns, so reportlab still subsets and embeds each font, once per
document. Shapes are written the same way; links and bookmarks go through the canvas's public API,
pictures through ``cardmaker.render.picture.draw_picture`` (its per-process encoding cache). The private reportlab names this needs are all in ``reportlab_internals``.
"""

from __future__ import annotations

import io
import re
from typing import Iterable

from cardmaker.render import reportlab_internals as rl
from cardmaker.render.text_stream import prepare_text, write_text
from cardmaker.typeset import display as d

KAPPA = 0.5522847498  # Bézier control distance for a quarter circle, per radius


def render_pdf(pages: list[d.Page], title: str = "", initial_face: str | None = None) -> bytes:
    """The pages as one PDF, byte-identical for the same pages (no timestamp, no random id)."""
    from reportlab.pdfgen.canvas import Canvas

    from cardmaker.style.fonts import register_fonts

    face = initial_face or register_fonts()  # an embedded font, so the canvas declares no Helvetica
    buf = io.BytesIO()
    first = pages[0] if pages else d.Page(595.0, 842.0, ())
    canvas = Canvas(buf, pagesize=(first.width, first.height), invariant=1, initialFontName=face,
                    pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("cardmaker")
    canvas.setProducer("cardmaker")
    replay(pages, canvas)
    canvas.save()
    return buf.getvalue()


def replay(pages: Iterable[d.Page], canvas) -> None:
    """Draw each page onto ``canvas`` and end it (the caller saves the canvas)."""
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        if page.trim is not None:  # a page grown by bleed: the printer's boxes
            canvas.setTrimBox(page.trim)
            canvas.setBleedBox((0, 0, page.width, page.height))
        draw_page(page, canvas)
        canvas.showPage()


def draw_page(page: d.Page, canvas) -> None:
    """The page's operations in order; runs of consecutive glyph runs share one text object."""
    code = rl.content(canvas)
    ops = page.ops
    i = 0
    while i < len(ops):
        op = ops[i]
        if isinstance(op, d.GlyphRun):
            j = i
            while j < len(ops) and isinstance(ops[j], d.GlyphRun):
                j += 1
            _text(ops[i:j], canvas, code)
            i = j
            continue
        DRAW[type(op)](op, canvas, code)
        i += 1


def _text(runs, canvas, code: list[str]) -> None:
    write_text(prepare_text(runs), rl.document(canvas), code)


def _fill(color) -> str:
    from reportlab.lib.rl_accel import fp_str

    return f"{fp_str(*color)} {'rg' if len(color) == 3 else 'k'}"


def _stroke(color) -> str:
    from reportlab.lib.rl_accel import fp_str

    return f"{fp_str(*color)} {'RG' if len(color) == 3 else 'K'}"


def _rect(op: d.Rect, canvas, code: list[str]) -> None:
    from reportlab.lib.rl_accel import fp_str

    code.append(f"{_fill(op.fill)} {fp_str(op.x, op.y, op.width, op.height)} re f")


def _round_rect(op: d.RoundRect, canvas, code: list[str]) -> None:
    from reportlab.lib.rl_accel import fp_str

    r = min(op.radius, op.width / 2, op.height / 2)
    x0, y0, x1, y1, k = op.x, op.y, op.x + op.width, op.y + op.height, r * (1 - KAPPA)
    path = [f"{fp_str(x0 + r, y0)} m", f"{fp_str(x1 - r, y0)} l",
            f"{fp_str(x1 - k, y0, x1, y0 + k, x1, y0 + r)} c", f"{fp_str(x1, y1 - r)} l",
            f"{fp_str(x1, y1 - k, x1 - k, y1, x1 - r, y1)} c", f"{fp_str(x0 + r, y1)} l",
            f"{fp_str(x0 + k, y1, x0, y1 - k, x0, y1 - r)} c", f"{fp_str(x0, y0 + r)} l",
            f"{fp_str(x0, y0 + k, x0 + k, y0, x0 + r, y0)} c"]
    code.append(f"{_fill(op.fill)} {' '.join(path)} h f")


def _circle(op: d.Circle, canvas, code: list[str]) -> None:
    from reportlab.lib.rl_accel import fp_str

    x, y, r = op.cx, op.cy, op.radius
    k = r * KAPPA
    path = [f"{fp_str(x + r, y)} m", f"{fp_str(x + r, y + k, x + k, y + r, x, y + r)} c",
            f"{fp_str(x - k, y + r, x - r, y + k, x - r, y)} c", f"{fp_str(x - r, y - k, x - k, y - r, x, y - r)} c",
            f"{fp_str(x + k, y - r, x + r, y - k, x + r, y)} c"]
    code.append(f"{_fill(op.fill)} {' '.join(path)} h f")


def _line(op: d.Line, canvas, code: list[str]) -> None:
    from reportlab.lib.rl_accel import fp_str

    code.append(f"{_stroke(op.color)} {fp_str(op.width)} w {fp_str(op.x1, op.y1)} m {fp_str(op.x2, op.y2)} l S")


def _qr(op: d.QRModules, canvas, code: list[str]) -> None:
    """One rectangle per horizontal run of dark modules keeps the PDF small. The runs are found
    by a regular expression over each row as bytes, and each distinct coordinate is formatted
    once (``fp_str`` of several numbers is theirs joined by spaces), not once per rectangle."""
    from reportlab.lib.rl_accel import fp_str

    m, top, x, n = op.module, op.y + op.module * len(op.rows), op.x, len(op.rows[0]) if op.rows else 0
    xs = [fp_str(x + col * m) for col in range(n)]
    lengths = [fp_str(k * m) for k in range(n + 1)]
    side = fp_str(m)
    rects = []
    for r, row in enumerate(op.rows):
        y = fp_str(top - (r + 1) * m)
        for run in _DARK.finditer(bytes(row)):
            col, end = run.span()
            rects.append(f"{xs[col]} {y} {lengths[end - col]} {side} re")
    code.append(f"{_fill(op.color)} {' '.join(rects)} f")


_DARK = re.compile(rb"\x01+")


def _image(op: d.Image, canvas, code: list[str]) -> None:
    from cardmaker.render.picture import draw_picture  # encodes each file once per process

    draw_picture(canvas, op.path, op.x, op.y, op.width, op.height)


def _link(op: d.Link, canvas, code: list[str]) -> None:
    rect = (op.x, op.y, op.x + op.width, op.y + op.height)
    if op.target.startswith("#"):
        canvas.linkRect("", op.target[1:], rect, relative=0, thickness=0)
    else:
        canvas.linkURL(op.target, rect, relative=0, thickness=0)


def _anchor(op: d.Anchor, canvas, code: list[str]) -> None:
    canvas.bookmarkPage(op.name, fit="XYZ", left=op.x, top=op.y)
    if op.title:
        canvas.addOutlineEntry(op.title, op.name, level=op.level)


def _form(op: d.Form, canvas, code: list[str]) -> None:
    """A form filled in when the document is finished (``define_form``), placed with its
    right end at the operation's point."""
    canvas.saveState()
    canvas.translate(op.x, op.y)
    canvas.doForm(op.name)
    canvas.restoreState()


def define_form(canvas, op: d.Form, text: str) -> None:
    """Fill in the form ``op`` names with ``text``, right-aligned to end at the form's origin
    (its box holds the text exactly: a form's box clips)."""
    from cardmaker.typeset.measure import split_by_coverage, word_width

    width = sum(word_width(piece, face, op.size) for piece, face in split_by_coverage(text, (op.face,)))
    canvas.beginForm(op.name, -width, -op.size, 0, op.size)
    if text:
        draw_page(d.Page(0.0, 0.0, (d.GlyphRun(-width, 0.0, op.face, op.size, text, op.color),)), canvas)
    canvas.endForm()


DRAW = {d.Form: _form, d.Rect: _rect, d.RoundRect: _round_rect, d.Circle: _circle, d.Line: _line, d.QRModules: _qr,
        d.Image: _image, d.Link: _link, d.Anchor: _anchor}
