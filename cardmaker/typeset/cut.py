"""A slice taller than a whole column, cut between its lines into slices that fit.

A card never needs this: a panel item is one slice there, and fitting makes the text smaller.
A booklet's page is fixed, so a single tip or coach's note of fifty thousand characters must
run on over pages: its slice (``slices.panel`` stacks an item's lines into one) is cut here,
between two baselines, into pieces no taller than the column, each still in its panel.

Takes a ``Slice`` and a column height; gives the pieces, or None when no cut can make them
fit (one line, a picture or a table row taller than the column).
"""

from __future__ import annotations

from cardmaker.typeset import display as d
from cardmaker.typeset.slices import Slice

EPSILON = 1e-6


def _middle(op: d.Op) -> float:
    """Where an operation sits, vertically, to tell which piece it belongs to."""
    if isinstance(op, d.Circle):
        return op.cy
    if isinstance(op, d.Line):
        return (op.y1 + op.y2) / 2
    height = getattr(op, "height", 0.0)
    return op.y + height / 2


def cut_slice(s: Slice, height: float) -> list[Slice] | None:
    """``s`` as pieces no taller than ``height``, cut halfway between two lines of text."""
    baselines = sorted({op.y for op in s.ops if isinstance(op, d.GlyphRun)}, reverse=True)
    cuts = [(a + b) / 2 for a, b in zip(baselines, baselines[1:])]  # between each pair of lines
    pieces, start = [], 0.0
    while start + s.height > height + EPSILON:  # what is left is still too tall
        fitting = [c for c in cuts if c < start - EPSILON and start - c <= height + EPSILON]
        if not fitting:
            return None
        pieces.append((start, fitting[-1]))
        start = fitting[-1]
    pieces.append((start, -s.height))
    out = []
    for top, bottom in pieces:
        ops = [op for op in s.ops if bottom - EPSILON < _middle(op) <= top + EPSILON]
        out.append(Slice(top - bottom, d.moved(ops, 0.0, -top), 0.0, False, s.group))
    out[0].space_before, out[0].new_page = s.space_before, s.new_page
    return out
