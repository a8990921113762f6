"""The parts of a card around its body: the title block, the back's heading, the footer.

The title block holds what the layout's ``header`` asks for (brand strip with logo and gym
name, eyebrow line, name, summary, muscles, equipment) and the exercise image placed as
``image.position`` says. The footer carries the free line, page numbers, credit and the
video as a QR code with its URL printed small beneath.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Spacer

from cardmaker.colors import to_reportlab
from cardmaker.render.platypus.paragraph import Paragraph
from cardmaker.render.platypus.picture import scaled
from cardmaker.render.platypus.sections import grid
from cardmaker.model import Exercise, Layout
from cardmaker.render.styles import Styles
from cardmaker.template import fill
from cardmaker.units import POINTS_PER

MM = POINTS_PER["mm"]


def fields(ex: Exercise, layout: Layout, page: int | None = None, pages: int | None = None) -> dict:
    return {"name": ex.name, "id": ex.id, "category": ex.category, "level": ex.level,
            "gym": layout.header.gym, "video": ex.video, "page": page, "pages": pages}


def front_header(ex: Exercise, layout: Layout, st: Styles) -> list[Flowable]:
    h = layout.header
    text: list[Flowable] = []
    eyebrow = fill(h.eyebrow, fields(ex, layout))
    if eyebrow:
        text.append(Paragraph(st.plain(eyebrow.upper(), "header.eyebrow"), st.eyebrow))
    text.append(Paragraph(st.plain(ex.name, "name"), st.title))
    if h.summary and ex.lead:
        text.append(Paragraph(st.plain(ex.lead, "summary"), st.lead))
    meta = _meta_lines(ex, layout, st)
    if meta:
        first = ParagraphStyle("meta-first", parent=st.meta, spaceBefore=st.size * 0.7)
        text += [Paragraph(line, first if i == 0 else st.meta) for i, line in enumerate(meta)]
    block = text if ex.image is None else _with_image(text, ex, layout, st)
    return [*_brand_strip(ex, layout, st), *block, _rule(layout, st)]


def back_header(ex: Exercise, layout: Layout, st: Styles) -> list[Flowable]:
    """The back of a two-sided card repeats the name, so a card found alone is still identified."""
    return [*_brand_strip(ex, layout, st), Paragraph(st.plain(ex.name, "name"), st.back_title), _rule(layout, st)]


def _rule(layout: Layout, st: Styles) -> Flowable:
    return HRFlowable(width="100%", thickness=1.4, color=to_reportlab(layout.theme.accent),
                      spaceBefore=st.size * 1.0, spaceAfter=0)


def _brand_strip(ex: Exercise, layout: Layout, st: Styles) -> list[Flowable]:
    """Logo and gym name at the left, the free header line at the right, above the title."""
    h = layout.header
    line = fill(h.line, fields(ex, layout))
    if not (h.logo or h.gym or line):
        return []
    cells: list[Flowable] = []
    widths: list[float] = []
    if h.logo:
        logo = scaled(h.logo, layout.frame_width * 0.5, h.logo_height)
        cells.append(logo)
        widths.append(logo.width + st.size)
    rest = layout.frame_width - sum(widths)
    if h.gym:
        cells.append(Paragraph(st.plain(h.gym, "header.gym"), st.brand))
    cells.append(Paragraph(st.plain(line, "header.line"), st.brand_line) if line else Spacer(0, 0))
    widths += [rest * 0.55, rest * 0.45] if h.gym else [rest]
    strip = grid([cells], [("VALIGN", (0, 0), (-1, -1), "MIDDLE")], st, colWidths=widths)
    return [strip, Spacer(0, st.size * 0.9)]


def _meta_lines(ex: Exercise, layout: Layout, st: Styles) -> list[str]:
    h, parts, lines = layout.header, [], []
    if h.muscles and ex.muscles.primary:
        parts.append(f"{st.bold(layout.label('primary'))}  {st.plain(', '.join(ex.muscles.primary), 'muscles')}")
    if h.muscles and ex.muscles.secondary:
        parts.append(f"{st.bold(layout.label('secondary'))}  {st.plain(', '.join(ex.muscles.secondary), 'muscles')}")
    if parts:
        lines.append("     ".join(parts))
    if h.equipment and ex.equipment:
        lines.append(f"{st.bold(layout.label('equipment'))}  {st.plain(', '.join(ex.equipment), 'equipment')}")
    return lines


def _with_image(text: list[Flowable], ex: Exercise, layout: Layout, st: Styles) -> list[Flowable]:
    """The picture beside the title block (left or right, top-aligned) or below it, centred.

    Beside the title it never takes more than 45% of the width, so the title keeps room; it
    shrinks with the text (down to ``image.min_scale``) so a long card's words get the room.
    """
    shrink = max(layout.image_min_scale, st.size / layout.max_size)
    beside = layout.image_position != "top"
    max_w = min(layout.image_max_width, layout.frame_width * (0.45 if beside else 1.0)) * shrink
    image = scaled(ex.image, max_w, layout.image_max_height * shrink)
    if not beside:
        image.hAlign = "CENTER"
        return [*text, Spacer(0, st.size * 0.9), image]
    gap = st.size * 1.5
    text_w = layout.frame_width - image.width - gap
    if layout.image_position == "left":
        return [grid([[image, text]], [("LEFTPADDING", (1, 0), (1, 0), gap)], st,
                     colWidths=[image.width, text_w + gap])]
    return [grid([[text, image]], [("ALIGN", (1, 0), (1, 0), "RIGHT")], st,
                 colWidths=[text_w, image.width + gap])]


def footer(ex: Exercise, layout: Layout, st: Styles, page: int, pages: int) -> list[Flowable]:
    """What sits at the foot of every page: free line, page number, credit; QR at the right."""
    f = layout.footer
    values = fields(ex, layout, page, pages)
    lines = []
    text = " · ".join(x for x in (fill(f.text, values), fill(f.page_numbers, values)) if x)
    if text:
        lines.append(st.plain(text, "footer"))
    if f.video and ex.video and not f.qr:
        lines.append(f"{st.plain(layout.label('video'))}: {st.plain(ex.video, 'video')}")
    if f.credit and ex.credit:
        lines.append(st.plain(ex.credit, "credit"))
    left = [Paragraph("     ".join(lines), st.small)] if lines else []
    if not (f.qr and ex.video):
        return left
    side = min(max(st.size * 5.5, 15 * MM), 32 * MM)
    url_w = max(side, layout.frame_width * 0.55)
    qr_block = [_QR(ex.video, side), Paragraph(st.plain(ex.video, "video"), _one_line(ex.video, url_w, st))]
    return [grid([[left or Spacer(0, 0), qr_block]], [("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                                                    ("ALIGN", (1, 0), (1, 0), "RIGHT")],
                 st, colWidths=[layout.frame_width - url_w, url_w])]


def _one_line(text: str, width: float, st: Styles) -> ParagraphStyle:
    """The small style, made smaller (not below 5 pt) where that keeps an address on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = st.small_right
    size = min(style.fontSize, width / max(stringWidth(text, style.fontName, 1.0), 1e-6) * 0.98)
    size = max(size, 5.0)
    return ParagraphStyle("url", parent=style, fontSize=size, leading=size * 1.25)


@lru_cache(maxsize=256)
def _qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of a QR code (level M), computed once per address and process:
    encoding chooses among eight masks and is far slower than drawing."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(value)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


class _QR(Flowable):
    """A QR code of ``value``, ``side`` points square, with a two-module quiet zone inside."""

    BORDER = 2

    def __init__(self, value: str, side: float):
        super().__init__()
        self.modules, self.side = _qr_modules(value), side
        self.hAlign = "RIGHT"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.side, self.side * 1.06

    def draw(self) -> None:
        box = self.side / (len(self.modules) + 2 * self.BORDER)
        c = self.canv
        c.setFillColorRGB(0, 0, 0)
        top = self.side * 1.06 - self.BORDER * box
        for r, row in enumerate(self.modules):
            col = 0
            for dark, run in groupby(row):
                count = len(list(run))
                if dark:  # one rectangle per run of dark modules keeps the PDF small
                    c.rect((col + self.BORDER) * box, top - (r + 1) * box, count * box, box, stroke=0, fill=1)
                col += count
