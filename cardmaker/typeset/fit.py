"""Shrink to fit: the largest body size, on a quarter-point grid, at which a card fits its pages.

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
from typing import Callable

from cardmaker.flow.tree import CardTree
from cardmaker.typeset.card import CardGeometry, Composition, compose_card

STEP = 0.25
AIM = 1.0  # steps above the predicted size the first predicted trial goes: the prediction from a
# trial that does not fit lands low (its snapping down to the grid and the room keep rules waste)
BLIND = 0.8  # a trial whose demand is no measure (crowded, a kept block too tall): this much smaller next
FLOOR_STEPS = 3  # a first guess this few steps above the smallest size tries the smallest instead
UNCROWDED = 0.5  # after a crowded trial: the size at which the title block and footer take this share of the room


def snap(size: float, low: float, step: float = STEP) -> float:
    """``size`` rounded down to the grid that starts at ``low``."""
    return low + math.floor((size - low) / step + 1e-9) * step


def fit(compose: Callable[[float], Composition], min_size: float, max_size: float,
        step: float = STEP, first: Composition | None = None, fitting: Composition | None = None) -> Composition:
    """The composition at the largest size in [min_size, max_size] (grid from ``min_size``)
    that fits; when none does, the one at ``min_size`` (its ``fits`` is False). ``first``: the
    trial at the largest size when the caller has made it; ``fitting``: a trial known to fit.

    The largest size is tried first; then the sizes ``_Search.aim`` picks until every size
    between the largest known to fit and the smallest known not to has been decided."""
    search = _Search(compose, min_size, snap(max_size, min_size, step), step)
    if first is not None:  # the trial at the largest size, made already by the caller
        search.known[first.fits] = first
    if fitting is not None and fitting.fits:
        search.known[True] = fitting
    if not search.known:
        search.trial(search.max_size)
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
    not to (``known[False]``); the sizes between them are undecided."""

    def __init__(self, compose: Callable[[float], Composition], min_size: float, max_size: float, step: float):
        self.compose, self.min_size, self.max_size, self.step = compose, min_size, max_size, step
        self.known: dict[bool, Composition] = {}
        self.outcomes: list[bool] = []  # whether each trial made here fitted

    def trial(self, size: float) -> Composition:
        c = self.compose(size)
        self.known[c.fits] = c
        self.outcomes.append(c.fits)
        return c

    def bracket(self) -> tuple[float, float]:
        low = self.known[True].size + self.step if True in self.known else self.min_size
        return low, self.known[False].size - self.step if False in self.known else self.max_size

    def decided(self) -> bool:
        low, top = self.bracket()
        return low > top + 1e-9

    def aim(self) -> float:
        """The next size to try, within the undecided bracket: predicted from the trial that
        does not fit while none does; once one does, predicted from it (its measured demand
        lands close to the answer) unless that was tried, else interpolated between the two
        sides of the bracket. When the last trials all landed on one side, at least 2, 4, 8...
        steps on from the last (a prediction that keeps landing short would close the bracket
        a step at a time)."""
        low, top = self.bracket()
        fit_, over = self.known.get(True), self.known.get(False)
        if over is None:  # only a size that fits is known (``fit``'s ``fitting``): up from it
            guess = predicted(fit_) if not _blind(fit_) else self.max_size
        elif fit_ is None:
            guess = _uncrowded(over) if over.crowded else over.size * BLIND if _blind(over) else \
                predicted(over) + AIM * self.step
            if guess < self.min_size + FLOOR_STEPS * self.step:  # near the floor: whether anything fits at all
                guess = self.min_size
        elif not _blind(fit_) and predicted(fit_) < over.size - self.step:
            guess = predicted(fit_)
        else:  # (or that prediction was tried, and did not fit)
            guess = _crossing(fit_, over)
        streak = self._streak()
        if streak >= 2:
            last = self.known[self.outcomes[-1]].size
            reach = self.step * 2 ** (streak - 1)
            guess = max(guess, last + reach) if self.outcomes[-1] else min(guess, last - reach)
        return min(max(snap(guess, self.min_size, self.step), low), top)

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
