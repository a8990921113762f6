"""Exercises + layout + options → one booklet PDF: a cover, the contents, the exercises grouped
and sorted, an index by muscle and equipment; bookmarks nested by group, clickable contents,
a running header (group · exercise) and a "Page N of M" footer with the gym line.

The block tree comes from ``cardmaker.flow.booklet_tree`` (the exercises' title blocks and
sections are the cards'), the engine (``cardmaker.typeset.booklet``) lays out one page at a time
and each page is written into the PDF as soon as it is finished (``render.one_pdf.Document``,
which keeps it compressed and nothing of its display list). Numbers that come before the pages
they count (the contents' page numbers, "of M" in every footer) are forms filled in when the
PDF is finished. Only if "of M" was given room for the wrong number of
digits is the booklet laid out again.
"""

from __future__ import annotations

import math
from typing import BinaryIO

from cardmaker.errors import RenderError
from cardmaker.flow.booklet_tree import booklet_tree
from cardmaker.flow.terms import in_terms
from cardmaker.model import Exercise, Layout
from cardmaker.model.booklet import BookletOptions
from cardmaker.model.program import Program, ProgramEntry
from cardmaker.render.picture import pixel_size
from cardmaker.render.one_pdf import Document, Info
from cardmaker.style.fonts import font_set, register_fonts
from cardmaker.style.plain_styles import card_styles
from cardmaker.typeset.booklet import BookletGeometry, TooTall, set_booklet

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
                   program: Program | None = None, planned: list[tuple[Exercise, ProgramEntry]] | None = None,
                   sink: BinaryIO | None = None) -> bytes | None:
    """The booklet; with a ``program``, its ``planned`` exercises in program order (each with
    the entry's prescription and note), a schedule after the contents and a log sheet. Given a
    ``sink`` (a binary file: ``output.PendingFile``'s), the PDF is written into it as its pages
    are finished and None comes back; else its bytes."""
    if program is not None:
        groups = [("", [(in_terms(ex, layout), entry) for ex, entry in planned or []])]
    else:  # worded in the layout's terms before they are grouped and sorted: 'glutes' and 'Gesäß' one group
        worded = [in_terms(ex, layout) for ex in exercises]
        groups = [(g, [(ex, None) for ex in members]) for g, members in arrange(worded, options)]
    _check_words(options, layout)
    digits = len(str(estimated_pages(groups, layout)))  # a guess at the page count's width; checked below
    pdf, pages = _build(groups, layout, options, program, digits, sink)
    if len(str(pages)) != digits:  # "Page N of M" left room for the wrong number of digits
        if sink is not None:
            sink.seek(0)
            sink.truncate()
        pdf, pages = _build(groups, layout, options, program, len(str(pages)), sink)
    return pdf


def estimated_pages(groups, layout: Layout) -> int:
    """A guess at the booklet's page count from the length of its text against a page's room.
    Only its number of digits is used (the footer's room for "of M"), so being near is enough;
    a guess with the wrong number of digits costs a second layout."""
    size = layout.booklet_size
    per_page = layout.frame_width / (size * 0.5) * (layout.frame_height / (size * 1.38)) * 0.6  # characters
    title = per_page * 0.3  # the title block, picture and headings of an exercise
    exercises = [ex for _, members in groups for ex, _ in members]
    continuous = layout.booklet_start == "continuous"
    pages = 2.0 + len(exercises) * 40 / per_page  # cover, contents
    terms = 0
    for ex in exercises:
        text = (ex.name, ex.lead or "", *ex.steps, *ex.tips, *ex.cautions, *ex.description,
                *(part for item in ex.faq for part in (item.q, item.a)))
        share = (title + sum(len(x) for x in text)) / per_page
        pages += share if continuous else max(1, math.ceil(share))
        terms += len(ex.muscles.primary) + len(ex.muscles.secondary) + len(ex.equipment)
    return round(pages + terms * 30 / per_page)  # and the index


def _build(groups, layout: Layout, options: BookletOptions, program: Program | None,
           digits: int, sink: BinaryIO | None) -> tuple[bytes | None, int]:
    """The PDF (None: written to ``sink``) and its page count, the page count's room ``digits`` digits wide."""
    faces = font_set(layout.fonts)
    register_fonts()
    tree = booklet_tree(groups, layout, options, faces, program, _aspects(groups), _aspect(layout.header.logo))
    geo = BookletGeometry(layout.page_width, layout.page_height, layout.margins, layout.bleed,
                          card_styles(layout).small.text_size(layout.booklet_size) * 1.25 * 2)
    doc = Document(lang=layout.language if options.lang in ("", "en") else options.lang, sink=sink)
    try:
        result = set_booklet(tree, geo, layout.booklet_size, digits, doc.add_page)  # each page written as it is set
    except TooTall as exc:
        raise _too_tall(exc, layout, program) from None
    info = Info(options.title, options.author, options.subtitle or options.title,
                ", ".join(g for g, _ in groups if g), show_outline=True)
    return doc.finish(info, result.forms), result.pages


def _check_words(options: BookletOptions, layout: Layout) -> None:
    """Words from the command line (no loader checked them) that cannot print: right-to-left
    script, or a character none of the layout's fonts has; the error names the option."""
    from cardmaker.scripts import RIGHT_TO_LEFT_HINT, first_right_to_left, right_to_left_problem
    from cardmaker.typeset.measure import split_by_coverage

    faces = font_set(layout.fonts)
    register_fonts()
    for field in ("title", "subtitle", "client", "author", "date"):
        text = getattr(options, field)
        rtl = first_right_to_left(text)
        if rtl is not None:
            raise RenderError(right_to_left_problem(rtl), field=f"--{field}", hint=RIGHT_TO_LEFT_HINT)
        try:
            split_by_coverage(text, (faces.regular, *faces.fallbacks))
        except RenderError as exc:
            raise RenderError(exc.message, field=f"--{field}", hint=exc.hint) from None


def _too_tall(exc: TooTall, layout: Layout, program: Program | None) -> RenderError:
    """The error for a part with something taller than a page, in the words the booklet has always used."""
    entry = exc.entry
    if entry is not None and entry.key in ("schedule", "log") and program is not None:
        return RenderError(f"the {entry.title.lower()}: a row is taller than a page of layout '{layout.name}'",
                           file=program.source, hint="shorten the longest exercise name or dose")
    title = entry.title if entry is not None else ""
    return RenderError(f"'{title}': part of it is taller than a page of layout '{layout.name}'",
                       hint="shorten it, or use a layout with bigger pages")


def _aspects(groups) -> dict[str, float | None]:
    """Each exercise picture's (start, end, ...) width / height, by path (read once per file)."""
    paths = {p.path for _, members in groups for ex, _ in members for p in ex.images}
    return {str(path): _aspect(path) for path in sorted(paths, key=str)}


def _aspect(path) -> float | None:
    if path is None:
        return None
    w, h = pixel_size(str(path))
    return w / h
