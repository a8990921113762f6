"""Shrink to fit: the largest body size, on a graded grid (quarter points below 16 pt, half points to
32 pt, points above), at which a card fits its pages.

Takes a function composing the card at a size (``card.compose_card`` bound to a tree and a
geometry) and the size bounds; gives the composition at the chosen size. Every trial is a
measurement only; no PDF exists while searching. Text area grows with the square of the size,
so each trial's demand against its room says where the answer lies: before any size is known
to fit, the next trial is the size at which the last one's demand would meet its room; once the
answer is bracketed by a size that fits and one that does not, the next is where their
demand-to-room ratios, interpolated, cross one (regula falsi). The predictions only aim the
search: each decision is an actual composition, the bracket of undecided sizes narrows with
every trial, and trials that keep landing on one side gallop (2, 4, 8... steps), so a poor
prediction costs a few trials more, never a linear walk. A trial whose kept block was taller
than its column still measures its demand (what spilled over counts); one whose title block
left the body no room aims at the size where it would leave half; a first aim within a few
steps of the smallest size tries the smallest (does anything fit at all?). The result depends
only on the compositions, so it is deterministic.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import lru_cache
from typing import Callable

from cardmaker.flow.tree import CardTree
from cardmaker.typeset.card import CardGeometry, Composition, compose_card

GRID = ((16.0, 0.25), (32.0, 0.5), (math.inf, 1.0))  # below each size (points), the grid's step
GRID_TOP = 200.0  # points: the grid goes this far up
STEP = GRID[0][1]  # the finest step
AIM = 1  # grid steps above the predicted size the first predicted trial goes: the prediction from a
# trial that does not fit lands low (its snapping down to the grid and the room keep rules waste)
BLIND = 0.8  # a trial whose demand is no measure (none measured): this much smaller next
NEIGHBOURS = 2  # after a guessed first size, the grid sizes next to it tried one by one (towards the answer)
FLOOR_STEPS = 3  # a first guess this few grid steps above the smallest size tries the smallest instead
UNCROWDED = 0.5  # after a crowded trial: the size at which the title block and footer take this share of the room


@lru_cache(maxsize=64)
def grid(low: float) -> tuple[float, ...]:
    """The body sizes a fit chooses among, from ``low`` up: steps of ``GRID`` (a quarter point
    below 16 pt, half a point to 32 pt, a point above: about 1.5% of the size or less)."""
    points = [low]
    while points[-1] < GRID_TOP:
        size = points[-1]
        points.append(round(size + next(step for bound, step in GRID if size < bound - 1e-9), 6))
    return tuple(points)


def snap(size: float, low: float) -> float:
    """``size`` rounded down to the grid that starts at ``low`` (``low`` itself when below it)."""
    points = grid(low)
    return points[max(bisect_right(points, size + 1e-9) - 1, 0)]


def next_size(size: float, low: float) -> float:
    """The grid's next size above ``size`` (the grid that starts at ``low``)."""
    points = grid(low)
    return points[min(bisect_right(points, size + 1e-9), len(points) - 1)]


def fit(compose: Callable[[float], Composition], min_size: float, max_size: float,
        first: Composition | None = None, fitting: Composition | None = None,
        start: float | None = None) -> Composition:
    """The composition at the largest size of the grid (``grid(min_size)``) in [min_size,
    max_size] that fits; when none does, the one at ``min_size`` (its ``fits`` is False).
    ``first``: the trial at the largest size when the caller has made it; ``fitting``: a trial
    known to fit; ``start``: the size to try first, when the caller knows better than the largest.

    The largest size (or ``start``, then up to ``NEIGHBOURS`` sizes next to it on the grid,
    towards the answer: a good guess is on it or a step or two off) is tried first; then the sizes ``_Search.aim`` picks until
    every size between the largest known to fit and the smallest known not to has been decided."""
    search = _Search(compose, min_size, max_size)
    if first is not None:  # the trial at the largest size, made already by the caller
        search.known[first.fits] = first
    if fitting is not None and fitting.fits:
        search.known[True] = fitting
    if not search.known:
        if start is None:
            search.trial(search.max_size)
        else:  # a guess lands on the answer or a step or two off it: its neighbours next
            side = search.trial(search.points[min(search.index(start), search.top)]).fits
            for _ in range(NEIGHBOURS):
                low, top = search.bracket()
                if low > top or search.trial(search.points[low if side else top]).fits != side:
                    break
    while not search.decided():
        search.trial(search.aim())
    return search.known[True] if True in search.known else search.known[False]


def fit_card(tree: CardTree, geo: CardGeometry, min_size: float, max_size: float) -> Composition:
    """A card at the largest size that fits: the search on measurements, then the chosen size
    drawn (its decisions are the measured ones: the same code with the same numbers)."""
    best = fit(lambda size: compose_card(tree, geo, size, drawing=False), min_size, max_size)
    return compose_card(tree, geo, best.size)


class _Search:
    """The trials so far: the largest size known to fit (``known[True]``) and the smallest known
    not to (``known[False]``); the grid's sizes between them are undecided."""

    def __init__(self, compose: Callable[[float], Composition], min_size: float, max_size: float):
        self.compose, self.min_size = compose, min_size
        self.points = grid(min_size)
        self.top = max(bisect_right(self.points, max_size + 1e-9) - 1, 0)  # the largest size's index
        self.max_size = self.points[self.top]
        self.known: dict[bool, Composition] = {}
        self.outcomes: list[bool] = []  # whether each trial made here fitted

    def trial(self, size: float) -> Composition:
        c = self.compose(size)
        self.known[c.fits] = c
        self.outcomes.append(c.fits)
        return c

    def index(self, size: float) -> int:
        """The index of the grid's size at or below ``size``."""
        return max(bisect_right(self.points, size + 1e-9) - 1, 0)

    def bracket(self) -> tuple[int, int]:
        """The undecided sizes' indexes, first and last (the first above the last: none)."""
        low = self.index(self.known[True].size) + 1 if True in self.known else 0
        return low, self.index(self.known[False].size) - 1 if False in self.known else self.top

    def decided(self) -> bool:
        low, top = self.bracket()
        return low > top

    def aim(self) -> float:
        """The next size to try, within the undecided bracket: predicted from the trial that
        does not fit while none does; once one does, predicted from it (its measured demand
        lands close to the answer) unless that was tried, else interpolated between the two
        sides of the bracket. When the last trials all landed on one side, at least 2, 4, 8...
        grid steps on from the last (a prediction that keeps landing short would close the
        bracket a step at a time)."""
        low, top = self.bracket()
        fit_, over = self.known.get(True), self.known.get(False)
        aim_up = 0
        if over is None:  # only a size that fits is known (``fit``'s ``fitting``): up from it
            guess = predicted(fit_) if not _blind(fit_) else self.max_size
        elif fit_ is None:
            guess = _uncrowded(over) if over.crowded else over.size * BLIND if _blind(over) else predicted(over)
            aim_up = 0 if _blind(over) else AIM
            if self.index(guess) + aim_up < FLOOR_STEPS:  # near the floor: whether anything fits at all
                guess, aim_up = self.min_size, 0
        elif not _blind(fit_) and self.index(predicted(fit_)) < self.index(over.size) - 1:
            guess = predicted(fit_)
        else:  # (or that prediction was tried, and did not fit)
            guess = _crossing(fit_, over)
        at = self.index(guess) + aim_up
        streak = self._streak()
        if streak >= 2:
            last = self.index(self.known[self.outcomes[-1]].size)
            reach = 2 ** (streak - 1)
            at = max(at, last + reach) if self.outcomes[-1] else min(at, last - reach)
        return self.points[min(max(at, low), top)]

    def _streak(self) -> int:
        """How many of the latest trials landed on the side the last did."""
        n = 0
        for fits in reversed(self.outcomes):
            if fits != self.outcomes[-1]:
                break
            n += 1
        return n


def _blind(trial: Composition) -> bool:
    """Whether a trial's demand is no measure of how much it is over. (A trial with a kept block
    taller than its column, ``oversized``, still measures it: what spilled over counts as over.)"""
    return trial.crowded or trial.demand <= 0


def _uncrowded(trial: Composition) -> float:
    """After a trial whose title block and footer left the body no room: the size at which they
    would leave it half the room the pictures' rows leave (they take room in proportion to the
    size, the rows their own), and no more than ``BLIND`` of the size tried."""
    scaled = trial.fixed - trial.rigid
    total = trial.capacity + trial.fixed - trial.rigid
    if scaled <= 0 or total <= 0:
        return trial.size * BLIND
    return min(trial.size * BLIND, trial.size * UNCROWDED * total / scaled)


def _crossing(fit_: Composition, over: Composition) -> float:
    """Where the square root of the demand-to-room ratio (about linear in the size: the text's
    area grows with its square), interpolated between a trial that fits and one that does not,
    crosses one; the middle when either ratio is no measure (or they do not straddle one: a card
    may fail with room to spare, its keep rules wasting it)."""
    middle = (fit_.size + over.size) / 2
    if _blind(over) or fit_.demand <= 0:
        return middle
    r_fit = math.sqrt(fit_.demand / max(fit_.capacity, 1.0))
    r_over = math.sqrt(over.demand / max(over.capacity, 1.0))
    if not r_fit < 1.0 <= r_over:
        return middle
    return fit_.size + (1.0 - r_fit) * (over.size - fit_.size) / (r_over - r_fit)


def predicted(trial: Composition) -> float:
    """The size at which the body's demand would meet its room: the demand grows with size²,
    the room the title block and footer take from the body grows with size (but for the
    pictures' rows, whose height is their own)."""
    if _blind(trial):
        return trial.size * BLIND  # no measure of how much is over: aim well below
    a, b = trial.demand / trial.size ** 2, (trial.fixed - trial.rigid) / trial.size
    room = trial.capacity + trial.fixed - trial.rigid
    return (-b + math.sqrt(b * b + 4 * a * room)) / (2 * a)
