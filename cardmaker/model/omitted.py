"""What a layout leaves out of the cards it prints: the sections it cuts short (``limit``), the
cautions of a layout without a section for them, and the optional sections a card gave up for
room (``dropped``).

Takes a layout (and the exercises of a run); gives plain sentences for ``layouts show`` and for
``build``'s one warning a run (a card's own dropped sections: its own warning), so nothing that
matters is dropped without a word.
"""

from __future__ import annotations

from cardmaker.model import Exercise, Layout

ITEMS = {"steps": "steps", "tips": "tips", "cautions": "cautions", "description": "description paragraphs",
         "faq": "questions"}


def _count(ex: Exercise, section: str) -> int:
    return len({"steps": ex.steps, "tips": ex.tips, "cautions": ex.cautions, "description": ex.description,
                "faq": ex.faq}.get(section, ()))


def _has_cautions(layout: Layout) -> bool:
    return any(s.name == "cautions" for s in layout.sections)


def limits(layout: Layout) -> list[str]:
    """One phrase per section the layout cuts short: "tips after the first 2"."""
    missing = [] if _has_cautions(layout) else ["every caution (no 'cautions' section)"]
    return [f"{ITEMS.get(name, name)} after the first {n}" for name, n in layout.limits()] + \
        [f"{ITEMS.get(name, name)} when there is no room for them" for name in layout.optional()] + missing


HINT = "remove 'limit' from the layout's sections to print them all"
NO_CAUTIONS = "no-cautions"  # ``cut``'s name for the cautions of a layout with no section for them
NO_CAUTIONS_HINT = "add a 'cautions' section to the layout's sections"


def cut(layout: Layout, ex: Exercise) -> tuple[str, ...]:
    """The sections the layout cuts short on ``ex``'s card (those with more items than its
    limit), and ``NO_CAUTIONS`` when it has cautions and the layout no section for them."""
    short = tuple(name for name, n in layout.limits() if _count(ex, name) > n)
    missing = ex.cautions and not _has_cautions(layout)
    return short + ((NO_CAUTIONS,) if missing else ())


def dropped(layout: Layout, ex: Exercise, size: float) -> tuple[str, ...]:
    """The optional sections (``optional: true``) ``ex``'s card gave up for room: its ``size``
    a ``flow.arrangement.Chosen`` whose arrangement is lean, and the exercise has items there."""
    arrangement = getattr(size, "arrangement", None)
    if arrangement is None or not arrangement.lean:
        return ()
    return tuple(ITEMS.get(name, name) for name in layout.optional() if _count(ex, name))


def sentence(layout: Layout, counts: dict[str, int], total: int) -> tuple[str, str] | None:
    """The sentence for ``counts`` (cards cut short, by section) of ``total`` cards, and what
    to do (None: none)."""
    limited = [f"{phrase} ({counts[name]} of {total} cards)"
               for (name, _), phrase in zip(layout.limits(), limits(layout)) if counts.get(name)]
    missing = [f"every caution, having no 'cautions' section ({counts[NO_CAUTIONS]} of {total} cards have some)"
               ] if counts.get(NO_CAUTIONS) else []
    if not limited and not missing:
        return None
    hints = ([HINT] if limited else []) + ([NO_CAUTIONS_HINT] if missing else [])
    return f"layout '{layout.name}' leaves out " + "; ".join(limited + missing), "; ".join(hints)
