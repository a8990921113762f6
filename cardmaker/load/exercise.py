"""Exercise files (YAML/JSON/CSV) → validated ``Exercise`` objects.

Every check names the file, the line and the field path (``steps[3]``), so a trainer can fix the
file without reading code. Text is kept as plain text; nothing here interprets markup.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from cardmaker.errors import DataError, DataWarning, closest, did_you_mean, os_reason
from cardmaker.filenames import find_on_disk
from cardmaker.load.image_check import image_problem
from cardmaker.load.importers.mojibake import garbled
from cardmaker.load.shapes import EXERCISE, EXERCISE_LISTS, EXERCISE_TEXTS, LANGUAGE, PICTURE, STEP
from cardmaker.load.source import Document, Path_, parse_file
from cardmaker.model import Exercise, FAQItem, Muscles, Picture, Prescription
from cardmaker.load.value_checks import dose_problems, joined_step
from cardmaker.model.exercise import (PRESCRIPTION_KEYS, QR_DENSE_BYTES, QR_MAX_BYTES, SHORTEN_LINK,
                                      too_long_for_qr)
from cardmaker.model.layout import Fonts
from cardmaker.scripts import CONTROL, RIGHT_TO_LEFT_HINT, first_right_to_left, right_to_left_problem
from cardmaker.slug import slugify
from cardmaker.style.fonts import first_unprintable

TEXT_KEYS, LIST_KEYS = EXERCISE_TEXTS, EXERCISE_LISTS  # keys of one text, keys of a list of texts
KEYS = EXERCISE.keys
PICTURE_KEYS = PICTURE.keys  # a picture written as a mapping
STEP_KEYS = STEP.keys  # a step written as a mapping
# control characters and invisible format marks (zero-width space, BOM) are dropped, not printed
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # zero-width marks, dropped: they print nothing


def load_exercises(path: str | Path) -> list[Exercise]:
    """All exercises in one file (a single mapping or a list of them); the first problem raises."""
    exercises, errors = load_file(path)
    errors = [e for e in errors if not isinstance(e, DataWarning)]
    if errors:
        raise errors[0]
    return exercises


class Problems(DataError):
    """Every problem found in one exercise (carried together, reported one per line)."""

    def __init__(self, problems: list[DataError]):
        super().__init__(str(problems[0]))
        self.problems = problems


def load_file(path: str | Path, fonts: Fonts = Fonts(), root: Path | None = None, qr: bool = False
              ) -> tuple[list[Exercise], list[DataError]]:
    """The good exercises of a file and every problem found in the bad ones, so one bad entry
    in a list does not cost the others; ``DataWarning``s among them (a missing picture) did
    not stop their exercise. A file that cannot be parsed at all raises. Text is checked
    against ``fonts`` (a layout's own, with the bundled ones behind them). With ``root``, a
    picture must lie inside that folder (after following links): data from many hands must not
    make cardmaker read files elsewhere. With ``qr`` (the layout prints the video link as a QR
    code), a link longer than a code holds is an error, and one that makes a dense code a warning."""
    path = Path(path)
    return load_document(_parse(path), fonts, root, qr)


def load_document(doc: Document, fonts: Fonts = Fonts(), root: Path | None = None, qr: bool = False
                  ) -> tuple[list[Exercise], list[DataError]]:
    """``load_file`` for exercise data already parsed (a file's, or a mapping given in code):
    picture paths are relative to the folder of ``doc.file``."""
    from cardmaker.style.fonts import font_set, printable_chars

    chars = printable_chars(font_set(fonts))
    if doc.value is None:
        raise DataError("the file is empty; expected an exercise with 'name' and 'steps'", file=doc.file)
    if isinstance(doc.value, dict) and "exercises" in doc.value and "steps" not in doc.value:
        raise DataWarning("looks like a program, not an exercise: skipped", file=doc.file, line=1,
                          hint="give it with --program FILE")
    _not_imported(doc)
    items = doc.value if isinstance(doc.value, list) else [doc.value]
    if not items:
        raise DataError("the list is empty; expected at least one exercise", file=doc.file, line=1)
    prefix = isinstance(doc.value, list)
    exercises, errors = [], []
    for i, item in enumerate(items):
        if isinstance(item, DataError):  # a CSV row that could not be read costs only itself
            errors.append(item)
            continue
        reader = FieldReader(doc, (i,) if prefix else (), chars, root, qr)
        try:
            exercises.append(reader.exercise(item))
        except DataError as exc:  # Problems included: kept together, as one exercise's
            errors.append(exc)
        errors += reader.warnings
    return exercises, errors


def _not_imported(doc: Document) -> None:
    """An error for data in a format ``cardmaker import`` converts (free-exercise-db, wger JSON)
    rather than one "unknown key" per record."""
    from cardmaker.load.importers import import_format

    found = import_format(doc.value)
    if found is not None:
        raise DataError(f"is {found} JSON, not an exercise file: convert it first", file=doc.file,
                        hint="run `cardmaker import` on its file with -o FOLDER, then use FOLDER")


def _parse(path: Path) -> Document:
    """The file parsed by its kind: a CSV table, an Excel workbook (``book.xlsx#Sheet``), YAML or JSON."""
    from cardmaker.load.xlsx_table import is_workbook, parse_xlsx

    if is_workbook(path):
        return parse_xlsx(path)
    if path.suffix.lower() == ".csv":
        from cardmaker.load.csv_table import parse_csv

        return parse_csv(path)
    return parse_file(path)


def _none_yet(key: str, value: object) -> bool:
    """``steps: []`` written out is "no steps yet" (an import whose source gave none, with a
    comment asking for them): the exercise loads and its card prints no steps."""
    return key == "steps" and isinstance(value, list) and not value


class FieldReader:
    """Validates one exercise mapping, turning paths into located errors (the program loader
    reads its text and list fields with it too). ``printable``: the characters the fonts print;
    ``qr``: whether the layout prints the video link as a QR code."""

    def __init__(self, doc: Document, base: Path_, printable: frozenset[str], root: Path | None = None,
                 qr: bool = False):
        self.doc, self.base, self.printable, self.root, self.qr = doc, base, printable, root, qr
        self.problems: list[DataError] = []
        self.warnings: list[DataWarning] = []
        self.guessed: set[str | None] = set()  # keys an unknown key was probably meant to be

    def fail(self, path: Path_, message: str, hint: str | None = None) -> DataError:
        full = self.base + path
        return DataError(message, file=self.doc.file, line=self.doc.line_of(full),
                         field=self.doc.field_of(full), hint=hint)

    def exercise(self, data: object) -> Exercise:
        """The exercise; or, if anything is wrong, a ``Problems`` holding every problem found
        (each field is checked even after another failed), so one run shows them all."""
        data = self.mapping((), data, KEYS, "an exercise (a mapping with 'name' and 'steps')", every=True)
        described = data.get("description") not in (None, "", [])  # printed in the steps' place
        for required in ("name",) + (() if described else ("steps",)):
            if required not in data:
                if required not in self.guessed:  # not after "unknown key 'step' (did you mean 'steps'?)"
                    self.problems.append(self.fail((), f"missing required key '{required}'",
                                                   f"every exercise needs its {required}: add '{required}: ...'"))
            elif data[required] in (None, "", []) and not _none_yet(required, data[required]):
                self.problems.append(self.fail((required,), "is empty", f"every exercise needs its {required}"))
        if not described and _none_yet("steps", data.get("steps")):  # the card would print its name alone
            self.warnings.append(DataWarning("no steps yet: the card prints no instructions",
                                             file=self.doc.file, line=self.doc.line_of(self.base + ("steps",)),
                                             field=self.doc.field_of(self.base + ("steps",)),
                                             hint="add its steps, or a description, before printing"))
        fields = {key: value for key, read in self._fields().items() if data.get(key) not in (None, "", [])
                  and (value := self._checked(read, data[key])) is not None}
        ident = self._checked(lambda _: self.exercise_id(data, fields.get("name", "")), None)
        if "image" in data and "images" in data:
            self.problems.append(self.fail(("images",), "both 'image' and 'images' are given",
                                           "list every picture under 'images' and remove 'image'"))
        fields["images"] = fields.pop("image", ()) + fields.pop("images", ())
        if "steps" in fields:
            fields["steps"], fields["step_images"] = fields["steps"]
        if self.problems:
            raise Problems(sorted(self.problems, key=lambda e: e.line or 0))
        where = self.base + ("id" if "id" in data else "name",)  # the line that names it, for "id used twice"
        return Exercise(id=ident, source=self.doc.file, line=self.doc.line_of(where), **fields)

    def _fields(self) -> dict:
        """How each key is read (``id`` aside: it needs the name)."""
        return {"name": lambda v: self.text(("name",), v),
                "steps": self.steps,
                **{k: (lambda v, k=k: self.text((k,), v)) for k in TEXT_KEYS[2:]},
                **{k: (lambda v, k=k: self.texts((k,), v, "item")) for k in LIST_KEYS[1:]},
                "muscles": self.muscles, "description": self.paragraphs, "image": self.image,
                "images": self.images, "faq": self.faq, "prescription": self.prescription,
                "language": self.language, "video": self.video}

    def video(self, value: object) -> str:
        """The video link; printed as a QR code (``qr``), no longer than a code holds
        (``QR_MAX_BYTES``), and a warning past what makes a dense one (``QR_DENSE_BYTES``)."""
        text = self.text(("video",), value)
        size = len(text.encode("utf-8")) if self.qr else 0
        if size > QR_MAX_BYTES:
            raise self.fail(("video",), too_long_for_qr(size), SHORTEN_LINK)
        if size > QR_DENSE_BYTES:
            self.warnings.append(DataWarning(
                f"the link is {size:,} bytes long: its QR code prints with modules under 0.4 mm and may not scan",
                file=self.doc.file, line=self.doc.line_of(self.base + ("video",)),
                field=self.doc.field_of(self.base + ("video",)),
                hint=SHORTEN_LINK))
        return text

    def language(self, value: object) -> str:
        """The exercise's language tag (its text's, when not the layout's): for screen readers."""
        text = self.text(("language",), value)
        if not re.fullmatch(LANGUAGE.regex, text):
            raise self.fail(("language",), f"'{text}' is not a language tag", "write one such as en, de or pt-BR")
        return text

    def _checked(self, read, value):
        try:
            return read(value)
        except Problems as exc:
            self.problems += exc.problems
        except DataError as exc:
            self.problems.append(exc)
        return None

    def mapping(self, path: Path_, value: object, keys: tuple[str, ...], what: str, every: bool = False) -> dict:
        """``value`` checked to be a mapping of known keys; with ``every``, each unknown key is
        noted as a problem and the rest is read on, rather than stopping at the first."""
        if not isinstance(value, dict):
            raise self.fail(path, f"expected {what}, got {_kind(value)}")
        for key in value:
            if key not in keys:
                problem = self.fail(path + (key,), f"unknown key '{key}'", did_you_mean(str(key), keys))
                if not every:
                    raise problem
                self.problems.append(problem)
                self.guessed.add(closest(str(key), keys))
        return {k: v for k, v in value.items() if k in keys}

    def text(self, path: Path_, value: object) -> str:
        if not isinstance(value, (str, dict, list)) and value is not None:
            value = self.doc.raw.get(self.base + path, value)  # as written: 3:1:1, 010, no
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(path, f"expected text, got {_kind(value)}")
        text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        control = CONTROL.search(text)
        if control:
            raise self.fail(path, f"control character U+{ord(control.group()):04X} in the text",
                            "delete it (most editors do not show it); it would print as nothing")
        text = _INVISIBLE.sub("", text).strip()
        if not text:
            raise self.fail(path, "is empty", "write some text or remove the entry")
        text = unicodedata.normalize("NFC", text)  # e + combining accent → é: one glyph the fonts have
        unshaped = first_right_to_left(text)
        if unshaped is not None:  # the fonts may hold the letters, but they would print unjoined and reversed
            raise self.fail(path, right_to_left_problem(unshaped), RIGHT_TO_LEFT_HINT)
        missing = first_unprintable(text, self.printable, allowed="\n")
        if missing is not None:
            name = unicodedata.name(missing, "unnamed character")
            raise self.fail(path, f"character '{missing}' (U+{ord(missing):04X} {name}) is in none of the fonts",
                            "replace it with a similar character or a word, or use a layout font that has it")
        found = None if text.isascii() else garbled(text)
        if found is not None:  # read once with the wrong encoding ("donâ€™t"): printed as written, but likely not meant
            self.warnings.append(DataWarning(
                f"'{found[0]}' looks garbled (read with the wrong encoding); it is printed as written",
                file=self.doc.file, line=self.doc.line_of(self.base + path), field=self.doc.field_of(self.base + path),
                hint=f"probably '{found[1]}': correct it in the file"))
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

    def warn(self, path: Path_, problem: str, hint: str) -> None:
        """A warning located at field ``path`` (its file, line and name)."""
        where = self.base + path
        self.warnings.append(DataWarning(problem, file=self.doc.file, line=self.doc.line_of(where),
                                         field=self.doc.field_of(where), hint=hint))

    def prescription(self, value: object) -> Prescription:
        if value is None:
            return Prescription()
        data = self.mapping(("prescription",), value, PRESCRIPTION_KEYS, "a mapping such as {sets: 3, reps: 10}")
        values = {k: self.text(("prescription", k), v) for k, v in data.items() if v is not None}
        for key, problem, hint, error in dose_problems(values):
            if error:
                raise self.fail(("prescription", key), problem, hint)
            self.warn(("prescription", key), problem, hint)
        return Prescription(**values)

    def steps(self, value: object) -> tuple[tuple[str, ...], tuple[Picture | None, ...]]:
        """The steps' texts, and their pictures (empty unless a step is written as
        ``{text: ..., image: ...}``; then one per step, None for a step without)."""
        if not isinstance(value, list):
            return self.texts(("steps",), value, "step"), ()
        texts, pictures = [], []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                strange = [k for k in item if k not in STEP_KEYS]
                if strange:  # most often "- Rest: 60 s", which YAML reads as a mapping
                    raise self.fail(("steps", i), f"expected text, got a mapping with key '{strange[0]}'",
                                    "quote a step that contains ': ', or give a step's picture as "
                                    "{text: ..., image: ...}")
                if item.get("text") is None:
                    raise self.fail(("steps", i), "missing 'text'", "a step with a picture still needs its text")
                texts.append(self.text(("steps", i, "text"), item["text"]))
                pictures.append(self.picture(("steps", i, "image"), item["image"])
                                if item.get("image") is not None else None)
            else:
                texts.append(self.text(("steps", i), item))
                pictures.append(None)
            joined = joined_step(texts[-1])
            if joined is not None:
                self.warn(("steps", i), joined, "start each step's '- ' in the same column")
        return tuple(texts), tuple(pictures) if any(pictures) else ()

    def image(self, value: object) -> tuple[Picture, ...]:
        """``image:``, one picture: a path or {file: ..., caption: ..., alt: ...}."""
        picture = self.picture(("image",), value)
        return (picture,) if picture else ()

    def images(self, value: object) -> tuple[Picture, ...]:
        """``images:``, a list of pictures (start, end, ...); a single path means a list of one."""
        items = value if isinstance(value, list) else [value]
        return tuple(p for i, v in enumerate(items) if (p := self.picture(("images", i) if isinstance(value, list)
                                                                            else ("images",), v)))

    def picture(self, path: Path_, value: object) -> Picture | None:
        """One picture, a path or a mapping; None (with a warning) when its file is missing."""
        caption = alt = None
        if isinstance(value, dict):
            data = self.mapping(path, value, PICTURE_KEYS, "a picture: a path, or {file: ..., caption: ...}")
            if data.get("file") is None:
                raise self.fail(path, "missing 'file'", "name the picture file, relative to the exercise file")
            caption = self.text(path + ("caption",), data["caption"]) if data.get("caption") is not None else None
            alt = self.text(path + ("alt",), data["alt"]) if data.get("alt") is not None else None
            path, value = path + ("file",), data["file"]
        found = self.picture_file(path, value)
        return Picture(found, caption, alt) if found else None

    def picture_file(self, at: Path_, value: object) -> Path | None:
        rel = self.text(at, value)
        path = find_on_disk(Path(os.path.abspath(self.doc.file.parent / rel)))
        try:
            outside = self.root is not None and not path.resolve().is_relative_to(self.root.resolve())
            folder, there = path.is_dir(), path.is_file()
        except OSError as exc:  # a name too long, a loop of links
            raise self.fail(at, f"cannot read {rel}: {os_reason(exc)}") from None
        if outside:
            raise self.fail(at, f"'{rel}' leads outside the data folder {self.root}",
                            "keep pictures inside the folder of exercises, or pass --allow-outside-paths")
        if folder:
            raise self.fail(at, f"{path} is a folder", "name the picture file inside it")
        if not there:  # the card is still worth having: it is built without the picture
            self.warnings.append(DataWarning(f"image not found: {path}; the card is made without it",
                                             file=self.doc.file, line=self.doc.line_of(self.base + at),
                                             field=self.doc.field_of(self.base + at),
                                             hint="the path is relative to the exercise file"))
            return None
        problem = image_problem(path)
        if problem:
            raise self.fail(at, f"{problem}: {path}", "use a PNG or JPEG image")
        return path


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
