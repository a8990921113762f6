"""A booklet's own blocks → slices: ruled tables (a program's schedule and log sheet), contents
lines (a title, a page number filled in at the end, a link) and anchors.

Takes ``Table``, ``ContentsLine`` and ``Anchor`` blocks of ``cardmaker.flow.tree`` at a body size
and column width; gives ``slices.Slice`` objects for ``columns.flow_columns``. A table is one
slice a row, its rows grouped (a ``PanelGroup`` without a box) so that a page it runs on to
starts with its header rows again. ``booklet_slices`` sets a run of booklet blocks, these and
the card blocks (``slices.slice_blocks``) alike.
"""

from __future__ import annotations

from dataclasses import replace

from cardmaker.flow import tree as t
from cardmaker.typeset import display as d
from cardmaker.typeset.lines import widest_word
from cardmaker.typeset.slices import PanelGroup, Slice, paragraph, slice_blocks, space_after, stack

NARROW_PAD = 0.5  # a column too narrow for its words pads its cells this share of the table's padding
LEAST_SHRINK = 0.6  # ...and, narrower still, sets their text down to this share of its size before a word breaks

def booklet_slices(blocks: tuple[t.Block, ...], size: float, width: float) -> list[Slice]:
    """The blocks set at body ``size`` in a column ``width`` points wide (the booklet's own blocks
    here, the others by ``slice_blocks``, with the space between them it gives)."""
    maker = SliceMaker(size, width)
    return [s for block in blocks for s in maker.set(block)]


class SliceMaker:
    """Sets blocks one at a time (a long part is never all in slices at once), carrying the
    space after each to the next, past anchors (which take no room). Between two blocks the
    larger of the space after the one and the space before the other is left, as a page of
    reportlab's frames (and so every booklet so far) has it."""

    def __init__(self, size: float, width: float):
        self.size, self.width, self.pending = size, width, 0.0

    def set(self, block: t.Block) -> list[Slice]:
        if isinstance(block, t.Spacer):
            self.pending += block.height_em * self.size
            return []
        own = SETTERS.get(type(block))
        made = own(block, self.size, self.width) if own else slice_blocks((block,), self.size, self.width)
        if made and not isinstance(block, t.Anchor):
            made[0].space_before = max(made[0].space_before, self.pending)
            self.pending = space_after(block) * self.size
        return made


def anchor(a: t.Anchor, size: float, width: float) -> list[Slice]:
    """No room; its place is the anchor's (and the bookmark's), kept with what follows."""
    return [Slice(0.0, [d.Anchor(a.name, 0.0, 0.0, a.title, a.level)], keep_with_next=True)]


def _cell(p: t.Paragraph | None, size: float, width: float, tag: d.Tag) -> Slice:
    return stack(paragraph(p, size, width, tag=tag)) if p is not None else Slice(0.0, [d.Empty(0.0, 0.0, tag)])


def table(tb: t.Table, size: float, width: float) -> list[Slice]:
    """One slice a row: cells vertically centred in the row, the grid ruled round each row;
    header rows tinted, kept with the first body row and repeated after a page break (the repeat
    an artifact). Tagged as a Table: a TR a row, a TH a header cell, a TD a body cell."""
    group = PanelGroup(None, tb.rule, 0.0, 0.0)
    rows = []
    whole = d.Tag("Table")
    widths, pads, scales = fitted_widths(tb, size)
    for r, cells in enumerate(tb.rows):
        header = r < tb.header_rows
        pad = tb.pad_y_pt if header else tb.room_pt
        tr = d.Tag("TR", whole)
        set_cells = [_cell(_scaled(p, size, k), size, w - 2 * px, d.Tag("TH", tr, scope="Column") if header else
                           d.Tag("TD", tr, lang=p.lang if p is not None else ""))
                     for p, w, px, k in zip(cells, widths, pads, scales)]
        height = max((c.height for c in set_cells), default=0.0) + 2 * pad
        ops: list[d.Op] = [d.Rect(0.0, -height, sum(widths), height, tb.header_background)] if header else []
        x = 0.0
        for c, w, px in zip(set_cells, widths, pads):
            ops += d.moved(c.ops, x + px, -(height - c.height) / 2)
            x += w
        ops += _grid(widths, height, tb.rule_pt, tb.rule)
        rows.append(Slice(height, ops, keep_with_next=header, group=group))
    group.continued = [Slice(s.height, d.untagged(s.ops)) for s in rows[:tb.header_rows]]
    return rows


def fitted_widths(tb: t.Table, size: float) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """The columns' widths, their cells' padding left and right, and their text's scale, so
    that no word breaks ("Mo/n", "Wee/k 1"): the table's widths where each column holds its
    widest word; else a narrow column is widened to it, the room taken from the columns with
    room to spare (in proportion to it), its padding first halved (``NARROW_PAD``). When the
    table's width cannot hold every column's widest word even so (twelve weeks on an A5 page),
    the columns short of it share what there is in proportion to their words, and their text is
    set smaller to fit (down to ``LEAST_SHRINK``; a word breaks only below that)."""
    n = len(tb.widths_pt)
    words = [max((_widest_word(row[c], size) for row in tb.rows if c < len(row)), default=0.0) for c in range(n)]
    pads = [tb.pad_x_pt if w >= words[c] + 2 * tb.pad_x_pt else tb.pad_x_pt * NARROW_PAD
            for c, w in enumerate(tb.widths_pt)]
    least = [words[c] + 2 * pads[c] for c in range(n)]
    widths = list(tb.widths_pt)
    total = sum(widths)
    short = [c for c in range(n) if widths[c] < least[c] - 1e-6]
    if not short:
        return tuple(widths), tuple(pads), (1.0,) * n
    need = sum(least[c] - widths[c] for c in short)
    spare = {c: widths[c] - least[c] for c in range(n) if c not in short and widths[c] > least[c]}
    if sum(spare.values()) >= need:
        for c in short:
            widths[c] = least[c]
        share = need / sum(spare.values())
        for c, room in spare.items():
            widths[c] -= room * share
        return tuple(widths), tuple(pads), (1.0,) * n
    for c, room in spare.items():  # every column down to its widest word; the short ones share the rest
        widths[c] -= room
    left = total - sum(widths[c] for c in range(n) if c not in short)
    wanted = sum(least[c] for c in short)
    scales = [1.0] * n
    for c in short:
        widths[c] = least[c] * left / wanted
        scales[c] = max(LEAST_SHRINK, (widths[c] - 2 * pads[c]) / max(words[c], 1e-9))
    return tuple(widths), tuple(pads), tuple(scales)


def _widest_word(p: t.Paragraph | None, size: float) -> float:
    """The widest word of a cell's text at its size, in points (0 for an empty cell)."""
    if p is None:
        return 0.0
    return widest_word(p.runs) * p.style.text_size(size)


def _scaled(p: t.Paragraph | None, size: float, scale: float) -> t.Paragraph | None:
    """The cell's text set ``scale`` times its size (a column too narrow for its words)."""
    if p is None or scale >= 1.0:
        return p
    return replace(p, style=replace(p.style, size=0.0, min_size_pt=p.style.text_size(size) * scale, max_size_pt=0.0))


def _grid(widths: tuple[float, ...], height: float, thickness: float, color: t.Color) -> list[d.Op]:
    """The lines round one row and between its cells."""
    right = sum(widths)
    ops: list[d.Op] = [d.Line(0.0, 0.0, right, 0.0, thickness, color),
                       d.Line(0.0, -height, right, -height, thickness, color)]
    x = 0.0
    for w in (0.0, *widths):
        x += w
        ops.append(d.Line(x, 0.0, x, -height, thickness, color))
    return ops


def contents_line(line: t.ContentsLine, size: float, width: float) -> list[Slice]:
    """The title beside the number's column, the number on the title's first baseline, a link
    over the whole line and a rule under it: one slice, a contents item (TOCI) holding a Link."""
    number_w = line.number_em * size
    indent = line.indent_em * size
    link = d.Tag("Link", d.Tag("TOCI", lang=line.title.lang))
    title = stack(paragraph(line.title, size, width - number_w - indent, tag=link))
    text_size = line.title.style.text_size(size)
    baseline = next((op.y for op in title.ops if isinstance(op, d.GlyphRun)), -text_size)
    height = title.height + 2 * line.pad_pt
    ops = d.moved(title.ops, indent, -line.pad_pt)
    color = line.title.style.color
    ops += [d.Form(form_name(line.target), width, baseline - line.pad_pt, line.number_face, text_size, color, link),
            d.Link(0.0, -height, width, height, "#" + line.target, link),
            d.Line(0.0, -height, width, -height, 0.3, line.rule)]
    return [Slice(height, ops)]


def form_name(target: str) -> str:
    """The form holding the page number of anchor ``target``."""
    return f"cm-page-{target}"


SETTERS = {t.Table: table, t.ContentsLine: contents_line, t.Anchor: anchor}
