"""The body sections of a card (steps, tips, cautions, FAQ, prescription, description).

A section's options in the layout (box, marker, limit, scale) apply the same way to every
list section. Headings are bound to their first item with KeepTogether, FAQ questions to
their answers, so no page or column break can part them.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from cardmaker.colors import to_reportlab
from cardmaker.render.platypus.blocks import Bulleted, NumberedItem, Panel
from cardmaker.render.platypus.paragraph import Paragraph
from cardmaker.model import Exercise, Layout
from cardmaker.model.layout import Section
from cardmaker.render.styles import Styles


def section_flowables(ex: Exercise, layout: Layout, section: Section, st: Styles) -> list[Flowable]:
    st = st.for_section(section)
    if section.name == "faq":
        return _faq(ex, section, st)
    if section.name == "prescription":
        return _prescription(ex, layout, section, st)
    items = {"steps": ex.steps, "tips": ex.tips, "cautions": ex.cautions, "description": ex.description}[section.name]
    if section.limit:
        items = items[:section.limit]
    if not items:
        return []
    field = "description" if section.name == "description" else section.name
    paras = [Paragraph(st.plain(text, f"{field}[{i}]" if field != "description" else field), _item_style(st))
             for i, text in enumerate(items)]
    caution = section.name == "cautions"
    t = layout.theme
    border = to_reportlab(t.caution_border if caution else t.tip_border if section.box else t.accent)
    rows = [_mark(i, p, section.marker, border, st) for i, p in enumerate(paras, 1)]
    if section.box:
        heading_style = st.caution_heading if caution else st.box_heading
        continued = Paragraph(st.plain(f"{section.heading} {layout.label('continued')}"), heading_style)
        panel = Panel([Paragraph(st.plain(section.heading), heading_style), *rows],
                      to_reportlab(t.caution_background if caution else t.tip_background), border,
                      padding=st.size * 0.9, gap=st.gap * 0.8, continued=continued)
        panel.spaceBefore = st.size * section.space_before
        return [panel]
    heading_style = st.caution_heading if caution else st.heading
    return [KeepTogether([_heading(section, heading_style, st), rows[0]]), *rows[1:]]


def _mark(number: int, para: Paragraph, marker: str, color, st: Styles) -> Flowable:
    if marker == "number":
        return NumberedItem(number, para, st.badge, color, st.size * 1.5)
    if marker == "bullet":
        return Bulleted(para, color, st.size)
    return para


def _heading(section: Section, style: ParagraphStyle, st: Styles) -> Paragraph:
    spaced = ParagraphStyle("section-heading", parent=style, spaceBefore=st.size * section.space_before,
                            spaceAfter=st.size * 0.6)
    return Paragraph(st.plain(section.heading), spaced)


def _item_style(st: Styles) -> ParagraphStyle:
    return ParagraphStyle("item", parent=st.body, spaceAfter=st.gap)


def _faq(ex: Exercise, section: Section, st: Styles) -> list[Flowable]:
    faq = ex.faq[:section.limit] if section.limit else ex.faq
    if not faq:
        return []
    answer = ParagraphStyle("answer", parent=st.faq_a, spaceAfter=st.gap * 1.4)
    pairs: list[list[Flowable]] = [
        [Paragraph(st.plain(item.q, f"faq[{i}].q"), st.faq_q), Paragraph(st.plain(item.a, f"faq[{i}].a"), answer)]
        for i, item in enumerate(faq)]
    pairs[0].insert(0, _heading(section, st.heading, st))  # KeepTogether must not nest: its wrap() reports 2**24
    return [KeepTogether(pair) for pair in pairs]


def _prescription(ex: Exercise, layout: Layout, section: Section, st: Styles) -> list[Flowable]:
    """A strip of label-over-value cells: 'SETS 2 | HOLD 30 s | REST 60 s', three or four a row."""
    items = ex.prescription.items()
    if not items:
        return []
    per_row = 3 if len(items) in (3, 5, 6) else 4
    cells = [[Paragraph(st.plain(layout.label(k).upper()), st.stat_label),
              Paragraph(st.plain(v, f"prescription.{k}"), st.stat_value)] for k, v in items]
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [Spacer(0, 0)] * (per_row - len(rows[-1]))  # a '' cell would declare Helvetica
    line = to_reportlab(layout.theme.tip_border)
    table = grid(rows, [
        ("RIGHTPADDING", (0, 0), (-1, -1), st.size),
        ("TOPPADDING", (0, 0), (-1, -1), st.size * 0.4), ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.4),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, line), ("LINEBELOW", (0, -1), (-1, -1), 0.8, line),
    ], st, hAlign="LEFT")
    return [KeepTogether([_heading(section, st.heading, st), table])]


def grid(rows: list[list], style: list[tuple], st: Styles, **kw) -> Table:
    """A borderless, unpadded table for placing flowables side by side.

    FONTNAME is set because reportlab selects each cell's font even for flowable cells, and
    its default, Helvetica, would land in the PDF as a font that is not embedded.
    """
    table = Table(rows, **kw)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.fonts.regular), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               *style]))
    return table
