"""Shrink to fit: the largest body size, on a quarter-point grid, at which a card fits its pages.

Takes a function composing the card at a size (``card.compose_card`` bound to a tree and a
geometry) and the size bounds; gives the composition at the chosen size. Every trial is a
measurement only; no PDF exists while searching. Text area grows with the square of the size,
so the next trial is predicted from the last one's demand against its room; the prediction only
aims the search: each decision is an actual composition, the bracket of undecided sizes narrows
with every trial, and a few predictions are followed by galloping and bisection, so a poor
prediction costs a few trials more, never a linear walk. The result depends only on
the compositions, so it is deterministic.
"""

from __future__ import annotations

import math
from typing import Callable

from cardmaker.flow.tree import CardTree
from cardmaker.typeset.card import CardGeometry, Composition, compose_card

STEP = 0.25
PREDICTIONS = 3  # then bisection: a poor prediction cannot make the search long
AIM = 1.0  # steps above the predicted size the trial goes: the prediction lands low (its snapping
# down to the grid and the room keep rules waste at column feet): measured on 420 real exercises
# in three layouts, +1 step takes 10% fewer trials (2.68 -> 2.34 a wall card), the same sizes


def snap(size: float, low: float, step: float = STEP) -> float:
    """``size`` rounded down to the grid that starts at ``low``."""
    return low + math.floor((size - low) / step + 1e-9) * step


def fit(compose: Callable[[float], Composition], min_size: float, max_size: float,
        step: float = STEP, first: Composition | None = None) -> Composition:
    """The composition at the largest size in [min_size, max_size] (grid from ``min_size``)
    that fits; when none does, the one at ``min_size`` (its ``fits`` is False). ``first``: the
    trial at the largest size when the caller has made it.

    The largest size is tried first. Then, up to ``PREDICTIONS`` times, the size predicted from
    the latest trial, and its neighbour one step towards the answer (a good prediction closes
    the bracket there: three trials in all). Then galloping from the last trial towards the
    answer (1, 2, 4... steps) until it is bracketed, and bisection of the bracket."""
    search = _Search(compose, min_size, step)
    if first is not None:  # the trial at the largest size, made already by the caller
        search.known[first.fits] = last = first
    else:
        last = search.trial(snap(max_size, min_size, step))
    if last.fits:
        return last
    last = search.predict(last)
    search.gallop(last)
    while not search.decided():
        low, top = search.bracket()
        search.trial(max(low, snap((low + top) / 2, min_size, step)))
    return search.known.get(True, search.known[False])


def fit_card(tree: CardTree, geo: CardGeometry, min_size: float, max_size: float) -> Composition:
    """A card at the largest size that fits: the search on measurements, then the chosen size
    drawn (its decisions are the measured ones: the same code with the same numbers)."""
    best = fit(lambda size: compose_card(tree, geo, size, drawing=False), min_size, max_size)
    return compose_card(tree, geo, best.size)


class _Search:
    """The trials so far: the largest size known to fit (``known[True]``) and the smallest known
    not to (``known[False]``); the sizes between them are undecided."""

    def __init__(self, compose: Callable[[float], Composition], min_size: float, step: float):
        self.compose, self.min_size, self.step = compose, min_size, step
        self.known: dict[bool, Composition] = {}

    def trial(self, size: float) -> Composition:
        c = self.compose(size)
        self.known[c.fits] = c
        return c

    def bracket(self) -> tuple[float, float]:
        low = self.known[True].size + self.step if True in self.known else self.min_size
        return low, self.known[False].size - self.step

    def decided(self) -> bool:
        low, top = self.bracket()
        return low > top + 1e-9

    def undecided(self, size: float) -> bool:
        low, top = self.bracket()
        return low <= size <= top

    def predict(self, last: Composition) -> Composition:
        """Trials at predicted sizes (from trials that did not fit: a fitting trial's demand
        says little, its last column being part-filled), each with its neighbour towards the
        answer; gives the latest trial."""
        for _ in range(PREDICTIONS):
            if last.fits:
                break
            guess = snap(_predicted(last) + AIM * self.step, self.min_size, self.step)
            if not self.undecided(guess):
                break
            last = self.trial(guess)
            neighbour = guess + self.step if last.fits else guess - self.step
            if self.undecided(neighbour) and not (last.crowded or last.oversized):
                last = self.trial(neighbour)
        return last

    def gallop(self, last: Composition) -> None:
        """From ``last`` towards the answer, 1, 2, 4... steps, until the answer is bracketed."""
        reach = 1
        while not self.decided():
            low, top = self.bracket()
            now = self.trial(min(max(last.size + (reach if last.fits else -reach) * self.step, low), top))
            if now.fits != last.fits:
                return
            last, reach = now, reach * 2


def _predicted(trial: Composition) -> float:
    """The size at which the body's demand would meet its room: the demand grows with size²,
    the room the title block and footer take from the body grows with size."""
    if trial.crowded or trial.oversized or trial.demand <= 0:
        return trial.size * 0.8  # no measure of how much is over: aim well below
    a, b = trial.demand / trial.size ** 2, trial.fixed / trial.size
    room = trial.capacity + trial.fixed
    return (-b + math.sqrt(b * b + 4 * a * room)) / (2 * a)
