"""free-exercise-db JSON (github.com/yuhonas/free-exercise-db) → exercise records.

Takes the parsed file: the whole ``dist/exercises.json`` (a list) or one exercise per file
(``exercises/<Id>.json``, a mapping). Gives a Record per exercise, or a located DataError for
one that cannot be mapped (no name). A record without instructions is imported with
``steps: []`` (its card prints the name, pictures and dose) and a comment above it in the YAML
asking for its steps; the import says so in a warning, and nothing of it is printed on the card. Mojibake is repaired
where unambiguous and each repair noted; the start and end pictures are looked up under
``--images`` and noted when missing.
"""

from __future__ import annotations

import re

from pathlib import Path

from cardmaker.errors import DataError
from cardmaker.load.importers.mojibake import describe, repair_strings
from cardmaker.load.importers.record import ImportOptions, Picture, Record, locate_picture, ordered, usable_picture
from cardmaker.load.source import Document, format_path
from cardmaker.slug import slugify

CREDIT = "free-exercise-db (public domain)"
NO_STEPS = "free-exercise-db gives no instructions for this exercise: add its steps here before use"
KEYS = {"name", "id", "force", "level", "mechanic", "equipment", "primaryMuscles", "secondaryMuscles",
        "instructions", "category", "images"}


def looks_like(value: object) -> bool:
    """Whether parsed JSON is free-exercise-db's shape (a record has its camel-case muscle keys)."""
    first = value[0] if isinstance(value, list) and value else value
    return isinstance(first, dict) and "primaryMuscles" in first and "instructions" in first


def read(doc: Document, options: ImportOptions) -> list[Record | DataError]:
    """Every record of the file, mapped; see the module docstring."""
    items = doc.value if isinstance(doc.value, list) else [doc.value]
    prefix = isinstance(doc.value, list)
    out: list[Record | DataError] = []
    for i, item in enumerate(items):
        base = (i,) if prefix else ()
        label = _label(i, item, prefix)
        try:
            out.append(_record(doc, base, item, label, options))
        except DataError as exc:
            out.append(exc)
    return out


def _label(i: int, item: object, listed: bool) -> str:
    name = item.get("id") or item.get("name") if isinstance(item, dict) else None
    where = f"record {i + 1}" if listed else "the record"
    return f"{where} '{name}'" if isinstance(name, str) and name else where


def _fail(doc: Document, path: tuple, label: str, message: str, hint: str | None = None) -> DataError:
    field = format_path(path[1:] if path and isinstance(path[0], int) else path)
    return DataError(f"{label}: {message}", file=doc.file, line=doc.line_of(path),
                     field=field or None, hint=hint)


def _unnumbered(steps: list[str]) -> list[str]:
    """The steps without a number of their own that is their place ("6. Repeat..." as step 6
    printed "6  6. Repeat..."): the card numbers them."""
    out = []
    for place, step in enumerate(steps, 1):
        match = re.match(rf"\s*{place}\s*[.)]\s+(?=\S)", step)
        out.append(step[match.end():] if match else step)
    return out


def _record(doc: Document, base: tuple, item: object, label: str, options: ImportOptions) -> Record:
    """One exercise mapping → Record (see ``_fields`` for the mapping)."""
    if not isinstance(item, dict):
        raise _fail(doc, base, label, "is not an exercise (expected a JSON object)")
    item, repairs = repair_strings(item)
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(doc, base + ("name",), label, "has no name", "give the record a name")
    steps = _unnumbered([s for s in _texts(item.get("instructions")) if s.strip()])
    record = Record(_fields(item, steps), label, doc.line_of(base))
    if not steps:
        record.notes.append(f"{label}: has no instructions; imported without steps "
                            f"(add them to the YAML file before printing)")
        record.comments["steps"] = NO_STEPS
    for path, before, after in repairs:
        record.notes.append(f"{label}: repaired mojibake in {format_path(path)}: {describe(before, after)}")
    _pictures(record, _texts(item.get("images")), options)
    return record


def _fields(item: dict, steps: list[str]) -> dict:
    """name; id slugged; category; level; equipment as a list; muscles; steps; force and
    mechanic as tags; the data set's credit."""
    ident = item.get("id") if isinstance(item.get("id"), str) and item["id"].strip() else item["name"]
    muscles = {"primary": _texts(item.get("primaryMuscles")), "secondary": _texts(item.get("secondaryMuscles"))}
    return ordered({
        "name": item["name"].strip(), "id": slugify(ident), "category": _text(item.get("category")),
        "level": _text(item.get("level")), "equipment": _texts(item.get("equipment")),
        "steps": steps,  # [] is kept: see ``ordered``
        "muscles": {k: v for k, v in muscles.items() if v},
        "tags": [t for t in (_text(item.get("force")), _text(item.get("mechanic"))) if t],
        "credit": CREDIT,
    })


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _texts(value: object) -> list[str]:
    """A list of texts from a list (non-text entries left out) or one text."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _pictures(record: Record, images: list[str], options: ImportOptions) -> None:
    """The start and end pictures found under ``--images``, to be copied as ``<id>-1.jpg``,
    ``<id>-2.jpg``; ``images:`` names them, start first."""
    if options.images is None:
        return
    missing = []
    for n, relative in enumerate(images[:2], 1):
        found = locate_picture(options.images, relative)
        if found is None:
            missing.append(relative)
        elif usable_picture(found, record.notes, record.label):
            record.pictures.append(Picture(found, f"{record.ident}-{n}{Path(relative).suffix.lower()}"))
    if missing:
        record.notes.append(f"{record.label}: {' and '.join(missing)} not found under {options.images}; "
                            f"imported without {'them' if len(missing) > 1 else 'it'}")
    if record.pictures:
        record.data = ordered({**record.data, "images": [p.name for p in record.pictures]})
