"""The pictures' part of a card's composition: which placements have room for them, which
leaves the body the most room, and how tall they grow at the chosen body size.

Takes the card's ``trials.Trials`` (each call here measures through it, so its trials are
counted with the rest) and the layout's ``trials.Ranges``; gives placements, heights and
compositions to ``typeset.compose``, which applies its rule to them.
"""

from __future__ import annotations

import math

from cardmaker.flow import tree as t
from cardmaker.flow.arrangement import Arrangement
from cardmaker.flow.tree import CardTree
from cardmaker.typeset.card import Composition
from cardmaker.typeset.figures import picture_area
from cardmaker.typeset.fit import snap
from cardmaker.typeset.measure import word_width
from cardmaker.typeset.trials import Ranges, Trials

PICTURE_TRIALS = 3  # trials a placement to grow the pictures at the chosen body size (after the largest)
WIDE_RANGE = 100.0  # points: a picture height range wider than this (pictures one under the other)...
PICTURE_GRAIN = 6.0  # ...is bisected to this many points


def _bisections(span: float) -> int:
    """Bisection steps for a picture height range ``span`` points wide: ``PICTURE_TRIALS`` - 1,
    or as many as bring a wide one to ``PICTURE_GRAIN``."""
    if span <= WIDE_RANGE:
        return PICTURE_TRIALS - 1
    return max(PICTURE_TRIALS - 1, math.ceil(math.log2(span / PICTURE_GRAIN)))


def roomy(trials: Trials, r: Ranges, whole: bool, lean: bool) -> tuple[str, ...]:
    """The placements with room for the pictures at the smallest height of their range (beside
    the title, a row of two may be narrower than that allows); when none has (two wide 16:9
    pictures), the one that draws them largest, not one that would make them thumbnails."""
    low_h = r.picture[0]
    if len(r.placements) == 1 or not low_h:
        return r.placements
    size = snap(r.max_size, r.min_size)
    drawn = {p: widest(trials, Arrangement(r.columns[0], p, low_h, whole, lean), size) for p in r.placements}
    ok = tuple(p for p in r.placements if drawn[p] >= low_h * 0.98)
    return ok or (max(r.placements, key=lambda p: (drawn[p], -r.placements.index(p))),)


def shortest_title(trials: Trials, r: Ranges, cols: int, height: float, whole: bool, lean: bool) -> str:
    """The placement whose title block takes the least height (the most room for the body)."""
    if len(r.placements) == 1:
        return r.placements[0]
    size = snap(r.max_size, r.min_size)

    def taken(p: str) -> float:
        arr = Arrangement(cols, p, height, whole, lean)
        if breaks_words(trials.tree(arr), trials.geo_for(cols).frame_width, size):
            return float("inf")
        return trials.title_height(arr, size)
    return min(r.placements, key=lambda p: (taken(p), r.placements.index(p)))


def grown(trials: Trials, r: Ranges, cols: int, placement: str, size: float,
           whole: bool, lean: bool, carry: bool = False) -> tuple[Composition, Arrangement] | None:
    """The largest picture height (to a bisection's precision) at which the card still fits at
    ``size`` in this column count and placement; None when even the smallest does not."""
    low_h, high_h = r.picture
    if breaks_words(trials.tree(Arrangement(cols, placement, low_h, whole, lean, carry)), trials.geo_for(cols).frame_width,
                     size):
        return None
    high_h = max(low_h, min(high_h, widest(trials, Arrangement(cols, placement, high_h, whole, lean, carry), size)))
    at = lambda h: trials.measure(Arrangement(cols, placement, h, whole, lean, carry), size)  # noqa: E731
    top = at(high_h)
    if top.fits or high_h <= low_h:
        return (top, Arrangement(cols, placement, high_h, whole, lean, carry)) if top.fits else None
    if not at(low_h).fits:
        return None
    good, bad = low_h, high_h
    for _ in range(_bisections(high_h - low_h)):
        mid = round((good + bad) / 2, 1)
        good, bad = (mid, bad) if at(mid).fits else (good, mid)
    return at(good), Arrangement(cols, placement, good, whole, lean, carry)


def breaks_words(tree: CardTree, width: float, size: float) -> bool:
    """Whether the title beside a picture row is too narrow for one of the words of the
    exercise's name (it would be cut mid-word): such a placement is not a candidate."""
    for block in tree.title:
        if isinstance(block, t.Beside) and isinstance(block.aside, t.PictureRow):
            room = width * (1 - block.share) - block.gap_em * size
            for b in block.blocks:
                if isinstance(b, t.Heading) and b.level == 0:
                    p = b.paragraph
                    face, text_size = p.runs[0].face, p.style.text_size(size)
                    if any(word_width(w, face, text_size) > room for w in p.text.split()):
                        return True
    return False


def widest(trials: Trials, arr: Arrangement, size: float) -> float:
    """The height the arrangement's pictures are drawn at (the row's width may limit it below
    ``arr.picture_height``), as a height of the arrangement: no use trying taller."""
    geo = trials.geo_for(arr.columns)
    tree = trials.tree(arr)
    drawn = picture_area(tree.title, size, geo.frame_width)
    nominal = picture_area(tree.title, size, float("inf"))
    return arr.picture_height * (drawn / nominal) ** 0.5 if nominal else arr.picture_height
