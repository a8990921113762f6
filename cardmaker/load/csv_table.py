"""A spreadsheet saved as CSV → the same ``Document`` the YAML reader makes: a list of exercises.

One exercise per row, columns named like the YAML keys. A list is one cell with an item per line
or numbered columns (``steps.1``, ``steps.2``); nested keys are dotted (``muscles.primary``,
``prescription.sets``); questions pair up as ``faq.1.q`` / ``faq.1.a``. Rows come out shaped
like YAML values, so load/exercise.py validates them unchanged; the table only tells it that a
path is "row 3, column 'steps.2'" on the line where the row starts. A bad header concerns every
row and fails the file, every column not understood named in one error with what to write (a
gym's "Sets" is 'prescription.sets'); a column named "#..." is the user's own and not read; a row that cannot be read at all becomes a DataError in the list, so it
costs only itself.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cardmaker.errors import DataError, closest, did_you_mean
from cardmaker.load.exercise import LIST_KEYS as EXERCISE_LISTS, TEXT_KEYS
from cardmaker.load.source import MAX_BYTES, Document, Path_, read_text
from cardmaker.model.exercise import PRESCRIPTION_KEYS

DELIMITERS = (",", ";", "\t")  # Excel writes ';' where the decimal mark is a comma
SINGLE = TEXT_KEYS + ("description", "image")
LIST_KEYS = EXERCISE_LISTS + ("images",)  # a cell with an item per line, or numbered columns
SUBKEYS = {"muscles": ("primary", "secondary"), "prescription": PRESCRIPTION_KEYS, "faq": ("q", "a")}
HEADS = SINGLE + LIST_KEYS + tuple(SUBKEYS)
SHAPES = {"muscles": "use 'muscles.primary' and 'muscles.secondary', optionally numbered: 'muscles.primary.1'",
          "prescription": "use 'prescription.sets', 'prescription.reps', ...",
          "faq": "name them 'faq.1.q' and 'faq.1.a', 'faq.2.q' and 'faq.2.a', ..."}
ALIASES = {  # what gyms' spreadsheets call the columns → the name to give them (suggested, never assumed)
    "exercise": "name", "title": "name", "instructions": "steps", "instruction": "steps", "how to": "steps",
    "sets": "prescription.sets", "reps": "prescription.reps", "repetitions": "prescription.reps",
    "rest": "prescription.rest", "hold": "prescription.hold", "tempo": "prescription.tempo",
    "load": "prescription.load", "weight": "prescription.load", "frequency": "prescription.frequency",
    "safety": "cautions", "warnings": "cautions", "precautions": "cautions",
    "picture": "image", "photo": "image", "muscle": "muscles", "muscle group": "muscles", "video link": "video",
    # German
    "übung": "name", "name der übung": "name", "anleitung": "steps", "ausführung": "steps", "schritte": "steps",
    "sätze": "prescription.sets", "wiederholungen": "prescription.reps", "wdh": "prescription.reps",
    "wdh.": "prescription.reps", "pause": "prescription.rest", "halten": "prescription.hold",
    "gewicht": "prescription.load", "häufigkeit": "prescription.frequency", "sicherheit": "cautions",
    "sicherheitshinweise": "cautions", "hinweise": "tips", "tipps": "tips", "bild": "image", "foto": "image",
    "muskeln": "muscles", "zielmuskeln": "muscles", "geräte": "equipment", "kategorie": "category",
    "niveau": "level", "beschreibung": "description", "kurzbeschreibung": "summary"}
NOTE_COLUMN = "#"  # a column whose name starts so is the user's own, not read


@dataclass
class Table(Document):
    """A CSV file as a list of rows; errors name the row and the column instead of a key path."""

    rows: list[int] = field(default_factory=list)  # each entry's row number, 1 = first under the header
    columns: dict[Path_, str] = field(default_factory=dict)  # (entry, "steps", 1) → "column 'steps.2'"
    sheet: str | None = None  # a workbook's sheet: errors name it, the sheet's row and the column's letter

    def where(self) -> str | None:
        return f"sheet '{self.sheet}'" if self.sheet is not None else None

    def row_name(self, number: int, line: int) -> str:
        """How errors name a row: 'row 3' (under the header) in CSV, "sheet 'Ex', row 4" in a workbook."""
        return f"{self.where()}, row {line}" if self.sheet is not None else f"row {number}"

    def label(self, index: int, name: str) -> str:
        """How errors name a column: "column 'steps.2'", in a workbook "column C 'steps.2'"."""
        return f"column {column_letter(index)} '{name}'" if self.sheet is not None else f"column '{name}'"

    def field_of(self, path: Path_) -> str | None:
        if not path:
            return self.where()
        row = self.row_name(self.rows[path[0]], self.lines[(path[0],)])
        while len(path) > 1 and path not in self.columns:
            path = path[:-1]
        return f"{row}, {self.columns[path]}" if path in self.columns else row


@dataclass(frozen=True)
class Column:
    """A header cell understood: the key its cells fill and how."""

    index: int
    label: str  # "column 'steps.2'", with the name as written
    key: tuple[str, ...]  # ("steps",), ("muscles", "primary"), ("prescription", "sets"), ("faq",)
    kind: str  # "text": one value; "lines": a list, an item per line; "item": one numbered item; "q"/"a";
    # "note": a column of the user's own ("#..."), not read
    number: int | None = None


def parse_csv(file: Path) -> Table:
    """Read ``file``: the first non-blank row is the header, every later non-blank row an exercise."""
    try:
        text = read_text(file)
    except DataError as exc:
        if exc.message.startswith("not valid UTF-8"):
            exc.hint = "save or export the sheet as 'CSV UTF-8'"
        raise
    return parse_csv_text(text, file)


def parse_csv_text(text: str, file: Path) -> Table:
    """``parse_csv`` for text already read (``file`` names it in messages). A cell may hold as
    much as a YAML file may: the csv module's field limit (128 KB by default, process-wide) is
    raised while reading and put back after."""
    previous = csv.field_size_limit(MAX_BYTES)
    try:
        return fill_table(Table(file, []), _csv_rows(text, file))
    finally:
        csv.field_size_limit(previous)


def _csv_rows(text: str, file: Path) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record as (the line it starts on, its cells)."""
    line = 1
    excel = re.match(r"sep=(.)[ \t]*\r?\n", text)  # Excel's "sep=;" line names the delimiter
    if excel:
        text, line = text[excel.end():], 2
    reader = csv.reader(io.StringIO(text), delimiter=excel.group(1) if excel else _delimiter(text), strict=True)
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            raise DataError(f"CSV syntax error: {exc}", file=file, line=line,
                            hint="a quoted cell must end with a quote; write a quote inside it as \"\"") from None
        if cells is None:
            return
        line, start = reader.line_num + 1 + bool(excel), line
        yield start, cells


def fill_table(table: Table, rows: Iterable[tuple[int, list[str]]]) -> Table:
    """The table's exercises from (line, cells) rows, a spreadsheet's or a CSV file's: the first
    non-blank row is the header, every later non-blank row an exercise."""
    columns, number = None, 0
    for start, cells in rows:
        if columns is not None:
            number += 1  # blank rows count too, so row N is always the Nth spreadsheet row under the header
        if not any(cell.strip() for i, cell in enumerate(cells)
                   if columns is None or i >= len(columns) or columns[i] is None or columns[i].kind != "note"):
            continue  # (a row with text only in the user's own '#' columns is no exercise either)
        if columns is None:
            columns = _header(cells, table, start)
            continue
        _add_row(table, columns, cells, number, start)
    if not table.value:
        raise DataError("no exercises: expected a header row and one exercise per row below it", file=table.file,
                        line=1, field=table.where(), hint="the header names the columns, e.g. name,steps")
    return table


def _delimiter(text: str) -> str:
    """The one of comma, semicolon and tab the header line uses most: column names contain none."""
    header = next((line for line in text.split("\n") if line.strip()), "")
    return max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","


def column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA': a column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _add_row(table: Table, columns: list[Column | None], cells: list[str], number: int, line: int) -> None:
    entry = len(table.value)
    table.rows.append(number)
    table.lines[(entry,)] = line
    try:
        value, names = _row(columns, cells, table.row_name(number, line), table.sheet is not None)
    except DataError as exc:
        table.value.append(exc.located(table.file, line))
        return
    table.value.append(value)
    table.columns.update({(entry, *path): label for path, label in names.items()})


def _header(cells: list[str], table: Table, line: int) -> list[Column | None]:
    """The header's columns (None for a blank header cell); checked once here, not in every row."""
    try:
        return _columns(cells, table, line)
    except DataError as exc:
        exc.field = exc.field or table.where()
        raise


def _columns(cells: list[str], table: Table, line: int) -> list[Column | None]:
    file = table.file
    cells = [name.replace("\ufeff", "") for name in cells]  # byte-order marks pasted in with a header
    columns: list[Column | None] = []
    unknown: list[tuple[str, str]] = []  # (the column as errors name it, what to write instead)
    aliased = False  # whether a column not understood has a usual name for one that is
    for i, name in enumerate(cells):
        name = name.strip()
        if name.startswith(NOTE_COLUMN):
            columns.append(Column(i, table.label(i, name), (NOTE_COLUMN,), "note"))
            continue
        try:
            columns.append(_column(i, name, table, line) if name else None)
        except DataError as exc:
            columns.append(None)
            alias = ALIASES.get(" ".join(name.lower().split()))
            aliased = aliased or alias is not None or (exc.hint or "").startswith("did you mean")
            meant = f"name it '{alias}'" if alias else exc.hint or ""
            unknown.append((table.label(i, name), meant if alias or "." in name or _misspelt(name, meant) else
                            f"{meant}, or '{NOTE_COLUMN}{name}' to keep it off the cards"))
    given = [c for c in columns if c is not None and c.kind != "note"]
    if unknown:
        raise _unknown(unknown, bool(given) or aliased, file, line)
    for i, c in enumerate(given):
        other = next((o for o in given[:i] if (o.key, o.number, o.kind) == (c.key, c.number, c.kind)
                      or o.key == c.key and {o.kind, c.kind} == {"lines", "item"}), None)
        if other is not None:
            raise DataError(f"duplicate {c.label}" if other.label == c.label else
                            f"{other.label} and {c.label} both give '{'.'.join(c.key)}'",
                            file=file, line=line, hint="keep one of them")
        if c.kind in ("q", "a"):
            pair = "a" if c.kind == "q" else "q"
            if not any(o.key == ("faq",) and o.number == c.number and o.kind == pair for o in given):
                raise DataError(f"{c.label} has no partner column 'faq.{c.number}.{pair}'", file=file,
                                line=line, hint="each FAQ entry needs both q and a")
    for key in ("name", "steps"):
        if not any(c.key == (key,) for c in given):
            raise DataError(f"missing column '{key}'", file=file, line=line,
                            hint="every exercise needs its name and steps" if key == "name"
                            else "one cell with a step per line, or columns 'steps.1', 'steps.2', ...")
    return columns


def _misspelt(name: str, hint: str) -> bool:
    """Whether the hint names a column spelt nearly as ``name`` (a typo, not a column of the user's own)."""
    named = re.findall(r"'([^']+)'", hint)
    return bool(named) and difflib.SequenceMatcher(None, name.lower(), named[0].lower()).ratio() >= 0.75


def _unknown(unknown: list[tuple[str, str]], known: bool, file, line: int) -> DataError:
    """One error for every column not understood (a sheet is mended in one go), each with what to
    write; a first row naming no column at all is a title above the header, and says so."""
    if not known:
        return DataError(f"the first row is not a header: none of its cells, from {unknown[0][0]} on, names a "
                         f"column cardmaker reads", file=file, line=line,
                         hint="the first row must be the header, name, steps and so on: delete any title row above it")
    if len(unknown) == 1:
        return DataError(f"unknown {unknown[0][0]}", file=file, line=line, hint=unknown[0][1])
    said = "; ".join(f"{label}: {hint}" for label, hint in unknown)
    return DataError(f"{len(unknown)} unknown columns: {said}", file=file, line=line)


def _column(index: int, name: str, table: Table, line: int) -> Column:
    """What the header cell ``name`` means, or an error naming it with a suggestion."""
    parts = name.lower().split(".")
    head, rest = parts[0], parts[1:]
    label = table.label(index, name)
    if head == "muscles":
        key = ("muscles", rest.pop(0)) if rest and rest[0] in SUBKEYS["muscles"] else ("muscles", "primary")
    else:
        key = (head,)
    if head in SINGLE + LIST_KEYS + ("muscles",) and not rest:
        return Column(index, label, key, "text" if head in SINGLE else "lines")
    if head in LIST_KEYS + ("muscles",) and len(rest) == 1 and _is_number(rest[0]):
        return Column(index, label, key, "item", int(rest[0]))
    if head == "prescription" and len(rest) == 1 and rest[0] in PRESCRIPTION_KEYS:
        return Column(index, label, (head, rest[0]), "text")
    if head == "faq" and len(rest) == 2 and _is_number(rest[0]) and rest[1] in ("q", "a"):
        return Column(index, label, key, rest[1], int(rest[0]))
    raise DataError(f"unknown {label}", file=table.file, line=line, hint=_suggest(parts))


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _suggest(parts: list[str]) -> str:
    """A hint for a column name that is not understood, naming the whole column to write."""
    head, rest = parts[0], parts[1:]
    if head not in HEADS:
        guess = closest(head, HEADS)
        return f"did you mean '{'.'.join([guess, *rest])}'?" if guess else did_you_mean(head, HEADS)
    guess = closest(rest[-1], SUBKEYS[head]) if head in SUBKEYS and rest else None
    if guess:
        return f"did you mean '{'.'.join([*parts[:-1], guess])}'?"
    if head in LIST_KEYS:
        return f"a list is one cell with an item per line, or columns '{head}.1', '{head}.2', ..."
    return SHAPES.get(head, f"'{head}' is one cell; name the column '{head}'")


def _row(columns: list[Column | None], cells: list[str], row: str, sheet: bool = False) -> tuple[dict, dict[Path_, str]]:
    """One row as the mapping YAML would give, and the column that names each of its paths.

    Empty cells are left out ("not given"); name and steps are always there, so a row without
    them reads "is empty" at their column rather than "missing key"."""
    _check_stray(columns, cells, row, sheet)
    value: dict = {"name": "", "steps": ""}  # an empty cell is "is empty" ("steps: []" is YAML's "none yet")
    names: dict[Path_, str] = {}
    items: dict[tuple, list] = {}
    faq: dict[int, dict[str, tuple[str, str]]] = {}
    for c in (c for c in columns if c is not None and c.kind != "note"):
        cell = cells[c.index] if c.index < len(cells) else ""
        names.setdefault(c.key, c.label)
        if c.kind == "text" and cell.strip():
            _put(value, c.key, cell)
        elif c.kind == "lines":
            lines = [line for line in cell.split("\n") if line.strip()]
            items.setdefault(c.key, []).extend(((0, k), line, f"{c.label}, item {k + 1}")
                                               for k, line in enumerate(lines))
        elif c.kind == "item":
            items.setdefault(c.key, []).extend([((c.number, 0), cell, c.label)] if cell.strip() else [])
        elif c.kind in ("q", "a"):
            faq.setdefault(c.number, {})[c.kind] = (cell, c.label)
    for key, entries in items.items():
        if entries:
            _put(value, key, [text for _, text, _ in sorted(entries)])
            names.update({(*key, j): label for j, (_, _, label) in enumerate(sorted(entries))})
    value.update(_faq(faq, names))
    return value, names


def _check_stray(columns: list[Column | None], cells: list[str], row: str, sheet: bool) -> None:
    """A value outside the named columns is most often text holding an unquoted delimiter (in a
    workbook: a note typed beside the table)."""
    stray = next((i for i, cell in enumerate(cells) if cell.strip() and (i >= len(columns) or not columns[i])), None)
    if stray is not None and sheet:
        raise DataError(f"cell {column_letter(stray)} has a value but its column has no name in the header",
                        field=row, hint="name the column in the header row, or clear the cell")
    if stray is not None:
        where = "beyond the last column" if stray >= len(columns) else "under a column with no name"
        raise DataError(f"cell {stray + 1} is {where}", field=row,
                        hint="quote cells that contain the delimiter, or name the column in the header")


def _faq(halves: dict[int, dict[str, tuple[str, str]]], names: dict[Path_, str]) -> dict:
    """FAQ entries in number order; a half left empty is kept out, and its column named, so the
    validator's "missing 'a'" points at the empty cell."""
    entries = []
    for _, pair in sorted(halves.items()):
        given = {part: cell for part, (cell, _) in pair.items() if cell.strip()}
        if not given:
            continue
        j = len(entries)
        missing = next((part for part in ("q", "a") if part not in given), "q")
        names[("faq", j)] = pair[missing][1]
        names.update({("faq", j, part): pair[part][1] for part in given})
        entries.append(given)
    return {"faq": entries} if entries else {}


def _put(mapping: dict, key: tuple[str, ...], value: object) -> None:
    """Set a dotted key: ("prescription", "sets") fills mapping["prescription"]["sets"]."""
    for part in key[:-1]:
        mapping = mapping.setdefault(part, {})
    mapping[key[-1]] = value
