"""An Excel workbook (.xlsx) → the same ``Table`` a CSV file gives: one exercise per row.

The columns, their meaning and every error are the CSV reader's (load/csv_table.py); errors
name the sheet, its row number and the column's letter. The first sheet is read, or the one
named after a '#': ``exercises.xlsx#Stretches``. Cells are turned into the text a CSV export
would hold: whole numbers without '.0', dates as 2026-03-02, TRUE/FALSE. Read with
python-calamine (a Rust reader: about ten times faster than openpyxl, and read-only).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from cardmaker.errors import DataError
from cardmaker.load.csv_table import Table, fill_table
from cardmaker.load.source import MAX_BYTES

WORKBOOK_SUFFIXES = (".xlsx",)
_SHEET = re.compile(r"^(.*?\.xlsx)#(.+)$", re.IGNORECASE)


def split_sheet(path: str | Path) -> tuple[Path, str | None]:
    """``book.xlsx#Stretches`` → (book.xlsx, 'Stretches'); a path that is a file as written, or
    has no '#sheet', → (path, None)."""
    path = Path(path)
    match = _SHEET.match(path.name)
    if match is None or path.exists():
        return path, None
    return path.with_name(match.group(1)), match.group(2)


def is_workbook(path: str | Path) -> bool:
    return split_sheet(path)[0].suffix.lower() in WORKBOOK_SUFFIXES


def parse_xlsx(given: str | Path) -> Table:
    """Read the workbook ``given`` names (and its sheet, if named) into a Table."""
    file, wanted = split_sheet(given)
    sheet = _open_sheet(Path(given), file, wanted)
    table = Table(Path(given), [], sheet=sheet.name)
    rows = sheet.to_python(skip_empty_area=False)  # from A1, so row i is the sheet's row i + 1
    return fill_table(table, ((i, [_text(v) for v in row]) for i, row in enumerate(rows, 1)))


def _open_sheet(given: Path, file: Path, wanted: str | None):
    """The calamine sheet asked for; every way this fails is one DataError naming the file."""
    from python_calamine import CalamineWorkbook

    try:
        size = file.stat().st_size
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror or exc}", file=file) from None
    if size > MAX_BYTES:
        raise DataError(f"is {size / 2**20:.1f} MB; a workbook of exercises is at most {MAX_BYTES // 2**20} MB",
                        file=file, hint="split it, or check it is the right file")
    try:
        book = CalamineWorkbook.from_path(str(file))
    except Exception as exc:  # calamine raises its own kinds for a damaged or encrypted file
        raise DataError(f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})", file=file,
                        hint="open it in Excel or LibreOffice and save it again as .xlsx") from None
    names = list(book.sheet_names)
    if not names:
        raise DataError("the workbook has no sheets", file=file)
    if wanted is not None and wanted not in names:
        raise DataError(f"has no sheet '{wanted}'", file=file,
                        hint=f"its sheets are {', '.join(repr(n) for n in names)}; write {file.name}#SHEET")
    try:
        return book.get_sheet_by_name(wanted if wanted is not None else names[0])
    except Exception as exc:
        raise DataError(f"cannot read sheet '{wanted or names[0]}' ({exc})", file=given) from None


def _text(value: object) -> str:
    """A cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ") if value.time() != datetime.time() else value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"
    return str(value).replace("\r\n", "\n")
