"""What a layout leaves out of the cards it prints: the sections it cuts short (``limit``).

Takes a layout (and the exercises of a run); gives plain sentences for ``layouts show`` and for
``build``'s one warning a run, so nothing that matters is dropped without a word.
"""

from __future__ import annotations

from cardmaker.model import Exercise, Layout

ITEMS = {"steps": "steps", "tips": "tips", "cautions": "cautions", "description": "description paragraphs",
         "faq": "questions"}


def _count(ex: Exercise, section: str) -> int:
    return len({"steps": ex.steps, "tips": ex.tips, "cautions": ex.cautions, "description": ex.description,
                "faq": ex.faq}.get(section, ()))


def limits(layout: Layout) -> list[str]:
    """One phrase per section the layout cuts short: "tips after the first 2"."""
    return [f"{ITEMS.get(name, name)} after the first {n}" for name, n in layout.limits()] + \
        [f"{ITEMS.get(name, name)} when there is no room for them" for name in layout.optional()]


HINT = "remove 'limit' from the layout's sections to print them all"


def cut(layout: Layout, ex: Exercise) -> tuple[str, ...]:
    """The sections the layout cuts short on ``ex``'s card (those with more items than its limit)."""
    return tuple(name for name, n in layout.limits() if _count(ex, name) > n)


def sentence(layout: Layout, counts: dict[str, int], total: int) -> str | None:
    """The sentence for ``counts`` (cards cut short, by section) of ``total`` cards (None: none)."""
    parts = [f"{phrase} ({counts[name]} of {total} cards)"
             for (name, _), phrase in zip(layout.limits(), limits(layout)) if counts.get(name)]
    if not parts:
        return None
    return f"layout '{layout.name}' leaves out " + "; ".join(parts)
