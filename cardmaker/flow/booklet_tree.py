"""Exercises + Layout + booklet options → the booklet's block tree, for the engine.

Gives a ``BookletTree``: the cover, the contents (one ``ContentsLine`` an entry, its page filled
in at the end), the parts before the exercises (a program's schedule), the exercises (each a
``Part``: its group's heading for the first of a group, an anchor, the title block and body
sections exactly as a card has them, from ``card_tree``; made only when the engine reaches
it), the parts after (a program's log sheet; the index, made once the pages of the exercises
are known) and what the running header and footer print. No reportlab here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from cardmaker.flow import tree as t
from cardmaker.flow.card_tree import section_blocks, title_blocks, values
from cardmaker.flow.booklet_tables import log_sheet, schedule
from cardmaker.model import Exercise, Layout
from cardmaker.model.booklet import BookletOptions
from cardmaker.model.layout import Section
from cardmaker.model.program import Program, ProgramEntry
from cardmaker.style.plain_styles import CardStyles, Faces, Style, card_styles

Planned = tuple[Exercise, "ProgramEntry | None"]


@dataclass(frozen=True)
class Entry:
    """A heading the contents lists and the outline bookmarks: a group, an exercise or a part of
    the booklet's own (schedule, log sheet, index)."""

    key: str
    title: str
    level: int  # 0 for a group or part (or an exercise when not grouped), 1 for an exercise in a group
    group: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # an exercise's template fields, for the footer
    exercise: bool = False
    lang: str = ""  # an exercise's own language (its file's ``language``): its contents line says so

    @property
    def is_group(self) -> bool:
        """A group's heading (not an exercise's, nor a part's of the booklet's own)."""
        return not self.exercise and bool(self.group)


@dataclass(frozen=True)
class Part:
    """A stretch of pages' content: from a new page or straight on. The first ``kept`` blocks stay
    together and with the first lines of what follows (a group's heading and an exercise's
    title block never end a page). ``entry``: the heading it is under (for errors)."""

    blocks: tuple[t.Block, ...]
    new_page: bool = True
    kept: int = 0
    entry: Entry | None = None
    lang: str = ""  # an exercise's language, from block ``lang_from`` on (after its group's heading)
    lang_from: int = 0


@dataclass(frozen=True)
class Furniture:
    """What each page after the cover prints in its margins: the footer's line (``line``, the
    layout's footer text or the gym) at the left and ``numbers`` at the right, both templates
    (``{pages}`` filled in at the end); body pages also "group · exercise" at the head."""

    line: str
    numbers: str
    gym: str
    face: str
    fallbacks: tuple[str, ...]
    style: Style


@dataclass
class BookletTree:
    cover: tuple[t.Block, ...]
    contents: tuple[t.Block, ...]
    entries: list[Entry]
    before: list[Part]  # after the contents: a program's schedule
    exercises: Callable[[], Iterator[Part]]  # made as the engine reaches them
    after: list[Part] = field(default_factory=list)  # a program's log sheet
    index: Callable[[dict[str, int]], Part] | None = None  # from the pages of the anchors
    furniture: Furniture | None = None
    cover_drop_pt: float = 0.0  # the cover's words start this far down its first page


def booklet_tree(groups: list[tuple[str, list[Planned]]], layout: Layout, options: BookletOptions, faces: Faces,
                 program: Program | None = None, aspects: dict[str, float | None] | None = None,
                 logo_aspect: float | None = None) -> BookletTree:
    """The booklet of ``groups`` ((group name, [(exercise, its program entry or None)]); one group
    named "" when not grouped). ``aspects``: each picture's width / height by path (read by the
    caller, who opens files); ``logo_aspect`` the logo's."""
    st = card_styles(layout)
    b = _Faces(faces)
    grouped = bool(groups) and any(g for g, _ in groups) and program is None
    entries: list[Entry] = []
    before = []
    if program is not None:
        planned = [(ex, entry) for _, members in groups for ex, entry in members]
        before.append(_part("schedule", layout.label("Schedule"), schedule(program, planned, layout, st, b.faces),
                            entries))
    keys = _exercise_entries(groups, grouped, layout, entries)
    after = []
    if program is not None:
        after.append(_part("log", layout.label("Log sheet"), log_sheet(program, planned, layout, st, b.faces),
                           entries))
    unique = list({ex.id: ex for _, members in groups for ex, _ in members}.values())
    index = None
    if any(ex.muscles.primary or ex.muscles.secondary or ex.equipment for ex in unique):
        entry = _entry("index", layout.label("Index"), entries)
        index = lambda found: Part((t.Anchor(entry.key, entry.title, 0),  # noqa: E731
                                    *_index(unique, keys, found, layout, st, b)), entry=entry)

    def exercises() -> Iterator[Part]:
        return _exercise_parts(groups, grouped, layout, st, faces, aspects or {}, logo_aspect, entries)

    furniture = Furniture(layout.footer.text or layout.header.gym, layout.footer.page_numbers or
                          "Page {page} of {pages}", layout.header.gym, faces.regular, faces.fallbacks,
                          replace(st.small, color=st.muted))
    return BookletTree(_cover(options, layout, st, b, logo_aspect), _contents(entries, layout, st, b), entries,
                       before, exercises, after, index, furniture, layout.frame_height * 0.22)


class _Faces:
    """Paragraphs in the booklet's faces, each run with the fallback chain."""

    def __init__(self, faces: Faces):
        self.faces = faces

    def run(self, text: str, bold: bool = False, link: str | None = None, lang: str = "") -> t.Run:
        face = self.faces.bold if bold else self.faces.regular
        return t.Run(text, face, self.faces.fallbacks, link=link, lang=lang)

    def para(self, text: str, style: Style, role: str, bold: bool = False, lang: str = "") -> t.Paragraph:
        return t.Paragraph((self.run(text, bold),), style, role, lang)


def _entry(key: str, title: str, entries: list[Entry], at: int | None = None) -> Entry:
    entry = Entry(key, title, 0)
    entries.insert(len(entries) if at is None else at, entry)
    return entry


def _part(key: str, title: str, blocks: tuple[t.Block, ...], entries: list[Entry]) -> Part:
    """A part of the booklet's own (schedule, log sheet): from a new page, in the contents and outline."""
    entry = _entry(key, title, entries)
    return Part((t.Anchor(key, title, 0), *blocks), entry=entry)


def _exercise_entries(groups, grouped: bool, layout: Layout, entries: list[Entry]) -> dict[str, str]:
    """Each group's and exercise's entry, in order; gives the anchor of each exercise id (its first)."""
    keys: dict[str, str] = {}
    for g, (group, members) in enumerate(groups):
        if grouped:
            entries.append(Entry(f"group{g}", group, 0, group))
        for n, (ex, _) in enumerate(members):
            entries.append(Entry(f"ex{g}-{n}", ex.name, 1 if grouped else 0, group, values(ex, layout), True,
                                 ex.language or ""))
            keys.setdefault(ex.id, f"ex{g}-{n}")
    return keys


def _exercise_parts(groups, grouped: bool, layout: Layout, st: CardStyles, faces: Faces,
                    aspects: dict[str, float | None], logo_aspect: float | None,
                    entries: list[Entry]) -> Iterator[Part]:
    """Each exercise's part: from a new page, or after the one before (``booklet.start:
    continuous``); a group starts a page with its heading, its first exercise right under it."""
    by_key = {e.key: e for e in entries}
    continuous = layout.booklet_start == "continuous"
    b = _Faces(faces)
    for g, (group, members) in enumerate(groups):
        lead: tuple[t.Block, ...] = ()
        if grouped:
            heading = Style(1.3, 1.6 / 1.3, st.accent, space_after_em=1.2, min_size_pt=st.body.min_size_pt)
            lead = (t.Anchor(f"group{g}", group, 0), t.Heading(b.para(group.upper(), heading, "group", bold=True)))
        for n, (ex, plan) in enumerate(members):
            entry = by_key[f"ex{g}-{n}"]
            shown = replace(ex, category=None) if grouped and _said(group, ex.category) else ex
            head = (*(lead if n == 0 else ()), t.Anchor(entry.key, entry.title, entry.level),
                    *title_blocks(shown, layout, faces, None, logo_aspect, False, st,
                                 aspects=tuple(aspects.get(str(p.path)) for p in ex.images)))
            flowing = continuous and n > 0
            body = _body(ex, plan, layout, st, faces)
            kept = len(head) - (0 if body else 1)  # with nothing after it (no steps yet), kept to itself
            yield Part(((t.Spacer(2.5),) if flowing else ()) + head + body, not flowing, kept + (1 if flowing else 0),
                       entry, ex.language or "", len(lead) if n == 0 else 0)


def _said(group: str, category: str | None) -> bool:
    """Whether the group's heading (and the running header) says the exercise's category
    already: its title block's eyebrow then leaves it out (the level stays)."""
    return bool(category) and group.casefold() == category.strip().casefold()


def _body(ex: Exercise, plan: ProgramEntry | None, layout: Layout, st: CardStyles,
          faces: Faces) -> tuple[t.Block, ...]:
    """Every section of the layout (both sides of a two-sided card's), after a program's note for
    this client (a panel, as the tips are)."""
    note: tuple[t.Block, ...] = ()
    if plan is not None and plan.note:
        section = Section("tips", layout.label("Coach's note"), box=True, marker="none")
        note = section_blocks(replace(ex, tips=(plan.note,)), layout, section, faces, st)
    return note + tuple(block for s in layout.sections for block in section_blocks(ex, layout, s, faces, st))


def _cover(options: BookletOptions, layout: Layout, st: CardStyles, b: _Faces,
           logo_aspect: float | None) -> tuple[t.Block, ...]:
    """Logo, title, subtitle, who it is for, coach, gym and date, centred (``cover_drop_pt`` down)."""
    out: list[t.Block] = []
    if layout.header.logo and logo_aspect:
        out += [t.Picture(str(layout.header.logo), logo_aspect, layout.frame_width * 0.5,
                          layout.header.logo_height * 1.5, align="centre"), t.Spacer(1.5)]
    big = replace(st.title, size=st.title.size * 1.3, leading=1.45 / 1.3, align="centre")
    out.append(b.para(options.title, big, "title", bold=True))
    centred = replace(st.lead, space_before_em=0.6, align="centre")
    lines = [options.subtitle, f"{layout.label('Prepared for')} {options.client}" if options.client else "",
             f"{layout.label('Coach')}: {options.author}" if options.author else "", layout.header.gym, options.date]
    return tuple(out + [b.para(line, centred, "lead") for line in lines if line])


def _contents(entries: list[Entry], layout: Layout, st: CardStyles, b: _Faces) -> tuple[t.Block, ...]:
    """The heading, then one line per entry: a group or part in bold, an exercise indented (in its
    own language, when its file names one)."""
    lines = []
    for e in entries:
        style = st.question if e.level == 0 else st.body
        title = b.para(e.title, replace(style, space_before_em=0, space_after_em=0), "contents", bold=e.level == 0,
                       lang=e.lang)
        lines.append(t.ContentsLine(title, e.key, b.faces.bold if e.level == 0 else b.faces.regular,
                                    indent_em=1.2 * e.level, rule=st.tip_border))
    return (b.para(layout.label("Contents"), st.title, "title", bold=True), t.Spacer(1.0), *lines)


def _index(exercises: list[Exercise], keys: dict[str, str], found: dict[str, int], layout: Layout, st: CardStyles,
           b: _Faces) -> list[t.Block]:
    """Exercises by muscle and by equipment: each term in bold, then its exercises with their
    pages, each a link (in the exercise's own language, when its file names one); a term that
    comes only from files in one other language is in that language, its entry with it."""
    out: list[t.Block] = [b.para(layout.label("Index"), st.title, "title", bold=True)]
    for label, terms in ((layout.label("By muscle"), lambda ex: [*ex.muscles.primary, *ex.muscles.secondary]),
                         (layout.label("By equipment"), lambda ex: list(ex.equipment))):
        by_term: dict[str, list[Exercise]] = defaultdict(list)
        shown: dict[str, str] = {}  # one spelling per term, the first met
        for ex in exercises:
            for term in dict.fromkeys(x.strip() for x in terms(ex)):
                shown.setdefault(term.lower(), term)
                by_term[term.lower()].append(ex)
        if not by_term:
            continue
        heading = replace(st.heading, space_after_em=0.6)
        out += [t.Spacer(1.0), t.Heading(b.para(label, heading, "heading", bold=True))]
        for term in sorted(by_term):
            runs = [b.run(shown[term] + "  ", bold=True)]
            for i, ex in enumerate(sorted(by_term[term], key=lambda ex: ex.name.lower())):
                key = keys[ex.id]
                runs += [b.run(", " if i else ""), b.run(ex.name, link="#" + key, lang=ex.language or ""),
                         b.run(f"\u00a0{found.get(key, '')}")]
            langs = {ex.language or "" for ex in by_term[term]}  # a term from files all in one language is in it
            lang = langs.pop() if len(langs) == 1 else ""
            out.append(t.Paragraph(tuple(r for r in runs if r.text), st.body, "index", lang))
    return out
