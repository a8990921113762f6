"""A card's body measured without flowing it: a guess at the size a fit will find, so that its
first trial lands near the answer rather than at the layout's largest size.

Takes a ``CardTree``, the ``CardGeometry`` and a body size; gives the body's height against its
room (``ratio``): each paragraph's lines counted as ``lines`` breaks them, the space between
blocks, panels' padding, the other blocks as ``slices`` sets them, summed; the room is what the
columns leave under the title block and above the footer on the pages a side may take, on the
side fullest for its room. The first block's space above it is left out, as a column drops it
at its head (counted, it aimed the corpus's wall cards a grid step low: a third more trials).
Column breaks waste room (keep rules, a panel's "(continued)" heading) and the sum does not
see it, so the guess may err large: it only aims the search
(``fit.fit``'s ``start``), and every decision is a trial. ``aim`` gives the size on the fit's
grid at which the ratio crosses one, from a few ratios (its square root is about linear in
the size: the text's area grows with its square).

Not estimated (None): a card whose front goes on over the page (``CardTree.carry``: its two
sides are one flow) and one that takes as many pages as it needs.
"""

from __future__ import annotations

import math
from typing import Callable

from cardmaker.flow import tree as t
from cardmaker.flow.tree import CardTree
from cardmaker.typeset.card import TITLE_GAP_EM, CardGeometry, body_foot, later_top, title_slice
from cardmaker.typeset.fit import snap
from cardmaker.typeset.slices import (Measures, item_indent, line_count, panel_inset, slice_blocks, space_after,
                                      space_before)

AIM_RATIOS = 2  # ratios computed at most to aim a fit
AIM_FROM = 0.5  # the first of them this far up the size range (in ratio: 0.5 the geometric mean)


def ratio(tree: CardTree, geo: CardGeometry, size: float, memo: Measures | None = None) -> float | None:
    """The body's summed height over its room at ``size``, on the side fullest for its room
    (infinite when the title block and footer leave no room); None when not estimated."""
    if tree.carry is not None or geo.max_pages is None:
        return None
    bottom = body_foot(tree, geo, size, False, memo)
    later = later_top(tree, geo, size)
    worst = 0.0
    for side in (s for s in tree.sides if s.body):
        title = title_slice(side, geo, size, False, memo)
        top = geo.page_top - (title.height + TITLE_GAP_EM * size if title else 0.0)
        if top - bottom < size * 4:
            return math.inf
        room = (top - bottom + (geo.max_pages - 1) * (later - bottom)) * geo.columns
        if geo.body_height is not None:
            room = min(room, geo.body_height * geo.columns * geo.max_pages)
        worst = max(worst, body_height(side.body, size, geo.column_width, memo) / room)
    return worst


def body_height(blocks: tuple[t.Block, ...], size: float, width: float, memo: Measures | None = None) -> float:
    """The blocks' heights and the space between them, summed, as one column ``width`` wide;
    the first block's space above it left out, as a column drops it at its head."""
    total = pending = 0.0
    for block in blocks:
        total += pending + _height(block, size, width, memo)
        pending = space_after(block) * size
    return total - (space_before(blocks[0]) * size if blocks else 0.0)


def _height(block: t.Block, size: float, width: float, memo: Measures | None) -> float:
    if isinstance(block, t.Paragraph):
        return _paragraph(block, size, width)
    if isinstance(block, t.Heading):
        return _paragraph(block.paragraph, size, width)
    if isinstance(block, t.Item):
        return _item(block, size, width)
    if isinstance(block, t.QA):
        return _paragraph(block.question, size, width) + _paragraph(block.answer, size, width)
    if isinstance(block, t.Panel):
        pad, bar = panel_inset(block, size)
        inner = width - bar - 2 * pad
        head = _paragraph(block.heading.paragraph, size, inner, before=False)
        items = sum(_item(it, size, inner, before=False) + block.gap_em * size for it in block.items)
        return block.space_before_em * size + 2 * pad + head + items
    if isinstance(block, t.Spacer):
        return block.height_em * size
    return sum(s.space_before + s.height for s in slice_blocks((block,), size, width, False, memo))


def _paragraph(p: t.Paragraph, size: float, width: float, before: bool = True) -> float:
    style = p.style
    text_size = style.text_size(size)
    lines = line_count(p.runs, text_size, width)
    return (style.space_before_em * size if before else 0.0) + lines * text_size * style.leading


def _item(it: t.Item, size: float, width: float, before: bool = True) -> float:
    indent = item_indent(it.mark, it.paragraphs[0].style.text_size(size))
    return sum(_paragraph(p, size, width - indent, before or i > 0) for i, p in enumerate(it.paragraphs))


def aim(ratio_at: Callable[[float], float | None], low: float, high: float) -> float | None:
    """The size on the grid from ``low`` at which ``ratio_at`` crosses one, within [low, high],
    guessed from ``AIM_RATIOS`` ratios at most: the first at ``AIM_FROM`` of the way up the
    range (a geometric mean), then each where the square roots known so far, taken as linear in
    the size (through nought when only one side of one is known), cross one. None when the
    ratio is not estimated."""
    known: dict[float, float] = {}
    top = snap(high, low)
    size = snap(low * (high / low) ** AIM_FROM, low)
    guess = size
    for _ in range(AIM_RATIOS):
        r = ratio_at(size)
        if r is None:
            return None
        known[size] = math.sqrt(r)
        if size == top and known[size] <= 1.0:
            return size
        under = [s for s in known if known[s] <= 1.0]
        over = [s for s in known if 1.0 < known[s] < math.inf]
        if under and over:
            a, b = max(under), min(over)
            guess = a + (1.0 - known[a]) * (b - a) / (known[b] - known[a])
        elif over or under:
            a = min(over) if over else max(under)
            guess = a / max(known[a], 1e-9)
        else:  # only "no room at all" known: halfway down
            guess = (size + low) / 2
        nxt = snap(min(max(guess, low), high), low)
        if nxt in known:
            break
        size = nxt
    return snap(min(max(guess, low), high), low)
