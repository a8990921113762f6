"""Exercise + layout + styles → the flowables of a card, side by side: header, body, footer.

The layout's ``sections`` list decides which body sections appear, in which order, under
which heading and on which side of a two-sided card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportlab.platypus import Flowable

from cardmaker.render.platypus.header import back_header, footer, front_header
from cardmaker.render.platypus.sections import section_flowables
from cardmaker.model import Exercise, Layout
from cardmaker.render.styles import Styles


@dataclass
class Side:
    header: list[Flowable]
    body: list[Flowable]


@dataclass
class CardStory:
    sides: list[Side]  # front, and the back of a two-sided card
    footer: Callable[[int, int], list[Flowable]]  # (page, pages) → footer flowables of that page


def card_story(ex: Exercise, layout: Layout, st: Styles) -> CardStory:
    def body(side: str) -> list[Flowable]:
        return [f for s in layout.side(side) for f in section_flowables(ex, layout, s, st)]

    sides = [Side(front_header(ex, layout, st), body("front"))]
    if layout.two_sided:
        sides.append(Side(back_header(ex, layout, st), body("back")))
    return CardStory(sides, lambda page, pages: footer(ex, layout, st, page, pages))
