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

from cardmaker.typeset.card import Composition

STEP = 0.25
PREDICTIONS = 3  # then bisection: a poor prediction cannot make the search long


def snap(size: float, low: float, step: float = STEP) -> float:
    """``size`` rounded down to the grid that starts at ``low``."""
    return low + math.floor((size - low) / step + 1e-9) * step


def fit(compose: Callable[[float], Composition], min_size: float, max_size: float,
        step: float = STEP) -> Composition:
    """The composition at the largest size in [min_size, max_size] (grid from ``min_size``)
    that fits; when none does, the one at ``min_size`` (its ``fits`` is False).

    The largest size is tried first. Then, up to ``PREDICTIONS`` times, the size predicted from
    the latest trial, and its neighbour one step towards the answer (a good prediction closes
    the bracket there: three trials in all). Then galloping from the last trial towards the
    answer (1, 2, 4... steps) until it is bracketed, and bisection of the bracket."""
    known: dict[bool, Composition] = {False: compose(snap(max_size, min_size, step))}
    if known[False].fits:
        return known[False]

    def bracket() -> tuple[float, float]:
        """Sizes still undecided: above the largest known to fit, below the smallest that does not."""
        return (known[True].size + step if True in known else min_size), known[False].size - step

    def trial(size: float) -> Composition:
        c = compose(size)
        known[c.fits] = c
        return c

    last = known[False]
    for _ in range(PREDICTIONS):  # a fitting trial's demand says little (its last column is part-filled)
        if last.fits:
            break
        low, top = bracket()
        guess = snap(_predicted(last), min_size, step)
        if not low <= guess <= top:
            break
        last = trial(guess)
        neighbour = guess + step if last.fits else guess - step
        low, top = bracket()
        if low <= neighbour <= top and not (last.crowded or last.oversized):
            last = trial(neighbour)
    reach = 1
    while True:  # gallop from the last trial towards the answer (1, 2, 4... steps) to bracket it
        low, top = bracket()
        if low > top + 1e-9:
            return known.get(True, known[False])
        size = min(max(last.size + (reach if last.fits else -reach) * step, low), top)
        now = trial(size)
        if now.fits != last.fits:
            break
        last, reach = now, reach * 2
    while True:  # then bisect the bracket
        low, top = bracket()
        if low > top + 1e-9:
            return known.get(True, known[False])
        trial(max(low, snap((low + top) / 2, min_size, step)))


def _predicted(trial: Composition) -> float:
    """The size at which the body's demand would meet its room: the demand grows with size²,
    the room the title block and footer take from the body grows with size."""
    if trial.crowded or trial.oversized or trial.demand <= 0:
        return trial.size * 0.8  # no measure of how much is over: aim well below
    a, b = trial.demand / trial.size ** 2, trial.fixed / trial.size
    room = trial.capacity + trial.fixed
    return (-b + math.sqrt(b * b + 4 * a * room)) / (2 * a)
