"""Blocks → slices: each block of the tree set at a body size and column width, cut into the
smallest pieces a column break may fall between, with the keep rules as links between them.

A ``Slice`` is a strip of a column: its height, the space above it (dropped at a column's
head), its drawing operations (relative to its top-left corner, y upwards, so they are all at
y <= 0) and whether it must stay in the same column as the next slice. The keep rules live
here, as those links, and ``columns`` only honours them:

- every line of a paragraph is a slice; the first keeps with the second (no orphan at a
  column's foot) and the last but one with the last (no widow at a column's head);
- a heading's lines keep with the next slice (the first lines of what it heads);
- a question keeps with its answer's first lines; a step's mark is on its first line;
- a panel's items are one slice each, with a ``PanelGroup`` so the column draws the box and
  starts a continued part with the "(continued)" heading: a panel splits only between items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from cardmaker.flow import tree as t
from cardmaker.typeset import display as d
from cardmaker.typeset import title
from cardmaker.typeset.lines import Line, break_lines, count_lines
from cardmaker.typeset.lines import forget_paragraphs as forget_words
from cardmaker.typeset.measure import metrics, word_width
from cardmaker.typeset.tags import OWN, dose_cells, paragraph_tag, picture_tag


@dataclass(eq=False)
class PanelGroup:
    """What a column needs to draw one panel's box around its slices, and to restart it."""

    background: t.Color | None  # None: no box (a table's rows, grouped for their repeated header)
    bar: t.Color
    padding: float
    bar_width: float
    continued: list["Slice"] = field(default_factory=list)  # the "(continued)" heading's slices


@dataclass(eq=False, slots=True)
class Slice:
    height: float
    ops: list[d.Op]
    space_before: float = 0.0
    keep_with_next: bool = False
    group: PanelGroup | None = None
    new_page: bool = False  # starts a new page (a booklet's exercise, group or part)
    bond: bool = False  # kept with the next only to keep a step whole: a side's last column may break it


Measures = dict  # (id(block), size, width) -> (block, its measured slices): see ``slice_blocks``


def slice_blocks(blocks: tuple[t.Block, ...], size: float, width: float, drawing: bool = True,
                 memo: Measures | None = None) -> list[Slice]:
    """The blocks set at body ``size`` in a column ``width`` points wide, as slices in order.
    A block's space after is added to the next block's space before. Without ``drawing``, a
    fitting trial's measurement: the same slices and heights, the text's operations left out.

    ``memo`` (measurements only): each block's slices kept by (block, size, width), so trials of
    one card at the same size and width (another picture height, column height or split of
    the steps) set only the blocks that changed. The slices kept are never changed: a pending
    space goes onto a copy of the first one. The memo holds each block, so its id is not reused."""
    out: list[Slice] = []
    pending = 0.0  # space after the previous block
    for block in blocks:
        if isinstance(block, t.Spacer):
            pending += block.height_em * size
            continue
        if memo is not None and not drawing:
            key = (id(block), size, width)
            kept = memo.get(key)
            if kept is None:
                kept = memo[key] = (block, SETTERS[type(block)](block, size, width, False))
            slices = kept[1]
            if not slices:
                continue
            first = slices[0]
            out.append(Slice(first.height, first.ops, first.space_before + pending, first.keep_with_next,
                             first.group, first.new_page, first.bond))
            out += slices[1:]
        else:
            slices = SETTERS[type(block)](block, size, width, drawing)
            if not slices:
                continue
            slices[0].space_before += pending
            out += slices
        pending = space_after(block) * size
    return out


def space_after(block: t.Block) -> float:
    """The space a block leaves below it, in body sizes (added to the next one's space before)."""
    if isinstance(block, t.Paragraph):
        return block.style.space_after_em
    if isinstance(block, t.Heading):
        return block.paragraph.style.space_after_em
    if isinstance(block, t.Item):
        return block.paragraphs[-1].style.space_after_em
    if isinstance(block, t.QA):
        return block.answer.style.space_after_em
    if isinstance(block, t.Rule):
        return block.space_after_em
    if isinstance(block, t.Beside) and block.blocks:  # a step with its picture: the step's
        return space_after(block.blocks[-1])
    return 0.0


def space_before(block: t.Block) -> float:
    """The space above a block's first line, in body sizes (a column drops it at its head)."""
    if isinstance(block, t.Paragraph):
        return block.style.space_before_em
    if isinstance(block, t.Heading):
        return block.paragraph.style.space_before_em
    if isinstance(block, t.Item):
        return block.paragraphs[0].style.space_before_em
    if isinstance(block, t.QA):
        return block.question.style.space_before_em
    if isinstance(block, t.Panel):
        return block.space_before_em
    if isinstance(block, t.Beside) and block.blocks:
        return space_before(block.blocks[0])
    return 0.0


def paragraph(p: t.Paragraph, size: float, width: float, drawing: bool = True, indent: float = 0.0,
              tag: d.Tag | None | object = OWN) -> list[Slice]:
    """One slice per line; the first keeps with the second, the last but one with the last.
    The lines' text is ``tag`` (None: an artifact), by default an element of the paragraph's role."""
    s = p.style
    text_size = s.text_size(size)
    leading = text_size * s.leading
    count = None if drawing else count_lines(p.runs, text_size, width - indent)
    if count is not None:  # a trial's measure: the number of lines is all it needs
        out = [Slice(leading, []) for _ in range(count)]
    else:
        lines = _lines(p.runs, text_size, width - indent)
        out = _drawn_lines(p, lines, text_size, leading, width, indent,
                           paragraph_tag(p) if tag is OWN else tag) if drawing else [Slice(leading, []) for _ in lines]
    out[0].space_before = s.space_before_em * size
    if len(out) > 1:
        out[0].keep_with_next = True
        out[-2].keep_with_next = True
    return out


def _drawn_lines(p: t.Paragraph, lines: list[Line], text_size: float, leading: float, width: float,
                 indent: float, tag: d.Tag | None) -> list[Slice]:
    """The paragraph's line slices with their text placed: aligned, baseline centred in the leading."""
    s = p.style
    face = metrics(p.runs[0].face) if p.runs else None
    ascent, descent = (face.ascent, face.descent) if face else (0.8, -0.2)
    baseline = (leading - (ascent - descent) * text_size) / 2 + ascent * text_size
    room, align, color = width - indent, s.align, s.color
    out = []
    last = lines[-1] if lines else None
    langs = {r.link: r.lang for r in p.runs if r.link and r.lang} or None  # a linked name in another language
    for line in lines:
        shift = indent + (room - line.width if align == "right" else
                          (room - line.width) / 2 if align == "centre" else 0.0)
        out.append(Slice(leading, _line_ops(line, shift, -baseline, text_size, color, tag, line is not last, langs)))
    return out


def forget_paragraphs() -> None:
    """Drop the cached line breaks and words of paragraphs set so far (see ``lines.forget_paragraphs``)."""
    _lines.cache_clear()
    forget_words()


def line_count(runs: tuple[t.Run, ...], size: float, width: float) -> int:
    """How many lines the runs take at ``size`` points in ``width`` (counted when it can be)."""
    count = count_lines(runs, size, width)
    return count if count is not None else len(_lines(runs, size, width))


@lru_cache(maxsize=4096)
def _lines(runs: tuple[t.Run, ...], size: float, width: float) -> list[Line]:
    return break_lines(runs, size, width)


def _line_ops(line: Line, x: float, y: float, size: float, color: t.Color, tag: d.Tag | None,
              more: bool = False, langs: dict[str, str] | None = None) -> list[d.Op]:
    """A line's glyph runs; a linked fragment's text and its link are one Link element. A tagged
    line followed by ``more`` lines ends with the space it broke at (drawn past its end, where it
    shows nothing), so the words either side of the break stay two words when the text is read
    from the tags; not after a character a long word is split at ('/', '-', '&'). ``langs``: the
    language of each link whose text is in another (its Link's /Lang)."""
    ops: list[d.Op] = []
    end = line.fragments[-1] if line.fragments else None
    for f in line.fragments:
        text = f.text
        if f is end:
            text = text.rstrip(" ")
            if more and tag is not None and text and text[-1] not in "/-&":
                text += " "
        own = d.Tag("Link", tag, lang=langs.get(f.link, "") if langs else "") if f.link and tag is not None else tag
        if text.strip():
            ops.append(d.GlyphRun(x + f.x, y, f.face, size, text, f.color or color, own))
        if f.link:
            ops.append(d.Link(x + f.x, y - size * 0.25, f.width, size * 1.1, f.link, own))
    return ops


def heading(h: t.Heading, size: float, width: float, drawing: bool = True,
            tag: d.Tag | None | object = OWN) -> list[Slice]:
    para = title.fitted(h.paragraph, size, width, line_count) if h.level == 0 else h.paragraph
    out = paragraph(para, size, width, drawing, tag=tag)
    for s in out:
        s.keep_with_next = True
    if h.anchor:
        out[0].ops.insert(0, d.Anchor(h.anchor, 0.0, 0.0, h.paragraph.text, h.level))
    return out


def item(it: t.Item, size: float, width: float, drawing: bool = True,
         tag: d.Tag | None | object = OWN) -> list[Slice]:
    """The paragraphs indented past the mark; the mark drawn beside the first line. Tagged as a
    list item (LI: its number a Lbl, its text the LBody, several paragraphs each a P in it) when
    it has a mark, else as its paragraphs, or each a P in ``tag`` (the dose's cell)."""
    first = it.paragraphs[0].style
    text_size = first.text_size(size)
    mark = it.mark
    indent = item_indent(mark, text_size)
    li = d.Tag("LI") if drawing and mark is not None and tag is OWN else None
    body = d.Tag("LBody", li) if li is not None else None
    out: list[Slice] = []
    for p in it.paragraphs:
        own = (body if len(it.paragraphs) == 1 else paragraph_tag(p, body)) if body is not None else \
            d.Tag("P", tag) if type(tag) is d.Tag else tag
        out += paragraph(p, size, width, drawing, indent, own)
    if mark is not None:
        head = out[0]
        if drawing:
            label = d.Tag("Lbl", li) if li is not None else None
            head.ops[0:0] = _mark_ops(mark, text_size, first.leading * text_size, indent, label)
        if mark.label and len(out) == 1:  # a badge taller than the leading hangs into the next line's
            head.height = max(head.height, mark.diameter_em * text_size)  # room, not past a lone line
    return _whole(out) if it.whole else out


def item_indent(mark: t.Mark | None, text_size: float) -> float:
    """How far an item's paragraphs are indented past its mark (a badge, a bullet, none)."""
    if mark is None:
        return 0.0
    return mark.diameter_em * text_size * 1.55 if mark.label else text_size * 1.05


def panel_inset(p: t.Panel, size: float) -> tuple[float, float]:
    """A panel's padding and its bar's width (points): its items are ``bar + 2 * pad`` narrower."""
    pad = p.padding_em * size
    return pad, max(2.0, pad * 0.35)


def _whole(slices: list[Slice]) -> list[Slice]:
    """``slices`` kept in one column: each keeps with the next, the last as it was. A link made
    here alone is a ``bond``: the foot of a two-sided card's front may break it (the step goes on
    over the page), never a line's own keeps (no orphan, no widow, the mark with its first lines)."""
    for s in slices[:-1]:
        s.bond = s.bond or not s.keep_with_next
        s.keep_with_next = True
    return slices


def _mark_ops(mark: t.Mark, text_size: float, leading: float, indent: float, label: d.Tag | None) -> list[d.Op]:
    """A numbered badge centred on the first line, or a small square bullet."""
    if not mark.label:
        side = text_size * 0.32
        return [d.Rect(indent * 0.15, -leading / 2 - side / 2 + text_size * 0.02, side, side, mark.color)]
    r = mark.diameter_em * text_size / 2
    cy = -leading / 2 - text_size * 0.08
    label_size = text_size * 0.82
    label_w = word_width(mark.label, mark.label_face, label_size)
    return [d.Circle(r, cy, r, mark.color),
            d.GlyphRun(r - label_w / 2, cy - label_size * 0.36, mark.label_face, label_size, mark.label,
                       mark.label_color, label)]


def qa(pair: t.QA, size: float, width: float, drawing: bool = True) -> list[Slice]:
    question = paragraph(pair.question, size, width, drawing)
    for s in question:
        s.keep_with_next = True
    out = question + paragraph(pair.answer, size, width, drawing)
    return _whole(out) if pair.whole else out


def panel(p: t.Panel, size: float, width: float, drawing: bool = True) -> list[Slice]:
    """The heading and each item as one slice inside the panel's padding and bar. The dose's
    panel is a table of one row: its label the header cell, its lines the data cell. The
    "(continued)" heading repeats the heading: an artifact."""
    pad, bar = panel_inset(p, size)
    inner = width - bar - 2 * pad
    group = PanelGroup(p.background, p.bar, pad, bar)
    group.continued = [_in_panel(stack(heading(p.continued, size, inner, drawing, None)), bar + pad, group, True)]
    head_tag, cell = dose_cells() if drawing and p.heading.paragraph.role == "dose-label" else (OWN, OWN)
    head = _in_panel(stack(heading(p.heading, size, inner, drawing, head_tag)), bar + pad, group, True)
    head.space_before = p.space_before_em * size
    out = [head]
    for it in p.items:
        s = _in_panel(stack(item(it, size, inner, drawing, cell)), bar + pad, group, False)
        s.space_before = p.gap_em * size
        out.append(s)
    return out


def _in_panel(s: Slice, dx: float, group: PanelGroup, keep: bool) -> Slice:
    s.ops = d.moved(s.ops, dx, 0.0)
    s.group, s.keep_with_next, s.space_before = group, keep, 0.0
    return s


def stack(slices: list[Slice]) -> Slice:
    """Slices joined into one that cannot be broken (the first one's space before is kept)."""
    ops: list[d.Op] = []
    y = 0.0
    for i, s in enumerate(slices):
        if i:
            y -= s.space_before
        ops += d.moved(s.ops, 0.0, y) if y else s.ops
        y -= s.height
    return Slice(-y, ops, slices[0].space_before if slices else 0.0)


def picture(pic: t.Picture, size: float, width: float, drawing: bool = True) -> list[Slice]:
    box_w, box_h = pic.box(size)
    w = min(box_w, width, box_h * pic.aspect)
    h = w / pic.aspect
    x = {"left": 0.0, "centre": (width - w) / 2}.get(pic.align, width - w)
    return [Slice(h, [d.Image(pic.path, x, -h, w, h, picture_tag(pic.alt))])]


def rule(r: t.Rule, size: float, width: float, drawing: bool = True) -> list[Slice]:
    y = -r.thickness_pt / 2
    return [Slice(r.thickness_pt, [d.Line(0.0, y, width, y, r.thickness_pt, r.color)], r.space_before_em * size)]


def spacer(s: t.Spacer, size: float, width: float, drawing: bool = True) -> list[Slice]:
    return [Slice(s.height_em * size, [])]


SETTERS = {t.Paragraph: paragraph, t.Heading: heading, t.Item: item, t.QA: qa, t.Panel: panel,
           t.Picture: picture, t.Rule: rule, t.Spacer: spacer}


def _register_figures() -> None:
    """The setters of blocks placed side by side or in a grid live in ``figures`` and
    ``composite`` (which build on this module's paragraphs and stacks)."""
    from cardmaker.typeset.composite import SETTERS as COMPOSITE
    from cardmaker.typeset.figures import SETTERS as FIGURES

    SETTERS.update(COMPOSITE)
    SETTERS.update(FIGURES)


_register_figures()
