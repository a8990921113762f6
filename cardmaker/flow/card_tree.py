"""Exercise + Layout → the card's block tree (``cardmaker.flow.tree``), for the engine.

The counterpart of ``story.py`` (which makes Platypus flowables) without reportlab: the title
block (brand strip with logo, gym name and free line; eyebrow, name, lead, primary and
secondary muscles, equipment, picture, rule), the body sections the layout lists for each side (steps, tips,
cautions, description, FAQ, dose strip), a two-sided card's back (brand strip, the name again,
its sections), the footer (free line and page numbers, filled per page; credit; QR code with
its address) and the running title of a continued page. Exercise text is plain text: no markup
is parsed.
"""

from __future__ import annotations

from dataclasses import replace

from cardmaker.flow import pictures
from cardmaker.flow import tree as t
from cardmaker.flow.arrangement import Arrangement
from cardmaker.flow.dose import dose_box
from cardmaker.flow.terms import in_terms
from cardmaker.style.plain_styles import CardStyles, Faces, card_styles
from cardmaker.model import Exercise, Layout
from cardmaker.model.layout import Section
from cardmaker.template import fill
from cardmaker.units import POINTS_PER

MM = POINTS_PER["mm"]
QR_EM, QR_MIN, QR_MAX = 5.5, 15 * MM, 32 * MM  # the footer's QR code: 5.5 body sizes, within 15-32 mm


def card_tree(ex: Exercise, layout: Layout, faces: Faces, aspect: float | None = None,
              logo_aspect: float | None = None, *, aspects: tuple[float | None, ...] | None = None,
              step_aspects: tuple[float | None, ...] = (), arrangement: Arrangement | None = None,
              memo: dict | None = None, styles: CardStyles | None = None) -> t.CardTree:
    """``ex``'s card. ``aspect`` and ``logo_aspect`` are the picture's and the logo's width /
    height (read by the caller, who knows how to open image files); without one, that image is
    left out. With ``aspects`` (one per picture of ``ex.images``), every picture is shown, in a
    row placed and sized as ``arrangement`` says; ``step_aspects`` (one per step picture) puts a
    step's own picture beside it when the layout allows. ``memo`` (a dict kept by the caller
    for one exercise and layout) keeps the sections' blocks between arrangements: the
    composition makes a tree per arrangement tried, and most sections do not change; so do
    ``styles``, the layout's (``card_styles``), when the caller made them once."""
    ex = in_terms(ex, layout)
    st = styles or card_styles(layout)
    b = _Builder(faces, st)
    brand = _brand_strip(ex, layout, b, logo_aspect)
    arrangement = arrangement or Arrangement(layout.columns, layout.placements[0])
    steps = _step_shots(ex, layout, step_aspects)

    def section(s: Section, side: str) -> list[t.Block]:
        key = (s.name, side, arrangement.whole)
        if memo is None:
            return _section(ex, layout, s, b, arrangement, steps, side)
        if key not in memo:
            memo[key] = _section(ex, layout, s, b, arrangement, steps, side)
        return memo[key]

    def body(side: str) -> tuple[t.Block, ...]:
        return tuple(block for s in layout.side(side) if not (arrangement.lean and s.optional)
                     for block in section(s, side))

    def carry() -> t.Carry | None:
        """Where the front's body may go on over the page: its steps (a two-sided card's)."""
        front = [s for s in layout.side("front") if not (arrangement.lean and s.optional)]
        steps = [i for i, s in enumerate(front) if s.name == "steps"]
        if not (arrangement.carry and layout.two_sided and steps):
            return None
        start = sum(len(section(s, "front")) for s in front[:steps[0]])
        st_steps = st.for_section(front[steps[0]])
        text = f"{front[steps[0]].heading} {layout.label('continued')}"
        return t.Carry(start, t.Heading(b.para(text, st_steps.heading, "heading", bold=True)))

    footer = tuple(_footer(ex, layout, b))
    back = _back(ex, layout, b, brand, body("back"), footer, aspects, arrangement) if layout.two_sided else None
    running = _running(ex, layout, b, st)
    title = _front_title(ex, layout, b, aspect, aspects, arrangement)
    notes = b.para(layout.label("notes"), st.heading, "notes", bold=True) if layout.notes else None
    return t.CardTree((*brand, *title), body("front"), footer,
                      ex.name, back, running, notes, carry(), running_in_body=_sheet_by_sheet(layout))


def _back(ex: Exercise, layout: Layout, b: "_Builder", brand: list[t.Block], shown: tuple[t.Block, ...],
          footer: tuple[t.Block, ...], aspects: tuple[float | None, ...] | None, arrangement: Arrangement) -> t.Side:
    """A two-sided card's back: the name, then its own sections (``shown``); with nothing of its
    own, the gallery (``Arrangement.gallery``); with room, the details the front leaves out."""
    st = b.st
    name = t.Heading(b.para(ex.name, st.back_title, "title", bold=True), level=1)
    wide = max(layout.columns_allowed) > 1  # the gallery then spans the side, as a title block does
    gallery = _gallery(ex, layout, b, aspects, bool(brand), wide, footer) if arrangement.gallery and not shown \
        else ()
    details = _details(ex, layout, b) if arrangement.details and not gallery else ()
    return t.Side((*brand, name, _rule(st), *details, *(gallery if wide else ())), shown or (() if wide else gallery))


def _front_title(ex: Exercise, layout: Layout, b: "_Builder", aspect: float | None,
                 aspects: tuple[float | None, ...] | None, arrangement: Arrangement) -> list[t.Block]:
    """The front's title block under the brand strip: eyebrow, name, lead, header lines, then the
    pictures as ``arrangement`` places them (or one under the other: ``pictures.stacks``) and a rule."""
    st = b.st
    row = pictures.shots(ex, layout, aspects) if aspects is not None else None
    title = _title(ex, layout, b, aspect if row is None else None)
    if row and pictures.stacks(ex, layout):
        return [*title, *pictures.stacked(row, layout, st, b.faces, arrangement)]
    if row:
        return [*pictures.with_pictures(title, pictures.picture_row(row, layout, st, b.faces, arrangement),
                                        arrangement), _rule(st)]
    return [*title, _rule(st)]


def title_blocks(ex: Exercise, layout: Layout, faces: Faces, aspect: float | None = None,
                 logo_aspect: float | None = None, anchored: bool = True,
                 styles: CardStyles | None = None, *,
                 aspects: tuple[float | None, ...] | None = None) -> tuple[t.Block, ...]:
    """The front's title block (brand strip, eyebrow, name, lead, muscles, equipment, picture,
    rule), as a card has it; a booklet page sets it without the name's bookmark (``anchored``).
    ``styles``: the layout's, when the caller has resolved them already. With ``aspects`` (one
    per picture of ``ex.images``), every picture is shown in a row under the title at the
    layout's largest picture height (a booklet page's: it has no composition to size them)."""
    st = styles or card_styles(layout)
    b = _Builder(faces, st)
    row = pictures.shots(ex, layout, aspects) if aspects is not None else None
    title = _title(ex, layout, b, aspect if row is None else None, anchored)
    if row:
        top = Arrangement(1, "top", layout.image_max_height)
        title = pictures.with_pictures(title, pictures.picture_row(row, layout, st, faces, top), top)
    return (*_brand_strip(ex, layout, b, logo_aspect), *title)


def section_blocks(ex: Exercise, layout: Layout, section: Section, faces: Faces,
                   styles: CardStyles | None = None) -> tuple[t.Block, ...]:
    """One body section (steps, tips, cautions, description, FAQ, dose strip) as a one-column
    card has it, without step pictures (a booklet page's)."""
    return tuple(_section(ex, layout, section, _Builder(faces, styles or card_styles(layout)), Arrangement(), ()))


def values(ex: Exercise, layout: Layout) -> tuple[tuple[str, str], ...]:
    """The exercise's template fields for headers and footers (page and page count come per page)."""
    return _values(ex, layout)


def _values(ex: Exercise, layout: Layout) -> tuple[tuple[str, str], ...]:
    """The exercise's template fields (page and page count come per page)."""
    return tuple((k, "" if v is None else str(v)) for k, v in (
        ("name", ex.name), ("id", ex.id), ("category", ex.category), ("level", ex.level),
        ("gym", layout.header.gym), ("video", ex.video)))


def _running(ex: Exercise, layout: Layout, b: "_Builder", st: CardStyles) -> t.PageLine:
    """The running title of a continued page, "NAME (continued) · 2": small, in italics, in the
    top margin of a document's later pages (a handout's); on a card's later sheets
    (``_sheet_by_sheet``), at the head of the body (``CardTree.running_in_body``) as a
    two-sided card's back is titled: bold, in the title's colour, larger than a section heading."""
    template = f"{{name}} {_literal(layout.label('continued'))} · {{page}}"
    if _sheet_by_sheet(layout):
        return t.PageLine((template,), _values(ex, layout), b.run("", bold=True), st.back_title, "running")
    return t.PageLine((template,), _values(ex, layout), b.run("", italic=True), st.small, "running")


def _sheet_by_sheet(layout: Layout) -> bool:
    """Whether a long card goes on over more sheets, each hung or handed out on its own (a one-page
    layout's ``fit.max_pages``: the wall card, the poster): each later sheet then says in large
    print whose it is, where a document (``continue``: a handout) keeps a small running title."""
    return layout.fit_mode == "shrink" and layout.max_pages > 1


def _literal(text: str) -> str:
    """``text`` as template text that prints as written (braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


def _rule(st: CardStyles) -> t.Rule:
    return t.Rule(1.4, st.accent, space_before_em=1.0)


def _brand_strip(ex: Exercise, layout: Layout, b: "_Builder", logo_aspect: float | None) -> list[t.Block]:
    """Logo and gym name at the left, the free header line at the right, above the title."""
    h, st = layout.header, b.st
    line = fill(h.line, dict(_values(ex, layout)))
    logo = h.logo if h.logo and logo_aspect else None
    if not (logo or h.gym or line):
        return []
    cells: list[t.Block] = []
    shares: list[float] = []
    if logo:
        cells.append(t.Picture(str(logo), logo_aspect, layout.frame_width * 0.5, h.logo_height, align="left"))
        shares.append(0.0)
    if h.gym:
        cells.append(b.para(h.gym, st.brand, "gym", bold=True))
        shares.append(0.55)
    cells.append(b.para(line, st.brand_line, "line") if line else t.Spacer(0.0))
    shares.append(0.45 if h.gym else 1.0)
    return [t.Row(tuple(cells), tuple(shares), gap_em=1.0), t.Spacer(0.9)]


class _Builder:
    """Makes paragraphs in the card's faces (each run with the fallback chain)."""

    def __init__(self, faces: Faces, st: CardStyles):
        self.faces, self.st = faces, st

    def run(self, text: str, bold: bool = False, italic: bool = False, link: str | None = None) -> t.Run:
        face = self.faces.bold if bold else self.faces.italic if italic else self.faces.regular
        return t.Run(text, face, self.faces.fallbacks, link=link)

    def para(self, text: str, style: t.Style, role: str, bold: bool = False, italic: bool = False) -> t.Paragraph:
        return t.Paragraph((self.run(text, bold, italic),), style, role)


def _title(ex: Exercise, layout: Layout, b: _Builder, aspect: float | None, anchored: bool = True) -> list[t.Block]:
    h, st = layout.header, b.st
    out: list[t.Block] = []
    eyebrow = fill(h.eyebrow, {"name": ex.name, "id": ex.id, "category": ex.category, "level": ex.level,
                               "gym": h.gym, "video": ex.video})
    if eyebrow:
        out.append(b.para(eyebrow.upper(), st.eyebrow, "eyebrow", bold=True))
    out.append(t.Heading(b.para(ex.name, st.title, "title", bold=True), level=0, anchor=ex.id if anchored else None))
    if h.summary and ex.lead:
        out.append(b.para(ex.lead, st.lead, "lead"))
    for i, meta in enumerate(_meta_lines(ex, layout, b)):
        style = t.Style(**{**_fields(st.meta), "space_before_em": 0.7}) if i == 0 else st.meta
        out.append(t.Paragraph(meta, style, "meta"))
    if ex.image is not None and aspect:
        beside = layout.image_position != "top"
        pic = t.Picture(str(ex.image), aspect, layout.image_max_width, layout.image_max_height, layout.max_size,
                        layout.image_min_scale, layout.image_position if beside else "centre",
                        alt=pictures.alt_text(ex, ex.images[0]))
        out = [t.Beside(tuple(out), pic)] if layout.image_position != "top" else [*out, t.Spacer(0.9), pic]
    return out


def _gallery(ex: Exercise, layout: Layout, b: "_Builder", aspects: tuple[float | None, ...] | None,
             branded: bool, in_title: bool, footer: tuple[t.Block, ...]) -> tuple[t.Block, ...]:
    """A back with nothing of its own (no safety notes, tips or questions): the muscles and
    equipment (all of them, whatever the front shows), then the pictures as large as the rest
    of the side allows. The room is reckoned at the layout's largest size, the side's title
    (brand strip, name, rule) and ``footer`` (two lines and their gap; a QR code's height)
    taken off, and in the title block (``in_title``) the gap under it (the engine keeps room
    for a body only on a side that has one)."""
    everything = replace(layout, header=replace(layout.header, muscles=True, equipment=True))
    meta = [t.Paragraph(runs, b.st.meta, "meta") for runs in _meta_lines(ex, everything, b)]
    row = pictures.shots(ex, layout, aspects) if aspects is not None else ()
    size = layout.max_size
    lines = 1.5 * 1.15 + 1.6 + 0.88 * 1.45 * len(meta) + (2.0 if branded else 0.0) + (0.6 if in_title else 0.0) + \
        (2.5 if footer else 0.0)
    coded = any(isinstance(f, t.Beside) and isinstance(f.aside, t.QRCode) for f in footer)
    room = layout.frame_height - lines * size - (layout.header.logo_height if branded else 0.0) - \
        (QR_MAX + size if coded else 0.0)
    return (*meta, *pictures.gallery(row, layout, b.st, b.faces, room))


def _details(ex: Exercise, layout: Layout, b: "_Builder") -> tuple[t.Block, ...]:
    """The muscles and equipment lines the front's header leaves out, for a back with room
    (``Arrangement.details``), each as a paragraph; a spacer parts them from what follows."""
    header = layout.header
    missing = replace(layout, header=replace(header, muscles=not header.muscles, equipment=not header.equipment))
    lines = tuple(t.Paragraph(runs, b.st.meta, "meta") for runs in _meta_lines(ex, missing, b))
    return (*lines, t.Spacer(0.6)) if lines else ()


def _book_like(layout: Layout) -> bool:
    """One column flowing on over as many pages as it needs (the handouts)."""
    return layout.fit_mode == "continue" and max(layout.columns_allowed) == 1


def _step_shots(ex: Exercise, layout: Layout, aspects: tuple[float | None, ...]) -> tuple[t.Shot | None, ...]:
    """The steps' own pictures (None for a step without one, or whose proportions are unknown)."""
    if not layout.step_images or not ex.step_images:
        return ()
    files = [p for p in ex.step_images if p is not None]
    known = dict(zip((str(p.path) for p in files), aspects))
    step = layout.label("step")
    return tuple(t.Shot(str(p.path), known[str(p.path)], alt=pictures.alt_text(ex, p, p.caption or f"{step} {n}"))
                 if p is not None and known.get(str(p.path)) else None for n, p in enumerate(ex.step_images, 1))


def _meta_lines(ex: Exercise, layout: Layout, b: _Builder) -> list[tuple[t.Run, ...]]:
    """The primary and secondary muscles on one line, the equipment on the next."""
    h, lines = layout.header, []
    muscles = [(layout.label(key), names) for key, names in
               (("primary", ex.muscles.primary), ("secondary", ex.muscles.secondary)) if h.muscles and names]
    runs: list[t.Run] = []
    for i, (label, names) in enumerate(muscles):
        runs += [b.run(("     " if i else "") + label + "  ", bold=True), b.run(", ".join(names))]
    if runs:
        lines.append(tuple(runs))
    if h.equipment and ex.equipment:
        lines.append((b.run(layout.label("equipment") + "  ", bold=True), b.run(", ".join(ex.equipment))))
    return lines


def _unsaid(paragraphs: tuple[str, ...], lead: str | None) -> tuple[str, ...]:
    """The description without what the lead under the title says already: its first paragraph
    when that is the lead, or the lead's whole sentences at its start (a summary taken from it;
    never a cut within a sentence: "Strengthens the glutes" before "and hamstrings" stays)."""
    if not lead or not paragraphs or not paragraphs[0].startswith(lead):
        return paragraphs
    rest = paragraphs[0][len(lead):]
    if rest and not (lead.rstrip()[-1:] in ".!?" and rest[:1].isspace()):
        return paragraphs
    rest = rest.strip()
    return ((rest,) if rest else ()) + tuple(paragraphs[1:])


def _fields(style: t.Style) -> dict:
    return {f: getattr(style, f) for f in style.__dataclass_fields__}


def _section(ex: Exercise, layout: Layout, section: Section, b: _Builder, arrangement: Arrangement,
             step_shots: tuple[t.Shot | None, ...], side: str = "front") -> list[t.Block]:
    st = b.st.for_section(section)
    b = _Builder(b.faces, st)
    if section.name == "faq":
        return _faq(ex, section, b, arrangement.whole)
    if section.name == "prescription":
        return dose_box(ex, layout, st, b.faces, section.heading, section.space_before)
    texts = {"steps": ex.steps, "tips": ex.tips, "cautions": ex.cautions, "description": ex.description}[section.name]
    instead = section.name == "steps" and not texts and not any(s.name == "description" for s in layout.sections)
    texts = ex.description if instead else texts[:section.limit] if section.limit else texts
    if section.name == "description" and layout.header.summary:
        texts = _unsaid(texts, ex.lead)
    first, heading_text, marker = 1, section.heading, "none" if instead else section.marker
    if not texts:
        return []
    caution = section.name == "cautions"
    mark_color = st.caution_border if caution else st.tip_border if section.box else st.accent
    # a step is kept whole within a page; a handout's (one column flowing on over pages) breaks
    # between its lines at a page's foot, as a book's paragraph does, its lines' own keeps holding
    whole = arrangement.whole and section.name == "steps" and not _book_like(layout)
    items = tuple(t.Item(_mark(i, marker, mark_color, b), (b.para(text, st.item, section.name),), whole)
                  for i, text in enumerate(texts, first))
    if section.name == "steps" and step_shots and not section.box:
        shots = step_shots[first - 1:]
        items = tuple(pictures.step_picture(it, shot, layout) if i < len(shots) and (shot := shots[i])
                      else it for i, it in enumerate(items))
    heading_style = st.caution_heading if caution else st.box_heading if section.box else st.heading
    heading = t.Heading(b.para(heading_text, heading_style, "heading", bold=True))
    if section.box:
        continued = t.Heading(b.para(f"{section.heading} {layout.label('continued')}", heading_style, "heading",
                                     bold=True))
        return [t.Panel(heading, items, continued, st.caution_background if caution else st.tip_background,
                        mark_color, gap_em=0.55 * 0.8, space_before_em=section.space_before)]
    spaced = t.Heading(t.Paragraph(heading.paragraph.runs, t.Style(**{
        **_fields(heading_style), "space_before_em": section.space_before}), "heading"))
    return [spaced, *items]


def _mark(number: int, marker: str, color: t.Color, b: _Builder) -> t.Mark | None:
    if marker == "number":
        return t.Mark(str(number), color, label_face=b.faces.bold)
    if marker == "bullet":
        return t.Mark("", color)
    return None


def _faq(ex: Exercise, section: Section, b: _Builder, whole: bool) -> list[t.Block]:
    faq = ex.faq[:section.limit] if section.limit else ex.faq
    if not faq:
        return []
    st = b.st
    heading = t.Heading(b.para(section.heading, t.Style(**{**_fields(st.heading),
                                                          "space_before_em": section.space_before}), "heading",
                               bold=True))
    return [heading, *(t.QA(b.para(item.q, st.question, "question", bold=True), b.para(item.a, st.answer, "answer"),
                            whole) for item in faq)]


def _black_ink(st: CardStyles) -> t.Color:
    """Black for a QR code: on a page in CMYK (the theme's colours are), black ink alone, so a
    press prints its modules sharp instead of four inks registered on each other."""
    return (0.0, 0.0, 0.0, 1.0) if len(st.text) == 4 else (0.0, 0.0, 0.0)


def _footer(ex: Exercise, layout: Layout, b: _Builder) -> list[t.Block]:
    """The free line and page numbers, the video address (without a QR code) and the credit on
    one line; with a QR code, the code at the right with its address beneath, in 55% of the
    width, and that line in the rest, at the foot (as today's Platypus footer)."""
    f, st = layout.footer, b.st
    tail: list[t.Run] = []
    if f.video and ex.video and not f.qr:
        tail += [b.run(f"{layout.label('video')}: ", italic=True), b.run(ex.video, italic=True, link=ex.video)]
    if f.credit and ex.credit:
        tail += [b.run(" · ", italic=True)] if tail else []
        tail.append(b.run(ex.credit, italic=True))
    out: list[t.Block] = []
    if f.text or f.page_numbers or tail:
        out.append(t.PageLine((f.text, f.page_numbers), _values(ex, layout), b.run("", italic=True), st.small,
                              tail=tuple(tail)))
    if f.qr and ex.video:
        url = t.Style(**{**_fields(st.small), "align": "right"})
        address = t.Paragraph((b.run(ex.video, italic=True, link=ex.video),), url, "url")
        code = t.QRCode(ex.video, QR_MIN, side_em=QR_EM, max_pt=QR_MAX, ink=_black_ink(st))
        return [t.Beside(tuple(out), code, gap_em=0.0, share=0.55, under=address)]
    return out
