"""Shrink-to-fit: measured trials agree with real renders, and the chosen size is right."""

from __future__ import annotations

import pytest

from cardmaker.load.exercise import load_file
from cardmaker.load.layout import load_layout
from cardmaker.render.card import render_card
from cardmaker.typeset.fit import grid
from conftest import DATA


def _exercise(name: str):
    (ex,), errors = load_file(DATA / f"{name}.yaml")
    assert not errors
    return ex


@pytest.mark.parametrize("layout", ["card-a4", "wall-card-a4", "index-card-3x5"])
@pytest.mark.parametrize("name", ["goblet-squat", "single-leg-stand", "jumping-jacks"])
def test_the_chosen_size_fits_and_is_the_largest(layout: str, name: str):
    """Exhaustive check on the quarter-point grid: the composition's body size is the largest at
    which its column count and placement fit with the smallest pictures (the rule's first
    criterion), and render_card prints that composition."""
    from dataclasses import replace

    from cardmaker.render.card import card_geometry, choose, tree_of
    from cardmaker.render.replay import render_pdf
    from cardmaker.style.fonts import font_set
    from cardmaker.typeset.card import compose_card
    from cardmaker.typeset.trials import CHAR_EM, MIN_MEASURE

    ex, resolved = _exercise(name), load_layout(layout)
    chosen = choose(ex, resolved)
    arr = chosen.arrangement
    smallest = replace(arr, picture_height=min(arr.picture_height, resolved.image_max_height * resolved.image_min_scale))
    pages = max(chosen.composition.side_pages)  # the wall card's longest go on over a second page
    tree, geo = tree_of(ex, resolved, smallest), card_geometry(resolved, arr.columns, pages)
    # a two-sided card whose front holds it all may grow past max_size, to fit.front_max_size
    alone = resolved.front_max_size > resolved.max_size and not chosen.composition.carried

    def holds(size: float) -> bool:
        trial = compose_card(tree, geo, size, drawing=False)
        narrow = arr.columns > 1 and geo.column_width < MIN_MEASURE * CHAR_EM * size  # not a candidate there
        return trial.fits and not narrow and (size <= resolved.max_size or not trial.carried)
    sizes = [s for s in reversed(grid(resolved.min_size)) if s <= (resolved.front_max_size if alone else resolved.max_size)]
    largest = next(s for s in sizes if holds(s))
    assert chosen.composition.size == largest
    assert compose_card(tree_of(ex, resolved, arr), geo, largest, drawing=False).fits
    assert render_card(ex, resolved) == render_pdf(chosen.composition.pages, ex.name, font_set(resolved.fonts).regular)


@pytest.mark.parametrize("name", ["wall-card-a4", "card-a4", "pocket-card-a6"])
def test_caches_do_not_change_the_bytes_whatever_was_rendered_before(name: str):
    """Word widths, lines, slices and pictures are kept per process: a card must come out the
    same whether it is the first of a run or follows others at other sizes."""
    from cardmaker.render.card import render_card
    from cardmaker.typeset import lines, slices

    layout = load_layout(name)
    exercises = [load_file(path)[0][0] for path in sorted(DATA.glob("*.yaml"))]

    def fresh_run(order):
        for cached in _lru_caches(lines) + _lru_caches(slices):
            cached.cache_clear()
        return {ex.id: render_card(ex, layout) for ex in order}

    assert fresh_run(exercises) == fresh_run(exercises[::-1])
    single = fresh_run(exercises[-1:])
    assert single[exercises[-1].id] == fresh_run(exercises)[exercises[-1].id]


@pytest.mark.parametrize("name", ["wall-card-a4", "card-a4", "pocket-card-a6", "poster-a3", "index-card-3x5"])
def test_fit_size_chooses_what_render_card_renders(name: str):
    """--combine draws each card at fit_size: it must print the card as a single build would."""
    from cardmaker.render.card import fit_size
    from cardmaker.render.card import compose

    layout = load_layout(name)
    for path in sorted(DATA.glob("*.yaml")):
        ex = load_file(path)[0][0]
        assert fit_size(ex, layout) == compose(ex, layout).size, ex.id


def _lru_caches(module) -> list:
    return [f for f in vars(module).values() if hasattr(f, "cache_clear")]
