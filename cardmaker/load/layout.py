"""Layout files → a resolved ``Layout``: find by name or path, merge ``extends``, check every key.

Layouts are data so gyms can brand and translate cards without Python. Every value is checked
here, once, with file, line and key in the message; rendering trusts the result.
"""

from __future__ import annotations

import re
from pathlib import Path

from cardmaker.errors import LayoutError, did_you_mean
from cardmaker.load.source import Document, format_path, parse_file
from cardmaker.model.layout import SECTION_NAMES, Layout, Section, Theme
from cardmaker.units import POINTS_PER, to_points

DEFAULT_LAYOUT = "card-a4"
PAGE_SIZES = {  # width, height in points, portrait
    "a3": (842, 1191), "a4": (595.28, 841.89), "a5": (419.53, 595.28), "a6": (297.64, 419.53),
    "letter": (612, 792), "legal": (612, 1008),
    "3x5in": (216, 360), "4x6in": (288, 432), "5x7in": (360, 504),
}
TOP_KEYS = ("extends", "description", "page", "fit", "body", "image", "theme", "sections", "labels")
SUB_KEYS = {
    "page": ("size", "orientation", "margins"),
    "fit": ("mode", "min_size", "max_size"),
    "body": ("columns", "gap"),
    "image": ("max_width", "max_height"),
    "theme": tuple(Theme.__dataclass_fields__),
}
FIT_MODES = ("shrink", "continue", "error")
REQUIRED_SECTIONS = ("steps", "cautions")
LABEL_KEYS = ("primary", "secondary", "equipment", "sets", "reps", "hold", "rest", "tempo", "frequency",
              "load", "video", "continued")


def builtin_dir() -> Path:
    """Built-in layouts: inside the installed package, or ``layouts/`` beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "layouts"
    return installed if installed.is_dir() else package.parent / "layouts"


def builtin_names() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


def load_layout(ref: str | Path = DEFAULT_LAYOUT) -> Layout:
    """Resolve a layout by built-in name or file path into a checked ``Layout``."""
    path = _find(str(ref), None)
    merged, doc = _resolve(path, [])
    return _Checker(doc, merged).layout(path.stem)


def resolved_yaml(ref: str | Path) -> str:
    """The layout with its ``extends`` chain merged in, as YAML a user can copy and edit."""
    import yaml

    path = _find(str(ref), None)
    merged, doc = _resolve(path, [])
    _Checker(doc, merged).layout(path.stem)  # only show layouts that would load
    merged = {k: v for k, v in merged.items() if k != "extends"}
    header = f"# {path.stem}, resolved: every inherited key written out\n"
    return header + yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, width=100)


def _find(ref: str, relative_to: Path | None) -> Path:
    candidates = []
    if relative_to is not None:
        candidates.append(relative_to.parent / ref)
    candidates += [Path(ref), builtin_dir() / f"{ref}.yaml"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    hint = did_you_mean(ref, builtin_names())
    raise LayoutError(f"no layout named '{ref}' (looked for {candidates[-1]})", hint=hint)


def _resolve(path: Path, chain: list[Path]) -> tuple[dict, Document]:
    """Deep-merge the ``extends`` chain, parent first; lists replace, mappings merge."""
    if path in chain:
        names = " → ".join(p.stem for p in chain + [path])
        raise LayoutError(f"'extends' goes round in a circle: {names}", file=chain[-1], field="extends")
    doc = parse_file(path, LayoutError)
    if not isinstance(doc.value, dict):
        raise LayoutError("expected a mapping of layout keys", file=path, line=1)
    parent_ref = doc.value.get("extends")
    if parent_ref is None:
        return doc.value, doc
    if not isinstance(parent_ref, str):
        raise LayoutError("expected a layout name or file path", file=path,
                          line=doc.line_of(("extends",)), field="extends")
    try:
        parent_path = _find(parent_ref, path)
    except LayoutError as exc:
        raise exc.located(path, doc.line_of(("extends",))) from None
    parent, _ = _resolve(parent_path, chain + [path])
    return _merge(parent, doc.value), doc


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class _Checker:
    """Checks the merged mapping; the line comes from the file that set a key, when known."""

    def __init__(self, doc: Document, data: dict):
        self.doc, self.data = doc, data

    def fail(self, path: tuple, message: str, hint: str | None = None) -> LayoutError:
        line = self.doc.lines.get(path) or self.doc.line_of(path[:1])
        return LayoutError(message, file=self.doc.file, line=line, field=format_path(path), hint=hint)

    def get(self, section: str) -> dict:
        value = self.data.get(section, {})
        if not isinstance(value, dict):
            raise self.fail((section,), "expected a mapping of keys")
        for key in value:
            if key not in SUB_KEYS[section]:
                raise self.fail((section, key), f"unknown key '{key}'", did_you_mean(key, SUB_KEYS[section]))
        return value

    def length(self, path: tuple, value: object) -> float:
        try:
            points = to_points(value)
        except ValueError as exc:
            raise self.fail(path, str(exc), "units: " + ", ".join(POINTS_PER)) from None
        if points < 0:
            raise self.fail(path, f"must not be negative, got {value!r}")
        return points

    def layout(self, name: str) -> Layout:
        for key in self.data:
            if key not in TOP_KEYS:
                raise self.fail((key,), f"unknown key '{key}'", did_you_mean(key, TOP_KEYS))
        width, height, margins = self.page()
        fit, body, image = self.get("fit"), self.get("body"), self.get("image")
        mode = fit.get("mode", "shrink")
        if mode not in FIT_MODES:
            raise self.fail(("fit", "mode"), f"unknown fit mode '{mode}'", did_you_mean(str(mode), FIT_MODES))
        min_size = self.length(("fit", "min_size"), fit.get("min_size", 8))
        max_size = self.length(("fit", "max_size"), fit.get("max_size", 11))
        if not 4 <= min_size <= max_size <= 72:
            raise self.fail(("fit",), f"need 4pt <= min_size <= max_size <= 72pt, got {min_size:g}pt and {max_size:g}pt")
        columns = body.get("columns", 1)
        if isinstance(columns, bool) or columns not in (1, 2):
            raise self.fail(("body", "columns"), f"expected 1 or 2, got {columns!r}")
        gap = self.length(("body", "gap"), body.get("gap", "6mm"))
        if gap * (columns - 1) > (width - margins[1] - margins[3]) * 0.3:
            raise self.fail(("body", "gap"), "the gap leaves the columns too narrow", "make it smaller")
        image_width = self.length(("image", "max_width"), image.get("max_width", "60mm"))
        return Layout(
            name=name, description=str(self.data.get("description", "")),
            page_width=width, page_height=height, margins=margins,
            fit_mode=mode, min_size=min_size, max_size=max_size,
            columns=columns, column_gap=gap, image_max_width=image_width,
            image_max_height=self.length(("image", "max_height"), image.get("max_height", "50mm")),
            theme=self.theme(), sections=self.sections(), labels=self.labels(), source=self.doc.file,
        )

    def page(self) -> tuple[float, float, tuple[float, float, float, float]]:
        page = self.get("page")
        width, height = self.page_size(page.get("size", "A4"))
        orientation = page.get("orientation", "portrait")
        if orientation not in ("portrait", "landscape"):
            raise self.fail(("page", "orientation"), f"expected portrait or landscape, got {orientation!r}")
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
        return width, height, margins

    def page_size(self, size: object) -> tuple[float, float]:
        key = re.sub(r"\s+", "", str(size)).lower()
        if key in PAGE_SIZES:
            return PAGE_SIZES[key]
        if key + "in" in PAGE_SIZES:
            return PAGE_SIZES[key + "in"]
        parts = re.split(r"x(?=[\d.])", key)
        if len(parts) == 2:
            try:
                return to_points(parts[0]), to_points(parts[1])
            except ValueError:
                pass
        raise self.fail(("page", "size"), f"unknown page size {size!r}",
                        "use A3, A4, A5, A6, Letter, Legal, 3x5in, 4x6in, 5x7in or e.g. '100mm x 150mm'")

    def theme(self) -> Theme:
        theme = self.get("theme")
        missing = [k for k in SUB_KEYS["theme"] if k not in theme]
        if missing:
            raise self.fail(("theme",), "missing colours: " + ", ".join(missing))
        for key, value in theme.items():
            if not (isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value)):
                raise self.fail(("theme", key), f"expected a colour like '#1a2b3c', got {value!r}")
        return Theme(**theme)

    def sections(self) -> tuple[Section, ...]:
        raw = self.data.get("sections", [])
        if not isinstance(raw, list) or not raw:
            raise self.fail(("sections",), "expected a list like [{steps: Instructions}, {tips: Tips}]")
        out = []
        for i, entry in enumerate(raw):
            if not (isinstance(entry, dict) and len(entry) == 1):
                raise self.fail(("sections", i), "expected one 'section: Heading' pair, e.g. {steps: Instructions}")
            (name, heading), = entry.items()
            if name not in SECTION_NAMES:
                raise self.fail(("sections", i), f"unknown section '{name}'", did_you_mean(name, SECTION_NAMES))
            if name in (s.name for s in out):
                raise self.fail(("sections", i), f"section '{name}' is listed twice")
            if not isinstance(heading, (str, int, float)) or isinstance(heading, bool) or not str(heading).strip():
                raise self.fail(("sections", i, name), "expected the heading text, e.g. {steps: Instructions}")
            out.append(Section(name, str(heading)))
        for required in REQUIRED_SECTIONS:  # steps and safety notes are never left off a card
            if required not in (s.name for s in out):
                raise self.fail(("sections",), f"the '{required}' section is missing",
                                f"add {{{required}: Heading}}; cards always show {required}")
        return tuple(out)

    def labels(self) -> tuple[tuple[str, str], ...]:
        raw = self.data.get("labels", {})
        if not isinstance(raw, dict):
            raise self.fail(("labels",), "expected a mapping of word: translation")
        for key, value in raw.items():
            if key not in LABEL_KEYS:
                raise self.fail(("labels", key), f"unknown label '{key}'", did_you_mean(key, LABEL_KEYS))
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise self.fail(("labels", key), f"expected text, got {value!r}")
        return tuple((str(k), str(v)) for k, v in raw.items())
