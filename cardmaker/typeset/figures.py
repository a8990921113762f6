"""Picture rows → slices: the exercise's pictures (start, end, ...) side by side at one height,
each with its caption centred beneath, as one unbreakable slice.

Takes a ``tree.PictureRow`` (its height in points is the composition's choice) and the column
width; gives the slice. Registered in ``slices.SETTERS`` like every other block's setter.
"""

from __future__ import annotations

from cardmaker.flow import tree as t
from cardmaker.typeset import display as d
from cardmaker.typeset.slices import Slice, paragraph, stack

CAPTION_GAP_EM = 0.25  # between a picture and its caption, in caption sizes
ROW_GAP_MAX = 12.0  # points (about 4 mm) between pictures side by side at most: a gutter, also on a card set large


def row_gap(r: t.PictureRow, size: float) -> float:
    """The space between two pictures of the row at body ``size``, in points."""
    return min(r.gap_em * size, ROW_GAP_MAX)


def row_height(r: t.PictureRow, size: float, width: float) -> float:
    """The pictures' height in the row: ``height_pt``, or less when the row would be wider than ``width``."""
    if not r.shots:
        return 0.0
    gaps = row_gap(r, size) * (len(r.shots) - 1)
    widest = (width - gaps) / sum(s.aspect for s in r.shots)
    return max(0.0, min(r.height_pt, widest))


def picture_row(r: t.PictureRow, size: float, width: float, drawing: bool = True) -> list[Slice]:
    """The row: pictures left to right at one height, captions under them, aligned as ``align`` says."""
    h = row_height(r, size, width)
    if h <= 0:
        return []
    gap = row_gap(r, size)
    total = sum(h * s.aspect for s in r.shots) + gap * (len(r.shots) - 1)
    x = {"left": 0.0, "centre": (width - total) / 2}.get(r.align, width - total)
    ops: list[d.Op] = []
    caption_h = 0.0
    for shot in r.shots:
        w = h * shot.aspect
        tag = d.Tag("Figure", alt=shot.alt or shot.caption) if drawing else None
        ops.append(d.Image(shot.path, x, -h, w, h, tag, shot.crop))
        if shot.caption:
            para = t.Paragraph((t.Run(shot.caption, r.caption_face, r.fallbacks),), r.caption, "caption")
            lines = paragraph(para, size, w, drawing)
            cap = stack(lines)
            below = CAPTION_GAP_EM * r.caption.text_size(size)
            ops += d.moved(cap.ops, x, -h - below)
            caption_h = max(caption_h, cap.height + below)
        x += w + gap
    return [Slice(h + caption_h, ops)]


SETTERS = {t.PictureRow: picture_row}


def picture_area(blocks: tuple[t.Block, ...], size: float, width: float) -> float:
    """The area, in square points, of the pictures of the picture rows among ``blocks`` (also
    beside other blocks) as set at ``size`` in ``width``: what the composition's "largest
    pictures" compares, measured without drawing."""
    area = 0.0
    for b in blocks:
        row, room = (b, width) if isinstance(b, t.PictureRow) else \
            (b.aside, width * b.share) if isinstance(b, t.Beside) and isinstance(b.aside, t.PictureRow) else (None, 0.0)
        if row is not None:
            h = row_height(row, size, room)
            area += sum(h * h * s.aspect for s in row.shots)
    return area
