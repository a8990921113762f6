"""CSV input: a gym's spreadsheet, one exercise per row → cards; errors name the row and the column."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cardmaker import load_exercises
from conftest import DATA, pdf_text, write

# numbered steps (steps.10 sorts after steps.2; an empty cell is skipped), tips one per line in a
# cell (the blank line is ignored), numbered cautions, FAQ pairs and dotted nested keys
SHEET = """\
name,id,steps.1,steps.2,steps.10,tips,cautions.1,cautions.2,faq.1.q,faq.1.a,faq.2.q,faq.2.a,prescription.sets,prescription.reps
Wall Push-up,wall-push-up,Stand an arm's length from a wall.,Lower your chest to the wall.,Push back to the start.,"Keep your body in one straight line.

Breathe out as you push.",Stop if your wrist hurts.,,How many should I do?,Ten to fifteen slow ones.,Can I use a table?,"Yes, a sturdy one.",3,12
Calf Raise,,"Stand tall, feet hip-width apart.",,Rise slowly onto your toes.,Hold a chair for balance.,,Mind your ankles.,Are sore calves normal?,"At first, yes.",,,2,15
"""


def _in_order(text: str, phrases: list[str]) -> None:
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        assert found >= 0, f"missing or out of order: {phrase!r}"
        position = found + len(phrase)


def test_rows_become_cards_with_lists_and_faq_in_order(tmp_path: Path, cli):
    result = cli("build", write(tmp_path / "gym.csv", SHEET), "-o", tmp_path / "out")
    assert result.code == 0, result.text
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["calf-raise.pdf", "wall-push-up.pdf"]
    text = pdf_text(tmp_path / "out" / "wall-push-up.pdf")
    assert re.search(r"\b1 Stand an arm's length from a wall\..*\b2 Lower your chest to the wall\..*"
                     r"\b3 Push back to the start\.", text), text
    _in_order(text, ["Keep your body in one straight line.", "Breathe out as you push."])
    assert "Stop if your wrist hurts." in text
    _in_order(text, ["How many should I do?", "Ten to fifteen slow ones.", "Can I use a table?", "Yes, a sturdy one."])
    text = pdf_text(tmp_path / "out" / "calf-raise.pdf")
    assert re.search(r"\b1 Stand tall, feet hip-width apart\..*\b2 Rise slowly onto your toes\.", text), text
    _in_order(text, ["Are sore calves normal?", "At first, yes."])
    assert "Mind your ankles." in text and "Hold a chair for balance." in text


def test_semicolon_sheet_saved_by_excel_with_bom_and_crlf(tmp_path: Path, cli):
    sheet = ('name;steps;description;equipment\r\n'
             'Ausfallschritt;"Aufrecht stehen.\r\nEinen großen Schritt nach vorn.\r\n\r\nZurück zur Mitte.";'
             '"Kräftigt die Beine.\r\n\r\nÜbt das Gleichgewicht.";Matte\r\n')
    (tmp_path / "übungen.csv").write_bytes(b"\xef\xbb\xbf" + sheet.encode("utf-8"))
    result = cli("build", tmp_path / "übungen.csv", "-o", tmp_path / "out")
    assert result.code == 0, result.text
    text = pdf_text(tmp_path / "out" / "ausfallschritt.pdf")
    assert re.search(r"\b1 Aufrecht stehen\..*\b2 Einen großen Schritt nach vorn\..*\b3 Zurück zur Mitte\.", text), text
    [exercise] = load_exercises(tmp_path / "übungen.csv")
    assert exercise.name == "Ausfallschritt"  # no BOM glued to the first header or value
    assert exercise.description == ("Kräftigt die Beine.", "Übt das Gleichgewicht.")
    assert exercise.equipment == ("Matte",)


def test_nested_columns_take_the_yaml_shapes(tmp_path: Path):
    sheet = ("name\tsteps\tmuscles\tmuscles.secondary.2\tmuscles.secondary.1\tprescription.tempo\ttags.1\ttags.2\tlevel\n"
             "Plank\tHold.\t\"core\nshoulders\"\tglutes\tquads\t3:1:1\tcore\t\tno\n")
    [ex] = load_exercises(write(tmp_path / "tabs.csv", sheet))
    assert ex.muscles.primary == ("core", "shoulders") and ex.muscles.secondary == ("quads", "glutes")
    assert ex.prescription.tempo == "3:1:1" and ex.tags == ("core",) and ex.level == "no"
    assert ex.steps == ("Hold.",) and ex.faq == () and ex.image is None


def test_images_are_relative_to_the_sheet_and_folders_find_sheets(tmp_path: Path, cli):
    (tmp_path / "sheets" / "img").mkdir(parents=True)
    shutil.copy(DATA / "images" / "goblet-squat.png", tmp_path / "sheets" / "img")
    write(tmp_path / "sheets" / "gym.csv", "name,steps,image\nGoblet Squat,Sit back.,img/goblet-squat.png\n")
    result = cli("build", tmp_path / "sheets", "-o", tmp_path / "out")
    assert result.code == 0, result.text
    [ex] = load_exercises(tmp_path / "sheets" / "gym.csv")
    assert ex.image == tmp_path / "sheets" / "img" / "goblet-squat.png"


def test_a_bad_row_costs_only_itself(tmp_path: Path, cli):
    # row 2 has a two-line cell, so row 3 starts on line 5 of the file
    sheet = 'name,steps\nOne,First step.\nTwo,"Step a.\nStep b."\n,Orphan step.\n'
    result = cli("build", write(tmp_path / "gym.csv", sheet), "-o", tmp_path / "out")
    assert result.code == 1
    assert [line for line in result.err.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / 'gym.csv'}:5: row 3, column 'name': is empty (every exercise needs its name)"]
    assert (tmp_path / "out" / "one.pdf").exists() and (tmp_path / "out" / "two.pdf").exists()
    assert "Built 2 cards, 1 failed" in result.err


HEADER = "name,steps.1,steps.2,faq.1.q,faq.1.a\n"
ROW_ERRORS = {
    "question-without-answer": (HEADER + "A,a,,Why?,\n", "gym.csv:2: row 1, column 'faq.1.a': missing 'a' "
                                "(each FAQ entry needs both q and a)"),
    "answer-without-question": (HEADER + "A,a,,,Because.\n", "gym.csv:2: row 1, column 'faq.1.q': missing 'q' "
                                "(each FAQ entry needs both q and a)"),
    "numbered-cell": (HEADER + "A,a,深蹲 down.,,\n", "gym.csv:2: row 1, column 'steps.2': character '深' "
                      "(U+6DF1 CJK UNIFIED IDEOGRAPH-6DF1) is in none of the fonts"),
    "item-in-a-cell": ('name,steps\nA,"ok\n深"\n', "gym.csv:2: row 1, column 'steps', item 2: character '深'"),
    "no-steps": ("name,steps\nA,a\n,,\nB,\n", "gym.csv:4: row 3, column 'steps': is empty "
                 "(every exercise needs its steps)"),  # the blank row is skipped but counted
    "too-many-cells": ("name,steps\nA,a,stray\n", "gym.csv:2: row 1: cell 3 is beyond the last column "
                       "(quote cells that contain the delimiter, or name the column in the header)"),
    "bad-id": ("name,id,steps\nA,../x,a\n", "gym.csv:2: row 1, column 'id': '../x' is not usable as a file name"),
}

HEADER_ERRORS = {
    "unknown-column": ("name,steps,step.3\n", "gym.csv:1: unknown column 'step.3' (did you mean 'steps.3'?)"),
    "alias": ("name,instructions\n", "gym.csv:1: unknown column 'instructions' (name it 'steps')"),
    "several": ("Exercise,Instructions,Sets,Reps\n", "gym.csv:1: 4 unknown columns: column 'Exercise': name it "
                "'name'; column 'Instructions': name it 'steps'; column 'Sets': name it 'prescription.sets'; column "
                "'Reps': name it 'prescription.reps'"),
    "german": ("Übung,Ausführung,Sätze,Wdh.\n", "gym.csv:1: 4 unknown columns: column 'Übung': name it 'name'; "
               "column 'Ausführung': name it 'steps'; column 'Sätze': name it 'prescription.sets'; column 'Wdh.': "
               "name it 'prescription.reps'"),
    "own-column": ("name,steps,Notes\n", "gym.csv:1: unknown column 'Notes' (did you mean 'tips'?, or '#Notes' to keep "
                   "it off the cards)"),
    "misspelt-all": ("nmae,stpes\n", "gym.csv:1: 2 unknown columns: column 'nmae': did you mean 'name'?; column "
                     "'stpes': did you mean 'steps'?"),
    "title-row": ("Kraftwerk Gym 2026,,,\nname,steps,,\n", "gym.csv:1: the first row is not a header: none of its "
                  "cells, from column 'Kraftwerk Gym 2026' on, names a column cardmaker reads (the first row must be "
                  "the header, name, steps and so on: delete any title row above it)"),
    "faq-key": ("name,steps,faq.1.question,faq.1.a\n", "gym.csv:1: unknown column 'faq.1.question' "
                "(did you mean 'faq.1.q'?)"),
    "prescription-key": ("name,steps,prescription.repetitions\n", "gym.csv:1: unknown column "
                         "'prescription.repetitions' (did you mean 'prescription.reps'?)"),
    "text-numbered": ("name,steps,summary.1\n", "gym.csv:1: unknown column 'summary.1' "
                      "('summary' is one cell; name the column 'summary')"),
    "faq-partner": ("name,steps,faq.2.q\n", "gym.csv:1: column 'faq.2.q' has no partner column 'faq.2.a' "
                    "(each FAQ entry needs both q and a)"),
    "both-styles": ("name,steps,steps.1\n", "gym.csv:1: column 'steps' and column 'steps.1' both give 'steps' "
                    "(keep one of them)"),
    "duplicate": ("name,steps,name\n", "gym.csv:1: duplicate column 'name' (keep one of them)"),
    "no-steps": ("name,tips\n", "gym.csv:1: missing column 'steps' "
                 "(one cell with a step per line, or columns 'steps.1', 'steps.2', ...)"),
    "no-rows": ("\n", "gym.csv:1: no exercises: expected a header row and one exercise per row below it "
                "(the header names the columns, e.g. name,steps)"),
    "open-quote": ('name,steps\nA,"never closed\n', 'gym.csv:2: CSV syntax error: unexpected end of data '
                   '(a quoted cell must end with a quote; write a quote inside it as "")'),
}


@pytest.mark.parametrize("case", ROW_ERRORS, ids=list(ROW_ERRORS))
def test_row_errors_name_line_row_and_column(tmp_path: Path, cli, case: str):
    content, expected = ROW_ERRORS[case]
    result = cli("build", write(tmp_path / "gym.csv", content), "-o", tmp_path / "out")
    assert result.code == 1
    [line] = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert line.startswith(f"error: {tmp_path}/"), line
    assert expected in line
    assert "Traceback" not in result.text


@pytest.mark.parametrize("case", HEADER_ERRORS, ids=list(HEADER_ERRORS))
def test_header_errors_are_reported_once_for_the_file(tmp_path: Path, cli, case: str):
    header, expected = HEADER_ERRORS[case]
    rows = "" if case in ("no-rows", "open-quote") else "A,a,b,c\nB,a,b,c\nC,a,b,c\n"
    result = cli("build", write(tmp_path / "gym.csv", header + rows), "-o", tmp_path / "out")
    assert result.code == 1
    assert [line for line in result.err.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / expected}"]
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_sheet_not_saved_as_utf8_says_how_to_export_it(tmp_path: Path, cli):
    (tmp_path / "gym.csv").write_bytes("name;steps\nÜbung;Stehen.\n".encode("cp1252"))
    result = cli("build", tmp_path / "gym.csv", "-o", tmp_path / "out")
    assert result.code == 1
    assert f"{tmp_path / 'gym.csv'}:2: not valid UTF-8 (byte 11) (save or export the sheet as 'CSV UTF-8')" in result.err


def test_excel_sep_line_names_the_delimiter(tmp_path: Path, cli):
    sheet = write(tmp_path / "gym.csv", "sep=;\nname;steps\nSquat;Sit back.\n;Stand.\n")
    result = cli("validate", sheet)
    assert result.code == 1
    assert f"error: {sheet}:4: row 2, column 'name': is empty" in result.err
    assert "Checked 1 exercise, 1 failed" in result.err


def test_a_column_named_with_a_hash_is_the_users_own_and_not_read(tmp_path: Path, cli):
    """A gym's sheet keeps its own notes beside the exercises: one such column rejected the file."""
    sheet = write(tmp_path / "gym.csv", "name,steps,#Notes for the team\nPlank,Hold the line.,ask Tom\n"
                                        ",,a row of notes only: no exercise\n")
    [ex] = load_exercises(sheet)
    assert ex.steps == ("Hold the line.",) and "ask Tom" not in repr(ex)
    assert cli("build", sheet, "-o", tmp_path / "out").code == 0
