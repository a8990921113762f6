"""Exercise + layout + styles → the flowables of a card: a header, a body and a footer.

The layout's ``sections`` list decides which body sections appear, in which order and under
which heading. Headings are bound to their first item with KeepTogether, FAQ questions to their
answers, so no page or column break can part them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cardmaker.flow.blocks import Bulleted, NumberedItem, Panel
from cardmaker.flow.text import bold, plain
from cardmaker.model import Exercise, Layout
from cardmaker.render.fonts import REGULAR
from cardmaker.render.styles import Styles


@dataclass
class CardStory:
    header: list[Flowable]
    body: list[Flowable]
    footer: list[Flowable]


def card_story(ex: Exercise, layout: Layout, st: Styles) -> CardStory:
    builders = {"steps": _steps, "tips": _tips, "cautions": _cautions, "faq": _faq,
                "prescription": _prescription, "description": _description}
    body: list[Flowable] = []
    for section in layout.sections:
        body += builders[section.name](ex, layout, st, section.heading)
    return CardStory(_header(ex, layout, st), body, _footer(ex, layout, st))


def _header(ex: Exercise, layout: Layout, st: Styles) -> list[Flowable]:
    text: list[Flowable] = []
    eyebrow = " · ".join(x for x in (ex.category, ex.level) if x)
    if eyebrow:
        text.append(Paragraph(plain(eyebrow.upper(), "category"), st.eyebrow))
    text.append(Paragraph(plain(ex.name, "name"), st.title))
    if ex.lead:
        text.append(Paragraph(plain(ex.lead, "summary"), st.lead))
    meta = _meta_lines(ex, layout)
    if meta:
        style = ParagraphStyle("meta-first", parent=st.meta, spaceBefore=st.size * 0.7)
        text += [Paragraph(line, style if i == 0 else st.meta) for i, line in enumerate(meta)]
    rule = HRFlowable(width="100%", thickness=1.4, color=HexColor(layout.theme.accent),
                      spaceBefore=st.size * 1.0, spaceAfter=0)
    if ex.image is None:
        return text + [rule]
    return [_beside_image(text, ex, layout, st), rule]


def _meta_lines(ex: Exercise, layout: Layout) -> list[str]:
    parts = []
    if ex.muscles.primary:
        parts.append(f"{bold(layout.label('primary'))}  {plain(', '.join(ex.muscles.primary), 'muscles')}")
    if ex.muscles.secondary:
        parts.append(f"{bold(layout.label('secondary'))}  {plain(', '.join(ex.muscles.secondary), 'muscles')}")
    lines = ["     ".join(parts)] if parts else []
    if ex.equipment:
        lines.append(f"{bold(layout.label('equipment'))}  {plain(', '.join(ex.equipment), 'equipment')}")
    return lines


def _beside_image(text: list[Flowable], ex: Exercise, layout: Layout, st: Styles) -> Flowable:
    """Title block on the left, the picture on the right, top-aligned."""
    from reportlab.lib.utils import ImageReader

    iw, ih = ImageReader(str(ex.image)).getSize()
    # the picture never takes more than 45% of the width, so the title keeps room beside it, and it
    # shrinks with the text (to 60% at most) so a long card's words get the room
    shrink = max(0.6, st.size / layout.max_size)
    box_w, box_h = min(layout.image_max_width, layout.frame_width * 0.45) * shrink, layout.image_max_height * shrink
    scale = min(box_w / iw, box_h / ih)
    image = Image(str(ex.image), width=iw * scale, height=ih * scale)
    gap = st.size * 1.5
    return _grid([[text, image]], [("ALIGN", (1, 0), (1, 0), "RIGHT")],
                 colWidths=[layout.frame_width - iw * scale - gap, iw * scale + gap])


def _grid(rows: list[list], style: list[tuple], **kw) -> Table:
    """A borderless, unpadded table for placing flowables side by side.

    FONTNAME is set because reportlab selects each cell's font even for flowable cells, and
    its default, Helvetica, would land in the PDF as a font that is not embedded.
    """
    table = Table(rows, **kw)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               *style]))
    return table


def _heading(text: str, st: Styles) -> Paragraph:
    return Paragraph(plain(text), st.heading)


def _item_style(st: Styles) -> ParagraphStyle:
    return ParagraphStyle("item", parent=st.body, spaceAfter=st.gap)


def _steps(ex: Exercise, layout: Layout, st: Styles, heading: str) -> list[Flowable]:
    accent = HexColor(layout.theme.accent)
    style = _item_style(st)
    items = [NumberedItem(i, Paragraph(plain(s, f"steps[{i - 1}]"), style), st.badge, accent, st.size * 1.5)
             for i, s in enumerate(ex.steps, 1)]
    return [KeepTogether([_heading(heading, st), items[0]]), *items[1:]]


def _panel(items: tuple[str, ...], field: str, heading: str, style: ParagraphStyle, background: str, bar: str,
           layout: Layout, st: Styles) -> list[Flowable]:
    if not items:
        return []
    color = HexColor(bar)
    rows = [Bulleted(Paragraph(plain(t, f"{field}[{i}]"), st.body), color, st.size) for i, t in enumerate(items)]
    continued = Paragraph(plain(f"{heading} {layout.label('continued')}"), style)
    panel = Panel([Paragraph(plain(heading), style), *rows], HexColor(background), color,
                  padding=st.size * 0.9, gap=st.gap * 0.8, continued=continued)
    panel.spaceBefore = st.size * 1.2
    return [panel]


def _tips(ex: Exercise, layout: Layout, st: Styles, heading: str) -> list[Flowable]:
    t = layout.theme
    return _panel(ex.tips, "tips", heading, st.box_heading, t.tip_background, t.tip_border, layout, st)


def _cautions(ex: Exercise, layout: Layout, st: Styles, heading: str) -> list[Flowable]:
    t = layout.theme
    return _panel(ex.cautions, "cautions", heading, st.caution_heading, t.caution_background, t.caution_border,
                  layout, st)


def _faq(ex: Exercise, layout: Layout, st: Styles, heading: str) -> list[Flowable]:
    if not ex.faq:
        return []
    answer = ParagraphStyle("answer", parent=st.faq_a, spaceAfter=st.gap * 1.4)
    pairs = [[Paragraph(plain(item.q, f"faq[{i}].q"), st.faq_q), Paragraph(plain(item.a, f"faq[{i}].a"), answer)]
             for i, item in enumerate(ex.faq)]
    pairs[0].insert(0, _heading(heading, st))  # KeepTogether must not nest: its wrap() reports 2**24
    return [KeepTogether(pair) for pair in pairs]


def _description(ex: Exercise, layout: Layout, st: Styles, heading: str) -> list[Flowable]:
    if not ex.description:
        return []
    paras = [Paragraph(plain(p, "description"), _item_style(st)) for p in ex.description]
    return [KeepTogether([_heading(heading, st), paras[0]]), *paras[1:]]


def _prescription(ex: Exercise, layout: Layout, st: Styles, heading: str) -> list[Flowable]:
    """A strip of label-over-value cells: 'SETS 2 | HOLD 30 s | REST 60 s', three or four a row."""
    items = ex.prescription.items()
    if not items:
        return []
    per_row = 3 if len(items) in (3, 5, 6) else 4
    cells = [[Paragraph(plain(layout.label(k).upper()), st.stat_label), Paragraph(plain(v, f"prescription.{k}"), st.stat_value)]
             for k, v in items]
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [Spacer(0, 0)] * (per_row - len(rows[-1]))  # a '' cell would declare Helvetica
    line = HexColor(layout.theme.tip_border)
    table = _grid(rows, [
        ("RIGHTPADDING", (0, 0), (-1, -1), st.size),
        ("TOPPADDING", (0, 0), (-1, -1), st.size * 0.4), ("BOTTOMPADDING", (0, 0), (-1, -1), st.size * 0.4),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, line), ("LINEBELOW", (0, -1), (-1, -1), 0.8, line),
    ], hAlign="LEFT")
    return [KeepTogether([_heading(heading, st), table])]


def _footer(ex: Exercise, layout: Layout, st: Styles) -> list[Flowable]:
    lines = []
    if ex.video:
        lines.append(f"{plain(layout.label('video'))}: {plain(ex.video, 'video')}")
    if ex.credit:
        lines.append(plain(ex.credit, "credit"))
    return [Paragraph("     ".join(lines), st.small)] if lines else []
