"""Excel workbooks (.xlsx) as exercise input beside CSV: the same columns give the same exercises,
the same errors name the sheet, its row and the column's letter, and a sheet is chosen by name."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardmaker import load_exercises
from conftest import pdf_text, write
from test_csv_input import ROW_ERRORS, SHEET

openpyxl = pytest.importorskip("openpyxl")


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx file with these sheets (the first one first), written with openpyxl."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def rows_of(csv_text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text)))


def same(exercises):
    return [replace(ex, source=None, line=None) for ex in exercises]


def test_a_workbook_gives_the_same_exercises_as_the_csv_it_was_made_from(tmp_path: Path, cli):
    book = workbook(tmp_path / "gym.xlsx", {"Sheet": rows_of(SHEET)})
    assert same(load_exercises(book)) == same(load_exercises(write(tmp_path / "gym.csv", SHEET)))
    result = cli("build", book, "-o", tmp_path / "out")
    assert result.code == 0, result.text
    assert "Lower your chest to the wall." in pdf_text(tmp_path / "out" / "wall-push-up.pdf")


def test_numbers_and_dates_read_as_a_csv_export_would_write_them(tmp_path: Path):
    book = workbook(tmp_path / "gym.xlsx", {"Sheet": [
        ["name", "steps", "prescription.sets", "prescription.load", "summary"],
        ["Plank", "Hold.", 3, 2.5, datetime.date(2026, 3, 2)]]})
    [ex] = load_exercises(book)
    assert (ex.prescription.sets, ex.prescription.load, ex.summary) == ("3", "2.5", "2026-03-02")


@pytest.mark.parametrize("case", ROW_ERRORS, ids=list(ROW_ERRORS))
def test_row_errors_are_the_csv_ones_naming_sheet_row_and_column_letter(tmp_path: Path, cli, case: str):
    content, expected = ROW_ERRORS[case]
    rows = rows_of(content)
    book = workbook(tmp_path / "gym.xlsx", {"Moves": rows})
    result = cli("validate", book)
    assert result.code == 1 and "Traceback" not in result.text
    [line] = [line for line in result.err.splitlines() if line.startswith("error:")]
    message = re.sub(r"^gym\.csv:\d+: row \d+(, column '[^']+')?", "", expected)
    if case == "too-many-cells":  # a sheet has no delimiters to quote: the cell is beside the table
        message = ": cell C has a value but its column has no name in the header (name the column"
    assert message in line, line
    match = re.search(r"gym\.xlsx:(\d+): sheet 'Moves', row (\d+)(, column ([A-Z]+) '([^']+)')?", line)
    assert match and match.group(1) == match.group(2), line  # the sheet's own row number
    if match.group(3):
        header = rows[0]
        assert header[ord(match.group(4)) - ord("A")].lower() == match.group(5).lower()


def test_a_sheet_is_chosen_by_name_else_the_first(tmp_path: Path, cli):
    book = workbook(tmp_path / "gym.xlsx", {"Strength": [["name", "steps"], ["Squat", "Sit back."]],
                                            "Stretches": [[], ["name", "steps"], ["Reach", "Reach up."]]})
    assert [ex.id for ex in load_exercises(book)] == ["squat"]
    [reach] = load_exercises(f"{book}#Stretches")
    assert (reach.id, reach.line) == ("reach", 3)
    result = cli("build", f"{book}#Stretches", "-o", tmp_path / "out")
    assert result.code == 0 and (tmp_path / "out" / "reach.pdf").is_file(), result.text
    result = cli("validate", f"{book}#Warm-up")
    assert result.code == 1 and "Traceback" not in result.text
    assert f"{book}: has no sheet 'Warm-up' (its sheets are 'Strength', 'Stretches'; write gym.xlsx#SHEET)" in result.err


def test_folders_find_workbooks_but_not_excel_lock_files(tmp_path: Path, cli):
    workbook(tmp_path / "data" / "gym.xlsx", {"Sheet": [["name", "steps"], ["Squat", "Sit back."]]})
    write(tmp_path / "data" / "~$gym.xlsx", "lock")
    result = cli("validate", tmp_path / "data")
    assert result.code == 0 and "Checked 1 exercise" in result.err, result.text


def test_a_header_error_names_the_sheet_and_a_broken_file_says_what_to_do(tmp_path: Path, cli):
    book = workbook(tmp_path / "gym.xlsx", {"Moves": [["name", "stepz"], ["A", "a"]]})
    result = cli("validate", book)
    assert f"{book}:1: sheet 'Moves': unknown column B 'stepz' (did you mean 'steps'?)" in result.err
    write(tmp_path / "bad.xlsx", "not a zip")
    result = cli("validate", tmp_path / "bad.xlsx")
    assert result.code == 1 and "Traceback" not in result.text
    assert "bad.xlsx: is not a readable .xlsx workbook" in result.err and "save it again as .xlsx" in result.err


TEXT = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs"), max_codepoint=0x24F)
               | st.sampled_from(list(".,;:!?()'-/")), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(st.tuples(TEXT, st.lists(TEXT, min_size=1, max_size=4)), min_size=1, max_size=5))
def test_any_valid_sheet_loads_with_its_text_intact(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("book")
    book = workbook(folder / "gym.xlsx", {"Sheet": [["name", "id", "steps"]] + [
        [name, f"ex-{i}", "\n".join(steps)] for i, (name, steps) in enumerate(rows)]})
    exercises = load_exercises(book)
    assert [ex.name for ex in exercises] == [n.strip() for n, _ in rows]
    assert [ex.steps for ex in exercises] == [tuple(s.strip() for s in steps) for _, steps in rows]


def test_a_combined_pdf_never_replaces_the_workbook_its_sheet_came_from(tmp_path: Path, cli):
    book = workbook(tmp_path / "gym.xlsx", {"Sheet": [["name", "steps"], ["Squat", "Sit back."]]})
    before = book.read_bytes()
    result = cli("build", f"{book}#Sheet", "--combine", book)
    assert result.code == 1 and "Traceback" not in result.text, result.text
    assert book.read_bytes() == before


def test_a_tempo_excel_read_as_a_date_is_a_warning_naming_its_cell(tmp_path: Path, cli):
    """Typed as 3-1-1, Excel keeps a date: the probe found "tempo 2026-03-02" printed without a word."""
    book = workbook(tmp_path / "gym.xlsx", {"Sheet": [
        ["name", "steps", "prescription.sets", "prescription.tempo", "prescription.rest"],
        ["Plank", "Hold.", 3, datetime.datetime(2026, 3, 1), 90]]})
    result = cli("validate", book)
    assert result.code == 0, result.text
    assert "row 2, column D 'prescription.tempo'" in result.err and "is a date, 2026-03-01" in result.err
