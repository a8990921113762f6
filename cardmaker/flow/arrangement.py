"""One arrangement of a card: the choices the composition (``cardmaker.typeset.compose``) makes
among those its layout allows, beside the body size.

Flow reads the placement and picture height when it builds the block tree; the typesetter reads
the column count when it makes the page geometry. Plain, frozen, picklable (a worker process
hands it back to the parent with the body size).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Arrangement:
    columns: int = 1
    placement: str = "top"  # where the picture row goes: top (under the title) | right | left (beside it)
    picture_height: float = 0.0  # the pictures' height in points (0: the layout's largest)
    whole: bool = True  # steps and FAQ pairs kept in one column
    lean: bool = False  # the layout's optional sections left out (the last resort before failing)
    carry: bool = False  # a two-sided card: the steps the front does not hold go on at the head of the back
    gallery: bool = False  # a two-sided card whose back has nothing of its own: the pictures large there
    details: bool = False  # a two-sided card's back names, under its title, the muscles and equipment the front does not


class Chosen(float):
    """A body size with the arrangement it was chosen with: a float to every caller that only
    wants the size (messages, comparisons), the whole choice to the one that draws the card."""

    arrangement: Arrangement | None
    pages: int  # the pages the card takes

    def __new__(cls, size: float, arrangement: Arrangement | None = None, pages: int = 1) -> "Chosen":
        self = super().__new__(cls, size)
        self.arrangement, self.pages = arrangement, pages
        return self

    def __reduce__(self):
        return Chosen, (float(self), self.arrangement, self.pages)
