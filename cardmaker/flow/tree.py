"""The neutral block tree: what a card says, in reading order, with no idea of pages or PDF.

Flow builds this tree from an Exercise and a Layout; the typesetting engine (``cardmaker.typeset``)
takes it and gives pages of drawing operations. Nothing here imports reportlab or knows a font
file: a face is a key (the name the font is registered under), a colour a tuple of numbers.

Units. The tree is resolved once per layout and reused for every trial size while fitting, so
text sizes and vertical spaces are *relative*: ``size`` is a multiple of the body size and
lengths named ``*_em`` are in body sizes. Lengths named ``*_pt`` are absolute points (pictures,
QR codes: things the layout sizes in millimetres).

Colours are ``(r, g, b)`` or, for print work, ``(c, m, y, k)``, each component 0-1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

# a paragraph's Style and the colours are resolved from the layout in the style layer, below flow
from cardmaker.style.plain_styles import WHITE, Color, Style
from cardmaker.template import fill


@dataclass(frozen=True, slots=True)
class Run:
    """Text set in one face. ``fallbacks`` are the faces, in order, that print the characters
    ``face`` has no glyph for (the engine picks per character, by glyph coverage). ``color``
    overrides the paragraph's colour; ``link`` makes the run a link to that URL or ``#anchor``;
    ``lang``: a link's text in another language than the document's (its Link element says so)."""

    text: str
    face: str
    fallbacks: tuple[str, ...] = ()
    color: Color | None = None
    link: str | None = None
    lang: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Runs set one after the other and broken into lines; ``\\n`` in a run forces a break.
    ``role`` names what the text is (body, lead, meta, answer, url...) for tagging and tests;
    ``lang``: the text's language where it is not the document's (its element's /Lang)."""

    runs: tuple[Run, ...]
    style: Style
    role: str = "body"
    lang: str = ""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Heading:
    """A paragraph that is never left at the foot of a column: it stays with what follows."""

    paragraph: Paragraph
    level: int = 1  # 1 a section heading, 0 the card's title
    anchor: str | None = None  # a bookmark / link target placed at the heading


@dataclass(frozen=True, slots=True)
class Mark:
    """What sits beside an item's first line: a filled circle with ``label`` (a step number),
    or a small square bullet (``label`` empty)."""

    label: str
    color: Color
    label_color: Color = WHITE
    label_face: str = ""  # the face of the number; empty for a bullet
    diameter_em: float = 1.5  # the badge (or the bullet's box) in item text sizes


@dataclass(frozen=True, slots=True)
class Item:
    """A step or list item: its mark, then one or more paragraphs indented past it. The mark
    stays with the first lines; later lines may move on to the next column."""

    mark: Mark | None
    paragraphs: tuple[Paragraph, ...]
    whole: bool = False  # kept in one column (a step the composition keeps whole)


@dataclass(frozen=True, slots=True)
class QA:
    """A question and its answer: the question always stays with the answer's first lines."""

    question: Paragraph
    answer: Paragraph
    whole: bool = False  # kept in one column, question and the whole answer


@dataclass(frozen=True, slots=True)
class Panel:
    """A tinted box with an accent bar at the left, holding a heading and items. It splits only
    between items; the part after a split starts with ``continued`` ("Tips (continued)")."""

    heading: Heading
    items: tuple[Item, ...]
    continued: Heading
    background: Color
    bar: Color
    padding_em: float = 0.9
    gap_em: float = 0.45
    space_before_em: float = 1.3


@dataclass(frozen=True, slots=True)
class Picture:
    """An image file drawn as large as fits its box (and the column), keeping ``aspect``
    (width / height). The box is ``max_width_pt`` x ``max_height_pt`` when the body text is
    ``full_size_pt`` or larger and shrinks with the text below that, down to ``min_scale`` of
    it, so a long card gives its words the room (``full_size_pt`` 0: a fixed box)."""

    path: str
    aspect: float
    max_width_pt: float
    max_height_pt: float
    full_size_pt: float = 0.0
    min_scale: float = 1.0
    align: str = "right"  # left | centre | right
    alt: str | None = None  # the text alternative read out instead of the picture; None: decoration (a logo)

    def box(self, body_size: float) -> tuple[float, float]:
        """The picture's box, in points, at a body size."""
        scale = max(self.min_scale, min(1.0, body_size / self.full_size_pt)) if self.full_size_pt else 1.0
        return self.max_width_pt * scale, self.max_height_pt * scale


@dataclass(frozen=True, slots=True)
class Shot:
    """One picture of a ``PictureRow``: its file, width / height as shown, and the caption
    under it; ``crop``: the share of the file's width shown, centred (1: all of it)."""

    path: str
    aspect: float
    caption: str = ""
    alt: str = ""  # the text alternative ("Goblet squat, start position")
    crop: float = 1.0


@dataclass(frozen=True, slots=True)
class PictureRow:
    """Pictures side by side (the start and end positions...), all ``height_pt`` high (less
    when their widths and gaps would pass the column's width), each with its caption beneath in
    ``caption`` style; the row sits at the side ``align`` names. Kept whole. The height is a
    parameter of the composition (``cardmaker.typeset.compose`` tries several)."""

    shots: tuple[Shot, ...]
    height_pt: float
    caption: Style
    caption_face: str
    fallbacks: tuple[str, ...] = ()
    gap_em: float = 0.5
    align: str = "centre"  # left | centre | right


@dataclass(frozen=True, slots=True)
class DoseStrip:
    """The prescription as cells of a label over a value ('SETS' / '3'), ruled above and
    below, ``per_row`` cells a row. Kept whole."""

    cells: tuple[tuple[str, str], ...]
    label: Style
    value: Style
    label_face: str
    value_face: str
    rule: Color
    per_row: int = 4
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QRCode:
    """A QR code (error correction M) of ``value``, square, at the side ``align`` names. Its side
    is ``side_pt``; with ``side_em``, ``side_em`` body sizes, never under ``side_pt`` nor over
    ``max_pt`` (a code that grows with the text but stays scannable and in proportion)."""

    value: str
    side_pt: float
    align: str = "right"
    side_em: float = 0.0
    max_pt: float = float("inf")
    ink: Color = (0.0, 0.0, 0.0)  # black; (0, 0, 0, 1) on a CMYK page: black ink alone, never four

    def side(self, body_size: float) -> float:
        """The code's side, in points, at a body size."""
        return min(max(body_size * self.side_em, self.side_pt), self.max_pt) if self.side_em else self.side_pt


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal line across the column."""

    thickness_pt: float
    color: Color
    space_before_em: float = 0.0
    space_after_em: float = 0.0


@dataclass(frozen=True, slots=True)
class Spacer:
    """Empty vertical room; dropped at the top of a column like any space before."""

    height_em: float


@dataclass(frozen=True, slots=True)
class Beside:
    """Blocks with a picture or QR code beside them, top-aligned (the title block and the
    exercise's picture; the footer's lines and the QR code). The aside takes at most ``share``
    of the width and sits at the side its ``align`` names; kept whole."""

    blocks: tuple["Block", ...]
    aside: "Picture | QRCode | PictureRow"
    gap_em: float = 1.5
    share: float = 0.45
    under: Paragraph | None = None  # a line beneath the aside (the QR code's address); the blocks then
    # sit at the foot of the aside's whole share of the width


@dataclass(frozen=True, slots=True)
class Row:
    """Cells side by side, each vertically centred on the row, kept whole (the brand strip: logo,
    gym name, free line). A ``Picture`` cell takes its own width and ``gap_em`` after it; the
    other cells share the rest of the width in proportion to their ``shares``."""

    cells: tuple["Block", ...]
    shares: tuple[float, ...]  # one a cell; a picture's is ignored
    gap_em: float = 1.0


@dataclass(frozen=True, slots=True)
class PageLine:
    """A line that depends on the page it is printed on (the footer's "Page 2 of 3", the running
    title of a continued page): each of ``templates`` (``cardmaker.template`` syntax) filled with
    ``values`` and the page's ``page`` and ``pages``, the non-empty ones joined by ``joiner``, set
    in ``run``'s face with ``style``, then the fixed ``tail`` runs (the footer's video address and
    credit on the same line), ``tail_joiner`` between. Empty on a page where all of it is."""

    templates: tuple[str, ...]
    values: tuple[tuple[str, str], ...]
    run: Run
    style: Style
    role: str = "footer"
    joiner: str = " · "
    tail: tuple[Run, ...] = ()
    tail_joiner: str = " · "

    def on_page(self, page: int, pages: int) -> Paragraph | None:
        """The line as printed on ``page`` of ``pages`` (None when it is empty there)."""
        values = {**dict(self.values), "page": page, "pages": pages}
        text = self.joiner.join(x for x in (fill(tpl, values) for tpl in self.templates) if x)
        r = self.run
        runs = (Run(text + (self.tail_joiner if self.tail else ""), r.face, r.fallbacks, r.color, r.link),) \
            if text else ()
        runs += self.tail
        role = "colophon" if self.tail and self.role == "footer" else self.role  # a credit, a link: content
        return Paragraph(runs, self.style, role) if runs else None


@dataclass(frozen=True, slots=True)
class Anchor:
    """A named place taking no room (a link target); with ``title``, also a bookmark at ``level``
    of the outline. It stays with what follows it."""

    name: str
    title: str = ""
    level: int = 0


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled grid: ``rows`` of cells (a paragraph, or None for an empty cell to write in),
    ``widths_pt`` one a column; the first ``header_rows`` rows are tinted and repeated at the head
    of every page the table runs on to. Cells are padded ``pad_x_pt`` left and right and
    vertically centred; a header row has ``pad_y_pt`` above and below, a body row ``room_pt``.
    A row is never split; one taller than a page is an error."""

    rows: tuple[tuple[Paragraph | None, ...], ...]
    widths_pt: tuple[float, ...]
    rule: Color
    header_background: Color
    header_rows: int = 1
    rule_pt: float = 0.4
    pad_x_pt: float = 6.0
    pad_y_pt: float = 3.0
    room_pt: float = 3.0


@dataclass(frozen=True, slots=True)
class ContentsLine:
    """A line of a booklet's contents: ``title`` indented ``indent_em``, and at the right, in a
    column ``number_em`` wide, the page of anchor ``target`` in ``number_face``, filled in once
    every page is known; the whole line a link to the anchor, a ``rule`` under it."""

    title: Paragraph
    target: str
    number_face: str
    indent_em: float = 0.0
    number_em: float = 4.0
    rule: Color = (0.8, 0.8, 0.8)
    pad_pt: float = 1.0


Block = Union[Paragraph, Heading, Item, QA, Panel, Picture, PictureRow, DoseStrip, QRCode, Rule, Spacer, Beside, Row,
              PageLine, Anchor, Table, ContentsLine]


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a two-sided card: its title block (the back's repeats the name) and body."""

    title: tuple[Block, ...]
    body: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Carry:
    """A two-sided card's front going on over the page: what its body does not hold at the foot
    of the front continues at the head of the back, before the back's own body. ``start``: the
    index in the front's body of the section that may go on (its first block); ``heading``: that
    section's "(continued)" heading, set over the part going on when it is not the whole."""

    start: int
    heading: "Heading"


@dataclass(frozen=True, slots=True)
class CardTree:
    """A card's blocks: the title block (full width, top of the first page), the body (flowed
    into columns), the footer (full width, foot of every page; its ``PageLine`` blocks are
    filled per page). A two-sided card has a ``back``, set on the page after the front's. A
    card that flows on to further pages has a ``running`` title across the top of each of them."""

    title: tuple[Block, ...]
    body: tuple[Block, ...]
    footer: tuple[Block, ...] = ()
    name: str = ""  # the document title
    back: Side | None = None
    running: PageLine | None = None
    notes: Paragraph | None = None  # a "Notes" heading over ruled lines filling the room the body leaves
    carry: Carry | None = None  # a two-sided card's front body going on over the page
    running_in_body: bool = False  # the running title heads the body of each later page, not the top margin

    @property
    def sides(self) -> tuple[Side, ...]:
        """The front, and the back of a two-sided card."""
        front = Side(self.title, self.body)
        return (front, self.back) if self.back is not None else (front,)
