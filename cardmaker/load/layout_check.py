"""Checks a merged layout mapping, key by key, into a ``Layout``.

Every value is checked here, once, with the file and line that set it and the key's name;
rendering trusts the result. Font and logo files are opened here too, so a typo in a path
fails before any card is drawn.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import MISSING
from pathlib import Path

from cardmaker.colors import parse_color
from cardmaker.errors import LayoutError, as_written, did_you_mean
from cardmaker.load.layout_fit import fit_pages, fit_sizes
from cardmaker.load.layout_print import booklet_start, print_settings
from cardmaker.load.layout_words import labels, terms
from cardmaker.load.shapes import (IMAGE_POSITIONS, LAYOUT, PAGE_SIZES, SECTION_FIELDS,
                                   SECTION_OPTIONS, Mapping, Number)
from cardmaker.load.source import format_path
from cardmaker.scripts import RIGHT_TO_LEFT_HINT, first_right_to_left, right_to_left_problem
from cardmaker.model.layout import MARKERS, SECTION_NAMES, Fonts, Footer, Header, Layout, Section, Theme
from cardmaker.template import FIELDS, PAGE_FIELDS, literal_text, unknown_fields
from cardmaker.units import POINTS_PER, to_points

Origins = dict[tuple, tuple[Path, int]]  # key path → (file, line) that set it

TOP_KEYS = LAYOUT.keys
SUB_KEYS = {key: kind.keys for key, kind in LAYOUT.fields.items() if isinstance(kind, Mapping)}
SECTION_KEYS = tuple(SECTION_FIELDS)


_EXPONENT = re.compile(r"[-+]?\d+(?:\.\d*)?[eE][-+]?\d+")  # 1e-3: a number YAML reads as text


class Checker:
    """Turns the merged mapping into a Layout, or raises the first problem found."""

    FILE_KEYS = (("fonts", "regular"), ("fonts", "bold"), ("fonts", "italic"), ("header", "logo"))

    def __init__(self, file: Path, data: dict, origins: Origins):
        self.file, self.data, self.origins = file, data, origins
        self.printed: list[tuple[tuple, str]] = []  # (key, words) the layout itself prints

    # -- helpers -----------------------------------------------------------------------------

    def origin(self, path: tuple) -> tuple[Path, int | None]:
        while path:
            if path in self.origins:
                return self.origins[path]
            path = path[:-1]
        return self.file, None

    def fail(self, path: tuple, message: str, hint: str | None = None) -> LayoutError:
        file, line = self.origin(path)
        return LayoutError(message, file=file, line=line, field=format_path(path) or None, hint=hint)

    def relative(self, path: tuple) -> Path:
        """A file named at ``path``, relative to the layout file that named it."""
        value = self.data[path[0]][path[1]]
        return (self.origin(path)[0].parent / str(value)).resolve()

    def get(self, section: str) -> dict:
        value = self.data.get(section, {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail((section,), "expected a mapping of keys")
        for key in value:
            if key not in SUB_KEYS[section]:
                raise self.fail((section, key), f"unknown key '{key}'", did_you_mean(str(key), SUB_KEYS[section]))
        return value

    def length(self, path: tuple, value: object, low: float = 0.0) -> float:
        try:
            points = to_points(value)
        except ValueError as exc:
            raise self.fail(path, str(exc), "units: " + ", ".join(POINTS_PER)) from None
        if points < low:
            raise self.fail(path, f"must be at least {low:g}pt, got {as_written(value)}")
        return points

    def number(self, path: tuple, value: object) -> float:
        """A number in the range ``shapes.LAYOUT`` gives the key at ``path`` ("1e-3", which YAML
        reads as text, too)."""
        low, high = _range(path)
        if isinstance(value, str) and _EXPONENT.fullmatch(value.strip()):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise self.fail(path, f"expected a number from {low:g} to {high:g}, got {as_written(value)}")
        return float(value)

    def flag(self, path: tuple, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, f"expected true or false, got {as_written(value)}")
        return value

    def choice(self, path: tuple, value: object, choices: tuple[str, ...]) -> str:
        if value not in choices:
            hint = did_you_mean(str(value), choices)  # the list itself is in the message already
            raise self.fail(path, f"expected one of {', '.join(choices)}, got {as_written(value)}",
                            hint if hint and hint.startswith("did you mean") else None)
        return str(value)

    def text(self, path: tuple, value: object, fields: tuple[str, ...] = (), prints: bool = True) -> str:
        """Text the layout prints; with ``fields``, a template that may name those fields."""
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(path, f"expected text, got {as_written(value)}")
        value = unicodedata.normalize("NFC", str(value))
        for name in unknown_fields(value, fields):
            if name in PAGE_FIELDS:
                raise self.fail(path, f"'{{{name}}}' is known only in the footer", "put page numbers in footer.page_numbers")
            raise self.fail(path, f"unknown field '{{{name}}}'", did_you_mean(name, fields))
        if prints:
            self.printed.append((path, literal_text(value) if fields else value))
        return value

    # -- the layout ----------------------------------------------------------------------------

    def layout(self, name: str) -> Layout:
        for key in self.data:
            if key not in TOP_KEYS:
                raise self.fail((key,), f"unknown key '{key}'", did_you_mean(str(key), TOP_KEYS))
        width, height, margins, bleed = self.page()
        sizes = fit_sizes(self)
        body, image = self.get("body"), self.get("image")
        options = self.column_options(body.get("columns", 1))
        columns = max(options)
        gap = self.length(("body", "gap"), body.get("gap", "6mm"))
        if gap * (columns - 1) > (width - margins[1] - margins[3]) * 0.3:
            raise self.fail(("body", "gap"), "the gap leaves the columns too narrow", "make it smaller")
        sections = self.sections()
        layout = Layout(
            name=name, description=self.text(("description",), self.data.get("description"), prints=False),
            page_width=width, page_height=height, margins=margins, bleed=bleed,
            **sizes, **fit_pages(self, sizes, sections), columns=columns, column_gap=gap,
            image_position=self.choice(("image", "position"), image.get("position", "right"), IMAGE_POSITIONS),
            image_max_width=self.length(("image", "max_width"), image.get("max_width", "60mm"), 1),
            image_max_height=self.length(("image", "max_height"), image.get("max_height", "50mm"), 1),
            image_min_scale=self.number(("image", "min_scale"), image.get("min_scale", 0.6)),
            image_min_share=self.number(("image", "min_share"), image.get("min_share", 0.0)),
            image_crop=self.number(("image", "crop"), image.get("crop", 0.16)),
            image_placements=self.placements(image), column_options=options if len(options) > 1 else (),
            step_images=self.flag(("image", "steps"), image.get("steps", True)),
            notes=self.flag(("body", "notes"), body.get("notes", False)),
            image_captions=self.flag(("image", "captions"), image.get("captions", True)),
            theme=self.theme(), sections=sections, labels=labels(self), terms=terms(self),
            header=self.header(), footer=self.footer(), fonts=self.fonts(), source=self.file,
            files=tuple(sorted({file for file, _ in self.origins.values()})),
            printing=print_settings(self), booklet_start=booklet_start(self),
            language=str(self.data.get("language") or "en"),
        )
        self.check_characters(layout)
        return layout

    def column_options(self, value: object) -> tuple[int, ...]:
        """``body.columns``: 1, 2, or the list of counts the composition may choose among ([1, 2])."""
        values = value if isinstance(value, list) and value else [value]
        for v in values:
            if isinstance(v, bool) or v not in (1, 2):
                raise self.fail(("body", "columns"), f"expected 1, 2 or [1, 2], got {as_written(value)}")
        return tuple(sorted(set(values)))

    def placements(self, image: dict) -> tuple[str, ...]:
        """``image.placements``: where the pictures may go, the composition choosing; () when not given."""
        raw = image.get("placements")
        if raw is None:
            return ()
        position_by, placements_by = self.origin(("image", "position"))[0], self.origin(("image", "placements"))[0]
        if "position" in image and position_by == self.file != placements_by:
            return ()  # a layout that sets its own position means that one, whatever its parent allowed
        values = raw if isinstance(raw, list) and raw else [raw]
        return tuple(dict.fromkeys(self.choice(("image", "placements"), v, IMAGE_POSITIONS) for v in values))

    def check_characters(self, layout: Layout) -> None:
        """Headings, labels, gym name: every character must be in the layout's fonts."""
        from cardmaker.style.fonts import first_unprintable, font_set, printable_chars

        chars = printable_chars(font_set(layout.fonts))
        for path, text in self.printed:
            rtl = first_right_to_left(text)
            if rtl is not None:
                raise self.fail(path, right_to_left_problem(rtl), RIGHT_TO_LEFT_HINT)
            missing = first_unprintable(text, chars)
            if missing is not None:
                name = unicodedata.name(missing, "unnamed character")
                raise self.fail(path, f"character '{missing}' (U+{ord(missing):04X} {name}) is in none of the fonts",
                                "replace it, or add a font that has it under 'fonts'")

    def page(self) -> tuple[float, float, tuple[float, float, float, float], float]:
        page = self.get("page")
        width, height = self.page_size(page.get("size", "A4"))
        orientation = self.choice(("page", "orientation"), page.get("orientation", "portrait"), ("portrait", "landscape"))
        if (orientation == "landscape") != (width > height):
            width, height = height, width
        raw = page.get("margins", "12mm")
        raw = raw if isinstance(raw, list) else [raw]
        if len(raw) not in (1, 2, 4):
            raise self.fail(("page", "margins"), "give 1, 2 (vertical, horizontal) or 4 (top, right, bottom, left) lengths")
        m = [self.length(("page", "margins"), v) for v in raw]
        margins = (m[0], m[0], m[0], m[0]) if len(m) == 1 else (m[0], m[1], m[0], m[1]) if len(m) == 2 else tuple(m)
        if margins[1] + margins[3] >= width * 0.8 or margins[0] + margins[2] >= height * 0.8:
            raise self.fail(("page", "margins"), "margins leave almost no room on the page", "make them smaller")
        bleed = self.length(("page", "bleed"), page.get("bleed", 0))
        if bleed > 20 / 25.4 * 72:
            raise self.fail(("page", "bleed"), f"bleed of {page['bleed']} is more than 20mm", "print shops ask for 2-5mm")
        return width, height, margins, bleed  # type: ignore[return-value]

    def page_size(self, size: object) -> tuple[float, float]:
        key = re.sub(r"\s+", "", str(size)).lower()
        if key in PAGE_SIZES:
            return PAGE_SIZES[key]
        if key + "in" in PAGE_SIZES:
            return PAGE_SIZES[key + "in"]
        parts = re.split(r"x(?=[\d.])", key)
        if len(parts) == 2:
            try:
                w, h = to_points(parts[0]), to_points(parts[1])
            except ValueError:
                pass
            else:
                if not (72 <= w <= 5000 and 72 <= h <= 5000):
                    raise self.fail(("page", "size"), f"page size {size!r} is outside 1in to 70in")
                return w, h
        raise self.fail(("page", "size"), f"unknown page size {size!r}",
                        "use A3, A4, A5, A6, Letter, Legal, 3x5in, 4x6in, 5x7in or e.g. '100mm x 150mm'")

    def theme(self) -> Theme:
        theme = self.get("theme")
        required = [k for k, f in Theme.__dataclass_fields__.items() if f.default is MISSING]
        missing = [k for k in required if k not in theme]
        if missing:
            raise self.fail(("theme",), "missing colours: " + ", ".join(missing))
        colors = {}
        for key, value in theme.items():
            try:
                colors[key] = parse_color(value)
            except ValueError as exc:
                raise self.fail(("theme", key), str(exc)) from None
        return Theme(**colors)

    def sections(self) -> tuple[Section, ...]:
        raw = self.data.get("sections", [])
        if not isinstance(raw, list) or not raw:
            raise self.fail(("sections",), "expected a list like [{steps: Instructions}, {tips: Tips}]")
        out: list[Section] = []
        for i, entry in enumerate(raw):
            if not (isinstance(entry, dict) and len(entry) == 1):
                raise self.fail(("sections", i), "expected one 'section: Heading' pair, e.g. {steps: Instructions}")
            (name, value), = entry.items()
            if name not in SECTION_NAMES:
                raise self.fail(("sections", i), f"unknown section '{name}'", did_you_mean(str(name), SECTION_NAMES))
            if name in (s.name for s in out):
                raise self.fail(("sections", i), f"section '{name}' is listed twice")
            out.append(self.section(name, value, ("sections", i, name)))
        if "steps" not in (s.name for s in out):  # a card without its steps is not a card
            raise self.fail(("sections",), "the 'steps' section is missing", "add {steps: Heading}")
        if any(s.side == "back" for s in out) and all(s.side == "back" for s in out):
            raise self.fail(("sections",), "every section is on the back; the front would be empty")
        return tuple(out)

    def section(self, name: str, value: object, path: tuple) -> Section:
        options = value if isinstance(value, dict) else {"heading": value}
        allowed = SECTION_OPTIONS.get(name, SECTION_KEYS)
        for key in options:
            if key in SECTION_KEYS and key not in allowed:
                raise self.fail(path + (key,), f"'{key}' does not apply to the {name} section",
                                "it takes: " + ", ".join(allowed))
            if key not in SECTION_KEYS:
                raise self.fail(path + (key,), f"unknown key '{key}'", did_you_mean(str(key), allowed))
        heading = options.get("heading")
        if isinstance(heading, bool) or not isinstance(heading, (str, int, float)) or not str(heading).strip():
            raise self.fail(path, "expected the heading text, e.g. {steps: Instructions} or {steps: {heading: Instructions}}")
        kw: dict = {"box": name in ("tips", "cautions"), "marker": {"steps": "number", "description": "none"}.get(name, "bullet")}
        for key, value in options.items():
            at = path + (key,)
            if key == "side":
                kw[key] = self.choice(at, value, ("front", "back"))
            elif key in ("scale", "leading", "space_before"):
                kw[key] = self.number(at, value)
            elif key in ("box", "optional"):
                kw[key] = self.flag(at, value)
            elif key == "marker":
                kw[key] = self.choice(at, value, MARKERS)
            elif key == "limit":
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise self.fail(at, f"expected a whole number of items, 1 or more, got {as_written(value)}")
                kw[key] = value
        self.printed.append((path, str(heading)))
        return Section(name, str(heading), **kw)

    def header(self) -> Header:
        raw, kw = self.get("header"), {}
        for key, value in raw.items():
            at = ("header", key)
            if key in ("summary", "muscles", "equipment"):
                kw[key] = self.flag(at, value)
            elif key == "logo_height":
                kw[key] = self.length(at, value, 4)
                if kw[key] > 60 / 25.4 * 72:
                    raise self.fail(at, f"a logo {value} high leaves no room for the card", "at most 60mm")
            elif key in ("title_size", "title_max_size"):
                kw[key] = self.length(at, value)
            elif key == "logo":
                kw[key] = self.file_at(at, "logo")
            elif key == "gym":
                kw[key] = self.text(at, value)
            else:  # the header is drawn once, so it knows no page numbers
                kw[key] = self.text(at, value, tuple(f for f in FIELDS if f not in PAGE_FIELDS))
        if 0 < kw.get("title_max_size", 0) < kw.get("title_size", 0):
            raise self.fail(("header", "title_max_size"), "is smaller than header.title_size",
                            "give the name's largest size at least its smallest")
        return Header(**kw)

    def footer(self) -> Footer:
        raw, kw = self.get("footer"), {}
        for key, value in raw.items():
            at = ("footer", key)
            kw[key] = self.flag(at, value) if key in ("qr", "video", "credit") else self.text(at, value, FIELDS)
        return Footer(**kw)

    def fonts(self) -> Fonts:
        raw = self.get("fonts")
        files = {key: path for key in raw if (path := self.file_at(("fonts", key), "font"))}
        if files and "regular" not in files:
            raise self.fail(("fonts",), "name the 'regular' font file too; bold and italic fall back to it")
        return Fonts(**files)

    def file_at(self, path: tuple, kind: str) -> Path | None:
        """A font or logo path, relative to the layout that named it, opened to check it."""
        value = self.data[path[0]][path[1]]
        if value is None or value == "":
            return None  # written out empty: no file (e.g. to drop an inherited logo)
        if not isinstance(value, str):
            raise self.fail(path, f"expected a file path, got {as_written(value)}")
        file = self.relative(path)
        if file.is_dir():
            raise self.fail(path, f"{file} is a folder; name the {kind} file inside it")
        if not file.is_file():
            raise self.fail(path, f"{kind} file not found: {file}", "paths are relative to the layout file")
        problem = _font_problem(file) if kind == "font" else _image_problem(file)
        if problem:
            raise self.fail(path, f"{file}: {problem}")
        return file


def _range(path: tuple) -> tuple[float, float]:
    """The range of the number at ``path`` (a section option, or a key of a top-level section)."""
    kind = SECTION_FIELDS[path[-1]] if path[0] == "sections" else LAYOUT.fields[path[0]].fields[path[1]]
    assert isinstance(kind, Number), path
    return kind.low, kind.high


def _font_problem(file: Path) -> str | None:
    from cardmaker.style.fonts import font_problem

    return font_problem(file)


def _image_problem(file: Path) -> str | None:
    from cardmaker.load.image_check import image_problem

    return image_problem(file)
