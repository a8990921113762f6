"""(Exercise, Layout) → PDF bytes of one card, text sized to fit the page.

Shrink-to-fit does not search blindly. Trials are laid out without writing a PDF (about a
quarter of the cost of a real render), each reporting how much content it placed against the
room on each side; text area grows with the square of the font size, so the next size is
predicted from that ratio. A size predicted to be the answer is rendered for real at once, so
a typical card costs a quick estimate, one measurement and one render. The estimate only aims
the first measurement: whether a card fits is always decided by a layout that the real render
repeats exactly.

Layouts of one page a side (fit modes shrink and error) go through the typesetting engine
(``render.engine_card``); this search serves the rest (fit mode continue: the handouts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cardmaker.errors import RenderError
from cardmaker.model import Exercise, Layout
from cardmaker.render import engine_card
from cardmaker.render.fit_errors import too_long
from cardmaker.render.pages import build_pages, estimate

STEP = 0.25  # font sizes are tried on a quarter-point grid
MAX_TRIALS = 8
NEAR = 1.0  # points: a prediction from a trial this close is trusted enough to render for real


@dataclass
class Trial:
    size: float
    pdf: bytes  # empty for a measurement
    pages: int
    demand: float  # body content height placed on the fullest side, in points (all its pages)
    capacity: float  # body room on that side's first page, in points
    header: float = 0.0  # room the title block took from that page (it shrinks with the text)
    crowded: bool = False  # the title block alone left no room for the body
    oversized: bool = False  # one block was taller than a column
    sides: int = 1
    exact: bool = True  # False for the quick estimate, which only aims the next trial
    final: bool = False  # tried as the predicted answer: if it fits, the search ends here

    @property
    def fits(self) -> bool:
        return self.pages == self.sides

    def predicted_fit(self, size: float) -> bool:
        """Whether ``size`` should fit, judging by this trial: the body's demand grows with
        size², the title block (and so the room it leaves) changes in proportion to size."""
        scale = size / self.size
        return self.demand * scale ** 2 <= self.capacity + self.header * (1 - scale)

    def predicted_size(self) -> float:
        """The size at which demand would just meet the room, by the same model."""
        a, b = self.demand / self.size ** 2, self.header / self.size
        room = self.capacity + self.header
        return (-b + math.sqrt(b * b + 4 * a * room)) / (2 * a) if a > 0 else math.inf


def render_card(ex: Exercise, layout: Layout) -> bytes:
    """A card at the largest body size in [min_size, max_size] (quarter points) that fits
    (through the engine, ``render.engine_card``, for a layout it sets)."""
    if engine_card.uses_engine(layout):
        return engine_card.engine_card(ex, layout)
    best = _fit(ex, layout, render=True)
    return best.pdf or _trial(ex, layout, best.size, measure=False).pdf


def fit_size(ex: Exercise, layout: Layout) -> float:
    """The body size ``render_card`` would choose, found by measurement alone: for cards drawn
    later onto a shared canvas (one combined PDF), where a trial must not leave pages behind."""
    if engine_card.uses_engine(layout):
        return engine_card.fit_size(ex, layout)
    return _fit(ex, layout, render=False).size


def _fit(ex: Exercise, layout: Layout, render: bool) -> Trial:
    """The trial at the chosen size (with its PDF when ``render`` and it was rendered for real)."""
    if layout.fit_mode != "shrink":
        first = _trial(ex, layout, layout.max_size, measure=not render)
        if first.fits or (layout.fit_mode == "continue" and not (first.crowded or first.oversized)):
            return first  # "continue" flows on at max_size, each later page marked as continued
        raise _too_long(ex, layout, first)
    fits: Trial | None = None  # largest size known to fit
    too_big: Trial | None = None  # smallest size known not to fit
    trial = _estimate(ex, layout, layout.max_size)
    for _ in range(MAX_TRIALS):
        if not trial.exact:
            pass  # an estimate aims the next trial but proves nothing
        elif trial.fits:
            fits = trial
        else:
            too_big = trial
        low = fits.size + STEP if fits else layout.min_size
        high = too_big.size - STEP if too_big else layout.max_size
        if low > high or (fits and (fits.final or not fits.predicted_fit(fits.size + STEP))):
            break  # the predicted answer fits, or the next size up is known or predicted not to fit
        guess = math.floor(min(trial.predicted_size(), 1000.0) / STEP) * STEP
        size = min(high, max(low, guess))
        # a size confidently predicted to be the answer (the prediction comes from nearby, or
        # the next size up is known not to fit) is rendered for real, so it is not rendered twice
        confident = trial.predicted_fit(size) and (abs(size - trial.size) <= NEAR or size == high)
        trial = _trial(ex, layout, size, measure=not (confident and render))
        trial.final = confident  # with or without a PDF, so fit_size and render_card choose alike
    if fits is None:
        raise _too_long(ex, layout, too_big or trial)
    return fits


def _trial(ex: Exercise, layout: Layout, size: float, measure: bool) -> Trial:
    return _as_trial(build_pages(ex, layout, size, measure), size)


def _estimate(ex: Exercise, layout: Layout, size: float) -> Trial:
    trial = _as_trial(estimate(ex, layout, size), size)
    trial.exact = False
    return trial


def _as_trial(result, size: float) -> Trial:
    if result.crowded or result.oversized:  # no measure of how much is over: aim well below
        capacity = max(min(result.capacity), 1.0)
        return Trial(size, b"", pages=result.sides + 1, demand=capacity * 2, capacity=capacity,
                     crowded=result.crowded, oversized=result.oversized, sides=result.sides)
    # the side that is fullest relative to its room decides whether, and at what size, the card fits
    _, side = max((d / max(c, 1.0), i) for i, (d, c) in enumerate(zip(result.demand, result.capacity)))
    return Trial(size, result.pdf, result.pages, result.demand[side], result.capacity[side], result.header[side],
                 sides=result.sides)


def _too_long(ex: Exercise, layout: Layout, t: Trial) -> RenderError:
    return too_long(ex, layout, t.size, crowded=t.crowded, oversized=t.oversized, demand=t.demand,
                    capacity=t.capacity, sides=t.sides)
