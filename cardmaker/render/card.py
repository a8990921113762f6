"""(Exercise, Layout) → PDF bytes of one card, text sized to fit the page.

Shrink-to-fit does not search blindly: each trial render reports how much content it placed
against the room on each side, and since text area grows with the square of the font size,
the next size is predicted from that ratio. Most cards settle in two or three renders.
The renderer itself decides what fits (no separate estimate that could disagree with it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cardmaker.errors import RenderError
from cardmaker.model import Exercise, Layout
from cardmaker.render.pages import build_pages

STEP = 0.25  # font sizes are tried on a quarter-point grid
MAX_TRIALS = 8


@dataclass
class Trial:
    size: float
    pdf: bytes
    pages: int
    demand: float  # body content height placed on the fullest side, in points (all its pages)
    capacity: float  # body room on that side's first page, in points
    crowded: bool = False  # the title block alone left no room for the body
    oversized: bool = False  # one block was taller than a column
    sides: int = 1

    @property
    def fits(self) -> bool:
        return self.pages == self.sides


def render_card(ex: Exercise, layout: Layout) -> bytes:
    """A card at the largest body size in [min_size, max_size] (quarter points) that fits."""
    first = _trial(ex, layout, layout.max_size)
    if first.fits or (layout.fit_mode == "continue" and not first.crowded):
        return first.pdf  # "continue" flows on at max_size, each later page marked as continued
    if layout.fit_mode == "error":
        raise _too_long(ex, layout, first)
    fits: Trial | None = None  # largest size known to fit
    too_big = first  # smallest size known not to fit
    latest = first
    for _ in range(MAX_TRIALS):
        low = fits.size + STEP if fits else layout.min_size
        high = too_big.size - STEP
        if low > high:
            break
        # text area grows with the square of the size: predict from the latest trial
        guess = latest.size * math.sqrt(latest.capacity / max(latest.demand, 1.0))
        size = min(high, max(low, round(guess / STEP) * STEP))
        latest = _trial(ex, layout, size)
        if latest.fits:
            fits = latest
        else:
            too_big = latest
    if fits is None:
        raise _too_long(ex, layout, too_big)
    return fits.pdf


def _trial(ex: Exercise, layout: Layout, size: float) -> Trial:
    result = build_pages(ex, layout, size)
    if result.crowded or result.oversized:  # no measure of how much is over: aim well below
        capacity = max(min(result.capacity), 1.0)
        return Trial(size, b"", pages=result.sides + 1, demand=capacity * 2, capacity=capacity,
                     crowded=result.crowded, oversized=result.oversized, sides=result.sides)
    # the side that is fullest relative to its room decides whether, and at what size, the card fits
    ratio, side = max((d / max(c, 1.0), i) for i, (d, c) in enumerate(zip(result.demand, result.capacity)))
    return Trial(size, result.pdf, result.pages, result.demand[side], result.capacity[side], sides=result.sides)


def _too_long(ex: Exercise, layout: Layout, t: Trial) -> RenderError:
    if t.crowded:
        return RenderError(f"'{ex.id}': the title block (name, summary, picture, logo) leaves no room for the "
                           f"steps on layout '{layout.name}', even at {t.size:g} pt", file=ex.source,
                           hint="shorten the name or summary, or use a layout with a bigger page")
    if t.oversized:
        return RenderError(f"'{ex.id}': part of the card is taller than a column of layout '{layout.name}', "
                           f"even at {t.size:g} pt", file=ex.source,
                           hint="check the layout's page size, margins and section scale")
    over = max(t.demand - t.capacity, 0) / 72 * 25.4 / max(layout.columns, 1)
    pct = 100 * (t.demand / t.capacity - 1) if t.capacity else 100
    side = "one side of " if t.sides > 1 else "one page of "
    return RenderError(
        f"'{ex.id}' does not fit {side}layout '{layout.name}' even at {t.size:g} pt: "
        f"about {pct:.0f}% too much text (~{over:.0f} mm per column)",
        file=ex.source, hint="shorten the text, or use a layout with a bigger page or a smaller min_size")
