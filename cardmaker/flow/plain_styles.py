"""Layout → the styles of a card as plain numbers and colours, resolved once per layout.

The counterpart of ``cardmaker.render.styles`` for the engine: the same type hierarchy (every
size a multiple of the body size, so a card keeps its proportions at any size it is fitted to)
without reportlab's ParagraphStyle. Sizes do not depend on the body size, so one resolution
serves every trial of a fit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cardmaker.flow.tree import Color, Style
from cardmaker.flow.tree import Style as _Style
from cardmaker.model import Layout
from cardmaker.model.layout import Section


def color(value: str) -> Color:
    """A canonical layout colour ('#0b3954', 'cmyk(100, 40, 0, 60)') → (r, g, b) or (c, m, y, k)."""
    if value.startswith("cmyk("):
        return tuple(float(p) / 100 for p in value[5:-1].split(","))
    return tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))


@dataclass(frozen=True)
class Faces:
    """The faces a card uses (registered font names) and the fallback chain for each."""

    regular: str
    bold: str
    italic: str
    fallbacks: tuple[str, ...]


@dataclass(frozen=True)
class CardStyles:
    text: Color
    muted: Color
    accent: Color
    body: Style
    title: Style
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

        def scaled(style: Style, leading: float | None = None) -> Style:
            return replace(style, size=style.size * section.scale, leading=leading or style.leading)

        return replace(self, body=scaled(self.body, section.leading), item=scaled(self.item, section.leading),
                       answer=scaled(self.answer, section.leading), question=scaled(self.question, section.leading),
                       heading=scaled(self.heading), box_heading=scaled(self.box_heading),
                       caution_heading=scaled(self.caution_heading), stat_label=scaled(self.stat_label),
                       stat_value=scaled(self.stat_value))


def card_styles(layout: Layout) -> CardStyles:
    """The ratios of ``cardmaker.render.styles.make_styles``, as plain styles."""
    t = layout.theme
    floor = layout.min_size  # small print never drops below the layout's minimum

    def Style(size: float, leading: float, colour: Color, **kw) -> _Style:
        return _Style(size, leading, colour, min_size_pt=floor, **kw)

    text, muted, accent = color(t.text), color(t.muted), color(t.accent)
    heading = color(t.heading)
    return CardStyles(
        text=text, muted=muted, accent=accent,
        body=Style(1.0, 1.38, text),
        title=Style(2.45, 1.12, color(t.title)),
        eyebrow=Style(0.8, 1.3, accent, space_after_em=0.25),
        lead=Style(1.1, 1.4, muted, space_before_em=0.5),
        meta=Style(0.88, 1.45, text),
        heading=Style(1.3, 1.2, heading, space_after_em=0.6),
        box_heading=Style(1.05, 1.2, heading, space_after_em=0.35),
        caution_heading=Style(1.05, 1.2, color(t.caution_heading), space_after_em=0.35),
        question=Style(1.0, 1.38, heading),
        answer=Style(1.0, 1.38, text, space_before_em=0.1, space_after_em=0.55 * 1.4),
        item=Style(1.0, 1.38, text, space_after_em=0.55),
        stat_label=Style(0.68, 1.2, muted),
        stat_value=Style(1.08, 1.2, color(t.title)),
        small=Style(0.0, 1.25, muted),
        tip_background=color(t.tip_background), tip_border=color(t.tip_border),
        caution_background=color(t.caution_background), caution_border=color(t.caution_border),
    )
