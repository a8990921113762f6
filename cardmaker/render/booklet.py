"""Exercises + layout + options → one booklet PDF: a cover, the contents, the exercises grouped
and sorted, an index by muscle and equipment; bookmarks nested by group, clickable contents,
a running header (group · exercise) and a "Page N of M" footer with the gym line.

Laid out once: numbers that come before the pages they count (the contents' page numbers,
"of M" in every footer) are forms filled in when the PDF is saved, and the index is made when
the layout reaches it. Only if "of M" was given room for the wrong number of digits is the
booklet laid out again.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, replace

from reportlab.lib.styles import ParagraphStyle

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.doctemplate import LayoutError as PlatypusLayoutError

from cardmaker.errors import RenderError
from cardmaker.render.platypus.booklet import Anchor, Entry, Later, contents, cover, index, page_form
from cardmaker.render.platypus.header import fields, front_header
from cardmaker.render.platypus.paragraph import Paragraph
from cardmaker.render.platypus.sections import section_flowables
from cardmaker.render.platypus.program import log_sheet, schedule
from cardmaker.model import Exercise, Layout
from cardmaker.model.booklet import BookletOptions
from cardmaker.model.layout import Section
from cardmaker.model.program import Program, ProgramEntry
from cardmaker.render.styles import Styles, make_styles
from cardmaker.template import fill

TOTAL_FORM = "cm-page-count"
OTHER = "Other"


def arrange(exercises: list[Exercise], options: BookletOptions) -> list[tuple[str, list[Exercise]]]:
    """(group, exercises) in booklet order; one group named "" when not grouped."""
    def group_of(ex: Exercise) -> str:
        if options.group_by == "category":
            return _title((ex.category or OTHER).strip())
        if options.group_by == "muscle":
            return _title((ex.muscles.primary[0] if ex.muscles.primary else OTHER).strip())
        return ""

    ordered = sorted(exercises, key=lambda ex: ex.name.lower()) if options.sort == "name" else list(exercises)
    groups: dict[str, list[Exercise]] = {}
    for ex in ordered:
        groups.setdefault(group_of(ex), []).append(ex)
    return sorted(groups.items(), key=lambda g: (g[0] == OTHER, g[0].lower()))


def _title(name: str) -> str:
    """First letter up, the rest as written: 'strength' → 'Strength', 'HIIT' stays."""
    return name[:1].upper() + name[1:]


def render_booklet(exercises: list[Exercise], layout: Layout, options: BookletOptions,
                   program: Program | None = None, planned: list[tuple[Exercise, ProgramEntry]] | None = None) -> bytes:
    """The booklet; with a ``program``, its ``planned`` exercises in program order (each with
    the entry's prescription and note), a schedule after the contents and a log sheet."""
    st = make_styles(layout, layout.max_size)
    if program is not None:
        groups = [("", [(ex, entry) for ex, entry in planned or []])]
    else:
        groups = [(g, [(ex, None) for ex in members]) for g, members in arrange(exercises, options)]
    plan = _Plan(program, planned or [])
    digits = len(str(2 * sum(len(m) for _, m in groups) + 4))  # a guess at the page count's width; checked below
    doc, pdf = _build(groups, layout, options, st, digits, plan)
    if len(str(doc.page)) != digits:  # "Page N of M" left room for the wrong number of digits
        doc, pdf = _build(groups, layout, options, st, len(str(doc.page)), plan)
    return pdf


class _BookletDoc(BaseDocTemplate):
    """Notes the page of every anchor and bookmarks it in the outline."""

    def __init__(self, *args, grouped: bool, **kw):
        super().__init__(*args, **kw)
        self.grouped = grouped
        self.found: dict[str, int] = {}
        self.current: Entry = Entry("", "", 0)  # the group or exercise being laid out
        self.top: Entry = self.current  # the one at the top of the page: the running header's
        self._fresh = True  # nothing printed on this page yet

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self.top, self._fresh = self.current, True

    def beforeDocument(self):
        self.canv.found = self.found  # the canvas fills in the contents' page numbers when it saves

    def afterFlowable(self, flowable):
        if not isinstance(flowable, Anchor):
            if not isinstance(flowable, (Spacer, ActionFlowable)):
                self._fresh = False
            return
        e = flowable.entry
        self.found[e.key] = self.page
        self.current = e
        if self._fresh or (self.top.exercise is None and e.group == self.top.group):
            self.top = e  # it starts the page (or comes right under its group's heading): the page is headed with it
        self.canv.bookmarkPage(e.key)
        self.canv.addOutlineEntry(e.title, e.key, level=e.level, closed=False)


@dataclass(frozen=True)
class _Plan:
    """A program and its exercises with their entries (or None and [] for a plain booklet)."""

    program: Program | None
    planned: list[tuple[Exercise, ProgramEntry]]


def _build(groups, layout: Layout, options: BookletOptions, st: Styles, digits: int,
           plan: _Plan) -> tuple[_BookletDoc, bytes]:
    program, planned = plan.program, plan.planned
    grouped = options.group_by != "none" and program is None
    entries, keys, story = _exercises(groups, grouped, layout, st)
    front = [*cover(options, layout, st), NextPageTemplate("plain"), PageBreak()]
    after_contents: list = []
    if program is not None:
        after_contents = _part("schedule", layout.label("Schedule"), schedule(program, planned, layout, st), entries, 0)
    after_contents.append(NextPageTemplate("body"))
    back = [NextPageTemplate("plain")]
    if program is not None:
        back += _part("log", layout.label("Log sheet"), log_sheet(program, planned, layout, st), entries)
    unique = list({ex.id: ex for _, members in groups for ex, _ in members}.values())
    found: dict[str, int] = {}
    if any(ex.muscles.primary or ex.muscles.secondary or ex.equipment for ex in unique):
        back += _part("index", layout.label("Index"), [Later(lambda: index(unique, keys, found, layout, st))], entries)
    front += contents(entries, layout, st)
    buf = io.BytesIO()
    b = layout.bleed
    doc = _BookletDoc(buf, pagesize=(layout.page_width + 2 * b, layout.page_height + 2 * b), invariant=1,
                      grouped=grouped, title=options.title, author=options.author,
                      subject=options.subtitle or options.title, creator="cardmaker", producer="cardmaker",
                      keywords=", ".join(g for g, _ in groups if g), initialFontName=st.fonts.regular,
                      lang=options.lang, pageTemplates=_templates(layout, st, digits))
    doc.found = found  # the index reads the pages found so far when the layout reaches it
    try:
        doc.build([*front, *after_contents, *story, *back], canvasmaker=_OutlinedCanvas)
    except PlatypusLayoutError:
        if doc.current.key in ("schedule", "log") and program is not None:
            raise RenderError(f"the {doc.current.title.lower()}: a row is taller than a page of layout "
                              f"'{layout.name}'", file=program.source,
                              hint="shorten the longest exercise name or dose") from None
        raise RenderError(f"'{doc.current.title}': part of it is taller than a page of layout '{layout.name}'",
                          hint="shorten it, or use a layout with bigger pages") from None
    return doc, buf.getvalue()


def _exercises(groups, grouped: bool, layout: Layout, st: Styles) -> tuple[list[Entry], dict[str, str], list]:
    """The exercise pages: each group from a new page, each exercise from a new page too, or
    after the one before when the layout's ``booklet.start`` is continuous. A title block is
    kept with what follows it. Each exercise's flowables are made only when the layout reaches
    it (``Later``), so a thousand exercises are never all in memory at once."""
    continuous = layout.booklet_start == "continuous"
    entries, keys, story = [], {}, []
    for g, (group, members) in enumerate(groups):
        lead: list = []
        if grouped:
            entry = Entry(f"group{g}", group, 0, group)
            entries.append(entry)
            lead = [Anchor(entry), Paragraph(st.plain(group.upper(), "group"), _group_style(st))]
            story.append(PageBreak())
        for n, (ex, plan) in enumerate(members):
            entry = Entry(f"ex{g}-{n}", ex.name, 1 if grouped else 0, group, ex)
            entries.append(entry)
            keys.setdefault(ex.id, entry.key)
            if continuous and n > 0:
                story.append(Spacer(1, st.size * 2.5))
            elif not (grouped and n == 0):  # the first of a group goes right under the group's heading
                story.append(PageBreak())
            story.append(Later(functools.partial(_exercise_pages, ex, plan, entry, layout, st, lead if n == 0 else [])))
    return entries, keys, story


def _exercise_pages(ex: Exercise, plan: ProgramEntry | None, entry: Entry, layout: Layout, st: Styles,
                    lead: list) -> list:
    """One exercise's flowables, after ``lead`` (its group's heading, for the first of a group)."""
    head, body = _exercise(ex, plan, layout, st)
    return [*_kept_with_next([*lead, Anchor(entry), *head]), *body]


def _kept_with_next(flowables: list) -> list:
    """Platypus keeps a run of keep-with-next flowables on the page of the one after it: a
    heading or title block never ends a page."""
    for f in flowables:
        f.keepWithNext = 1
    return flowables


def _part(key: str, title: str, flowables: list, entries: list[Entry], at: int | None = None) -> list:
    """A page of the booklet's own (schedule, log sheet, index): in the contents and the outline."""
    entry = Entry(key, title, 0)
    entries.insert(len(entries) if at is None else at, entry)
    return [PageBreak(), Anchor(entry), *flowables]


def _group_style(st: Styles) -> ParagraphStyle:
    return ParagraphStyle("group", parent=st.eyebrow, fontSize=st.size * 1.3, leading=st.size * 1.6,
                          spaceAfter=st.size * 1.2)


def _exercise(ex: Exercise, plan: ProgramEntry | None, layout: Layout, st: Styles) -> tuple[list, list]:
    """(title block, the rest): a program's note for this client comes first in the rest."""
    body = [f for section in layout.sections for f in section_flowables(ex, layout, section, st)]
    note = []
    if plan is not None and plan.note:  # the coach's word for this client, before the steps
        section = Section("tips", layout.label("Coach's note"), box=True, marker="none")
        note = section_flowables(replace(ex, tips=(plan.note,)), layout, section, st)
    return front_header(ex, layout, st), [*note, *body]


class _OutlinedCanvas(Canvas):
    """Opens with the bookmarks panel shown. Numbers not known until the end are forms drawn
    here when saving: the page count in every footer, the page of every contents line."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.footer_font: tuple[str, float] = ("Helvetica", 8)  # set by each page's footer (_decorate)
        self.footer_colour = None
        self.page_refs: dict[str, tuple] = {}  # anchor key → (font, size, colour) of its number in the contents
        self.found: dict[str, int] = {}

    def save(self):
        self.showOutline()
        total, (font, size) = str(self._pageNumber - 1), self.footer_font
        self.beginForm(TOTAL_FORM, -stringWidth(total, font, size), -size, 0, size)  # the box clips: it holds the text
        self.setFont(font, size)
        self.setFillColor(self.footer_colour)
        self.drawRightString(0, 0, total)
        self.endForm()
        for key, (font, size, colour) in self.page_refs.items():
            number = str(self.found.get(key, ""))
            self.beginForm(page_form(key), -stringWidth(number, font, size), -size, 0, size)  # (as above)
            self.setFont(font, size)
            self.setFillColor(colour)
            self.drawRightString(0, 0, number)
            self.endForm()
        super().save()


def _templates(layout: Layout, st: Styles, digits: int) -> list[PageTemplate]:
    """Cover, plain (front and back matter: footer only) and body pages (running header too);
    one column, so the title block and picture get the full width. With bleed, every page is
    that much bigger all round and its TrimBox marks the finished page."""
    top, right, bottom, left = layout.margins
    b, width, height = layout.bleed, layout.frame_width, layout.frame_height
    band = st.small.leading * 2  # room for the running header and the footer
    body = Frame(b + left, b + bottom + band, width, height - 2 * band, 0, 0, 0, 0, id="body")
    whole = Frame(b + left, b + bottom + band, width, height - 2 * band, 0, 0, 0, 0, id="plain")
    return [PageTemplate("cover", [Frame(b + left, b + bottom, width, height, 0, 0, 0, 0, id="cover")],
                         onPage=_boxes(layout)),
            PageTemplate("plain", [whole], onPage=_boxes(layout), onPageEnd=_decorate(layout, st, digits, running=False)),
            PageTemplate("body", [body], onPage=_boxes(layout), onPageEnd=_decorate(layout, st, digits, running=True))]


def _boxes(layout: Layout):
    b = layout.bleed

    def draw(canvas, doc):
        canvas.setTrimBox((b, b, b + layout.page_width, b + layout.page_height))
        canvas.setBleedBox((0, 0, layout.page_width + 2 * b, layout.page_height + 2 * b))

    return draw


def _decorate(layout: Layout, st: Styles, digits: int, running: bool):
    """onPageEnd: the running header (what this page holds) and the footer: the layout's
    footer text (or the gym line) at the left, "Page N of M" at the right; each cut to fit.
    M is a form filled in at the end, right-aligned in room for ``digits`` digits."""
    top, right, bottom, left = layout.margins
    b = layout.bleed
    numbers = layout.footer.page_numbers or "Page {page} of {pages}"
    font, size = st.fonts.regular, st.small.fontSize
    room = max(stringWidth(d, font, size) for d in "0123456789") * digits  # for the page count

    def draw(canvas, doc):
        canvas.setFont(font, size)
        canvas.setFillColor(st.small.textColor)
        canvas.footer_font, canvas.footer_colour = (font, size), st.small.textColor
        top_ex = doc.top.exercise
        if running:
            name = doc.top.title if (top_ex is not None or not doc.grouped) else ""
            header = " · ".join(p for p in (doc.top.group, name) if p)
            canvas.drawString(b + left, b + layout.page_height - top - size, _cut(header, font, size, layout.frame_width))
        values = fields(top_ex, layout) if top_ex is not None else {"gym": layout.header.gym}
        values["page"] = doc.page
        y = b + bottom
        right_edge = b + layout.page_width - right
        numbers_width = _template_width(numbers, values, font, size, room)
        x = right_edge - numbers_width
        _draw_template(canvas, numbers, values, x, y, font, size, room)
        line = layout.footer.text or layout.header.gym
        if line:
            _draw_template(canvas, line, values, b + left, y, font, size, room, limit=x - b - left - size)

    return draw


def _parts(template: str, values: dict) -> tuple[str, bool, str]:
    """(text before {pages}, whether there is a {pages}, text after), each filled in."""
    before, found, after = template.partition("{pages}")
    return fill(before, values, strip=not found), bool(found), fill(after, values, strip=False).rstrip()


def _template_width(template: str, values: dict, font: str, size: float, room: float) -> float:
    before, total, after = _parts(template, values)
    return stringWidth(before, font, size) + (room if total else 0) + stringWidth(after, font, size)


def _draw_template(canvas, template: str, values: dict, x: float, y: float, font: str, size: float, room: float,
                   limit: float | None = None) -> None:
    """A footer template at ``x``: its {pages} is the page-count form, right-aligned in ``room``
    (filled in when the PDF is saved); with ``limit``, cut with an ellipsis to that width."""
    before, total, after = _parts(template, values)
    if not total:
        canvas.drawString(x, y, _cut(before, font, size, limit) if limit is not None else before)
        return
    if limit is not None:
        before = _cut(before, font, size, max(0.0, limit - room - stringWidth(after, font, size)))
    canvas.drawString(x, y, before)
    x += stringWidth(before, font, size) + room  # the count ends here, right-aligned in its room
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(TOTAL_FORM)
    canvas.restoreState()
    canvas.drawString(x, y, after)


def _cut(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points (a page line is one line)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""
