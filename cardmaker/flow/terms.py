"""The words of the data printed in the layout's language: an exercise's category, level,
equipment and muscles through the layout's ``terms`` ("strength: Kraft", "beginner: Anfänger").

Takes an exercise (or a booklet's group name) and the layout; gives them with each value the
layout names replaced (matched whole, in any case), the others as the data gives them. A layout
without terms gives back the very same exercise.
"""

from __future__ import annotations

from dataclasses import replace

from cardmaker.model.exercise import Exercise, Muscles
from cardmaker.model.layout import Layout


def in_terms(ex: Exercise, layout: Layout) -> Exercise:
    """``ex`` with its category, level, equipment and muscles in the layout's terms."""
    if not layout.terms:
        return ex
    term = layout.term
    return replace(ex, category=term(ex.category) if ex.category else ex.category,
                   level=term(ex.level) if ex.level else ex.level,
                   equipment=tuple(term(e) for e in ex.equipment),
                   muscles=Muscles(tuple(term(m) for m in ex.muscles.primary),
                                   tuple(term(m) for m in ex.muscles.secondary)))
