"""What a booklet page prints in its margins: the running header (group · exercise) at the head
of body pages, and the footer of every page after the cover (the layout's footer text or the gym
at the left, "Page N of M" at the right, each cut with an ellipsis to fit).

Takes the ``Furniture`` of ``cardmaker.flow.booklet_tree`` and the page geometry; gives glyph
runs in the run's face and, per character, its fallback faces (an arrow or a tick in a gym's
name prints, as it does on a card). The page count is a ``display.Form`` right-aligned in room
for a given number of digits, filled in when the document is finished.
"""

from __future__ import annotations

from cardmaker.flow.booklet_tree import Furniture
from cardmaker.template import fill
from cardmaker.typeset import display as d
from cardmaker.typeset.measure import split_by_coverage, word_width


class PageFurniture:
    """The header and footer of a booklet's pages at one body size."""

    def __init__(self, furniture: Furniture, geo, size: float, digits: int, total_form: str):
        self.f, self.geo, self.total_form = furniture, geo, total_form
        self.size = furniture.style.text_size(size)
        self.chain = (furniture.face, *furniture.fallbacks)
        self.room = max(word_width(c, furniture.face, self.size) for c in "0123456789") * digits
        top, right, bottom, left = geo.margins
        b = geo.bleed
        self.left, self.right = b + left, b + geo.page_width - right
        self.head_y, self.foot_y = b + geo.page_height - top - self.size, b + bottom

    def width(self, text: str) -> float:
        """``text``'s width, each character in the first face of the chain that has it."""
        return sum(word_width(piece, face, self.size) for piece, face in split_by_coverage(text, self.chain))

    def text(self, text: str, x: float, y: float) -> list[d.Op]:
        """``text`` from (x, baseline y): a glyph run per stretch of one face."""
        ops: list[d.Op] = []
        for piece, face in split_by_coverage(text, self.chain):
            ops.append(d.GlyphRun(x, y, face, self.size, piece, self.f.style.color))
            x += word_width(piece, face, self.size)
        return ops

    def cut(self, text: str, width: float) -> str:
        """``text`` shortened with an ellipsis to fit ``width`` points (a margin line is one line)."""
        if self.width(text) <= width:
            return text
        low, high = 0, len(text)  # the longest prefix that fits with the ellipsis: a binary search
        while low < high:
            mid = (low + high + 1) // 2
            if self.width(text[:mid] + "…") <= width:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + "…" if low else ""

    def header(self, text: str) -> list[d.Op]:
        return self.text(self.cut(text, self.geo.frame_width), self.left, self.head_y) if text else []

    def footer(self, values: dict) -> list[d.Op]:
        """The page numbers at the right, the footer line in the room left of them."""
        numbers = self.f.numbers
        before, total, after = _parts(numbers, values)
        x = self.right - (self.width(before) + (self.room if total else 0.0) + self.width(after))
        ops = self._template(numbers, values, x)
        if self.f.line:
            ops += self._template(self.f.line, values, self.left, limit=x - self.left - self.size)
        return ops

    def _template(self, template: str, values: dict, x: float, limit: float | None = None) -> list[d.Op]:
        """A footer template at ``x``: its {pages} the page-count form, right-aligned in its room;
        with ``limit``, cut to that width."""
        before, total, after = _parts(template, values)
        y = self.foot_y
        if not total:
            return self.text(self.cut(before, limit) if limit is not None else before, x, y)
        if limit is not None:
            before = self.cut(before, max(0.0, limit - self.room - self.width(after)))
        ops = self.text(before, x, y)
        x += self.width(before) + self.room  # the count ends here
        ops.append(d.Form(self.total_form, x, y, self.f.face, self.size, self.f.style.color))
        return ops + self.text(after, x, y)


def _parts(template: str, values: dict) -> tuple[str, bool, str]:
    """(text before {pages}, whether there is a {pages}, text after), each filled in."""
    before, found, after = template.partition("{pages}")
    return fill(before, values, strip=not found), bool(found), fill(after, values, strip=False).rstrip()
