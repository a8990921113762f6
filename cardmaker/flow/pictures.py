"""The exercise's pictures and its dose as blocks (no reportlab): the picture row (start, end,
... side by side with captions) under the title or beside it, a step's own picture beside the
step, and the dose line in a large box ("3 × 10 · rest 60 s").

Takes the exercise, its layout, the pictures' proportions (read by the caller, who opens the
files) and the arrangement the composition is trying; gives ``tree`` blocks.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cardmaker.flow import tree as t
from cardmaker.flow.arrangement import Arrangement
from cardmaker.model import Exercise, Layout
from cardmaker.style.plain_styles import CardStyles, Faces

NBSP = "\u00a0"
_COUNT = re.compile(r"\d+(?:\s*[-–]\s*\d+)?")  # a bare count or range, which says nothing alone ("3", "8-12")
SEP = f"{NBSP}· "  # between a dose's parts: a line may break after the dot, never before it
BESIDE_SHARE = 0.55  # the picture row beside the title takes at most this share of the width
STEP_SHARE = 0.3  # a step's picture beside it
CAPTION_EM = 1.6  # a caption's line under a picture, in body sizes (with its gap)
LANDSCAPE = 1.5  # the proportions (width / height) the layout's picture heights are meant for


def shots(ex: Exercise, layout: Layout, aspects: tuple[float | None, ...]) -> tuple[t.Shot, ...]:
    """The exercise's pictures whose proportions are known, captioned: the file's captions, else
    the layout's words for "start" and "end" when there are exactly two (none when captions are off)."""
    pics = [(p, a) for p, a in zip(ex.images, aspects) if a]
    default = (layout.label("start"), layout.label("end")) if len(pics) == 2 else ("",) * len(pics)
    return tuple(t.Shot(str(p.path), a, (p.caption or default[i]) if layout.image_captions else "",
                        alt_text(ex, p, p.caption or default[i]))
                 for i, (p, a) in enumerate(pics))


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
    layout's largest: the captions' room is reckoned at it."""
    if not row:
        return []
    width, size, gap = layout.frame_width, layout.max_size, 0.5 * layout.max_size
    caption = CAPTION_EM * size if any(s.caption for s in row) else 0.0
    across = min(room - caption, (width - gap * (len(row) - 1)) / sum(s.aspect for s in row))
    stacked = min((room - len(row) * (caption + gap)) / len(row), width / max(s.aspect for s in row))
    if max(across, stacked) <= 0:
        return []
    def exact(shots: tuple[t.Shot, ...], height: float) -> t.PictureRow:  # no upright allowance: the room is known
        return replace(picture_row(shots, layout, st, faces, Arrangement(1, "top", height)), height_pt=height)
    if across >= stacked:
        return [t.Spacer(0.7), exact(row, across)]
    return [block for shot in row for block in (t.Spacer(0.5), exact((shot,), stacked))]


def step_picture(item: t.Item, shot: t.Shot, layout: Layout) -> t.Block:
    """A step with its own picture at its right, kept whole."""
    pic = t.Picture(shot.path, shot.aspect, 10_000.0, layout.image_max_height * 0.45, align="right",
                    alt=shot.alt or None)
    return t.Beside((item,), pic, gap_em=1.0, share=STEP_SHARE)


def dose_line(ex: Exercise, layout: Layout) -> tuple[str, str]:
    """The dose as it is read aloud, in two lines: the main one ("3 × 10 · rest 60 s", with the
    load) and the rest ("tempo 3-1-1 · 2-3x per week"); a number stays with its unit, and a
    line broken between parts ends with the dot rather than starting with it."""
    p = ex.prescription
    hold, rest = _seconds(p.hold), _seconds(p.rest)
    count = f"{NBSP}×{NBSP}".join(v for v in (p.sets, p.reps) if v)
    if bool(p.sets) != bool(p.reps) and not (p.sets and hold) and _COUNT.fullmatch(count):  # "3": "3 sets"
        count = f"{count}{NBSP}{_word(layout, 'sets' if p.sets else 'reps')}"
    if hold:
        held = f"{_word(layout, 'hold')}{NBSP}{hold}"
        count = f"{count}{NBSP}×{NBSP}{hold}" if p.sets and not p.reps else \
            f"{count}{SEP}{held}" if count else held
    main = [count] if count else []
    main += [f"{_word(layout, k)}{NBSP}{v}" for k, v in (("rest", rest), ("load", p.load)) if v]
    more = [f"{_word(layout, 'tempo')}{NBSP}{p.tempo}"] if p.tempo else []
    more += [p.frequency] if p.frequency else []
    return _glued(SEP.join(main)), _glued(SEP.join(more))


def _seconds(value: str | None) -> str | None:
    """A rest or hold given as a bare number ("90", as a spreadsheet's cell gives it) in seconds."""
    return f"{value}{NBSP}s" if value and re.fullmatch(r"\d+(?:[.,]\d+)?", value.strip()) else value


def _word(layout: Layout, key: str) -> str:
    """A dose word as said within the line: the English label in lower case ("rest"), a
    translated one as the layout writes it (German nouns keep their capital: "Pause")."""
    label = layout.label(key)
    return label.lower() if label.lower() == key else label


def _glued(text: str) -> str:
    """Numbers kept with their units and signs ("60 s", "8 kg", "3 ×")."""
    return re.sub(r"(\d) (?=[^\W\d]{1,4}\b)", "\\1" + NBSP, text)


def dose_box(ex: Exercise, layout: Layout, st: CardStyles, faces: Faces, heading: str,
             space_before: float) -> list[t.Block]:
    """The dose in a tinted box, its main line large and bold; nothing without a prescription."""
    main, more = dose_line(ex, layout)
    if not (main or more):
        return []
    big = t.Style(**{**_fields(st.title), "size": 1.7, "leading": 1.15, "space_after_em": 0.0})
    small = t.Style(**{**_fields(st.body), "size": 1.0, "leading": 1.3, "color": st.muted})
    label = t.Style(**{**_fields(st.eyebrow), "space_after_em": 0.1})
    runs = lambda text, face: (t.Run(text, face, faces.fallbacks),)  # noqa: E731
    parts = [t.Paragraph(runs(heading.upper(), faces.bold), label, "dose-label")]
    parts += [t.Paragraph(runs(main, faces.bold), big, "dose")] if main else []
    parts += [t.Paragraph(runs(more, faces.regular), small, "dose")] if more else []
    head = t.Heading(parts[0])
    items = (t.Item(None, tuple(parts[1:]), whole=True),) if len(parts) > 1 else ()
    return [t.Panel(head, items, head, st.tip_background, st.accent, padding_em=0.8, gap_em=0.1,
                    space_before_em=space_before)]


def _fields(style: t.Style) -> dict:
    return {f: getattr(style, f) for f in style.__dataclass_fields__}
