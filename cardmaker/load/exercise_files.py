"""Which files under the paths a user gives are exercise files: the paths named, and every
YAML, JSON, CSV or Excel file inside a folder named (hidden files and folders left out,
symlinked folders not followed). ``load.exercise`` reads them.
"""

from __future__ import annotations

import os
from pathlib import Path

from cardmaker.errors import DataError, os_reason

EXERCISE_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")


def find_exercise_files(paths: list[str | Path], problems: list[DataError] | None = None) -> list[Path]:
    """Files named on the command line plus, for folders, every exercise file inside (sorted).
    A folder that cannot be listed (deleted during the scan, unreadable) costs only itself: it
    is added to ``problems`` and the scan goes on."""
    found: list[Path] = []
    for p in map(Path, paths):
        try:
            folder, there = p.is_dir(), p.exists()
        except OSError as exc:  # a name too long, a loop of links
            raise DataError(f"cannot read: {os_reason(exc)}", file=p) from None
        if folder:
            found += _scan(p, [] if problems is None else problems)
        elif there or _sheet_of_workbook(p):
            found.append(p)
        else:
            raise DataError("no such file or folder", file=p)
    return found


def _sheet_of_workbook(path: Path) -> bool:
    """Whether ``path`` names a sheet of a workbook that is there: ``book.xlsx#Stretches``."""
    from cardmaker.load.xlsx_table import split_sheet

    file, sheet = split_sheet(path)
    return sheet is not None and file.is_file()


def _scan(top: Path, problems: list[DataError]) -> list[Path]:
    """Exercise files under ``top``, hidden files and folders left out, symlinked folders not followed."""
    def unreadable(exc: OSError) -> None:
        problems.append(DataError(f"cannot read folder: {exc.strerror or exc}", file=exc.filename or top,
                                  hint="skipped it; the other folders were read"))

    files = []
    for folder, subfolders, names in os.walk(top, onerror=unreadable):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        files += [Path(folder) / n for n in names if not n.startswith((".", "~$"))  # ~$: Excel's lock files
                  and Path(n).suffix.lower() in EXERCISE_SUFFIXES and (Path(folder) / n).is_file()]
    return sorted(files)
