"""(Exercise, Layout) → PDF bytes of one card through the typesetting engine.

The engine's counterpart of ``cardmaker.render.card.render_card``, not yet used by the CLI:
the block tree (``cardmaker.flow.card_tree``) with the picture's and logo's proportions read
from their files, the layout's page as a ``CardGeometry``, the fit its ``fit_mode`` asks for
(shrink: the largest size that fits each side on one page; continue: the largest size, flowing
on to further pages; error: the largest size, one page a side), the pages replayed to a PDF.
"""

from __future__ import annotations

from cardmaker.errors import RenderError
from cardmaker.flow.card_tree import card_tree
from cardmaker.model import Exercise, Layout
from cardmaker.render.platypus.picture import pixel_size
from cardmaker.render.replay import render_pdf
from cardmaker.style.fonts import font_set
from cardmaker.style.plain_styles import Faces
from cardmaker.typeset.card import CardGeometry, Composition
from cardmaker.typeset.fit import fit_card


def card_geometry(layout: Layout) -> CardGeometry:
    """The layout's page, margins, columns and bleed; a "continue" card may take any number of pages."""
    return CardGeometry(layout.page_width, layout.page_height, layout.margins, layout.columns, layout.column_gap,
                        layout.bleed, None if layout.fit_mode == "continue" else 1)


def compose(ex: Exercise, layout: Layout) -> Composition:
    """The card's pages at the size its layout's fit mode chooses (``fits`` says whether it did)."""
    fs = font_set(layout.fonts)
    faces = Faces(fs.regular, fs.bold, fs.italic, fs.fallbacks)
    tree = card_tree(ex, layout, faces, _aspect(ex.image), _aspect(layout.header.logo))
    low = layout.min_size if layout.fit_mode == "shrink" else layout.max_size
    return fit_card(tree, card_geometry(layout), low, layout.max_size)


def engine_card(ex: Exercise, layout: Layout) -> bytes:
    """The card as a PDF, or a RenderError when it does not fit its layout even at the smallest size."""
    best = compose(ex, layout)
    if not best.fits:
        raise RenderError(f"'{ex.id}' does not fit layout '{layout.name}' even at {best.size:g} pt (engine)",
                          file=ex.source)
    return render_pdf(best.pages, ex.name, font_set(layout.fonts).regular)


def _aspect(path) -> float | None:
    """An image file's width / height, from its header (None without a file)."""
    if path is None:
        return None
    w, h = pixel_size(str(path))
    return w / h
