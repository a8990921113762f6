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


def left_out(layout: Layout, exercises: list[Exercise]) -> str | None:
    """One sentence naming the layout and what it leaves out of these exercises' cards (None:
    nothing)."""
    parts = []
    for (name, n), phrase in zip(layout.limits(), limits(layout)):
        cut = sum(_count(ex, name) > n for ex in exercises)
        if cut:
            parts.append(f"{phrase} ({cut} of {len(exercises)} cards)")
    if not parts:
        return None
    return f"layout '{layout.name}' leaves out " + "; ".join(parts)
