"""The exercise's name as a designer sets it, across the top of a card or beside its pictures.

Takes the title's paragraph (its style relative to the body size), the body size and the width;
gives the paragraph at the size it is set: smaller when a word of it would not keep to its line
(``fitted``) or it would take more than ``TITLE_LINES`` lines, a line shorter when a little
smaller does it, never below the layout's title size nor above the sections' headings. And tells
a body size at which the name's words could not keep whole (``name_breaks``): the composition
lets the body give way there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from cardmaker.flow import tree as t
from cardmaker.flow.tree import CardTree
from cardmaker.typeset.lines import widest_word

LineCount = Callable[[tuple[t.Run, ...], float, float], int]  # runs, size, width → lines (``slices.line_count``)

TITLE_LINES = 3  # the exercise's name on at most this many lines: a longer one is set smaller...
TITLE_LEAST = 0.5  # ...down to this share of its size, never below the layout's ``header.title_size``
TITLE_TIGHTEN = 0.85  # a name of two or three lines takes one line fewer when this much smaller does it
TITLE_OVER_HEADING = 1.45  # ...and never below this many body sizes: it stays above the sections' headings


def fitted(p: t.Paragraph, size: float, width: float, line_count: LineCount) -> t.Paragraph:
    """The card's title as a designer sets a name: smaller when at its size it would take more
    than ``TITLE_LINES`` lines (a long name beside the pictures would take half a small card's
    front), down to ``TITLE_LEAST`` of its size; and a name of two or three lines one line
    shorter when ``TITLE_TIGHTEN`` of its size does it ("90/90 Hamstring" on one line). In
    twentieths of its size; never below the layout's title size nor ``TITLE_OVER_HEADING`` body sizes.
    First of all, a word of the name wider than the line ("Oberschenkelrückseitendehnung") sets
    it as much smaller as lets the word keep to a line, within those bounds: a name breaks at
    its spaces, not between letters."""
    text_size = p.style.text_size(size)
    widest = widest_word(p.runs)
    if widest * text_size > width:
        kept = max(width / widest * (1 - 1e-6), p.style.min_size_pt, size * TITLE_OVER_HEADING)
        if kept < text_size:
            p, text_size = _set_at(p, kept), kept
    lines = line_count(p.runs, text_size, width)
    if lines <= 1:
        return p
    want, share = (TITLE_LINES, TITLE_LEAST) if lines > TITLE_LINES else (lines - 1, TITLE_TIGHTEN)
    least = max(text_size * share, p.style.min_size_pt, size * TITLE_OVER_HEADING)
    smaller = text_size
    while smaller > least:
        smaller = max(smaller - text_size / 20, least)
        if line_count(p.runs, smaller, width) <= want:
            break
    else:
        if lines <= TITLE_LINES:  # one line fewer only when it is reached: else as it was
            return p
    if smaller >= text_size:
        return p
    return _set_at(p, smaller)


def _set_at(p: t.Paragraph, text_size: float) -> t.Paragraph:
    """``p`` at ``text_size`` points whatever the body size."""
    return replace(p, style=replace(p.style, size=0.0, min_size_pt=text_size, max_size_pt=0.0))


def name_breaks(tree: CardTree, width: float, size: float) -> bool:
    """Whether the exercise's name, across the frame, would be cut between the letters of a word
    at ``size``: its widest word is wider than the line even at the smallest size the title may
    take there (``TITLE_OVER_HEADING`` body sizes: it stays above the headings), while
    at the layout's own title size it would fit (else no body size helps, and it is cut with a
    hyphen). Such a size does not fit: "Oberschenkelrück-seitendehnung" at 28 pt body text is
    set whole at 22.5 pt. Monotonic in the size, as the fit's search wants."""
    for block in tree.title:
        if isinstance(block, t.Heading) and block.level == 0:
            style, widest = block.paragraph.style, widest_word(block.paragraph.runs)
            return widest * max(style.min_size_pt, size * TITLE_OVER_HEADING) > width >= widest * style.min_size_pt
    return False
