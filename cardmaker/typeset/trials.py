"""A card's measured trials: what the composition (``typeset.compose``) may choose among, and
each (arrangement, size) it tried, measured once.

Takes a function making the card's block tree for an arrangement and one making the page
geometry for a column count; gives ``Trials``, whose ``measure`` composes the card at a size
without drawing (``card.compose_card``) and keeps the result, so a trial asked for twice costs
nothing and ``len(known)`` counts the trials. Trees are made once per placement (another picture
height is the same tree with its row resized), and the blocks measured are kept between trials
(``slices.slice_blocks``'s memo).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from cardmaker.flow import tree as t
from cardmaker.flow.arrangement import Arrangement
from cardmaker.flow.tree import CardTree
from cardmaker.typeset import estimate
from cardmaker.typeset.card import CardGeometry, Composition, compose_card
from cardmaker.typeset.composite import beside_text_width
from cardmaker.typeset.display import GlyphRun
from cardmaker.typeset.slices import Measures, slice_blocks, stack
from cardmaker.typeset.title import name_breaks

MIN_MEASURE = 35  # characters a line of a column holds at least: narrower columns are not a candidate
MAX_MEASURE = 95  # characters a line of one column holds at most before more columns, at the same size, are preferred
CHAR_EM = 0.48  # a character's mean width in body sizes (running English text in Noto Sans)
LINE_EM = 1.4  # a body line's height in body sizes, as the composition reckons lines of room
BALANCE_LINES = 2.0  # columns' feet within this many lines of each other are balanced


@dataclass(frozen=True)
class Ranges:
    """What a layout lets the composition choose: the body size range, the column counts, the
    picture placements and their height range (points; (0, 0) without pictures), and the pages a
    side may take."""

    min_size: float
    max_size: float
    columns: tuple[int, ...] = (1,)
    placements: tuple[str, ...] = ("top",)
    picture: tuple[float, float] = (0.0, 0.0)
    max_pages: int | None = 1
    comfortable: float = 0.0  # a two-sided card below this size on its front alone goes on over the page...
    carry: bool = False  # ...when its layout lets its front's steps go on at the head of the back
    legible: float = 0.0  # below this size the optional sections go and the pictures shrink first (0: none)
    spill: bool = False  # a card below ``legible`` (or not fitting) goes on over more pages: left undrawn here
    least_picture: float | None = None  # the pictures never shrink below this height (``image.min_share``)
    front_max: float = 0.0  # a two-sided card whose front holds it all may grow to this size (0: max_size)


class Trials:
    """Measured compositions by (arrangement, size), counted; trees and geometries cached."""

    def __init__(self, tree_for: Callable[[Arrangement], CardTree], geo_for: Callable[[int], CardGeometry]):
        self.tree_for, self.geo_for = tree_for, geo_for
        self.trees: dict[Arrangement, CardTree] = {}
        self.by_arrangement: dict[Arrangement, CardTree] = {}  # ``tree``'s answers, by the arrangement asked
        self.known: dict[tuple[Arrangement, float], Composition] = {}
        self.memo: Measures = {}  # blocks measured, kept between trials (``slices.slice_blocks``)
        self.aims: dict[tuple[Arrangement, float, float], float | None] = {}  # ``aim``'s answers

    def tree(self, arr: Arrangement) -> CardTree:
        """The tree for ``arr``: made once per placement and keeps (the column count is the
        geometry's; another picture height is the same tree with its row's height changed)."""
        known = self.by_arrangement.get(arr)
        if known is not None:
            return known
        key = replace(arr, columns=1)
        if key not in self.trees:
            base = next((a for a in self.trees if replace(a, picture_height=0.0) == replace(key, picture_height=0.0)
                         and a.picture_height), None)
            self.trees[key] = _resized(self.trees[base], arr.picture_height / base.picture_height) \
                if base is not None and arr.picture_height else self.tree_for(key)
        self.by_arrangement[arr] = self.trees[key]
        return self.trees[key]

    def title_height(self, arr: Arrangement, size: float) -> float:
        """The title block's height at ``size`` (a measurement of the title alone)."""
        geo = self.geo_for(arr.columns)
        return stack(slice_blocks(self.tree(arr).title, size, geo.frame_width, False, self.memo)).height

    def title_lines(self, arr: Arrangement, size: float) -> tuple[tuple[str, int], ...]:
        """The lines each block of the title block takes beside its pictures at ``size``, with
        the block's role ("eyebrow", "title", "meta"...; none beside pictures: empty), drawn to
        count their baselines (a few times a card, where its front grows)."""
        width = self.geo_for(arr.columns).frame_width
        lines: list[tuple[str, int]] = []
        for block in self.tree(arr).title:
            if isinstance(block, t.Beside) and isinstance(block.aside, t.PictureRow):
                room = beside_text_width(block, size, width)
                for inner in block.blocks:
                    ops = stack(slice_blocks((inner,), size, room)).ops
                    role = inner.role if isinstance(inner, t.Paragraph) else type(inner).__name__
                    lines.append((role, len({round(op.y, 1) for op in ops if isinstance(op, GlyphRun)})))
        return tuple(lines)

    def aim(self, arr: Arrangement, low: float, high: float) -> float | None:
        """The size in [low, high] a fit of ``arr`` should try first: where its body's summed
        height meets its room (``estimate.aim``; not a trial). None when not estimated. Kept: a
        card's check for more pages asks first what its search asks again."""
        key = (arr, low, high)
        if key not in self.aims:
            tree, geo = self.tree(arr), self.geo_for(arr.columns)
            self.aims[key] = estimate.aim(lambda size: estimate.ratio(tree, geo, size, self.memo), low, high)
        return self.aims[key]

    def guessed_fits(self, arr: Arrangement, size: float) -> bool | None:
        """Whether ``arr``'s body is guessed to hold at ``size`` (``estimate.ratio``: not a
        trial). None when not estimated. An aim already made for ``arr`` over a range holding
        ``size`` answers it (the guessed crossing is at ``size`` or above) without a ratio."""
        for (known, low, high), crossing in self.aims.items():
            if known == arr and crossing is not None and low <= size <= high:
                return crossing >= size - 1e-9
        r = self.ratio(arr, size)
        return None if r is None else r <= 1.0

    def ratio(self, arr: Arrangement, size: float) -> float | None:
        """``arr``'s body's summed height over its room at ``size`` (``estimate.ratio``: not a
        trial); None when not estimated."""
        return estimate.ratio(self.tree(arr), self.geo_for(arr.columns), size, self.memo)

    def measure(self, arr: Arrangement, size: float) -> Composition:
        """The arrangement at ``size``, measured; columns narrower than ``MIN_MEASURE``
        characters at that size do not fit, whatever their room (a line of 25 characters at
        large sizes reads in jerks). Monotonic in the size, as the fit's search wants."""
        geo = self.geo_for(arr.columns)
        if arr.columns == 1 and geo.max_pages == 1 and not arr.carry and not arr.whole:
            arr = replace(arr, whole=True)  # one column, one page: nothing to split a step across
        key = (arr, size)
        if key not in self.known:
            comp = compose_card(self.tree(arr), geo, size, drawing=False, memo=self.memo)
            narrow = arr.columns > 1 and geo.column_width < MIN_MEASURE * CHAR_EM * size
            broken = comp.fits and name_breaks(self.tree(arr), geo.frame_width, size)
            self.known[key] = replace(comp, fits=False) if (narrow or broken) and comp.fits else comp
        return self.known[key]


def _resized(tree: CardTree, factor: float) -> CardTree:
    """``tree`` with its picture rows ``factor`` times as high (under the title or beside it)."""
    def resized(b: t.Block) -> t.Block:
        if isinstance(b, t.PictureRow):
            return replace(b, height_pt=b.height_pt * factor)
        if isinstance(b, t.Beside) and isinstance(b.aside, t.PictureRow):
            return replace(b, aside=resized(b.aside))
        return b
    return replace(tree, title=tuple(resized(b) for b in tree.title))
