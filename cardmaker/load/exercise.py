"""Exercise files (YAML/JSON/CSV) → validated ``Exercise`` objects.

Every check names the file, the line and the field path (``steps[3]``), so a trainer can fix the
file without reading code. Text is kept as plain text; nothing here interprets markup.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from cardmaker.errors import DataError, did_you_mean
from cardmaker.load.source import Document, Path_, parse_file
from cardmaker.model import Exercise, FAQItem, Muscles, Prescription
from cardmaker.model.exercise import PRESCRIPTION_KEYS
from cardmaker.model.layout import Fonts
from cardmaker.slug import slugify

EXERCISE_SUFFIXES = (".yaml", ".yml", ".json", ".csv")
MAX_PIXELS = 60_000_000  # a 48-megapixel phone photo fits; decompression bombs do not
TEXT_KEYS = ("name", "id", "category", "level", "summary", "video", "credit")
LIST_KEYS = ("steps", "tips", "cautions", "equipment", "tags")
KEYS = TEXT_KEYS + LIST_KEYS + ("muscles", "description", "image", "faq", "prescription")
# control characters and invisible format marks (zero-width space, BOM) are dropped, not printed
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")


def load_exercises(path: str | Path) -> list[Exercise]:
    """All exercises in one file (a single mapping or a list of them); the first problem raises."""
    exercises, errors = load_file(path)
    if errors:
        raise errors[0]
    return exercises


def load_file(path: str | Path, fonts: Fonts = Fonts()) -> tuple[list[Exercise], list[DataError]]:
    """The good exercises of a file and an error for each bad one, so one bad entry in a list
    does not cost the others. A file that cannot be parsed at all raises. Text is checked
    against ``fonts`` (a layout's own, with the bundled ones behind them)."""
    from cardmaker.load.csv_table import parse_csv
    from cardmaker.render.fonts import font_set, printable

    chars = printable(font_set(fonts))
    path = Path(path)
    doc = parse_csv(path) if path.suffix.lower() == ".csv" else parse_file(path)
    if doc.value is None:
        raise DataError("the file is empty; expected an exercise with 'name' and 'steps'", file=doc.file)
    items = doc.value if isinstance(doc.value, list) else [doc.value]
    if not items:
        raise DataError("the list is empty; expected at least one exercise", file=doc.file, line=1)
    prefix = isinstance(doc.value, list)
    exercises, errors = [], []
    for i, item in enumerate(items):
        try:
            if isinstance(item, DataError):  # a CSV row that could not be read costs only itself
                raise item
            exercises.append(_Reader(doc, (i,) if prefix else (), chars).exercise(item))
        except DataError as exc:
            errors.append(exc)
    return exercises, errors


def find_exercise_files(paths: list[str | Path]) -> list[Path]:
    """Files named on the command line plus, for folders, every exercise file inside (sorted)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.suffix.lower() in EXERCISE_SUFFIXES and f.is_file()
                            and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.exists():
            found.append(p)
        else:
            raise DataError("no such file or folder", file=p)
    return found


class _Reader:
    """Validates one exercise mapping, turning paths into located errors."""

    def __init__(self, doc: Document, base: Path_, printable: frozenset[int]):
        self.doc, self.base, self.printable = doc, base, printable

    def fail(self, path: Path_, message: str, hint: str | None = None) -> DataError:
        full = self.base + path
        return DataError(message, file=self.doc.file, line=self.doc.line_of(full),
                         field=self.doc.field_of(full), hint=hint)

    def exercise(self, data: object) -> Exercise:
        data = self.mapping((), data, KEYS, "an exercise (a mapping with 'name' and 'steps')")
        for required in ("name", "steps"):
            if required not in data:
                raise self.fail((), f"missing required key '{required}'")
            if data[required] in (None, "", []):
                raise self.fail((required,), "is empty", f"every exercise needs its {required}")
        name = self.text(("name",), data["name"])
        return Exercise(
            name=name,
            id=self.exercise_id(data, name),
            steps=self.texts(("steps",), data["steps"], "step"),
            **{k: self.text((k,), data[k]) for k in TEXT_KEYS[2:] if data.get(k) is not None},
            **{k: self.texts((k,), data[k], "item") for k in LIST_KEYS[1:] if data.get(k) is not None},
            muscles=self.muscles(data.get("muscles")),
            description=self.paragraphs(data.get("description")),
            image=self.image(data.get("image")),
            faq=self.faq(data.get("faq")),
            prescription=self.prescription(data.get("prescription")),
            source=self.doc.file,
        )

    def mapping(self, path: Path_, value: object, keys: tuple[str, ...], what: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected {what}, got {_kind(value)}")
        for key in value:
            if key not in keys:
                raise self.fail(path + (key,), f"unknown key '{key}'", did_you_mean(key, keys))
        return value

    def text(self, path: Path_, value: object) -> str:
        if not isinstance(value, (str, dict, list)) and value is not None:
            value = self.doc.raw.get(self.base + path, value)  # as written: 3:1:1, 010, no
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(path, f"expected text, got {_kind(value)}")
        text = _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")).strip()
        if not text:
            raise self.fail(path, "is empty", "write some text or remove the entry")
        missing = next((ch for ch in text if ch != "\n" and ord(ch) not in self.printable), None)
        if missing is not None:
            name = unicodedata.name(missing, "unnamed character")
            raise self.fail(path, f"character '{missing}' (U+{ord(missing):04X} {name}) is in none of the fonts",
                            "replace it with a similar character or a word, or use a layout font that has it")
        return text

    def texts(self, path: Path_, value: object, noun: str) -> tuple[str, ...]:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and path[0] != "steps":
            value = [value]  # "equipment: mat" means a list of one
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list of texts, got {_kind(value)}",
                            f"write each {noun} on its own line starting with '- '")
        return tuple(self.text(path + (i,), v) for i, v in enumerate(value))

    def exercise_id(self, data: dict, name: str) -> str:
        if data.get("id") is None:
            return slugify(name)
        ident = self.text(("id",), data["id"])
        if len(ident) > 100:
            raise self.fail(("id",), f"is {len(ident)} characters long", "keep ids under 100 characters")
        if not re.fullmatch(r"[\w][\w.-]*", ident) or ident in (".", ".."):
            raise self.fail(("id",), f"'{ident}' is not usable as a file name",
                            "use letters, digits, '-', '_' and '.' only")
        return ident

    def paragraphs(self, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        text = self.text(("description",), value)
        return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())

    def muscles(self, value: object) -> Muscles:
        if value is None:
            return Muscles()
        if isinstance(value, (list, str)):  # a bare list means primary muscles
            return Muscles(primary=self.texts(("muscles",), value, "muscle"))
        data = self.mapping(("muscles",), value, ("primary", "secondary"), "a mapping with 'primary' and 'secondary'")
        return Muscles(**{k: self.texts(("muscles", k), v, "muscle") for k, v in data.items() if v is not None})

    def faq(self, value: object) -> tuple[FAQItem, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(("faq",), f"expected a list of {{q: ..., a: ...}}, got {_kind(value)}")
        items = []
        for i, entry in enumerate(value):
            entry = self.mapping(("faq", i), entry, ("q", "a"), "a question and answer {q: ..., a: ...}")
            for key in ("q", "a"):
                if entry.get(key) is None:
                    raise self.fail(("faq", i), f"missing '{key}'", "each FAQ entry needs both q and a")
            items.append(FAQItem(self.text(("faq", i, "q"), entry["q"]), self.text(("faq", i, "a"), entry["a"])))
        return tuple(items)

    def prescription(self, value: object) -> Prescription:
        if value is None:
            return Prescription()
        data = self.mapping(("prescription",), value, PRESCRIPTION_KEYS, "a mapping such as {sets: 3, reps: 10}")
        return Prescription(**{k: self.text(("prescription", k), v) for k, v in data.items() if v is not None})

    def image(self, value: object) -> Path | None:
        if value is None:
            return None
        rel = self.text(("image",), value)
        path = Path(os.path.abspath(self.doc.file.parent / rel))
        if not path.is_file():
            raise self.fail(("image",), f"image not found: {path}",
                            "the path is relative to the exercise file")
        problem = image_problem(path)
        if problem:
            raise self.fail(("image",), f"{problem}: {path}", "use a PNG or JPEG image")
        return path


def image_problem(path: Path) -> str | None:
    """Why ``path`` cannot go on a card, checked from its header before any pixel is decoded."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                image.verify()  # checksums and structure, still without decoding
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "image has too many pixels to decode safely"
    except Exception:  # PIL raises many kinds for broken files
        return "not a readable image (empty, truncated or another kind of file)"
    if width * height > MAX_PIXELS:
        return f"image is {width}x{height} pixels, more than {MAX_PIXELS // 1_000_000} megapixels"
    return None


def _kind(value: object) -> str:
    """How a user would name the type they wrote."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
