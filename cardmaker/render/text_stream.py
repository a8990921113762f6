"""Glyph runs → a PDF text object (``BT`` … ``ET``), in two halves that may run in different processes.

``prepare_text`` takes consecutive ``GlyphRun``s and gives plain tuples: per run, the colour and
position operators already formatted, its face, its size as PDF text and its characters. It needs
no document, so a worker process does it. ``write_text`` takes those tuples and the document's
``chunks(face, text)`` (``one_pdf.Document.chunks``: the one-byte codes of the face's subsets,
given as characters first appear in the document) and appends the text object to a page's
content stream: only this half needs the document.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

# one prepared run: (colour and text-matrix operators, face, size as PDF text, characters)
PreparedRun = tuple[str, str, str, str]
Chunks = Callable[[str, str], list[tuple[str, str]]]  # (face, text) → (font resource, string literal contents)

BREAK_SPACE = """A tagged line ends with the space it broke at (``slices._line_ops``: the words either
side of a line break stay two words when the tags are read). That space is shown by a string of
its own: a viewer that spaces a string's glyphs as a whole (pdfium) then draws the line's words
exactly where it drew them without it."""


def prepare_text(runs) -> tuple[PreparedRun, ...]:
    """The document-free half: each run's operators formatted (a colour only where it changes)."""
    from reportlab.lib.rl_accel import fp_str

    out = []
    color = None
    for run in runs:
        head = f"1 0 0 1 {fp_str(run.x, run.y)} Tm"  # fp_str of two numbers: both, a space between
        if run.color != color:
            color = run.color
            head = f"{fill(color)}\n{head}"
        out.append((head, run.face, _sizes(run.size), run.text))
    return tuple(out)


@lru_cache(maxsize=1024)
def _sizes(size: float) -> str:
    from reportlab.lib.rl_accel import fp_str

    return fp_str(size)


def write_text(runs: tuple[PreparedRun, ...], chunks: Chunks, code: list[str]) -> None:
    """Append the text object of ``runs`` (from ``prepare_text``) to ``code``, a page's content
    stream, each run's text in the codes ``chunks`` gives (a run ending in the space it broke at
    shows that space by itself: ``BREAK_SPACE``)."""
    out = ["BT"]
    font_key = None
    for head, face, size, text in runs:
        out.append(head)
        for part in (text[:-1], " ") if text[-1:] == " " and len(text) > 1 else (text,):
            for name, chunk in chunks(face, part):
                key = (name, size)
                if key != font_key:
                    font_key = key
                    out.append(f"{name} {size} Tf")
                out.append(f"({chunk}) Tj")
    out.append("ET")
    code.append("\n".join(out))


@lru_cache(maxsize=256)
def fill(color) -> str:
    """The fill-colour operator for an RGB or CMYK tuple."""
    from reportlab.lib.rl_accel import fp_str

    return f"{fp_str(*color)} {'rg' if len(color) == 3 else 'k'}"
