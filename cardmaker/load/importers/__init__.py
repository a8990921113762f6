"""Sources ``cardmaker import`` reads → exercise records, one table of formats.

``read_source(path, format, options)`` takes one file and gives ``(format, records)``: each
record a ``Record`` (the exercise mapping, pictures to copy, notes) or a located ``DataError``
for one that could not be mapped. A file that cannot be read at all raises. Without a format,
it is sniffed: JSON in one of the known shapes, else a plain-text document. The format modules
are imported when used, so the command line can name the formats without loading them.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from cardmaker.errors import DataError
from cardmaker.load.importers.record import ImportOptions, Picture, Record

__all__ = ["FORMATS", "ImportOptions", "Picture", "Record", "import_format", "read_source"]

# name → (what it is, the module that maps it: ``looks_like(value)`` and ``read(doc, options)``;
# None for plain text, which is not JSON)
FORMATS: dict[str, tuple[str, str | None]] = {
    "text": ("a plain-text exercise document (title, description, 'Instructions', ...)", None),
    "free-exercise-db": ("free-exercise-db JSON: dist/exercises.json or one exercises/<Id>.json",
                         "cardmaker.load.importers.free_exercise_db"),
    "wger": ("wger's exerciseinfo API JSON: a page {\"results\": [...]} or a list of exercises",
             "cardmaker.load.importers.wger"),
}


def _exercise_file(path: Path) -> bool:
    """Whether ``path`` is an exercise file already (a sheet, or YAML holding mappings): a text
    import of it would be nonsense. A text document that happens to be named .yaml is not."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return True
    if suffix not in (".yaml", ".yml"):
        return False
    from cardmaker.load.source import parse_file

    try:
        return isinstance(parse_file(path).value, (dict, list))
    except DataError:
        return False


def _module(name: str):
    return importlib.import_module(FORMATS[name][1])


def import_format(value: object) -> str | None:
    """The JSON format ``cardmaker import`` converts that parsed data is in (free-exercise-db,
    wger), or None: such data is not an exercise file as it stands."""
    for name, (_, module) in FORMATS.items():
        if module is not None and _module(name).looks_like(value):
            return name
    return None


def _read_text(path: Path) -> list[Record | DataError]:
    from cardmaker.load.text_import import import_data

    warnings: list = []
    data = import_data(path, warnings)
    return [Record(data, f"'{data['name']}'", 1, named_by="title", notes=warnings)]


def read_source(path: Path, format: str | None, options: ImportOptions) -> tuple[str, list[Record | DataError]]:
    """The records of ``path`` in ``format`` (sniffed when None); see the module docstring."""
    from cardmaker.load.source import parse_file

    path = Path(path)
    if format is None and _exercise_file(path):
        raise DataError("is an exercise file cardmaker reads as it is: it needs no import", file=path,
                        hint="build or validate it directly: import is for text documents, free-exercise-db "
                             "and wger JSON, and --format text reads it as a text document")
    if format == "text" or (format is None and path.suffix.lower() != ".json"):
        return "text", _read_text(path)
    doc = parse_file(path, json_=True)
    json_formats = [name for name, (_, module) in FORMATS.items() if module]
    if format is None:
        format = next((name for name in json_formats if _module(name).looks_like(doc.value)), None)
        if format is None:
            raise DataError("is JSON in a shape cardmaker does not know how to import", file=path, line=1,
                            hint=f"give --format ({', '.join(FORMATS)}); exercise YAML/JSON files "
                                 f"need no import: build them directly")
    elif not _module(format).looks_like(doc.value):
        raise DataError(f"does not look like {FORMATS[format][0]}", file=path, line=1,
                        hint="check the file, or leave out --format to let cardmaker tell")
    return format, _module(format).read(doc, options)
