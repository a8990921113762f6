"""Display-list operations (``cardmaker.typeset.display``) → PDF content-stream operators.

Shapes (rectangles, rounded rectangles, circles, lines, QR modules) are formatted here as
operators, with nothing from the document (``render.prepared`` does it in a worker). What needs
the document (pictures, links, anchors, forms) goes to a sink, ``one_pdf.Document``, through the
same table ``DRAW``. ``render_pdf`` is a one-card PDF; ``form_page`` the content of a form
whose text is known only when the document is finished (a booklet's page numbers).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cardmaker.render.text_stream import fill as _fill
from cardmaker.typeset import display as d

KAPPA = 0.5522847498  # Bézier control distance for a quarter circle, per radius


def render_pdf(pages: list[d.Page], title: str = "", initial_face: str | None = None, lang: str = "en") -> bytes:
    """The pages as one PDF, byte-identical for the same pages (no timestamp, no random id),
    written by ``render.one_pdf`` (``initial_face`` is accepted and unused: the file declares
    only the fonts it uses)."""
    from cardmaker.render.one_pdf import write_pdf

    return write_pdf(pages, title, lang)


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
    sink.form(op, code)


def form_page(op: d.Form, text: str) -> tuple[float, d.Page]:
    """The form ``op`` filled with ``text``, right-aligned to end at the form's origin: its
    width (its box holds the text exactly: a form's box clips) and its content as a page."""
    from cardmaker.typeset.measure import split_by_coverage, word_width

    width = sum(word_width(piece, face, op.size) for piece, face in split_by_coverage(text, (op.face,)))
    ops = (d.GlyphRun(-width, 0.0, op.face, op.size, text, op.color),) if text else ()
    return width, d.Page(0.0, 0.0, ops)


UNMARKED = (d.Link, d.Anchor)  # no content: a link's element owns its annotation, not marked content
def _nothing(op: d.Empty, sink, code: list[str]) -> None:
    """An empty element: its marked-content sequence (opened by ``render.prepared``) holds nothing."""


DRAW = {d.Empty: _nothing, d.Form: _form, d.Rect: _rect, d.RoundRect: _round_rect, d.Circle: _circle, d.Line: _line, d.QRModules: _qr,
        d.Image: _image, d.Link: _link, d.Anchor: _anchor}
