"""(Exercise, Layout) → one card, through the typesetting engine: PDF bytes, or its pages.

The block tree (``cardmaker.flow.card_tree``) with the picture's and logo's proportions read
from their files, the layout's page as a ``CardGeometry``, the fit its ``fit_mode`` asks for,
the pages replayed to a PDF (``render.replay``):

- shrink: the largest size in the layout's range at which each side fits one page;
- error: the layout's largest size, one page a side, or an error;
- continue (the handouts): the largest size, flowing on to further pages, each later page
  headed by the running title.

A card that does not fit gets the messages of ``render.fit_errors``. ``fit_size`` (the fit alone,
for ``check --fit``) and ``pages_at`` (the pages at a size chosen before) serve the benchmarks and tests;
a combined PDF composes each card once (``render.combined.prepared_card``).
"""

from __future__ import annotations

from cardmaker.errors import RenderError
from cardmaker.flow.card_tree import card_tree
from cardmaker.flow.tree import CardTree
from cardmaker.model import Exercise, Layout
from cardmaker.render.fit_errors import too_long
from cardmaker.render.picture import pixel_size
from cardmaker.render.replay import render_pdf
from cardmaker.style.fonts import font_set
from cardmaker.typeset import display as d
from cardmaker.typeset.card import CardGeometry, Composition, compose_card
from cardmaker.typeset.fit import STEP, fit, fit_card

__all__ = ["STEP", "render_card", "fit_size", "pages_at", "compose", "not_fitting", "tree_of", "card_geometry"]


def card_geometry(layout: Layout) -> CardGeometry:
    """The layout's page, margins, columns and bleed; a "continue" card may take any number of pages."""
    return CardGeometry(layout.page_width, layout.page_height, layout.margins, layout.columns, layout.column_gap,
                        layout.bleed, None if layout.fit_mode == "continue" else 1)


def tree_of(ex: Exercise, layout: Layout) -> CardTree:
    """The card's block tree in the layout's faces, with its pictures' proportions."""
    faces = font_set(layout.fonts)
    return card_tree(ex, layout, faces, _aspect(ex.image), _aspect(layout.header.logo))


def _smallest(layout: Layout) -> float:
    """The smallest size the fit mode may choose: only "shrink" goes below the largest."""
    return layout.min_size if layout.fit_mode == "shrink" else layout.max_size


def compose(ex: Exercise, layout: Layout) -> Composition:
    """The card's pages at the size its layout's fit mode chooses (``fits`` says whether it did)."""
    return fit_card(tree_of(ex, layout), card_geometry(layout), _smallest(layout), layout.max_size)


def render_card(ex: Exercise, layout: Layout) -> bytes:
    """The card as a PDF, or a RenderError when it does not fit its layout even at the smallest size."""
    best = compose(ex, layout)
    if not best.fits:
        raise not_fitting(ex, layout, best)
    return render_pdf(best.pages, ex.name, font_set(layout.fonts).regular)


def fit_size(ex: Exercise, layout: Layout) -> float:
    """The body size ``render_card`` chooses, by measurement alone (nothing drawn)."""
    tree, geo = tree_of(ex, layout), card_geometry(layout)
    best = fit(lambda size: compose_card(tree, geo, size, drawing=False), _smallest(layout), layout.max_size)
    if not best.fits:
        raise not_fitting(ex, layout, best)
    return best.size


def pages_at(ex: Exercise, layout: Layout, size: float) -> list[d.Page]:
    """The card's pages at ``size`` (a size ``fit_size`` chose), for a shared canvas."""
    return compose_card(tree_of(ex, layout), card_geometry(layout), size).pages


def not_fitting(ex: Exercise, layout: Layout, best: Composition) -> RenderError:
    """The error for a composition that does not fit. A block too tall for a column squeezed
    under a title block that takes more of the page than the body gets is the title block's
    fault (it is "crowded")."""
    crowded = best.crowded or (best.oversized and best.fixed > best.capacity)
    return too_long(ex, layout, best.size, crowded=crowded, oversized=best.oversized, demand=best.demand,
                    capacity=best.capacity, sides=best.sides)


def _aspect(path) -> float | None:
    """An image file's width / height, from its header (None without a file)."""
    if path is None:
        return None
    w, h = pixel_size(str(path))
    return w / h
