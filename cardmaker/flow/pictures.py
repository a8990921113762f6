"""The exercise's pictures as blocks (no reportlab): the picture row (start, end, ... side by side
with captions) under the title or beside it, and a step's own picture beside the step.

Takes the exercise, its layout, the pictures' proportions (read by the caller, who opens the
files) and the arrangement the composition is trying; gives ``tree`` blocks.
"""

from __future__ import annotations

from dataclasses import replace

from cardmaker.flow import tree as t
from cardmaker.flow.arrangement import Arrangement
from cardmaker.flow.dose import dose_line
from cardmaker.model import Exercise, Layout
from cardmaker.style.plain_styles import CardStyles, Faces

BESIDE_SHARE = 0.55  # the picture row beside the title takes at most this share of the width
STEP_SHARE = 0.3  # a step's picture beside it
CAPTION_EM = 1.6  # a caption's line under a picture, in body sizes (with its gap)
LANDSCAPE = 1.5  # the proportions (width / height) the layout's picture heights are meant for
GALLERY_ABOVE_EM = 0.7  # a gallery's row side by side: the space above it, in body sizes (taken from its room)
GALLERY_GAP_EM = 0.5  # ...one under the other: the space above each


def shots(ex: Exercise, layout: Layout, aspects: tuple[float | None, ...]) -> tuple[t.Shot, ...]:
    """The exercise's pictures whose proportions are known, captioned: the file's captions, else
    the layout's words for "start" and "end" when there are exactly two (none when captions are off)."""
    pics = [(p, a) for p, a in zip(ex.images, aspects) if a]
    default = (layout.label("start"), layout.label("end")) if len(pics) == 2 else ("",) * len(pics)
    shown = shown_aspects([a for _, a in pics], layout)
    return tuple(t.Shot(str(p.path), shown[i], (p.caption or default[i]) if layout.image_captions else "",
                        alt_text(ex, p, p.caption or default[i]), crop=shown[i] / a)
                 for i, (p, a) in enumerate(pics))


def shown_aspects(aspects: list[float], layout: Layout) -> list[float]:
    """The pictures' proportions (width / height) as a card shows them: of two or more pictures
    (side by side, one under the other, or on a back given to them), one wider than the 3:2 the
    layout's heights are meant for (``LANDSCAPE``: 16:9 video stills) gives up at most
    ``image.crop`` of its width, half each side, to come nearer it. The page's width limits
    such pictures, and they are then drawn taller. A picture alone is never cropped."""
    if len(aspects) < 2 or not layout.image_crop:
        return list(aspects)
    return [max(LANDSCAPE, a * (1 - layout.image_crop)) if a > LANDSCAPE else a for a in aspects]


def alt_text(ex: Exercise, picture, caption: str | None = None) -> str:
    """A picture's text alternative: the file's ``alt``, else the exercise's name and the
    picture's caption ("Goblet squat, start position"), else the name alone."""
    if picture.alt:
        return picture.alt
    caption = (caption if caption is not None else picture.caption or "").strip()
    return f"{ex.name}, {caption[:1].lower() + caption[1:]}" if caption else ex.name


def picture_row(row: tuple[t.Shot, ...], layout: Layout, st: CardStyles, faces: Faces,
                arrangement: Arrangement) -> t.PictureRow:
    """The row at the arrangement's height (the layout's largest when it gives none)."""
    height = (arrangement.picture_height or layout.image_max_height) * _area_keeping(row)
    caption = t.Style(**{**_fields(st.small), "size": 0.8, "align": "centre", "color": st.muted})
    align = "centre" if arrangement.placement == "top" else arrangement.placement
    return t.PictureRow(row, height, caption, faces.italic, faces.fallbacks, align=align)


def _area_keeping(row: tuple[t.Shot, ...]) -> float:
    return area_keeping([s.aspect for s in row])


def area_keeping(aspects: list[float]) -> float:
    """How much taller than the layout's height upright pictures (of these width / height) are
    drawn, so that they cover about the area 3:2 ones do (the layout's heights are meant for
    3:2 photographs): up to 1.5x."""
    mean = sum(aspects) / len(aspects)
    return max(1.0, min(1.5, (LANDSCAPE / mean) ** 0.5))


def stacks(ex: Exercise, layout: Layout) -> bool:
    """Whether ``ex``'s pictures go one under the other under the title: an exercise with two or
    more pictures and nothing at all for the body (no steps, dose, tips, cautions or questions),
    on a one-sided upright page. Its pictures are all it has to show, and one under the other
    they can be drawn about twice as high as side by side. (A two-sided card shows them large on
    its back instead: ``card_tree``'s gallery.)"""
    empty = not (ex.steps or ex.description or ex.tips or ex.cautions or ex.faq or any(dose_line(ex, layout)))
    return len(ex.images) >= 2 and empty and not layout.two_sided and layout.frame_height > layout.frame_width


def stacked(row: tuple[t.Shot, ...], layout: Layout, st: CardStyles, faces: Faces,
            arrangement: Arrangement) -> list[t.Block]:
    """The pictures one under the other, each ``arrangement.picture_height`` high (``stacks``)."""
    centred = replace(arrangement, placement="top")
    return [block for shot in row for block in (t.Spacer(0.6), picture_row((shot,), layout, st, faces, centred))]


def with_pictures(title: list[t.Block], row: t.PictureRow, arrangement: Arrangement) -> list[t.Block]:
    """The title block with the picture row under it (top) or beside it (right, left)."""
    if arrangement.placement == "top":
        return [*title, t.Spacer(0.7), row]
    return [t.Beside(tuple(title), row, gap_em=1.2, share=BESIDE_SHARE)]


def gallery(row: tuple[t.Shot, ...], layout: Layout, st: CardStyles, faces: Faces,
            room: float) -> list[t.Block]:
    """A card's back given to the pictures (it has nothing else to say): as large as ``room``
    points of height and the frame's width allow, side by side (a landscape card) or one under
    the other (a portrait one), whichever draws them larger. The body size is at most the
    layout's largest: the captions' room is reckoned at it (a grown front's back keeps to it,
    ``card.CardGeometry.back_size``)."""
    if not row:
        return []
    width, size = layout.frame_width, layout.max_size
    gap, above = GALLERY_GAP_EM * size, GALLERY_ABOVE_EM * size
    caption = CAPTION_EM * size if any(s.caption for s in row) else 0.0
    across = min(room - caption - above, (width - gap * (len(row) - 1)) / sum(s.aspect for s in row))
    stacked = min((room - len(row) * (caption + gap)) / len(row), width / max(s.aspect for s in row))
    if max(across, stacked) <= 0:
        return []
    def exact(shots: tuple[t.Shot, ...], height: float) -> t.PictureRow:  # no upright allowance: the room is known
        return replace(picture_row(shots, layout, st, faces, Arrangement(1, "top", height)), height_pt=height)
    if across >= stacked:
        return [t.Spacer(GALLERY_ABOVE_EM), exact(row, across)]
    return [block for shot in row for block in (t.Spacer(GALLERY_GAP_EM), exact((shot,), stacked))]


def step_picture(item: t.Item, shot: t.Shot, layout: Layout) -> t.Block:
    """A step with its own picture at its right, kept whole."""
    pic = t.Picture(shot.path, shot.aspect, 10_000.0, layout.image_max_height * 0.45, align="right",
                    alt=shot.alt or None)
    return t.Beside((item,), pic, gap_em=1.0, share=STEP_SHARE)


def _fields(style: t.Style) -> dict:
    return {f: getattr(style, f) for f in style.__dataclass_fields__}
