"""Custom flowables: numbered steps and boxed panels that split cleanly across columns and pages.

reportlab's Paragraph bullets cannot draw a filled number badge, and a Table-based box cannot
keep its heading with its first item when it splits; these two flowables do both.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from cardmaker.render.platypus.paragraph import Paragraph



class _MarkedItem(Flowable):
    """A paragraph indented past a mark (number badge, bullet) drawn beside its first line.

    Splits inside the text only; the mark stays with the first line, and a continuation keeps
    the indent (without the mark) so the column edge stays clean.
    """

    def __init__(self, para: Paragraph, indent: float, marked: bool = True):
        super().__init__()
        self.para, self.indent, self.marked = para, indent, marked

    def _part(self, para: Paragraph, marked: bool) -> "_MarkedItem":
        raise NotImplementedError

    def _draw_mark(self) -> None:
        raise NotImplementedError

    def _mark_height(self) -> float:
        return 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _, h = self.para.wrap(avail_width - self.indent, avail_height)
        self.height = max(h, self._mark_height() if self.marked else 0.0)
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.para.split(avail_width - self.indent, avail_height)
        if len(parts) < 2:
            return []
        return [self._part(parts[0], self.marked), *[self._part(p, False) for p in parts[1:]]]

    def draw(self) -> None:
        # the mark is drawn first so text extraction reads "3 Bend your knees..."
        if self.marked:
            self.canv.saveState()
            self._draw_mark()
            self.canv.restoreState()
        self.para.drawOn(self.canv, self.indent, self.height - self.para.height)

    def getSpaceBefore(self) -> float:
        return self.para.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.para.getSpaceAfter()


class NumberedItem(_MarkedItem):
    """A step: a filled circle with its number, the text beside it."""

    def __init__(self, number: int, para: Paragraph, badge_style, color: Color, diameter: float,
                 marked: bool = True):
        super().__init__(para, diameter * 1.55, marked)
        self.number, self.badge_style, self.color, self.diameter = number, badge_style, color, diameter

    def _part(self, para: Paragraph, marked: bool) -> "NumberedItem":
        return NumberedItem(self.number, para, self.badge_style, self.color, self.diameter, marked)

    def _mark_height(self) -> float:
        return self.diameter

    def _draw_mark(self) -> None:
        # centre the badge on the first line of text
        r = self.diameter / 2
        cy = self.height - self.para.style.leading / 2 - self.para.style.fontSize * 0.08
        c, style = self.canv, self.badge_style
        c.setFillColor(self.color)
        c.circle(r, cy, r, stroke=0, fill=1)
        c.setFillColor(style.textColor)
        c.setFont(style.fontName, style.fontSize)
        c.drawCentredString(r, cy - style.fontSize * 0.36, str(self.number))


class Panel(Flowable):
    """A tinted box with an accent bar on the left holding a heading and items.

    When it must split, the first part holds at least the heading and its first item (else the
    whole panel moves on), so a heading is never stranded at the foot of a column.
    """

    def __init__(self, children: list[Flowable], background: Color, bar: Color, padding: float,
                 gap: float, keep_first: int = 2, continued: Flowable | None = None):
        super().__init__()
        self.children, self.background, self.bar = children, background, bar
        self.padding, self.gap, self.keep_first = padding, gap, keep_first
        self.continued = continued  # heading for the part after a split, e.g. "Tips (continued)"
        self.bar_width = max(2.0, padding * 0.35)
        self._heights: list[float] = []

    def _inner_width(self, avail_width: float) -> float:
        return avail_width - self.bar_width - 2 * self.padding

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self._inner_width(avail_width)
        self._heights = [c.wrap(inner, 1e6)[1] for c in self.children]
        self.width = avail_width
        self.height = 2 * self.padding + sum(self._heights) + self.gap * max(0, len(self.children) - 1)
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        inner = self._inner_width(avail_width)
        room = avail_height - 2 * self.padding
        taken: list[Flowable] = []
        rest = list(self.children)
        while rest:
            h = rest[0].wrap(inner, 1e6)[1]
            if h <= room:
                taken.append(rest.pop(0))
                room -= h + self.gap
                continue
            # split inside an item only when the panel cannot start otherwise and the item is
            # long, about five lines or more (a short one moves on whole): items stay whole
            needed = len(taken) < self.keep_first and h > self.padding * 8
            pieces = rest[0].split(inner, room) if needed and room > 0 else []
            if len(pieces) >= 2:
                taken.append(pieces[0])
                rest[0:1] = pieces[1:]
            break
        if len(taken) < min(self.keep_first, len(self.children)) or not rest:
            return []
        if self.continued is not None:
            return [self._copy(taken), self._copy([self.continued, *rest])]
        return [self._copy(taken), self._copy(rest, keep_first=1)]

    def _copy(self, children: list[Flowable], keep_first: int | None = None) -> "Panel":
        return Panel(children, self.background, self.bar, self.padding, self.gap,
                     self.keep_first if keep_first is None else keep_first, self.continued)

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.background)
        c.roundRect(0, 0, self.width, self.height, min(4, self.padding * 0.5), stroke=0, fill=1)
        c.setFillColor(self.bar)
        c.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        c.restoreState()
        y = self.height - self.padding
        for child, h in zip(self.children, self._heights):
            y -= h
            child.drawOn(c, self.bar_width + self.padding, y)
            y -= self.gap


class Bulleted(_MarkedItem):
    """A list item with a small square marker."""

    def __init__(self, para: Paragraph, color: Color, size: float, marked: bool = True):
        super().__init__(para, size * 1.05, marked)
        self.color, self.size = color, size

    def _part(self, para: Paragraph, marked: bool) -> "Bulleted":
        return Bulleted(para, self.color, self.size, marked)

    def _draw_mark(self) -> None:
        style = self.para.style
        side = style.fontSize * 0.32
        y = self.height - style.leading / 2 - side / 2 + style.fontSize * 0.02
        self.canv.setFillColor(self.color)
        self.canv.rect(self.indent * 0.15, y, side, side, stroke=0, fill=1)


__all__ = ["Bulleted", "NumberedItem", "Panel"]
