"""The layout's `fit:` section: the body size range, its comfortable and legible sizes, the
pages a card may take and how far a short two-sided card's front may grow.

Kept apart from the page, image and section checks in ``layout_check`` (which gives the
checker these functions take: its file, origins and messages).
"""

from __future__ import annotations

from cardmaker.errors import as_written
from cardmaker.load.shapes import FIT_MODES


def fit_sizes(checker) -> dict:
    """``fit:``'s mode and sizes checked into the ``Layout`` fields they set (points)."""
    fit = checker.get("fit")
    mode = checker.choice(("fit", "mode"), fit.get("mode", "shrink"), FIT_MODES)
    min_size = checker.length(("fit", "min_size"), fit.get("min_size", 8))
    max_size = checker.length(("fit", "max_size"), fit.get("max_size", 11))
    if not 4 <= min_size <= max_size <= 72:
        raise checker.fail(("fit",), f"need 4pt <= min_size <= max_size <= 72pt, got {min_size:g}pt and {max_size:g}pt")
    comfortable = checker.length(("fit", "comfortable_size"),
                                 fit.get("comfortable_size", min_size + (max_size - min_size) / 4))
    inherited = "comfortable_size" in fit and checker.origin(("fit", "comfortable_size"))[0] != checker.file
    if inherited:  # a parent's comfortable size follows a child's own range
        comfortable = min(max(comfortable, min_size), max_size)
    if not min_size <= comfortable <= max_size:
        raise checker.fail(("fit", "comfortable_size"), f"should lie between min_size ({min_size:g}pt) and "
                           f"max_size ({max_size:g}pt), got {comfortable:g}pt")
    return dict(fit_mode=mode, min_size=min_size, max_size=max_size, comfortable_size=comfortable,
                legible_size=_legible_size(checker, fit, min_size, max_size))


def fit_pages(checker, sizes: dict, sections) -> dict:
    """``fit:``'s pages and front size, which depend on the layout's ``sections`` (checked
    already): a two-sided card neither continues nor goes on over more pages, and only its
    front grows past ``max_size``. ``sizes``: ``fit_sizes``'s."""
    fit, mode = checker.get("fit"), sizes["fit_mode"]
    two_sided = any(s.side == "back" for s in sections)
    if mode == "continue" and two_sided:
        raise checker.fail(("fit", "mode"), "a two-sided card (sections with side: back) cannot 'continue'",
                           "use shrink or error")
    return dict(max_pages=_max_pages(checker, fit, mode, sections),
                front_max_size=_front_max_size(checker, fit, sizes["max_size"], two_sided))


def _legible_size(checker, fit: dict, min_size: float, max_size: float) -> float:
    """``fit.legible_size`` (0 when not given), within the layout's size range (a parent's
    follows a child's own range)."""
    if "legible_size" not in fit:
        return 0.0
    legible = checker.length(("fit", "legible_size"), fit["legible_size"])
    if checker.origin(("fit", "legible_size"))[0] != checker.file:
        return min(max(legible, min_size), max_size)
    if not min_size <= legible <= max_size:
        raise checker.fail(("fit", "legible_size"), f"should lie between min_size ({min_size:g}pt) and "
                           f"max_size ({max_size:g}pt), got {legible:g}pt")
    return legible


def _front_max_size(checker, fit: dict, max_size: float, two_sided: bool) -> float:
    """``fit.front_max_size`` (0 when not given): a two-sided layout's only, at least
    ``max_size``, at most 72 pt (a parent's below a child's own ``max_size`` is that size:
    nothing to grow; a parent's on a one-sided child is dropped)."""
    if "front_max_size" not in fit:
        return 0.0
    front = checker.length(("fit", "front_max_size"), fit["front_max_size"])
    if checker.origin(("fit", "front_max_size"))[0] != checker.file:
        return max(front, max_size) if two_sided else 0.0
    if not two_sided:
        raise checker.fail(("fit", "front_max_size"), "only a two-sided card (sections with side: back) grows "
                           "its front past max_size", "remove front_max_size, or raise max_size")
    if not max_size <= front <= 72:
        raise checker.fail(("fit", "front_max_size"), f"should lie between max_size ({max_size:g}pt) and 72pt, "
                           f"got {front:g}pt")
    return front


def _max_pages(checker, fit: dict, mode: str, sections) -> int:
    """``fit.max_pages`` (1 when not given): only a one-sided layout that shrinks may go on
    over more pages (one that continues takes what it needs; a two-sided card has its back)."""
    if "max_pages" not in fit:
        return 1
    pages = checker.number(("fit", "max_pages"), fit["max_pages"])
    if pages != int(pages):
        raise checker.fail(("fit", "max_pages"), f"expected a whole number of pages, got {as_written(fit['max_pages'])}")
    inherited = checker.origin(("fit", "max_pages"))[0] != checker.file
    if pages > 1 and (mode != "shrink" or any(s.side == "back" for s in sections)):
        if inherited:  # a parent's pages do not bind a child that continues or has a back
            return 1
        raise checker.fail(("fit", "max_pages"), "only a one-sided layout whose fit mode is 'shrink' goes on "
                           "over more pages", "remove max_pages (a 'continue' layout takes the pages it needs)")
    return int(pages)
