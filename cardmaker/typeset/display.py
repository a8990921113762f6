"""The display list: what the engine gives the renderer, one ``Page`` of drawing operations each.

Coordinates are PDF user space: points, origin at the page's bottom-left, y upwards; a glyph
run's ``y`` is its baseline. Operations are drawn in list order (backgrounds come before the
text on them, and text in reading order, so a PDF's extracted text reads as the card does).
Every operation can be moved, which is how a slice laid out once is placed in a column.

Text, pictures, QR codes, links and forms carry a ``tag``: the structure element (``Tag``) they
belong to, for a tagged PDF, or None for an artifact (running headers and footers, repeats);
shapes are always decoration. Tags are compared by identity and never by ``==`` on operations.

No reportlab here: ``cardmaker.render.replay`` is the only reader of these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Union

from cardmaker.flow.tree import Color


class Tag:
    """A structure element of a tagged PDF: its standard ``role`` (P, H1, LI, Figure, TD ...),
    the element it is inside (None: the document), a picture's text alternative (``alt``) and
    a language other than the document's (``lang``), a header cell's ``scope`` (Row, Column). Each is one object: the operations of a
    paragraph split over columns or pages share it, which is how the parts join up again. A
    Figure's ``bbox`` (left, bottom, right, top on its page) is filled in as it is drawn
    (``render.structure.Marks``)."""

    __slots__ = ("role", "parent", "alt", "lang", "scope", "bbox")

    def __init__(self, role: str, parent: "Tag | None" = None, alt: str = "", lang: str = "", scope: str = ""):
        self.role, self.parent, self.alt, self.lang, self.scope = role, parent, alt, lang, scope
        self.bbox: tuple[float, float, float, float] | None = None

    def __repr__(self) -> str:
        return f"Tag({self.role!r})"

    def within(self, role: str) -> "Tag | None":
        """This element or the nearest one it is inside whose role is ``role``."""
        tag: Tag | None = self
        while tag is not None and tag.role != role:
            tag = tag.parent
        return tag


def untagged(ops: list["Op"]) -> list["Op"]:
    """``ops`` as artifacts (a repeated heading or header row: its words are in the tree once)."""
    return [replace(op, tag=None) if getattr(op, "tag", None) is not None else op for op in ops]


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Text in one face, size and colour, starting at (x, baseline y); no line breaks inside."""

    x: float
    y: float
    face: str
    size: float
    text: str
    color: Color
    tag: Tag | None = field(default=None, compare=False)

    def moved(self, dx: float, dy: float) -> "GlyphRun":
        return GlyphRun(self.x + dx, self.y + dy, self.face, self.size, self.text, self.color, self.tag)


@dataclass(frozen=True, slots=True)
class Rect:
    """A filled rectangle, (x, y) its bottom-left corner."""

    x: float
    y: float
    width: float
    height: float
    fill: Color

    def moved(self, dx: float, dy: float) -> "Rect":
        return Rect(self.x + dx, self.y + dy, self.width, self.height, self.fill)


@dataclass(frozen=True, slots=True)
class RoundRect:
    """A filled rectangle with rounded corners of ``radius``."""

    x: float
    y: float
    width: float
    height: float
    radius: float
    fill: Color

    def moved(self, dx: float, dy: float) -> "RoundRect":
        return RoundRect(self.x + dx, self.y + dy, self.width, self.height, self.radius, self.fill)


@dataclass(frozen=True, slots=True)
class Circle:
    """A filled circle around (cx, cy)."""

    cx: float
    cy: float
    radius: float
    fill: Color

    def moved(self, dx: float, dy: float) -> "Circle":
        return Circle(self.cx + dx, self.cy + dy, self.radius, self.fill)


@dataclass(frozen=True, slots=True)
class Line:
    """A stroked straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: Color

    def moved(self, dx: float, dy: float) -> "Line":
        return Line(self.x1 + dx, self.y1 + dy, self.x2 + dx, self.y2 + dy, self.width, self.color)


@dataclass(frozen=True, slots=True)
class Image:
    """An image file scaled into the box with bottom-left (x, y); with ``crop`` below 1, that
    share of the file's width is shown, centred (the file drawn ``width / crop`` wide, clipped
    to the box)."""

    path: str
    x: float
    y: float
    width: float
    height: float
    tag: Tag | None = field(default=None, compare=False)
    crop: float = 1.0

    def moved(self, dx: float, dy: float) -> "Image":
        return Image(self.path, self.x + dx, self.y + dy, self.width, self.height, self.tag, self.crop)


@dataclass(frozen=True, slots=True)
class QRModules:
    """A QR code's dark modules: ``rows`` top to bottom, each a tuple of booleans; ``module``
    points per module; (x, y) the bottom-left of the code (its quiet zone is the caller's)."""

    x: float
    y: float
    module: float
    rows: tuple[tuple[bool, ...], ...]
    color: Color
    tag: Tag | None = field(default=None, compare=False)

    def moved(self, dx: float, dy: float) -> "QRModules":
        return QRModules(self.x + dx, self.y + dy, self.module, self.rows, self.color, self.tag)


@dataclass(frozen=True, slots=True)
class Link:
    """A clickable area going to ``target``: a URL, or ``#name`` for an anchor in the file."""

    x: float
    y: float
    width: float
    height: float
    target: str
    tag: Tag | None = field(default=None, compare=False)

    def moved(self, dx: float, dy: float) -> "Link":
        return Link(self.x + dx, self.y + dy, self.width, self.height, self.target, self.tag)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A named place (link target); with ``title`` it is also a bookmark in the outline."""

    name: str
    x: float
    y: float
    title: str = ""
    level: int = 0

    def moved(self, dx: float, dy: float) -> "Anchor":
        return Anchor(self.name, self.x + dx, self.y + dy, self.title, self.level)


@dataclass(frozen=True, slots=True)
class Form:
    """Text known only when the document is finished (a page count, a contents line's page),
    right-aligned to end at (x, baseline y) in ``face``, ``size`` and ``color``: a named form the
    renderer fills in before saving (``Page`` never holds the text itself)."""

    name: str
    x: float
    y: float
    face: str
    size: float
    color: Color
    tag: Tag | None = field(default=None, compare=False)

    def moved(self, dx: float, dy: float) -> "Form":
        return Form(self.name, self.x + dx, self.y + dy, self.face, self.size, self.color, self.tag)


@dataclass(frozen=True, slots=True)
class Empty:
    """An element that draws nothing at (x, y): an empty table cell (a box of a log sheet to
    write in), so that every row of the table has its cells."""

    x: float
    y: float
    tag: Tag | None = field(default=None, compare=False)

    def moved(self, dx: float, dy: float) -> "Empty":
        return Empty(self.x + dx, self.y + dy, self.tag)


Op = Union[GlyphRun, Rect, RoundRect, Circle, Line, Image, QRModules, Link, Anchor, Form, Empty]


def moved(ops: tuple[Op, ...] | list[Op], dx: float, dy: float) -> list[Op]:
    return [op.moved(dx, dy) for op in ops]


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its size in points and its operations in drawing order. ``trim`` is the
    finished card inside a page grown by bleed, (x0, y0, x1, y1); None when there is no bleed
    (the whole page is the card)."""

    width: float
    height: float
    ops: tuple[Op, ...]
    trim: tuple[float, float, float, float] | None = None

    @property
    def text(self) -> str:
        """The page's glyph runs in drawing order, a line break where the baseline changes."""
        out, last_y = [], None
        for op in self.ops:
            if isinstance(op, GlyphRun):
                if last_y is not None and abs(op.y - last_y) > 0.01:
                    out.append("\n")
                out.append(op.text)
                last_y = op.y
        return "".join(out)
