"""A resolved layout: ``extends`` merged, every length in points, every value checked.

Rendering only reads this; it never goes back to the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SECTION_NAMES = ("steps", "tips", "cautions", "prescription", "faq", "description")
MARKERS = ("number", "bullet", "none")


@dataclass(frozen=True)
class Theme:
    """Canonical colour strings (see ``cardmaker.colors``). Built-ins keep 4.5:1 text contrast."""

    text: str
    muted: str
    title: str
    accent: str
    heading: str
    tip_background: str
    tip_border: str
    caution_background: str
    caution_border: str
    caution_heading: str
    background: str = "#ffffff"  # the page; only used to check contrast


@dataclass(frozen=True)
class Section:
    name: str  # one of SECTION_NAMES
    heading: str
    side: str = "front"  # "back" puts it on the second side of a two-sided card
    scale: float = 1.0  # its text size relative to the body size
    leading: float = 1.38  # line height relative to its text size
    space_before: float = 1.3  # space above the heading, in body sizes
    box: bool = False  # on a tinted panel (tips and cautions by default)
    marker: str = "bullet"  # number | bullet | none, for list sections
    limit: int | None = None  # print only the first N items (e.g. one key tip on an index card)
    optional: bool = False  # left out of a card that would not fit otherwise ("as room allows")


@dataclass(frozen=True)
class Header:
    """The title block: what it shows and the gym's brand strip above it."""

    eyebrow: str = "{category} · {level}"  # small line above the name; fields in braces
    summary: bool = True
    muscles: bool = True
    equipment: bool = True
    gym: str = ""
    logo: Path | None = None
    logo_height: float = 34.0
    line: str = ""  # free text at the right of the brand strip, e.g. a website
    title_size: float = 0.0  # the exercise's name never smaller than this, in points (0: as the body scales)
    title_max_size: float = 0.0  # nor larger (0: as the body scales); a large body then keeps the name to a line


@dataclass(frozen=True)
class Footer:
    text: str = ""  # free line at the foot of every page, fields in braces
    page_numbers: str = ""  # e.g. "Page {page} of {pages}"; empty: none
    qr: bool = False  # QR code for the exercise's video, its URL printed small beneath
    video: bool = True  # print the video URL as text when there is no QR code
    credit: bool = True


@dataclass(frozen=True)
class Fonts:
    """The layout's own TrueType files; None means the bundled face."""

    regular: Path | None = None
    bold: Path | None = None
    italic: Path | None = None

    def __bool__(self) -> bool:
        return any((self.regular, self.bold, self.italic))


SHEET_NAMES = ("A4", "Letter", "A3")
CROP_MARKS = ("all", "outer", "cut-lines", "none")
DUPLEX_FLIPS = ("long", "short")
IMPOSITIONS = ("none", "saddle-stitch")
BOOKLET_STARTS = ("new-page", "continuous")


@dataclass(frozen=True)
class PrintSettings:
    """How pages go to a printer: the layout's `print:` section; command-line options override
    each. None means "not said", so each command keeps its own default (see ``cardmaker.press``)."""

    sheet: str | None = None  # A4 | Letter | A3: cards n-up on sheets of this size (build --combine); none: not
    n_up: str = "auto"  # auto | CxR
    crop_marks: str | None = None  # all | outer | cut-lines | none; cards on sheets default to all, imposed booklets to none
    duplex: str | None = None  # long | short: the edge the printer flips on; cards default to long, booklets short
    back_offset: tuple[float, float] = (0.0, 0.0)  # points; moves every back (see `cardmaker calibrate`)
    manual_duplex: bool = False  # all fronts, then all backs in reverse order
    impose: str = "none"  # booklets: none | saddle-stitch
    creep: float = 0.0  # points; saddle-stitch: the innermost sheet's pull towards the spine
    parts: int = 1  # saddle-stitch: bound as this many booklets, one after the other (a stapled one tops out at 64 pages)
    origins: tuple[tuple[str, Path, int | None], ...] = ()  # (key, layout file, line) of each value the layout set

    def origin(self, key: str) -> tuple[Path, int | None] | None:
        """Where the layout set ``key`` (None when it came from the command line or a default)."""
        return next(((file, line) for k, file, line in self.origins if k == key), None)


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    page_width: float  # the trimmed card, points
    page_height: float
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    fit_mode: str  # shrink | continue | error
    min_size: float  # body text size bounds for shrink-to-fit, points
    max_size: float
    columns: int
    column_gap: float
    image_position: str  # right | left | top
    image_max_width: float
    image_max_height: float
    image_min_scale: float  # the picture shrinks with the text, down to this fraction of its box
    theme: Theme
    sections: tuple[Section, ...]
    labels: tuple[tuple[str, str], ...]  # UI words (e.g. 'sets' → 'Sätze'), as pairs to stay hashable
    terms: tuple[tuple[str, str], ...] = ()  # the data's words (category, level, equipment, muscles) → printed, keys casefolded
    header: Header = field(default_factory=Header)
    footer: Footer = field(default_factory=Footer)
    fonts: Fonts = field(default_factory=Fonts)
    bleed: float = 0.0  # extra paper around the card, cut off after printing
    source: Path | None = None
    files: tuple[Path, ...] = ()  # every layout file it was made from (its extends chain), resolved
    comfortable_size: float = 0.0  # `validate` warns about cards whose text shrinks below this
    legible_size: float = 0.0  # below this, optional sections go and pictures shrink before the text does (0: no such size)
    front_max_size: float = 0.0  # a two-sided card whose front holds it all at max_size may grow to this (0: no further)
    max_pages: int = 1  # a shrink card too long for one page at its legible (else smallest) size goes on over up to this many
    image_min_share: float = 0.0  # pictures no lower than the height at which together they take this share of the page
    image_crop: float = 0.16  # a wide picture in a row may give up this share of its width, to come nearer 3:2
    printing: PrintSettings = field(default_factory=PrintSettings)
    booklet_start: str = "new-page"  # in a booklet each exercise starts a new page, or flows on (continuous)
    column_options: tuple[int, ...] = ()  # the column counts the composition may choose among; () = (columns,)
    image_placements: tuple[str, ...] = ()  # where the pictures may go (top | right | left); () = (image_position,)
    step_images: bool = True  # a step's own picture beside it
    image_captions: bool = True  # captions under the pictures ("Start", "End" when the file gives none)
    notes: bool = False  # ruled lines for the reader's notes in the room the body leaves on its last page
    language: str = "en"  # the cards' language (a BCP 47 tag such as de or pl), for screen readers: the PDF's /Lang

    @property
    def columns_allowed(self) -> tuple[int, ...]:
        return self.column_options or (self.columns,)

    @property
    def placements(self) -> tuple[str, ...]:
        return self.image_placements or (self.image_position,)

    @property
    def page_floor(self) -> float:
        """The body size below which a card of a layout with ``max_pages`` goes on over more
        pages: its legible size, or without one its smallest."""
        return max(self.legible_size, self.min_size)

    @property
    def booklet_size(self) -> float:
        """The body size of booklet pages set in this layout: a layout that flows on (``continue``)
        prints at its largest; a one-page card's largest is for a short card filling its page,
        so running pages take its comfortable size, at least 12 pt and at most its largest."""
        if self.fit_mode == "continue":
            return self.max_size
        return min(self.max_size, max(self.comfortable_size, 12.0))

    def limits(self) -> tuple[tuple[str, int], ...]:
        """(section, items printed) for each section the layout cuts short."""
        return tuple((s.name, s.limit) for s in self.sections if s.limit)

    def optional(self) -> tuple[str, ...]:
        """The sections printed only as room allows."""
        return tuple(s.name for s in self.sections if s.optional)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Every file this layout reads: its layout files, fonts and logo."""
        fonts = (self.fonts.regular, self.fonts.bold, self.fonts.italic, self.header.logo)
        return (*self.files, *(Path(f) for f in fonts if f))

    def label(self, key: str) -> str:
        return dict(self.labels).get(key, key)

    def term(self, value: str) -> str:
        """A word of the data (a category, level, piece of equipment or muscle) as this layout
        prints it (``terms``, matched whole in any case); the word itself when not named."""
        return dict(self.terms).get(value.strip().casefold(), value) if self.terms else value

    def side(self, side: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.side == side)

    @property
    def two_sided(self) -> bool:
        return any(s.side == "back" for s in self.sections)

    @property
    def frame_width(self) -> float:
        return self.page_width - self.margins[1] - self.margins[3]

    @property
    def frame_height(self) -> float:
        return self.page_height - self.margins[0] - self.margins[2]
