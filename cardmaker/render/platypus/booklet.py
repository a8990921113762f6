"""The pages a booklet adds around its exercises: cover, contents, index, and the anchors that
tie a heading to its page (for the contents, the bookmarks and the running header).

The booklet is laid out once. The contents come before the pages they number, so each number
is a ``PageRef``: a form the canvas fills in when it saves, once every page is known (a
number's width does not move anything: it is right-aligned in its own column). The index
comes after them, so it is made when the layout reaches it (``Later``), from the pages found.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import NullActionFlowable

from cardmaker.colors import to_reportlab
from cardmaker.render.platypus.paragraph import Paragraph
from cardmaker.render.platypus.picture import scaled
from cardmaker.model import Exercise, Layout
from cardmaker.model.booklet import BookletOptions
from cardmaker.render.styles import Styles


@dataclass
class Entry:
    """A heading the contents lists and the outline bookmarks: a group or an exercise."""

    key: str
    title: str
    level: int  # 0 for a group (or an exercise when not grouped), 1 for an exercise in a group
    group: str = ""
    exercise: Exercise | None = None  # for the running header and footer fields


class Anchor(Flowable):
    """Takes no room; where it lands is where its entry's page is."""

    _ZEROSIZE = True

    def __init__(self, entry: Entry):
        super().__init__()
        self.entry = entry

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        pass


class PageRef(Flowable):
    """The page of an anchor, right-aligned, drawn as a form named for the anchor (so it reads
    in its place); the canvas defines the form when it saves, from ``page_refs``."""

    def __init__(self, key: str, style: ParagraphStyle):
        super().__init__()
        self.key, self.style = key, style

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.style.leading

    def draw(self):
        s = self.style
        self.canv.page_refs[self.key] = (s.fontName, s.fontSize, s.textColor)
        self.canv.saveState()
        self.canv.translate(self.width, s.leading - s.fontSize)  # a Paragraph's first baseline
        self.canv.doForm(page_form(self.key))
        self.canv.restoreState()


def page_form(key: str) -> str:
    return f"cm-page-{key}"


class Later(Flowable):
    """Content made only when the layout reaches it (``make()`` returns the flowables): by then
    the pages of everything before it are known."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def wrap(self, avail_width, avail_height):
        return avail_width, 0xFFFFFF  # never fits: the frame asks for a split, which makes the content

    def split(self, avail_width, avail_height):
        # led by an action, the content goes back on the list whole (Platypus would place a
        # plain first piece on the spot, before keep-with-next could hold it to what follows)
        return [NullActionFlowable(), *self.make()]


def cover(options: BookletOptions, layout: Layout, st: Styles) -> list[Flowable]:
    big = ParagraphStyle("cover-title", parent=st.title, fontSize=st.title.fontSize * 1.3,
                         leading=st.title.fontSize * 1.45, alignment=TA_CENTER)
    centred = ParagraphStyle("cover-line", parent=st.lead, alignment=TA_CENTER, spaceBefore=st.size * 0.6)
    story: list[Flowable] = [Spacer(1, layout.frame_height * 0.22)]
    if layout.header.logo:
        logo = scaled(layout.header.logo, layout.frame_width * 0.5, layout.header.logo_height * 1.5)
        logo.hAlign = "CENTER"
        story += [logo, Spacer(1, st.size * 1.5)]
    story.append(Paragraph(st.plain(options.title, "--title"), big))
    lines = [(options.subtitle, "--subtitle"),
             (f"{layout.label('Prepared for')} {options.client}" if options.client else "", "--client"),
             (f"{layout.label('Coach')}: {options.author}" if options.author else "", "--author"),
             (layout.header.gym, "header.gym"), (options.date, "--date")]
    story += [Paragraph(st.plain(line, field), centred) for line, field in lines if line]
    return story


def contents(entries: list[Entry], layout: Layout, st: Styles) -> list[Flowable]:
    """One line per entry, the title a link to its page, the number at the right."""
    rows = []
    for e in entries:
        style = st.faq_q if e.level == 0 else st.body
        title = f'<a href="#{e.key}">{st.plain(e.title, "name")}</a>'
        number = ParagraphStyle("toc-page", parent=style, alignment=TA_RIGHT)
        rows.append([Paragraph(title, ParagraphStyle(f"toc{e.level}", parent=style, leftIndent=st.size * 1.2 * e.level)),
                     PageRef(e.key, number)])
    table = Table(rows, colWidths=[layout.frame_width - st.size * 4, st.size * 4], repeatRows=0)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.fonts.regular),  # not reportlab's Helvetica
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.3, to_reportlab(layout.theme.tip_border))]))
    return [Paragraph(st.plain(layout.label("Contents"), "label"), st.title), Spacer(1, st.size), table]


def index(exercises: list[Exercise], keys: dict[str, str], pages: dict[str, int], layout: Layout,
          st: Styles) -> list[Flowable]:
    """Exercises by muscle and by equipment, each with its page (a link)."""
    story = [Paragraph(st.plain(layout.label("Index"), "label"), st.title)]
    for label, terms in ((layout.label("By muscle"), lambda ex: [*ex.muscles.primary, *ex.muscles.secondary]),
                         (layout.label("By equipment"), lambda ex: list(ex.equipment))):
        by_term: dict[str, list[Exercise]] = defaultdict(list)
        shown: dict[str, str] = {}  # one spelling per term, the first met
        for ex in exercises:
            for term in dict.fromkeys(t.strip() for t in terms(ex)):
                shown.setdefault(term.lower(), term)
                by_term[term.lower()].append(ex)
        if not by_term:
            continue
        story += [Spacer(1, st.size), Paragraph(st.plain(label, "label"), st.heading)]
        for term in sorted(by_term):
            names = ", ".join(f'<a href="#{keys[ex.id]}">{st.plain(ex.name, "name")}</a>&nbsp;{pages.get(keys[ex.id], "")}'
                              for ex in sorted(by_term[term], key=lambda ex: ex.name.lower()))
            story += [CondPageBreak(st.body.leading * 2),
                      Paragraph(f"{st.bold(shown[term], 'index')}  {names}", st.body)]
    return story
