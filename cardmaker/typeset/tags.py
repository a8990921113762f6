"""What each paragraph of the block tree is in a tagged PDF: its structure element (``display.Tag``).

The flow names every paragraph's ``role`` (title, heading, lead, a section's text, caption,
footer ...); here that becomes a standard structure type (H1, H2, P, Caption, TH, TD), or None
for an artifact: the running title of a continued page and a footer that only numbers the page.
The setters (``slices``, ``figures``, ``table``) put the tags on the operations they make, and
build the elements that hold others (L and LI, Table and TR, Link, TOCI) where the blocks say so.
"""

from __future__ import annotations

from cardmaker.flow import tree as t
from cardmaker.typeset.display import Image, Op, Tag

OWN = object()  # a setter's argument: the paragraph's tag made from its role (``paragraph_tag``), not given

ROLES = {"title": "H1", "group": "H1", "heading": "H2", "notes": "H2", "caption": "Caption",
         "dose-label": "TH", "dose": "TD"}
ARTIFACTS = frozenset({"running", "footer"})  # page furniture: repeated on every page it is on


def paragraph_tag(p: t.Paragraph, parent: Tag | None = None) -> Tag | None:
    """The element a paragraph's lines are, inside ``parent`` (None: an artifact). A footer
    line is an artifact when it holds only the page's own words (its numbers, the free line);
    with a credit or a link after them it is a "colophon", a paragraph (``PageLine.on_page``)."""
    if p.role in ARTIFACTS:
        return None
    return Tag(ROLES.get(p.role, "P"), parent, lang=p.lang)


def picture_tag(alt: str | None) -> Tag | None:
    """A picture with a text alternative is a Figure; without one (a logo) it is decoration."""
    return Tag("Figure", alt=alt) if alt else None


def dose_cells() -> tuple[Tag, Tag]:
    """The dose's panel as a table of one row: (its label's header cell, its lines' data cell)."""
    row = Tag("TR", Tag("Table"))
    return Tag("TH", row, scope="Row"), Tag("TD", row)


def into_item(text: list[Op], aside: list[Op]) -> None:
    """A step's own picture (``aside``) belongs to the step (``text``): its Figure goes inside
    the item's LBody."""
    body = next((op.tag.within("LBody") for op in text if getattr(op, "tag", None) is not None), None)
    for op in aside:
        if body is not None and type(op) is Image and op.tag is not None:
            op.tag.parent = body


def in_language(ops, lang: str | None) -> None:
    """Text in another language than the document's (an exercise file's ``language``): the
    outermost elements of ``ops`` say ``lang`` (/Lang, which what they hold inherits; the
    writer leaves it out where it is the document's own)."""
    if not lang:
        return
    seen: set[int] = set()
    for op in ops:
        tag = getattr(op, "tag", None)
        while tag is not None and id(tag) not in seen:
            seen.add(id(tag))
            if tag.parent is None:
                tag.lang = lang
            tag = tag.parent
