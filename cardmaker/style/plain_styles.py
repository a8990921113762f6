"""Layout → the styles of a card as plain numbers and colours, resolved once per layout.

Takes a Layout (its theme colours as canonical strings, its minimum text size) and gives
``CardStyles``: ``Style`` values (sizes relative to the body size, colours as tuples 0-1). This is
the layer below both flow (which puts a Style on every paragraph of the block tree) and render;
nothing here imports reportlab.

Every size is a multiple of the body size, so a card keeps its proportions at any size it is
fitted to; sizes do not depend on the body size, so one resolution serves every trial of a fit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, lru_cache

from cardmaker.model import Layout
from cardmaker.model.layout import Section
from cardmaker.style.fonts import FontSet

Color = tuple[float, ...]  # (r, g, b) or (c, m, y, k), components 0-1
BLACK: Color = (0.0, 0.0, 0.0)
WHITE: Color = (1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class Style:
    """How a paragraph is set, as plain numbers: size relative to the body size, line height
    relative to its own size, colour, and the space above and below it (in body sizes)."""

    size: float = 1.0
    leading: float = 1.38
    color: Color = BLACK
    space_before_em: float = 0.0
    space_after_em: float = 0.0
    align: str = "left"  # left | centre | right
    min_size_pt: float = 0.0  # the text never gets smaller than this, in points, whatever the body size
    max_size_pt: float = 0.0  # nor larger than this (0: no limit); the smallest size wins

    def text_size(self, body_size: float) -> float:
        """This style's text size in points when the body text is ``body_size`` points."""
        scaled = min(self.size * body_size, self.max_size_pt) if self.max_size_pt else self.size * body_size
        return max(scaled, self.min_size_pt)


@cache  # a layout's colours are converted once, not for every card tree
def color(value: str) -> Color:
    """A canonical layout colour ('#0b3954', 'cmyk(100, 40, 0, 60)') → (r, g, b) or (c, m, y, k)."""
    if value.startswith("cmyk("):
        return tuple(float(p) / 100 for p in value[5:-1].split(","))
    return tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))


Faces = FontSet  # the faces a card uses (registered font names) and their fallback chain: one type, fonts'


@dataclass(frozen=True)
class CardStyles:
    text: Color
    muted: Color
    accent: Color
    body: Style
    title: Style
    back_title: Style
    brand: Style
    brand_line: Style
    eyebrow: Style
    lead: Style
    meta: Style
    heading: Style
    box_heading: Style
    caution_heading: Style
    question: Style
    answer: Style
    item: Style
    stat_label: Style
    stat_value: Style
    small: Style
    tip_background: Color
    tip_border: Color
    caution_background: Color
    caution_border: Color

    def for_section(self, section: Section) -> "CardStyles":
        """These styles with a section's own text size and line height applied."""
        if section.scale == 1 and section.leading == 1.38:
            return self
        return _for_section(self, section)


@lru_cache(maxsize=256)  # the same few per layout, for every card: made once
def _for_section(styles: CardStyles, section: Section) -> CardStyles:
    def scaled(style: Style, leading: float | None = None) -> Style:
        return replace(style, size=style.size * section.scale, leading=leading or style.leading)

    return replace(styles, body=scaled(styles.body, section.leading), item=scaled(styles.item, section.leading),
                   answer=scaled(styles.answer, section.leading), question=scaled(styles.question, section.leading),
                   heading=scaled(styles.heading), box_heading=scaled(styles.box_heading),
                   caution_heading=scaled(styles.caution_heading), stat_label=scaled(styles.stat_label),
                   stat_value=scaled(styles.stat_value))


BRAND_MAX_PT = 14.0  # the brand strip's gym name at most (its line 0.8 of it): two lines beside a 11 mm logo


def card_styles(layout: Layout) -> CardStyles:
    """The card's styles: each text's size, leading and colour relative to the body."""
    t = layout.theme
    floor = layout.min_size  # small print never drops below the layout's minimum

    def style(size: float, leading: float, colour: Color, **kw) -> Style:
        return Style(size, leading, colour, min_size_pt=floor, **kw)

    text, muted, accent = color(t.text), color(t.muted), color(t.accent)
    heading = color(t.heading)
    return CardStyles(
        text=text, muted=muted, accent=accent,
        body=style(1.0, 1.38, text),
        title=Style(2.45, 1.12, color(t.title), min_size_pt=max(floor, layout.header.title_size),
                    max_size_pt=layout.header.title_max_size),
        back_title=style(1.5, 1.15, color(t.title)),
        brand=style(1.0, 1.2, color(t.title), max_size_pt=BRAND_MAX_PT),  # a letterhead: it does not grow
        brand_line=style(0.8, 1.2, muted, align="right", max_size_pt=BRAND_MAX_PT * 0.8),  # with the card's text
        eyebrow=style(0.8, 1.3, accent, space_after_em=0.25),
        lead=style(1.1, 1.4, muted, space_before_em=0.5),
        meta=style(0.88, 1.45, text),
        heading=style(1.3, 1.2, heading, space_after_em=0.6),
        box_heading=style(1.05, 1.2, heading, space_after_em=0.35),
        caution_heading=style(1.05, 1.2, color(t.caution_heading), space_after_em=0.35),
        question=style(1.0, 1.38, heading),
        answer=style(1.0, 1.38, text, space_before_em=0.1, space_after_em=0.55 * 1.4),
        item=style(1.0, 1.38, text, space_after_em=0.55),
        stat_label=style(0.68, 1.2, muted),
        stat_value=style(1.08, 1.2, color(t.title)),
        small=style(0.0, 1.25, muted),
        tip_background=color(t.tip_background), tip_border=color(t.tip_border),
        caution_background=color(t.caution_background), caution_border=color(t.caution_border),
    )
