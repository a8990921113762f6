"""The exercise as every later stage sees it: frozen, typed, already validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PRESCRIPTION_KEYS = ("sets", "reps", "hold", "rest", "tempo", "frequency", "load")

QR_MAX_BYTES = 2213  # what the largest QR code reportlab makes holds, as bytes: version 39 (its search
# stops there), error correction M, 17,728 data bits less a byte-mode header of 20
QR_DENSE_BYTES = 213  # past this (version 10, 57 modules), a QR code about 26 mm wide has modules under 0.4 mm
SHORTEN_LINK = "shorten it: a link shortener gives a short address to the same page"  # the hint for a long link


def too_long_for_qr(size: int) -> str:
    """The message for a video link of ``size`` bytes that no QR code holds."""
    return f"the link is {size:,} bytes long; a QR code holds at most {QR_MAX_BYTES:,}"


@dataclass(frozen=True)
class FAQItem:
    q: str
    a: str


@dataclass(frozen=True)
class Muscles:
    primary: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.primary or self.secondary)


@dataclass(frozen=True)
class Prescription:
    sets: str | None = None
    reps: str | None = None
    hold: str | None = None
    rest: str | None = None
    tempo: str | None = None
    frequency: str | None = None
    load: str | None = None

    def items(self) -> list[tuple[str, str]]:
        """(key, value) pairs that are set, in the conventional reading order."""
        return [(k, v) for k in PRESCRIPTION_KEYS if (v := getattr(self, k)) is not None]

    def __bool__(self) -> bool:
        return bool(self.items())


@dataclass(frozen=True)
class Picture:
    """A picture of the exercise (the start or end position, a step): its file, resolved and
    absolute, with the caption printed under it and the text alternative for readers who
    cannot see it (None: made from the exercise's name and the caption when needed)."""

    path: Path
    caption: str | None = None
    alt: str | None = None


@dataclass(frozen=True)
class Exercise:
    name: str
    id: str
    steps: tuple[str, ...] = ()  # none: the description is printed in their place
    category: str | None = None
    level: str | None = None
    equipment: tuple[str, ...] = ()
    muscles: Muscles = field(default_factory=Muscles)
    summary: str | None = None
    description: tuple[str, ...] = ()  # paragraphs
    images: tuple[Picture, ...] = ()  # in order: start, end, ...
    tips: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    faq: tuple[FAQItem, ...] = ()
    prescription: Prescription = field(default_factory=Prescription)
    video: str | None = None  # at most ``QR_MAX_BYTES`` in UTF-8: a QR code must hold it
    tags: tuple[str, ...] = ()
    credit: str | None = None
    source: Path | None = None  # the file it came from, for messages and incremental builds
    line: int | None = None  # where it starts in that file (a list entry, a CSV row)
    step_images: tuple[Picture | None, ...] = ()  # one per step when any step has its own picture
    language: str | None = None  # its text's language when not the layout's (a BCP 47 tag): the PDF's /Lang
    note: str | None = None  # a program entry's note, on a card printed from the program (``build --program``)

    @property
    def image(self) -> Path | None:
        """The first picture's file (the start position), or None."""
        return self.images[0].path if self.images else None

    @property
    def picture_files(self) -> tuple[Path, ...]:
        """Every picture file the card may print: the exercise's, then the steps'."""
        return tuple(p.path for p in self.images) + tuple(p.path for p in self.step_images if p is not None)

    @property
    def lead(self) -> str | None:
        """The short text under the title: the summary, else the first description paragraph
        (not when the description stands in for the steps: it is printed in their place)."""
        return self.summary or (self.description[0] if self.description and self.steps else None)
