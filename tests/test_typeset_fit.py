"""Fitting: the largest quarter-point size that fits, found on measurements alone."""

from __future__ import annotations

import pytest

from cardmaker.flow import tree as t
from cardmaker.style.fonts import BOLD, FALLBACK, REGULAR
from cardmaker.typeset.card import CardGeometry, compose_card
from cardmaker.typeset.fit import fit, grid, next_size

STEPS = ["Stand with your feet hip-width apart and your toes turned slightly out.",
         "Hold the weight close against your chest, just below your chin.",
         "Sit down between your heels, keeping your whole foot on the floor.",
         "Drive the floor away and stand up tall, squeezing your glutes → done ✓."]


def tree() -> t.CardTree:
    body = t.Style(1.0, 1.3)
    title = t.Heading(t.Paragraph((t.Run("Goblet Squat", BOLD, (FALLBACK,)),), t.Style(2.0, 1.1)))
    items = tuple(t.Item(t.Mark(str(i), (0.2, 0.3, 0.6), label_face=BOLD),
                         (t.Paragraph((t.Run(s, REGULAR, (FALLBACK,)),), body),))
                  for i, s in enumerate(STEPS, 1))
    return t.CardTree((title,), items)


GEO = CardGeometry(200, 260, (12, 12, 12, 12), columns=1)


@pytest.mark.parametrize("bounds", [(6, 20), (5, 14.5), (8, 30)])
def test_fit_picks_the_largest_size_that_fits(bounds):
    card = tree()
    calls: list[float] = []

    def compose(size: float):
        calls.append(size)
        return compose_card(card, GEO, size)

    best = fit(compose, *bounds)
    assert best.fits and len(best.pages) == 1
    assert bounds[0] <= best.size <= bounds[1]
    assert best.size in grid(bounds[0])
    assert not compose_card(card, GEO, next_size(best.size, bounds[0])).fits  # one step up is too big
    assert len(calls) <= 12  # a bounded search (real cards take 3 to 6 trials: see benchmarks/engine_micro.py)


def test_fit_is_deterministic():
    a = fit(lambda s: compose_card(tree(), GEO, s), 6, 20)
    b = fit(lambda s: compose_card(tree(), GEO, s), 6, 20)
    assert a.size == b.size and a.pages == b.pages


def test_when_nothing_fits_the_smallest_size_is_returned_unfit():
    tiny = CardGeometry(120, 120, (10, 10, 10, 10))
    best = fit(lambda s: compose_card(tree(), tiny, s), 9, 20)
    assert best.size == 9 and not best.fits


def test_short_content_takes_the_largest_size():
    card = t.CardTree((), (t.Paragraph((t.Run("Hi", REGULAR),), t.Style()),))
    assert fit(lambda s: compose_card(card, GEO, s), 6, 20).size == 20


def test_fit_card_measures_then_draws_the_chosen_size():
    from cardmaker.typeset.fit import fit_card

    measured = compose_card(tree(), GEO, 10, drawing=False)
    drawn = compose_card(tree(), GEO, 10)
    assert measured.pages[0].ops == () and drawn.pages[0].ops
    assert (measured.fits, measured.demand, len(measured.pages)) == (drawn.fits, drawn.demand, len(drawn.pages))
    best = fit_card(tree(), GEO, 6, 20)
    assert best.size == fit(lambda s: compose_card(tree(), GEO, s), 6, 20).size and best.pages[0].ops


@pytest.mark.parametrize("size", [6, 9.25, 12, 15.5, 20])
def test_a_measuring_trial_decides_as_the_drawing_does(size):
    """Trials set no text (they count lines); their measures must be the drawn card's."""
    geo = CardGeometry(200, 260, (12, 12, 12, 12), columns=2, column_gap=8)
    measured, drawn = compose_card(tree(), geo, size, drawing=False), compose_card(tree(), geo, size)
    assert (measured.fits, measured.demand, measured.capacity, measured.fixed, measured.oversized,
            len(measured.pages)) == (drawn.fits, drawn.demand, drawn.capacity, drawn.fixed, drawn.oversized,
                                     len(drawn.pages))


def test_a_search_from_a_size_known_to_fit_goes_up_from_it():
    """The other column count's search starts where the lead's answer was found to fit there:
    it never tries the largest size first, and finds what a search from the top finds."""
    card = tree()
    whole = fit(lambda s: compose_card(card, GEO, s, drawing=False), 6, 30)
    assert whole.fits and whole.size < 30
    known = compose_card(card, GEO, 6, drawing=False)
    calls: list[float] = []

    def compose(size: float):
        calls.append(size)
        return compose_card(card, GEO, size, drawing=False)

    found = fit(compose, 6, 30, fitting=known)
    assert found.size == whole.size
    assert 30 not in calls and all(6 < s <= 30 for s in calls)
    assert len(calls) <= 6



@pytest.mark.parametrize("bounds", [(6, 30), (9.5, 14.5), (11, 20)])  # the answer 10 pt; none from 11
def test_a_search_started_at_the_smallest_size_finds_what_one_from_the_top_finds(bounds):
    """A level of the composition after one that did not fit even at its smallest size starts
    there: the same answer (fitting or not) as from the largest size, the largest never tried
    when the answer is near the smallest."""
    card = tree()
    geo = CardGeometry(200, 200, (12, 12, 12, 12), columns=1)  # the steps fit only near the bottom, or not at all
    top = fit(lambda s: compose_card(card, geo, s, drawing=False), *bounds)
    calls: list[float] = []

    def compose(size: float):
        calls.append(size)
        return compose_card(card, geo, size, drawing=False)

    low = fit(compose, *bounds, start=bounds[0])
    assert (low.size, low.fits) == (top.size, top.fits)
    assert calls[0] == bounds[0]
    if not top.fits:
        assert calls == [bounds[0]]  # nothing fits at the smallest: nothing else is tried
    else:
        assert bounds[1] not in calls or top.size == bounds[1]


@pytest.mark.parametrize("off", [-2, -1, 0, 1, 2])  # grid steps from the answer the guess lands
def test_a_guess_a_step_or_two_off_is_settled_by_its_neighbours(off: int):
    """An estimate lands on the answer or a step or two off it: the grid's sizes next to it
    decide the fit in two or three trials (two when it is on it or a step above; two steps
    below, the third neighbour is the search's)."""
    from cardmaker.typeset.card import Composition

    points = grid(6.0)
    answer = points.index(12.0)
    calls: list[float] = []

    def compose(size: float):
        calls.append(size)
        fits = size <= 12.0
        return Composition(size, [], fits, demand=100.0 * (size / 12.0) ** 2, capacity=100.0)

    found = fit(compose, 6.0, 30.0, start=points[answer + off])
    assert (found.size, found.fits) == (12.0, True)
    assert calls[0] == points[answer + off]
    assert len(calls) == {-2: 5, -1: 3, 0: 2, 1: 2, 2: 3}[off], calls
