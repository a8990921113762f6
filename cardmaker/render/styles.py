"""Layout + body text size → the paragraph styles of one render.

Every size is a multiple of the body size, so shrink-to-fit scales the whole type hierarchy
together and the card keeps its proportions at any size.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from cardmaker.model import Layout
from cardmaker.render.fonts import BOLD, ITALIC, REGULAR, register_fonts


@dataclass(frozen=True)
class Styles:
    size: float  # body text size, points
    gap: float  # vertical space between items
    body: ParagraphStyle
    title: ParagraphStyle
    eyebrow: ParagraphStyle
    lead: ParagraphStyle
    meta: ParagraphStyle
    heading: ParagraphStyle
    box_heading: ParagraphStyle
    caution_heading: ParagraphStyle
    faq_q: ParagraphStyle
    faq_a: ParagraphStyle
    badge: ParagraphStyle
    stat_label: ParagraphStyle
    stat_value: ParagraphStyle
    small: ParagraphStyle


def make_styles(layout: Layout, size: float) -> Styles:
    register_fonts()
    t = layout.theme
    text, muted = HexColor(t.text), HexColor(t.muted)

    def style(name: str, scale: float = 1.0, font: str = REGULAR, color=text, leading: float = 1.38, **kw):
        points = max(size * scale, layout.min_size)  # small print never drops below the layout's minimum
        return ParagraphStyle(name, fontName=font, fontSize=points, leading=points * leading,
                              textColor=color, **kw)

    body = style("body")
    return Styles(
        size=size,
        gap=size * 0.55,
        body=body,
        title=style("title", 2.45, BOLD, HexColor(t.title), 1.12),
        eyebrow=style("eyebrow", 0.8, BOLD, HexColor(t.accent), 1.3, spaceAfter=size * 0.25),
        lead=style("lead", 1.1, color=muted, leading=1.4, spaceBefore=size * 0.5),
        meta=style("meta", 0.88, leading=1.45),
        heading=style("heading", 1.3, BOLD, HexColor(t.heading), 1.2, spaceBefore=size * 1.3, spaceAfter=size * 0.6),
        box_heading=style("box_heading", 1.05, BOLD, HexColor(t.heading), 1.2, spaceAfter=size * 0.35),
        caution_heading=style("caution_heading", 1.05, BOLD, HexColor(t.caution_heading), 1.2, spaceAfter=size * 0.35),
        faq_q=style("faq_q", 1.0, BOLD, HexColor(t.heading)),
        faq_a=style("faq_a", spaceBefore=size * 0.1),
        badge=style("badge", 0.82, BOLD, HexColor("#ffffff"), 1.0, alignment=TA_CENTER),
        stat_label=style("stat_label", 0.68, BOLD, muted, 1.2),
        stat_value=style("stat_value", 1.08, BOLD, HexColor(t.title), 1.2),
        small=style("small", 0.0, ITALIC, muted, 1.25),
    )
