"""wger's exercise API JSON (the ``exerciseinfo`` endpoint) → exercise records.

Takes the parsed file: a page ``{"count": ..., "results": [...]}``, a list of exercises, or one
exercise. Each exercise holds its translations; the one in ``--lang`` is taken. Its HTML
description gives the steps (the items of ``<ol>``/``<ul>``) and the description (the other
paragraphs); with no list in it, its paragraphs are the steps. Notes become tips, aliases tags;
category, equipment and muscle names, the main picture (copied when found under ``--images``)
and the main video's address are kept; every translation's and picture's author and license
make the credit. An exercise without a translation in that language, or without any text to
take steps from, is a located DataError and costs only itself.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlparse

from cardmaker.errors import DataError
from cardmaker.load.importers.html_text import html_to_text
from cardmaker.load.importers.record import ImportOptions, Picture, Record, locate_picture, ordered, usable_picture
from cardmaker.load.source import Document
from cardmaker.slug import slugify

# wger numbers its languages (core/fixtures/languages.json); --lang takes the code or the number
LANGUAGES = {"de": 1, "en": 2, "bg": 3, "es": 4, "ru": 5, "nl": 6, "pt": 7, "el": 8, "cs": 9, "sv": 10,
             "no": 11, "fr": 12, "it": 13}


def language_number(lang: str) -> int | None:
    """``'en'`` → 2; ``'14'`` → 14 (a language newer than this table); an unknown code → None."""
    lang = lang.strip().lower()
    return int(lang) if lang.isdigit() else LANGUAGES.get(lang)


def language_name(number: object) -> str:
    return next((code for code, n in LANGUAGES.items() if n == number), str(number))


def looks_like(value: object) -> bool:
    """Whether parsed JSON is wger's shape: exercises that carry ``translations``."""
    items = _items(value)
    return bool(items) and isinstance(items[0], dict) and "translations" in items[0]


def _items(value: object) -> list:
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        return value["results"]
    return value if isinstance(value, list) else [value]


def read(doc: Document, options: ImportOptions) -> list[Record | DataError]:
    """Every exercise of the page or list, mapped; see the module docstring."""
    number = language_number(options.lang)
    if number is None:
        raise DataError(f"unknown language '{options.lang}' for wger", file=doc.file,
                        hint=f"use one of {', '.join(LANGUAGES)}, or wger's language number")
    base = ("results",) if isinstance(doc.value, dict) and "results" in doc.value else ()
    listed = base or isinstance(doc.value, list)
    out: list[Record | DataError] = []
    for i, item in enumerate(_items(doc.value)):
        path = base + (i,) if listed else ()
        label = f"exercise {item.get('id', i + 1)}" if isinstance(item, dict) else f"entry {i + 1}"
        try:
            out.append(_record(doc, path, item, label, number, options))
        except DataError as exc:
            out.append(exc)
    return out


def _record(doc: Document, path: tuple, item: object, label: str, number: int, options: ImportOptions) -> Record:
    """One exercise → Record, or a DataError saying why it cannot be one."""
    def fail(message: str, hint: str | None = None, where: tuple = ()) -> DataError:
        return DataError(f"{label}: {message}", file=doc.file, line=doc.line_of(path + where), hint=hint)

    if not isinstance(item, dict):
        raise fail("is not an exercise (expected a JSON object)")
    translations = [t for t in item.get("translations") or [] if isinstance(t, dict)]
    chosen = next((t for t in translations if t.get("language") == number), None)
    if chosen is None:
        there = ", ".join(sorted({language_name(t.get("language")) for t in translations})) or "none"
        raise fail(f"has no translation in '{options.lang}' (it has: {there})",
                   "import it with --lang set to one of those", ("translations",))
    name = _name(chosen)
    if not name:
        raise fail("its translation has no name", where=("translations",))
    label = f"{label} '{name}'"
    text = html_to_text(str(chosen.get("description") or ""))
    steps, description = (text.items, text.paragraphs) if text.items else (text.paragraphs, ())
    if not steps:
        raise fail("has no description to take steps from; a card needs at least one step",
                   "add a description on wger, or write the YAML by hand", ("translations",))
    record = Record(_fields(item, chosen, name, steps, description), label, doc.line_of(path))
    _media(record, item, options)
    return record


def _name(entry: dict, key: str = "name") -> str:
    value = entry.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _names(entries: object, *keys: str) -> list[str]:
    """The first non-empty of ``keys`` of each mapping in a list (muscles: English name, else Latin)."""
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            found += [next((n for k in keys if (n := _name(entry, k))), "")]
    return [n for n in dict.fromkeys(found) if n]


def _fields(item: dict, chosen: dict, name: str, steps: tuple, description: tuple) -> dict:
    category = item.get("category")
    muscles = {"primary": _names(item.get("muscles"), "name_en", "name"),
               "secondary": _names(item.get("muscles_secondary"), "name_en", "name")}
    return ordered({
        "name": name, "id": slugify(name), "category": _name(category) if isinstance(category, dict) else None,
        "description": "\n\n".join(description), "steps": list(steps),
        "tips": _names(chosen.get("notes"), "comment"), "equipment": _names(item.get("equipment"), "name"),
        "muscles": {k: v for k, v in muscles.items() if v}, "tags": _names(chosen.get("aliases"), "alias"),
        "credit": _credit(item, chosen),
    })


def _license(entry: dict) -> str:
    """The license's name as wger gives it: ``license_title``, a nested license's short name, or nothing."""
    title = _name(entry, "license_title")
    license_ = entry.get("license")
    if not title and isinstance(license_, dict):
        title = _name(license_, "short_name") or _name(license_, "full_name")
    return title


def _credit(item: dict, chosen: dict) -> str:
    """'Text: wger.de (CC-BY-SA 4). Pictures: Everkinetic (CC-BY-SA 3). Video: Jane Doe (CC-BY-SA 4).
    From wger.de': the chosen translation's, every picture's and every video's author and license."""
    groups = (("Text", [chosen]), ("Pictures", item.get("images")), ("Video", item.get("videos")))
    parts = []
    for what, entries in groups:
        authors: dict[str, list[str]] = {}  # author → licenses, in order of appearance
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and (_name(entry, "license_author") or _license(entry)):
                licenses = authors.setdefault(_name(entry, "license_author") or "unknown author", [])
                licenses += [x for x in [_license(entry)] if x and x not in licenses]
        if authors:
            parts.append(f"{what}: " + ", ".join(a + (f" ({', '.join(ls)})" if ls else "") for a, ls in authors.items()))
    return ". ".join(parts + ["From wger.de"])


def _main(entries: object, key: str) -> str | None:
    """The URL in ``key`` of the entry marked ``is_main``, else of the first one."""
    entries = [e for e in entries if isinstance(e, dict) and _name(e, key)] if isinstance(entries, list) else []
    main = next((e for e in entries if e.get("is_main")), entries[0] if entries else None)
    return _name(main, key) if main else None


def _media(record: Record, item: dict, options: ImportOptions) -> None:
    """The main video's address; the main picture, copied when its file is under ``--images``,
    by its file name or by its path in wger's media folder (``exercise-images/73/x.png``):
    cardmaker downloads nothing, fetch the pictures first."""
    video = _main(item.get("videos"), "video")
    image = _main(item.get("images"), "image")
    fields = {"video": video} if video else {}
    if image:
        url_path = urlparse(image).path
        file_name = PurePosixPath(url_path).name
        mirrored = url_path.split("/media/", 1)[-1].lstrip("/")  # a mirror of wger's media folder
        found = locate_picture(options.images, file_name) or locate_picture(options.images, mirrored)
        if found is not None and usable_picture(found, record.notes, record.label):
            record.pictures.append(Picture(found, f"{record.ident}{PurePosixPath(file_name).suffix.lower()}"))
            fields["image"] = record.pictures[0].name
        elif found is None:
            where = f"under {options.images}" if options.images else "(no --images folder given)"
            record.notes.append(f"{record.label}: picture {file_name} not found {where}; imported without it "
                                f"(download {image} into that folder to include it)")
    record.data = ordered({**record.data, **fields})
