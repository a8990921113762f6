"""Composition: a card chosen among the arrangements its layout allows, by a stated rule.

Takes a function making the card's block tree for an ``Arrangement`` (column count, where the
picture row goes, its height, whether steps and FAQ pairs are kept whole), a function making
the page geometry for a column count, and the layout's ``Ranges``; gives the chosen
arrangement and its composition at the chosen body size, drawn.

The rule, in order:

1. the largest body text (the body size, on the fit's grid: quarter points below 16 pt, half points
   to 32 pt, points above);
2. then the largest pictures (their height, within the layout's range);
3. then the least empty space in the body; two columns only when one cannot reach the same
   body size (two columns "only when they fill"), balanced, and never narrower than about 35
   characters a line (``MIN_MEASURE``: at that size two columns are not a candidate); but one
   column whose lines would run past about 95 characters (``MAX_MEASURE``: a long card at a
   small size on a wide page) gives way to more columns at the same size;
4. a step or FAQ pair never splits across columns when any arrangement avoids it (cautions and
   tips are panel items, never split): every candidate keeps them whole, and only when none
   fits at the smallest size are they allowed to split; then, before the card fails, the
   pictures may shrink below the layout's range (to ``LAST_RESORT`` of their largest height, the
   text then at its smallest size and the pictures as large as that leaves room for), and last
   the layout's optional sections ("tips as room allows") are left out.

A layout's legible size (``Ranges.legible``: the wall card's 14 pt) is guarded after the rule
has chosen: a card it would print below leaves out its optional sections, then lets its pictures
shrink below the layout's range (``_legible``), before its text goes under that size; one that
goes under all the same leaves its optional sections out where that sets it larger
(``_under_legible``). A card
that may go on over more pages (``Ranges.spill``: the layout's ``fit.max_pages``) and would
still print below that size, or not fit at all, is given back measured, not drawn
(``Chosen.drawn``): the caller composes it again on more pages.

Two-sided cards (pocket and index cards: ``compose_sides``, which this module hands its search):

- a front that holds steps fills itself: what it does not hold goes on at the head of the back
  under the section's "(continued)" heading, a step going on whole (``columns.flow_columns``'s
  ``pages``: broken between its lines where that would leave a third of the front's column
  empty, or at the level where steps may split; never a step's number from its first lines,
  never a lone line), when the front alone would print below the layout's comfortable size, or when
  the back would carry only the name (no sections of its own, no pictures to show), and then
  only for text ``CARRY_GAIN`` larger than the front alone would hold it at (no last step
  alone on an empty back for a quarter point);
- a back with nothing of its own, its front holding the whole card, shows the pictures large
  (one more trial); a back with room names under its title the muscles and equipment its
  front leaves out (one trial at the chosen size);
- a front that holds all it has at the largest size, with room left (one or two short steps),
  is set larger, up to ``Ranges.front_max`` (the layout's ``fit.front_max_size``), while it
  still holds it all (a search on the sizes above).

Two columns are drawn balanced: their feet within about two lines, the body no taller than
needed (``CardGeometry.body_height``). One column at the largest size that still leaves room
has the space between its blocks grown to share it out (``_spread``: at most three times).

Cost. Every trial is a measurement (``card.compose_card`` without drawing) and the search is
pruned rather than run per candidate: one column count is searched (``fit.fit``, its first
trial where the body's summed height is guessed to meet its room, ``estimate``: no trial; its
later trials aim by the demand model: demand grows with the square of the size against the
room left) — the fewest, unless they are guessed (or, not estimated, their trial at their
largest size predicts) to stop at a size at which more columns are a candidate too — and
the other count is tried once at the found size when it may win there (not above it when it
does not fit there), and once just above it (searched on up from there when it fits). A
level after one that did not fit even at its smallest size (steps kept whole, then split)
starts its search there. A count is never tried above the size at which its columns turn
narrower than ``MIN_MEASURE``, and one column on one page is the same whether steps are kept
whole or not (measured once); a two-sided card going on over
the page is one such search (its two sides judged as one flow), not a search per split; the
pictures then grow at that size by a short bisection on their height (``compose_pictures``:
three trials a placement, the largest height first; a few more for the wide range of pictures
standing one under the other), and the last is drawn once. Deterministic: it depends only on the
measurements.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from cardmaker.flow.arrangement import Arrangement
from cardmaker.flow.tree import CardTree
from cardmaker.typeset.card import CardGeometry, Composition, compose_card
from cardmaker.typeset.compose_pictures import grown, roomy, shortest_title
from cardmaker.typeset.compose_sides import front_grown, two_sided
from cardmaker.typeset.figures import picture_area
from cardmaker.typeset.fit import STEP, fit, next_size, predicted, snap
from cardmaker.typeset.trials import BALANCE_LINES, CHAR_EM, LINE_EM, MAX_MEASURE, MIN_MEASURE, Ranges, Trials

__all__ = ["compose", "fits_given_up", "top_size", "Chosen", "Ranges", "MAX_SPREAD", "MIN_MEASURE", "MAX_MEASURE", "CHAR_EM", "STEP"]

BALANCE_TRIALS = 4
MAX_SPREAD = 3.0  # a short card's space between blocks grows to at most this many times its own
SPREAD_FILL = 0.8  # ...to share out this much of the room its body leaves
SPREAD_MIN_LINES = 2.0  # ...when that room is at least this many body sizes high
LAST_RESORT = 0.35  # pictures shrink to this share of their largest height before a card fails
AREA_GRAIN = 0.01  # picture areas compared to 1% of the page


@dataclass
class Chosen:
    """The composition chosen, drawn, with its arrangement and how many trials it took."""

    composition: Composition
    arrangement: Arrangement
    trials: int
    drawn: bool = True  # False: a measurement only (``Ranges.spill``: the card goes on over more pages)


def compose(tree_for: Callable[[Arrangement], CardTree], geo_for: Callable[[int], CardGeometry],
            ranges: Ranges, trials: Trials | None = None) -> Chosen:
    """The card by the rule above: measurements, then the chosen arrangement drawn once.
    ``trials``: measurements made before on the same geometry (``render.card.choose``'s check
    of a long card, or its first search), used again rather than repeated."""
    trials = trials if trials is not None else Trials(tree_for, geo_for)
    low, high = ranges.picture
    # the pictures shrink only as far as the smallest text needs: at that size, the largest that fit
    last_resort = replace(ranges, picture=(_least_picture(ranges), high), max_size=ranges.min_size)
    levels = ((ranges, True, False), (ranges, False, False), (last_resort, False, False), (last_resort, False, True))
    low_first = False  # after a level that did not fit even at its smallest size: start the next there
    for level in levels:
        r, whole, lean = level
        best = front_grown(trials, ranges, two_sided(trials, *level, _best)) if ranges.carry else \
            _best(trials, *level, low_first=low_first)
        if best[0].fits and not best[0].oversized:
            break
        low_first = not best[0].fits
    spilt = not best[0].fits
    if best[0].fits and best[0].size < ranges.legible and not ranges.carry:  # its pictures not grown yet
        rescued = _legible(trials, ranges)
        spilt = rescued is None
        if rescued is None and not ranges.spill:
            rescued = _under_legible(trials, replace(r, legible=0.0), whole, lean, low_first)
        best = rescued or best
    if spilt and ranges.spill:  # below the legible size, or not fitting: the caller sets it on more pages
        return Chosen(best[0], best[1], len(trials.known), drawn=False)
    comp, arr = best
    geo = _balanced(trials, arr, comp) if arr.columns > 1 and comp.fits else geo_for(arr.columns)
    if arr.columns == 1 and comp.fits and comp.size >= ranges.max_size - 1e-9:
        geo = _spread(trials, arr, comp, geo)
    drawn = compose_card(trials.tree(arr), geo, comp.size)
    return Chosen(drawn, arr, len(trials.known))


def _best(trials: Trials, r: Ranges, whole: bool, lean: bool = False,
          carry: bool = False, low_first: bool = False) -> tuple[Composition, Arrangement]:
    """The body size first (the smallest pictures), then the pictures at that size, then the
    column count and placement. The lead (``_lead``'s column count, at the placement with the
    shortest title) is searched (from its smallest size up when ``low_first``: the level before,
    a stricter one, did not fit even there); every other column count and placement is tried
    once at the size found when it may win there (an equal: its pictures may grow more, or it
    has fewer columns), and, unless that failed (no larger size can fit then), once just above
    it (searched on up when it fits there). (Probing every count at the largest size to pick
    the lead cost a trial at the costliest size per card and gained nothing: the answer is the
    largest size any count reaches, found the same whichever leads.) Below the layout's legible
    size the pictures are left ungrown: ``_legible`` may yet choose another arrangement."""
    low_h = r.picture[0]
    r = replace(r, placements=roomy(trials, r, whole, lean))
    tops = {cols: top_size(trials, r, cols) for cols in r.columns}
    counts = [cols for cols in r.columns if tops[cols] >= r.min_size] or [min(r.columns)]
    smallest = {(cols, p): Arrangement(cols, p, low_h, whole, lean, carry) for cols in counts for p in r.placements}
    shortest = {cols: (cols, shortest_title(trials, r, cols, low_h, whole, lean)) for cols in counts}
    lead = shortest[max(shortest)] if low_first else _lead(trials, r, tops, shortest, smallest)  # near the floor: most columns
    start = r.min_size if low_first else trials.aim(smallest[lead], r.min_size, tops[lead[0]])
    body = fit(lambda s: trials.measure(smallest[lead], s), r.min_size, tops[lead[0]], start=start)
    fitting = [lead]
    for other in (k for k in smallest if k != lead):
        equal = body.fits and tops[other[0]] >= body.size and _may_win(trials, r, other, fitting[0], body.size)
        if equal and not trials.measure(smallest[other], body.size).fits:
            continue  # nor at any larger size
        above = min(next_size(body.size, r.min_size), tops[other[0]]) if body.fits else r.min_size
        if above > body.size + 1e-9 or not body.fits:
            found = trials.measure(smallest[other], above)
            if found.fits:
                body = fit(lambda s: trials.measure(smallest[other], s), above, tops[other[0]], fitting=found)
                fitting = [other]
                continue
        if equal:
            fitting.append(other)
    if not body.fits:
        return body, smallest[lead]
    if body.size < r.legible:  # the card may yet give up its tips or pictures' size for its text (``_legible``)
        return body, smallest[fitting[0]]
    options = [grown(trials, r, cols, placement, body.size, whole, lean, carry) for cols, placement in sorted(fitting)]
    return _chosen(trials, r, [o for o in options if o is not None] or [(body, smallest[fitting[0]])])


def _under_legible(trials: Trials, r: Ranges, whole: bool, lean: bool,
                   low_first: bool) -> tuple[Composition, Arrangement]:
    """A card that prints below the legible size all the same (``_legible`` found no way to
    reach it): by the rule, and without its optional sections where that sets its text larger
    (wall-card-letter's Power Clean with four tips: 13.25 pt without them, not 12.75 with)."""
    kept = _best(trials, r, whole, lean, low_first=low_first)
    if lean:
        return kept
    leaner = _best(trials, r, whole, True, low_first=low_first)
    larger = leaner[0].fits and not leaner[0].oversized and leaner[0].size > kept[0].size + 1e-9
    return leaner if larger else kept


def _legible(trials: Trials, r: Ranges) -> tuple[Composition, Arrangement] | None:
    """A card whose text would print below the layout's legible size (``Ranges.legible``, the
    wall card's 14 pt: read across a room) gives up what it can spare first: its optional
    sections ("tips as room allows"), then its pictures' size (down to ``LAST_RESORT`` of their
    largest, and no smaller than the text at the legible size needs), steps kept whole before
    they split. The first of these that sets the text at the legible size or larger (searched
    from there up); None when none does (the card prints as the rule chose)."""
    floor = replace(r, min_size=r.legible)
    low, high = r.picture
    shrunk = replace(floor, picture=(_least_picture(r), high), max_size=r.legible)  # no smaller than needed
    tries = ((floor, True), (shrunk, True), (floor, False), (shrunk, False)) if high else ((floor, True), (floor, False))
    for ranges, whole in tries:
        found = _best(trials, ranges, whole, lean=True)
        if found[0].fits and not found[0].oversized:
            return found
    return None


def fits_given_up(trials: Trials, r: Ranges, size: float) -> bool:
    """Whether the card can fit at ``size`` at all: with everything the rule may give up before
    the text shrinks (the optional sections, steps kept whole, the pictures at their least),
    in some column count and placement (a trial each, until one fits). A card that cannot is
    composed on more pages straight away (``render.card.choose``): its one-page search
    would only end below that size."""
    least = _least_picture(r)
    return any(trials.measure(Arrangement(cols, placement, least, False, True), size).fits
               for cols in r.columns if top_size(trials, r, cols) >= size for placement in r.placements)


def _least_picture(r: Ranges) -> float:
    """The smallest picture height a card may take before it fails: ``LAST_RESORT`` of the
    largest, or the least the layout lets its pictures take (``Ranges.least_picture``)."""
    low, high = r.picture
    return min(low, r.least_picture) if r.least_picture is not None else min(low, high * LAST_RESORT)


def top_size(trials: Trials, r: Ranges, cols: int) -> float:
    """The largest size at which ``cols`` columns are a candidate: each holds ``MIN_MEASURE``
    characters a line (one column always may take the largest). Below ``r.min_size`` when none."""
    if cols == 1:
        return r.max_size
    largest = trials.geo_for(cols).column_width / (MIN_MEASURE * CHAR_EM)
    return min(r.max_size, snap(largest, r.min_size)) if largest >= r.min_size else r.min_size - STEP


def _lead(trials: Trials, r: Ranges, tops: dict[int, float], shortest: dict, smallest: dict) -> tuple[int, str]:
    """The (column count, placement) searched first: the fewest columns, unless they are
    guessed not to hold the card above the largest size at which more columns are a candidate
    (``Trials.guessed_fits``; not estimated: their trial at their largest size predicts so);
    then the most columns lead (the answer is the largest size any count reaches, and it is
    usually theirs), and the fewest are tried once above what they find."""
    few, many = min(shortest), max(shortest)
    if few == many:
        return shortest[few]
    if tops[few] > tops[many]:  # whether the fewest are guessed to hold the card above (no trial)
        above = trials.guessed_fits(smallest[shortest[few]], next_size(tops[many], r.min_size))
        if above is not None:
            return shortest[few] if above else shortest[many]
    first = trials.measure(smallest[shortest[few]], tops[few])
    if first.fits or predicted(first) > tops[many]:
        return shortest[few]
    return shortest[many]


def _may_win(trials: Trials, r: Ranges, other: tuple[int, str], lead: tuple[int, str], size: float) -> bool:
    """Whether ``other`` (column count, placement) could be chosen over ``lead`` at the same
    body size: not when neither has pictures to grow and it has more columns, unless the
    lead's lines are too long at that size (``_too_wide``)."""
    return (bool(r.picture[1]) or other[0] <= lead[0] or other[1] != lead[1]
            or _too_wide(trials, r, lead[0], size))


def _too_wide(trials: Trials, r: Ranges, cols: int, size: float) -> bool:
    """Whether ``cols`` columns' lines run past ``MAX_MEASURE`` characters at ``size`` while
    the layout allows more columns (then more are preferred at the same size)."""
    return cols < max(r.columns) and trials.geo_for(cols).column_width > MAX_MEASURE * CHAR_EM * size


def _chosen(trials: Trials, r: Ranges,
            options: list[tuple[Composition, Arrangement]]) -> tuple[Composition, Arrangement]:
    """Largest pictures (their drawn area, to ``AREA_GRAIN`` of the page), then one column
    (two only when one column cannot reach the same body size: "two columns only when they
    fill", or when its lines would be too long, ``_too_wide``), then least empty space
    (between placements, to about two lines)."""
    def key(o: tuple[Composition, Arrangement]) -> tuple:
        comp, arr = o
        geo = trials.geo_for(arr.columns)
        page = geo.page_width * geo.page_height
        area = picture_area(trials.tree(arr).title, comp.size, geo.frame_width) / page
        empty = max(comp.capacity - comp.demand, 0.0) / max(comp.capacity, 1.0)
        lines = BALANCE_LINES * comp.size * LINE_EM / max(comp.capacity, 1.0)  # two lines, as a share
        return (-round(area / AREA_GRAIN), _too_wide(trials, r, arr.columns, comp.size), arr.columns,
                round(empty / max(lines, 1e-9)))
    return min(options, key=key)


def _spread(trials: Trials, arr: Arrangement, comp: Composition, geo: CardGeometry) -> CardGeometry:
    """A one-page side whose text is at the largest size and still leaves room: the space
    between its blocks grown (at most ``MAX_SPREAD`` times) to share the room out, as a designer
    spaces a short notice down its page. One trial at twice the space measures how much space
    there is to grow; one more checks the factor that shares out ``SPREAD_FILL`` of the room."""
    room = comp.capacity - comp.demand
    if comp.sides != 1 or arr.carry or geo.max_pages != 1 or room < comp.size * SPREAD_MIN_LINES:
        return geo
    tree = trials.tree(arr)
    doubled = compose_card(tree, replace(geo, spread=2.0), comp.size, drawing=False, memo=trials.memo)
    space = doubled.demand - comp.demand  # the space between blocks (what doubling it added)
    if space <= 0 or not doubled.fits:
        return geo
    factor = min(MAX_SPREAD, 1.0 + room * SPREAD_FILL / space)
    if factor <= 2.0:
        return replace(geo, spread=factor)  # no more than twice the space: it fits, as twice did
    spread = replace(geo, spread=factor)
    trial = compose_card(tree, spread, comp.size, drawing=False, memo=trials.memo)
    return spread if trial.fits and not trial.oversized else replace(geo, spread=min(factor, 2.0))


def _balanced(trials: Trials, arr: Arrangement, comp: Composition) -> CardGeometry:
    """Two columns' geometry with the body no taller than it needs: starting from half the
    demand, raised by one line, two, four... until the body fits on its pages as before."""
    geo = trials.geo_for(arr.columns)
    room = comp.capacity / arr.columns
    height = comp.demand / arr.columns
    if comp.sides > 1 or room - height < BALANCE_LINES * comp.size * LINE_EM:
        return geo  # full (or nearly) already: nothing to balance
    tree = trials.tree(arr)
    line = comp.size * LINE_EM
    for i in range(BALANCE_TRIALS):
        trial = compose_card(tree, replace(geo, body_height=height), comp.size, drawing=False, memo=trials.memo)
        if trial.fits and not trial.oversized and trial.side_pages == comp.side_pages:  # (a "continue" card
            return replace(geo, body_height=height)  # fits on any number of pages: on as many as before)
        height = min(room, height + line * 2 ** i)
    return geo
