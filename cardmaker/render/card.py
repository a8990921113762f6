"""(Exercise, Layout) → one card, through the typesetting engine: PDF bytes, or its pages.

The block tree (``cardmaker.flow.card_tree``) with the pictures' and logo's proportions read
from their files, the layout's page as a ``CardGeometry``, the composition
(``typeset.compose``: body size, columns, picture placement and height, chosen by its rule
within the layout's ranges) and the pages replayed to a PDF (``render.replay``):

- shrink: the body size in the layout's range at which each side fits one page; a card too
  long for one page at the layout's legible size (or at all) goes on over as many as it needs
  there, up to its ``fit.max_pages`` (the wall card's second sheet), each later page headed by
  the running title;
- error: the layout's largest size, one page a side, or an error;
- continue (the handouts): as many pages as the card needs at the layout's smallest size, its
  text and pictures then grown to fill them, each later page headed by the running title.

A card that does not fit gets the messages of ``render.fit_errors``. A combined PDF composes
each card once, in a worker (``render.combined.prepared_card`` calls ``compose``); ``fit_size``
(the choice alone, carrying its arrangement: ``flow.arrangement.Chosen``, for ``validate``) and
``pages_at`` serve checks, benchmarks and tests.
"""

from __future__ import annotations

from dataclasses import replace

from cardmaker.errors import RenderError
from cardmaker.flow.arrangement import Arrangement, Chosen
from cardmaker.flow.card_tree import card_tree
from cardmaker.flow.pictures import area_keeping, shown_aspects, stacks
from cardmaker.flow.tree import CardTree, PictureRow
from cardmaker.model import Exercise, Layout
from cardmaker.model.exercise import QR_MAX_BYTES, SHORTEN_LINK, too_long_for_qr
from cardmaker.render.fit_errors import too_long
from cardmaker.render.picture import pixel_size
from cardmaker.render.replay import render_pdf
from cardmaker.style.fonts import font_set
from cardmaker.style.plain_styles import card_styles
from cardmaker.typeset import compose as c
from cardmaker.typeset.trials import Trials
from cardmaker.typeset import display as d
from cardmaker.typeset.card import CardGeometry, Composition, compose_card
from cardmaker.typeset.fit import STEP

ROW_GAP_EM = PictureRow.__dataclass_fields__["gap_em"].default  # between pictures in a row, in body sizes

__all__ = ["STEP", "render_card", "fit_size", "pages_at", "compose", "not_fitting", "tree_of", "card_geometry",
           "choose"]


def card_geometry(layout: Layout, columns: int | None = None, max_pages: int | None = 1) -> CardGeometry:
    """The layout's page, margins, columns (or ``columns``) and bleed; ``max_pages`` a side
    (a "continue" card's count comes from its composition)."""
    return CardGeometry(layout.page_width, layout.page_height, layout.margins, columns or layout.columns,
                        layout.column_gap, layout.bleed, None if layout.fit_mode == "continue" and max_pages == 1
                        else max_pages, back_size=layout.max_size if layout.two_sided else None)


def tree_of(ex: Exercise, layout: Layout, arrangement: Arrangement | None = None) -> CardTree:
    """The card's block tree in the layout's faces, with every picture's proportions."""
    return _trees(ex, layout)(arrangement or _default(layout))


def _default(layout: Layout) -> Arrangement:
    return Arrangement(layout.columns, layout.placements[0], layout.image_max_height)


def _trees(ex: Exercise, layout: Layout):
    """A function making the card's tree for an arrangement (pictures read once)."""
    faces = font_set(layout.fonts)
    aspects = tuple(_aspect(p.path) for p in ex.images)
    steps = tuple(_aspect(p.path) for p in ex.step_images if p is not None)
    logo = _aspect(layout.header.logo)
    memo: dict = {}  # sections' blocks, kept between the arrangements tried
    styles = card_styles(layout)
    return lambda arr: card_tree(ex, layout, faces, None, logo, aspects=aspects, step_aspects=steps, arrangement=arr,
                                 memo=memo, styles=styles)


def _ranges(ex: Exercise, layout: Layout, max_pages: int | None) -> c.Ranges:
    smallest = layout.min_size if layout.fit_mode == "shrink" else layout.max_size
    low = layout.min_size if layout.fit_mode == "continue" else smallest
    pictures, least = _picture_range(ex, layout)
    high = layout.max_size
    placements = layout.placements if ex.images else layout.placements[:1]  # without pictures, all alike
    if stacks(ex, layout):  # nothing but the pictures, one under the other: they, not the text, fill the page
        pictures, least = (_layout_range(layout)[0], max(pictures[1], layout.frame_height / len(ex.images))), None
        low = high = min(layout.max_size, max(layout.min_size, layout.comfortable_size))  # the header's text
        placements = ("top",)
    carry = layout.two_sided and any(s.name == "steps" and s.side == "front" for s in layout.sections)
    return c.Ranges(low, high, layout.columns_allowed, placements, pictures, max_pages, layout.comfortable_size, carry,
                    layout.legible_size if low < layout.legible_size else 0.0, least_picture=least,
                    front_max=layout.front_max_size)


def _layout_range(layout: Layout) -> tuple[float, float]:
    """The layout's picture heights: ``image.min_scale`` of ``max_height``, and ``max_height``."""
    return layout.image_max_height * layout.image_min_scale, layout.image_max_height


def _picture_range(ex: Exercise, layout: Layout) -> tuple[tuple[float, float], float | None]:
    """The pictures' height range in points ((0, 0) without pictures), and the height they never
    shrink below, even before a card fails (None: ``compose.LAST_RESORT`` of the largest).

    ``image.min_share``: the height at which the pictures in their row across the page together
    take that share of it (their area grows with the square of their height). It raises the
    range's lowest height when above it, and is the least they take when the card may go on
    over more pages (``fit.max_pages``): the card does that rather than shrink them. (On one
    page, as on sheets, a card's legible size comes first: its pictures shrink before its text
    falls below it.) Only where the layout's largest height and the page's width (the pictures
    side by side with their gaps) allow it; else the layout's range as it is."""
    if not ex.images:
        return (0.0, 0.0), None
    low, high = _layout_range(layout)
    aspects = shown_aspects([a for a in (_aspect(p.path) for p in ex.images) if a], layout)
    if not layout.image_min_share or not aspects or set(layout.placements) != {"top"}:
        return (low, high), None
    widths = sum(aspects)  # the row's width per point of its height
    drawn = (layout.image_min_share * layout.page_width * layout.page_height / widths) ** 0.5  # that area's height
    floor = drawn / area_keeping(aspects)  # upright pictures are drawn taller than the arrangement's height
    gaps = ROW_GAP_EM * layout.page_floor * (len(aspects) - 1)  # at the size the pictures give way at
    if floor > high or drawn * widths + gaps > layout.frame_width:
        return (low, high), None
    return (max(low, floor), high), floor if layout.max_pages > 1 else None


def choose(ex: Exercise, layout: Layout) -> c.Chosen:
    """The card composed by ``typeset.compose``'s rule, drawn. A "continue" card first takes
    the pages it needs at its smallest size and pictures, then grows to fill them. A card that
    shrinks, too long for one page at its legible size (or, without one, at all), goes on over
    the pages it needs there, up to the layout's ``max_pages``, when that sets it larger (or
    at all): its text never falls below that size where one more page avoids it."""
    _check_video(ex, layout)
    trees = _trees(ex, layout)
    smallest = _picture_range(ex, layout)[0][0]  # the pictures' smallest height in their range
    if layout.fit_mode == "continue":
        return _composed(ex, layout, trees, _pages_needed(trees, layout, layout.min_size, smallest))
    one = Trials(trees, lambda cols: card_geometry(layout, cols, 1))  # one page a side: measured once
    early = _longer_at_once(ex, layout, trees, smallest, one) if layout.max_pages > 1 else None
    if early is not None:
        return early
    chosen = _composed(ex, layout, trees, 1, spill=layout.max_pages > 1, trials=one)
    comp = chosen.composition
    if layout.max_pages == 1 or (comp.fits and comp.size >= layout.page_floor):
        return chosen
    pages = min(_pages_needed(trees, layout, layout.page_floor, smallest), layout.max_pages)
    if pages > 1:
        longer = _composed(ex, layout, trees, pages)
        if not comp.fits or (longer.composition.fits and longer.composition.size > comp.size):
            # (not fitting either: its error then names the pages)
            return replace(longer, trials=chosen.trials + longer.trials)
    return chosen if chosen.drawn else _composed(ex, layout, trees, 1, trials=one)  # one page after all: drawn


def _longer_at_once(ex: Exercise, layout: Layout, trees, smallest: float, one: Trials) -> c.Chosen | None:
    """A card that cannot fit one page at its legible size even with all the rule may give up
    (``compose.fits_given_up``: a trial or two, in ``one``, the one-page trials) composed on the
    pages it needs there at once, when it fits them at that size or larger: its one-page search
    (a dozen trials or more) would only end smaller. None: the card is composed as ``choose``
    says. A card whose whole body is guessed to hold one page above that size in some column
    count (``Trials.aim``, no trial: the first guess its one-page search makes anyway) is not
    checked: most cards, and a wrong guess costs only the shortcut (``choose`` then finds the
    same pages after its one-page search)."""
    floor = layout.page_floor
    ranges = _ranges(ex, layout, 1)
    if floor < ranges.min_size:
        return None
    if floor < ranges.max_size and any(_guessed_above(one, ranges, cols, floor) for cols in ranges.columns):
        return None
    if c.fits_given_up(one, replace(ranges, max_size=max(ranges.max_size, floor)), floor):
        return None
    pages = min(_pages_needed(trees, layout, floor, smallest), layout.max_pages)
    if pages < 2:
        return None
    longer = _composed(ex, layout, trees, pages)
    fits = longer.composition.fits and longer.composition.size >= floor
    return replace(longer, trials=longer.trials + len(one.known) + 1) if fits else None


def _guessed_above(one: Trials, ranges: c.Ranges, cols: int, floor: float) -> bool:
    """Whether the whole card in ``cols`` columns (its first placement, its smallest pictures)
    is guessed to hold one page above ``floor`` (``Trials.aim``, kept for the search: no trial)."""
    top = c.top_size(one, ranges, cols)
    if top <= floor:
        return False
    guess = one.aim(Arrangement(cols, ranges.placements[0], ranges.picture[0]), ranges.min_size, top)
    return guess is not None and guess > floor


def _pages_needed(trees, layout: Layout, size: float, picture: float) -> int:
    """The pages the card's sides take at ``size`` with its smallest pictures, ``picture`` points high (one trial)."""
    arr = Arrangement(layout.columns, layout.placements[0], picture)
    return max(compose_card(trees(arr), card_geometry(layout, max_pages=None), size, drawing=False).side_pages or (1,))


def _composed(ex: Exercise, layout: Layout, trees, pages: int, spill: bool = False,
              trials: Trials | None = None) -> c.Chosen:
    """The card composed on ``pages`` pages a side; with ``spill``, one below the legible size
    (or not fitting) is left a measurement (``Ranges.spill``): it will go on over more pages.
    ``trials``: measurements made before on that geometry, used again."""
    return c.compose(trees, lambda cols: card_geometry(layout, cols, pages),
                     replace(_ranges(ex, layout, pages), spill=spill), trials)


def compose(ex: Exercise, layout: Layout) -> Composition:
    """The card's pages as its composition chooses (``fits`` says whether it did); an exercise in
    another language than the layout's says so on its elements."""
    from cardmaker.typeset.tags import in_language

    chosen = choose(ex, layout)
    composition = chosen.composition
    for page in composition.pages:
        in_language(page.ops, ex.language)
    # its size carries the arrangement: the build tells a card whose optional sections went for room
    return replace(composition, size=Chosen(composition.size, chosen.arrangement, len(composition.pages)))


def render_card(ex: Exercise, layout: Layout) -> bytes:
    """The card as a PDF, or a RenderError when it does not fit its layout even at the smallest size."""
    best = compose(ex, layout)
    if not best.fits:
        raise not_fitting(ex, layout, best)
    return Card(render_pdf(best.pages, ex.name, font_set(layout.fonts).regular, ex.language or layout.language),
                best.size, len(best.pages))


class Card(bytes):
    """A card's PDF bytes with the body size it was set at (``size``) and its page count, for
    the build's warnings about text below the layout's comfortable size and a card going on
    over more pages."""

    size: float
    pages: int

    def __new__(cls, data: bytes, size: float, pages: int = 1) -> "Card":
        self = super().__new__(cls, data)
        self.size, self.pages = size, pages
        return self

    def __reduce__(self):
        return Card, (bytes(self), self.size, self.pages)


def fit_size(ex: Exercise, layout: Layout) -> float:
    """The body size ``render_card`` chooses, carrying its arrangement (a ``Chosen``)."""
    best = choose(ex, layout)
    if not best.composition.fits:
        raise not_fitting(ex, layout, best.composition)
    return Chosen(best.composition.size, best.arrangement, len(best.composition.pages))


def pages_at(ex: Exercise, layout: Layout, size: float) -> list[d.Page]:
    """The card's pages as ``fit_size`` chose them (composed again: the choice is deterministic,
    and its balanced columns and page count are the composition's, not the size's)."""
    return compose(ex, layout).pages


def not_fitting(ex: Exercise, layout: Layout, best: Composition) -> RenderError:
    """The error for a composition that does not fit. A block too tall for a column squeezed
    under a title block that takes more of the page than the body gets is the title block's
    fault (it is "crowded")."""
    crowded = best.crowded or (best.oversized and best.fixed > best.capacity)
    return too_long(ex, layout, best.size, crowded=crowded, oversized=best.oversized, demand=best.demand,
                    capacity=best.capacity, sides=best.sides)


def _check_video(ex: Exercise, layout: Layout) -> None:
    """An exercise made in code (not loaded, which checks it with its line) whose video link is
    longer than the layout's QR code can hold: an error naming it, not the encoder's crash."""
    size = len(ex.video.encode("utf-8")) if layout.footer.qr and ex.video else 0
    if size > QR_MAX_BYTES:
        raise RenderError(too_long_for_qr(size),
                          file=ex.source, line=ex.line, field="video",
                          hint=SHORTEN_LINK)


def _aspect(path) -> float | None:
    """An image file's width / height, from its header (None without a file)."""
    if path is None:
        return None
    w, h = pixel_size(str(path))
    return w / h
