"""The two-sided card's part of a card's composition: whether its front's steps stay on the
front or go on over the page, what its back shows (the pictures large, or the muscles and
equipment the front leaves out), and how far a short card's front grows past the layout's
largest size.

Takes the card's ``trials.Trials``, the layout's ``trials.Ranges`` and ``compose``'s search
(``Search``: the rule's search for the largest size at one level, passed in so that this
module does not import ``compose``); gives the chosen (composition, arrangement) to
``typeset.compose``. Every call measures through the trials, counted with the rest.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable

from cardmaker.flow.arrangement import Arrangement
from cardmaker.typeset.card import Composition
from cardmaker.typeset.fit import fit, next_size, snap
from cardmaker.typeset.trials import Ranges, Trials

FRONT_AIM = 0.97  # a short two-sided card's front grows first to this share of the size its room predicts
FRONT_GAIN = 1.05  # ...and only when that size is this much larger than the largest
TITLE_WRAPS = 1  # ...beside its pictures, its title block taking at most this many lines more (the muscles wrapped once)
HOLD_MARGIN = 1.0  # a body guessed this much over its room is not tried
CARRY_GAIN = 1.1  # a two-sided card's steps go on over an otherwise empty back only for text this much larger

Option = tuple[Composition, Arrangement]
Search = Callable[..., Option]  # compose._best(trials, ranges, whole, lean, carry=...)


def two_sided(trials: Trials, r: Ranges, whole: bool, lean: bool, search: Search) -> Option:
    """A two-sided card whose front's steps may go on over the page. With sections of its own
    on the back, or pictures to show there large, the steps stay on the front when it holds them
    at its comfortable size (a trial there per column count, the smallest pictures, then the
    search from there up): a card read on one side, turned over for the rest. Otherwise (the front would print
    smaller, or the back would carry only the name) the front is filled and what it does not
    hold goes on at the head of the back, its steps whole when any size keeps them so (else
    broken between their lines, never a number from its first lines, never a lone line): the
    largest size at which the two sides hold the card, one search (``_carried``)."""
    floor = snap(min(max(r.comfortable, r.min_size), r.max_size), r.min_size)
    plain = Arrangement(r.columns[0], r.placements[0], r.picture[0], whole, lean)
    back = trials.tree(plain).back
    if back is not None and (back.body or r.picture[1]) and any(
            trials.measure(replace(plain, columns=cols), floor).fits for cols in r.columns):
        kept = search(trials, replace(r, min_size=floor), whole, lean)
        if back.body:
            return _details(trials, kept)
        shown = _gallery(trials, kept)  # a back of its own: the pictures, large
        return shown if shown[1].gallery else _details(trials, kept)
    carried = _carried(trials, r, whole, lean, search)
    if back is not None and not back.body:
        carried = _kept_on_front(trials, r, carried, whole, search)
        shown = _gallery(trials, carried)
        return shown if shown[1].gallery else _details(trials, carried)
    if back is None or (carried[0].fits and carried[0].size >= floor):
        return _details(trials, carried)
    kept = search(trials, r, whole, lean)  # a full back: going on over the page must buy larger text
    return _details(trials, carried if carried[0].fits and (not kept[0].fits or carried[0].size > kept[0].size)
                    else kept)


def _carried(trials: Trials, r: Ranges, whole: bool, lean: bool, search: Search) -> Option:
    """The front filled and what it does not hold going on at the head of the back, its steps
    kept whole (``whole``) over the page, short of a third of the front's column: a reader does
    not turn the card over mid-sentence (``columns.flow_columns``'s ``pages``); a step that
    would leave a front column more than two lines short runs on into the next."""
    return search(trials, r, whole, lean, carry=True)


def front_grown(trials: Trials, r: Ranges, best: Option) -> Option:
    """A two-sided card whose front holds all it has at the layout's largest size: set larger,
    up to ``Ranges.front_max`` (``fit.front_max_size``), while its front still holds it all
    and each side keeps to its page, in the same arrangement: a short exercise's few lines read
    large rather than leave most of the front empty. The search starts where the front's
    text, growing with the square of the size, would meet its room (``FRONT_AIM`` short of it,
    as the title block grows too); a front predicted to gain less than ``FRONT_GAIN`` is not
    searched (no trial). Beside the pictures, the title block takes at most ``TITLE_WRAPS`` line
    more than it had, and its eyebrow none (``_wraps``): a size at which the name, the muscles
    and the eyebrow would wrap in the width the pictures leave does not fit (across the page,
    the name keeps to its own rule, ``title.fitted``)."""
    comp, arr = best  # (``r``: the layout's own ranges, not a last-resort level's, whose largest is its smallest)
    if not comp.fits or comp.oversized or comp.carried or arr.lean or r.front_max <= r.max_size + 1e-9 \
            or comp.size < r.max_size - 1e-9 or not comp.side_demands or comp.side_demands[0] <= 0:
        return best
    room = comp.side_capacities[0] / comp.side_demands[0]
    guess = snap(min(r.front_max, comp.size * math.sqrt(room) * FRONT_AIM), r.min_size)
    if guess < comp.size * FRONT_GAIN - 1e-9:
        return best  # (a front nearly full: a quarter point is not worth the trials)

    def measured(size: float) -> Composition:  # judged by the front alone, which is all that grows
        trial = comp if size <= comp.size + 1e-9 else trials.measure(arr, size)
        front = replace(trial, demand=trial.side_demands[0], capacity=trial.side_capacities[0], fixed=0.0,
                        rigid=0.0) if trial.side_demands else trial  # (none: crowded, no measure)
        wraps = trial.fits and size > comp.size and _wraps(lines, trials.title_lines(arr, size))
        return replace(front, fits=False) if trial.fits and (trial.carried or trial.oversized or wraps) else front
    lines = trials.title_lines(arr, comp.size)
    first = measured(guess)  # then aimed by the front's room at that size (the grid from a size on it: the same)
    grown = fit(measured, comp.size, r.front_max, fitting=first) if first.fits else \
        fit(measured, comp.size, r.front_max, first=first)
    return (trials.measure(arr, grown.size), arr) if grown.fits and grown.size > comp.size else best


def _wraps(before: tuple[tuple[str, int], ...], after: tuple[tuple[str, int], ...]) -> bool:
    """Whether the title block beside the pictures wraps more than the front's growth allows:
    its eyebrow onto a second line, or its blocks by more than ``TITLE_WRAPS`` lines together."""
    more = [(role, b - a) for (role, a), (_, b) in zip(before, after) if b > a]
    return any(role == "eyebrow" for role, _ in more) or sum(n for _, n in more) > TITLE_WRAPS


def _kept_on_front(trials: Trials, r: Ranges, carried: Option, whole: bool, search: Search) -> Option:
    """A card whose back has nothing of its own, going on over the page only to be set a little
    larger (its last step alone on the back, the front with room to spare): kept on its front
    when that sets it no more than ``CARRY_GAIN`` smaller (a trial there a column count; when one
    fits, the rule's search from there up): a card read on one side. Else ``carried`` as it was."""
    comp, arr = carried
    if not comp.fits or not comp.carried:
        return carried
    least = snap(comp.size / CARRY_GAIN, r.min_size)
    least = least if least * CARRY_GAIN >= comp.size - 1e-9 else next_size(least, r.min_size)
    if least >= comp.size or not any(_may_hold(trials, replace(arr, columns=cols, carry=False, whole=whole), least)
                                     for cols in r.columns):
        return carried  # (a trial a column count, unless guessed not to: not even at the least size)
    kept = search(trials, replace(r, min_size=least), whole, arr.lean)  # (the grid from a size on it)
    return kept if kept[0].fits and not kept[0].oversized and kept[0].size >= least - 1e-9 else carried


def _may_hold(trials: Trials, arr: Arrangement, size: float) -> bool:
    """Whether ``arr`` fits at ``size``: a trial, unless its body is guessed clearly too long
    for its room (``estimate``: its sum errs short, never long, so a guess over ``HOLD_MARGIN``
    is no fit)."""
    guess = trials.ratio(arr, size)
    return (guess is None or guess <= HOLD_MARGIN) and trials.measure(arr, size).fits


def _details(trials: Trials, best: Option) -> Option:
    """A two-sided card whose back has room: the muscles and equipment the front leaves out
    named under the back's title (``Arrangement.details``), when the card still fits at the
    same size, going on over the page no more than it did (one trial)."""
    comp, arr = best
    if not comp.fits or comp.sides < 2:
        return best
    shown = replace(arr, details=True)
    if trials.tree(shown).back == trials.tree(arr).back:  # nothing the front leaves out
        return best
    trial = trials.measure(shown, comp.size)
    ok = trial.fits and not trial.oversized and trial.carried == comp.carried
    return (trial, shown) if ok else best


def _gallery(trials: Trials, best: Option) -> Option:
    """A back with nothing of its own whose front holds the whole card: the back given to the
    pictures, large (``Arrangement.gallery``), when they fit there at the same size (one trial)."""
    comp, arr = best
    if not comp.fits or comp.carried:
        return best
    shown = replace(arr, gallery=True)
    trial = trials.measure(shown, comp.size)
    return (trial, shown) if trial.fits and not trial.carried and not trial.oversized else best
