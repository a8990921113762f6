"""A resolved layout: ``extends`` merged, every length in points, every value checked.

Rendering only reads this; it never goes back to the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SECTION_NAMES = ("steps", "tips", "cautions", "prescription", "faq", "description")


@dataclass(frozen=True)
class Theme:
    """Colours as '#rrggbb'. Text colours keep 4.5:1 contrast on their background in built-ins."""

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


@dataclass(frozen=True)
class Section:
    name: str  # one of SECTION_NAMES
    heading: str


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    page_width: float
    page_height: float
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    fit_mode: str  # shrink | error
    min_size: float  # body text size bounds for shrink-to-fit, points
    max_size: float
    columns: int
    column_gap: float
    image_max_width: float
    image_max_height: float
    theme: Theme
    sections: tuple[Section, ...]
    labels: tuple[tuple[str, str], ...]  # UI words (e.g. 'sets' → 'Sätze'), as pairs to stay hashable
    source: Path | None = None

    def label(self, key: str) -> str:
        return dict(self.labels).get(key, key)

    @property
    def frame_width(self) -> float:
        return self.page_width - self.margins[1] - self.margins[3]

    @property
    def frame_height(self) -> float:
        return self.page_height - self.margins[0] - self.margins[2]
