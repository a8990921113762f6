"""Layout + body text size → the paragraph styles of one render.

Every size is a multiple of the body size, so shrink-to-fit scales the whole type hierarchy
together and the card keeps its proportions at any size. A section's own ``scale`` and
``leading`` derive its styles from these.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from cardmaker.colors import to_reportlab
from cardmaker.render.platypus.text import bold, plain
from cardmaker.model import Layout
from cardmaker.model.layout import Section
from cardmaker.style.fonts import FontSet, font_set


@dataclass(frozen=True)
class Styles:
    size: float  # body text size, points
    gap: float  # vertical space between items
    fonts: FontSet
    body: ParagraphStyle
    title: ParagraphStyle
    back_title: ParagraphStyle
    eyebrow: ParagraphStyle
    lead: ParagraphStyle
    meta: ParagraphStyle
    brand: ParagraphStyle
    brand_line: ParagraphStyle
    heading: ParagraphStyle
    box_heading: ParagraphStyle
    caution_heading: ParagraphStyle
    faq_q: ParagraphStyle
    faq_a: ParagraphStyle
    badge: ParagraphStyle
    stat_label: ParagraphStyle
    stat_value: ParagraphStyle
    small: ParagraphStyle
    small_right: ParagraphStyle

    def plain(self, text: str, field: str | None = None) -> str:
        return plain(text, field, self.fonts)

    def bold(self, text: str, field: str | None = None) -> str:
        return bold(text, field, self.fonts)

    def for_section(self, section: Section) -> "Styles":
        """These styles with a section's own text size and line height applied."""
        if section.scale == 1 and section.leading == 1.38:
            return self

        def scaled(style: ParagraphStyle, leading: float | None = None) -> ParagraphStyle:
            size = style.fontSize * section.scale
            ratio = leading or style.leading / style.fontSize
            return ParagraphStyle(style.name, parent=style, fontSize=size, leading=size * ratio)

        return replace(self, size=self.size * section.scale, gap=self.gap * section.scale,
                       body=scaled(self.body, section.leading), faq_a=scaled(self.faq_a, section.leading),
                       heading=scaled(self.heading), box_heading=scaled(self.box_heading),
                       caution_heading=scaled(self.caution_heading), faq_q=scaled(self.faq_q, section.leading),
                       badge=scaled(self.badge), stat_label=scaled(self.stat_label), stat_value=scaled(self.stat_value))


def make_styles(layout: Layout, size: float) -> Styles:
    t = layout.theme
    fonts = font_set(layout.fonts)
    text, muted = to_reportlab(t.text), to_reportlab(t.muted)

    def style(name: str, scale: float = 1.0, font: str = fonts.regular, color=text, leading: float = 1.38, **kw):
        points = max(size * scale, layout.min_size)  # small print never drops below the layout's minimum
        # no single line of a paragraph left alone at the foot or the head of a column
        return ParagraphStyle(name, fontName=font, fontSize=points, leading=points * leading,
                              textColor=color, allowWidows=0, allowOrphans=0, **kw)

    small = style("small", 0.0, fonts.italic, muted, 1.25)
    return Styles(
        size=size,
        gap=size * 0.55,
        fonts=fonts,
        body=style("body"),
        title=style("title", 2.45, fonts.bold, to_reportlab(t.title), 1.12),
        back_title=style("back_title", 1.5, fonts.bold, to_reportlab(t.title), 1.15),
        eyebrow=style("eyebrow", 0.8, fonts.bold, to_reportlab(t.accent), 1.3, spaceAfter=size * 0.25),
        lead=style("lead", 1.1, color=muted, leading=1.4, spaceBefore=size * 0.5),
        meta=style("meta", 0.88, leading=1.45),
        brand=style("brand", 1.0, fonts.bold, to_reportlab(t.title), 1.2),
        brand_line=style("brand_line", 0.8, color=muted, leading=1.2, alignment=TA_RIGHT),
        heading=style("heading", 1.3, fonts.bold, to_reportlab(t.heading), 1.2, spaceAfter=size * 0.6),
        box_heading=style("box_heading", 1.05, fonts.bold, to_reportlab(t.heading), 1.2, spaceAfter=size * 0.35),
        caution_heading=style("caution_heading", 1.05, fonts.bold, to_reportlab(t.caution_heading), 1.2,
                              spaceAfter=size * 0.35),
        faq_q=style("faq_q", 1.0, fonts.bold, to_reportlab(t.heading)),
        faq_a=style("faq_a", spaceBefore=size * 0.1),
        badge=style("badge", 0.82, fonts.bold, to_reportlab("#ffffff"), 1.0, alignment=TA_CENTER),
        stat_label=style("stat_label", 0.68, fonts.bold, muted, 1.2),
        stat_value=style("stat_value", 1.08, fonts.bold, to_reportlab(t.title), 1.2),
        small=small,
        small_right=ParagraphStyle("small_right", parent=small, alignment=TA_RIGHT),
    )
