"""Glyph runs → a PDF text object (``BT`` … ``ET``), in two halves that may run in different processes.

``prepare_text`` takes consecutive ``GlyphRun``s and gives plain tuples: per run, the colour and
position operators already formatted, its face, its size as PDF text and its characters. It needs
no canvas, so a worker process does it. ``write_text`` takes those tuples and the document, and
appends the text object to a page's content stream: only this half needs the document, because
TrueType subset codes are assigned per document in the order characters first appear.

``write_text`` asks ``TTFont.splitString`` only for text holding a character not yet seen in the
document; after that, a character of the first subset always has the same code, so the rest is
one ``str.translate``. The bytes are the same either way.
"""

from __future__ import annotations

import weakref
from functools import cache, lru_cache

from cardmaker.render import reportlab_internals as rl

# one prepared run: (colour and text-matrix operators, face, size as PDF text, characters)
PreparedRun = tuple[str, str, str, str]

_codes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document → {face: (known, table)}


def prepare_text(runs) -> tuple[PreparedRun, ...]:
    """The canvas-free half: each run's operators formatted (a colour only where it changes)."""
    from reportlab.lib.rl_accel import fp_str

    out = []
    color = None
    for run in runs:
        head = f"1 0 0 1 {fp_str(run.x, run.y)} Tm"  # fp_str of two numbers: both, a space between
        if run.color != color:
            color = run.color
            head = f"{_fills(color)}\n{head}"
        out.append((head, run.face, _sizes(run.size), run.text))
    return tuple(out)


@lru_cache(maxsize=256)
def _fills(color) -> str:
    return fill(color)


@lru_cache(maxsize=1024)
def _sizes(size: float) -> str:
    from reportlab.lib.rl_accel import fp_str

    return fp_str(size)


def write_text(runs: tuple[PreparedRun, ...], doc, code: list[str]) -> None:
    """Append the text object of ``runs`` (from ``prepare_text``) to ``code``, a page's content
    stream in document ``doc``; each face's subset is chosen (and its font named) on the way."""
    from reportlab.lib.rl_accel import escapePDF

    known = _codes.get(doc)
    if known is None:
        known = _codes[doc] = {}
    out = ["BT"]
    font_key = None
    for head, face, size, text in runs:
        out.append(head)
        font = _font(face)
        for part in (text[:-1], " ") if text[-1:] == " " and len(text) > 1 else (text,):  # replay.BREAK_SPACE
            for subset, chunk in _split(font, face, part, doc, known):
                key = (face, subset, size)
                if key != font_key:
                    font_key = key
                    out.append(f"{font.getSubsetInternalName(subset, doc)} {size} Tf")
                out.append(f"({escapePDF(chunk)}) Tj")
    out.append("ET")
    code.append("\n".join(out))


def _split(font, face: str, text: str, doc, known: dict) -> list[tuple[int, bytes]] | tuple[tuple[int, bytes]]:
    """``font.splitString(text, doc)``, from this document's table of codes when every
    character already has a code in the first subset (codes never change once given)."""
    entry = known.get(face)
    if entry is None:
        entry = known[face] = (set(), {})
    seen, table = entry
    if seen.issuperset(text):
        return ((0, text.translate(table).encode("latin-1")),)
    parts = font.splitString(text, doc)
    start = 0
    for subset, chunk in parts:  # one byte per character, in order
        if subset == 0:
            for ch, byte in zip(text[start:start + len(chunk)], chunk):
                table[ord(ch)] = byte
                seen.add(ch)
        start += len(chunk)
    return parts


@cache
def _font(face: str):
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(face)
    if not rl.is_subset_font(font):  # the engine only measures TrueType faces
        raise ValueError(f"face {face!r} is not an embedded TrueType font")
    return font


def fill(color) -> str:
    """The fill-colour operator for an RGB or CMYK tuple."""
    from reportlab.lib.rl_accel import fp_str

    return f"{fp_str(*color)} {'rg' if len(color) == 3 else 'k'}"
