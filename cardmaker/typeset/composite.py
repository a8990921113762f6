"""Setters of blocks that place other things side by side or in a grid, each as one slice
that cannot be broken: the dose strip (rows of label-over-value cells), a QR code (with its
quiet zone), an aside beside blocks (a picture or QR code at the side of a step, a title or the
footer's address), a row of cells, and a page-dependent line.

Each takes a block, the body size and the column width, and gives its slices, like every setter
of ``slices`` (``slices.SETTERS`` registers them).
"""

from __future__ import annotations

from cardmaker.flow import tree as t
from cardmaker.typeset import display as d
from cardmaker.typeset import slices
from cardmaker.typeset.slices import Slice, paragraph, picture, slice_blocks, stack
from cardmaker.typeset.tags import into_item

QR_QUIET = 4  # modules of light margin round a QR code, as the standard asks (ISO/IEC 18004)


def dose_strip(strip: t.DoseStrip, size: float, width: float, drawing: bool = True) -> list[Slice]:
    """Rows of label-over-value cells between two rules, kept whole."""
    cell_w = width / strip.per_row
    pad = size * 0.4
    rows: list[Slice] = []
    for start in range(0, len(strip.cells), strip.per_row):
        ops: list[d.Op] = []
        height = 0.0
        for col, (label, value) in enumerate(strip.cells[start:start + strip.per_row]):
            cell = [paragraph(t.Paragraph((t.Run(label, strip.label_face, strip.fallbacks),), strip.label), size,
                              cell_w - size, drawing),
                    paragraph(t.Paragraph((t.Run(value, strip.value_face, strip.fallbacks),), strip.value), size,
                              cell_w - size, drawing)]
            block = stack([s for part in cell for s in part])
            ops += d.moved(block.ops, col * cell_w, -pad)
            height = max(height, block.height)
        rows.append(Slice(height + 2 * pad, ops))
    whole = stack(rows)
    line = 0.8
    whole.ops[0:0] = [d.Line(0.0, 0.0, width, 0.0, line, strip.rule),
                      d.Line(0.0, -whole.height, width, -whole.height, line, strip.rule)]
    whole.space_before = size * 0.5
    return [whole]


def qr_code(qr: t.QRCode, size: float, width: float, drawing: bool = True) -> list[Slice]:
    from cardmaker.typeset.qr import qr_modules  # the encoder is only loaded by cards with a QR

    rows = qr_modules(qr.value)
    side = min(qr.side(size), width)
    module = side / (len(rows) + 2 * QR_QUIET)  # the standard's quiet zone, light, all round
    x = {"left": 0.0, "centre": (width - side) / 2}.get(qr.align, width - side)
    margin = QR_QUIET * module
    figure = d.Tag("Figure", alt=f"QR code: {qr.value}")
    return [Slice(side, [d.QRModules(x + margin, -side + margin, module, rows, qr.ink, figure)])]


def beside(b: t.Beside, size: float, width: float, drawing: bool = True) -> list[Slice]:
    """The aside at its side (left or right), the blocks in the rest of the width, top-aligned,
    as one slice. An aside with a line ``under`` it (the footer's QR code and its address) keeps
    its whole share of the width, and the blocks sit at the foot of it."""
    aside, text_w, left_edge = _aside(b, size, width, drawing)
    text = stack(slice_blocks(b.blocks, size, text_w, drawing))
    if b.under is not None and aside.height > text.height:
        text = Slice(aside.height, d.moved(text.ops, 0.0, -(aside.height - text.height)))
    if drawing and len(b.blocks) == 1 and isinstance(b.blocks[0], t.Item):
        into_item(text.ops, aside.ops)
    if b.aside.align == "left":
        ops = [*d.moved(aside.ops, -left_edge, 0.0), *d.moved(text.ops, width - text_w, 0.0)]
    else:
        ops = [*text.ops, *d.moved(aside.ops, width - width * b.share, 0.0)]
    return [Slice(max(text.height, aside.height), ops, text.space_before)]  # (the blocks' space above them)


def beside_text_width(b: t.Beside, size: float, width: float) -> float:
    """The width ``beside`` sets its blocks in: what the aside, as drawn, leaves."""
    return _aside(b, size, width, False)[1]


def _aside(b: t.Beside, size: float, width: float, drawing: bool) -> tuple[Slice, float, float]:
    """The aside set in its share of the width (with the line under it, if any), the width it
    leaves the blocks (its share less the room its pictures or code do not fill), and where in
    its share its pictures or code begin."""
    aside = slices.SETTERS[type(b.aside)](b.aside, size, width * b.share)[0]
    first = min((op for op in aside.ops if isinstance(op, (d.Image, d.QRModules))), key=lambda op: op.x)
    left_edge = first.x - (QR_QUIET * first.module if isinstance(first, d.QRModules) else 0.0)
    if b.under is not None:
        aside, left_edge = stack([aside, *paragraph(b.under, size, width * b.share, drawing)]), 0.0
    return aside, width - (width * b.share - left_edge) - b.gap_em * size, left_edge


def row(r: t.Row, size: float, width: float, drawing: bool = True) -> list[Slice]:
    """The cells left to right, each centred on the row's height, as one slice: pictures at
    their own width (and a gap after), the other cells sharing the rest by their shares."""
    placed: list[tuple[float, Slice]] = []  # (left edge, the cell's slice)
    pictures = {i: picture(c, size, width, drawing)[0] for i, c in enumerate(r.cells) if isinstance(c, t.Picture)}
    used = sum(_picture_width(p) + r.gap_em * size for p in pictures.values())
    shares = sum(s for i, s in enumerate(r.shares) if i not in pictures) or 1.0
    x = 0.0
    for i, cell in enumerate(r.cells):
        if i in pictures:
            pic = pictures[i]
            left = min(op.x for op in pic.ops if isinstance(op, d.Image))
            placed.append((x - left, pic))
            x += _picture_width(pic) + r.gap_em * size
            continue
        cell_w = (width - used) * r.shares[i] / shares
        placed.append((x, stack(slice_blocks((cell,), size, cell_w, drawing))))
        x += cell_w
    height = max((s.height for _, s in placed), default=0.0)
    ops = [op for left, s in placed for op in d.moved(s.ops, left, -(height - s.height) / 2)]
    return [Slice(height, ops)]


def _picture_width(s: Slice) -> float:
    return sum(op.width for op in s.ops if isinstance(op, d.Image))


def page_line(line: t.PageLine, size: float, width: float, drawing: bool = True) -> list[Slice]:
    """A page-dependent line as on page 1 of 1 (the card fills it per page before setting it)."""
    p = line.on_page(1, 1)
    return paragraph(p, size, width, drawing) if p else []


SETTERS = {t.DoseStrip: dose_strip, t.QRCode: qr_code, t.Beside: beside, t.Row: row, t.PageLine: page_line}
