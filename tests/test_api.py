"""The Python API (``import cardmaker``): every kind of source, the same PDFs as the command
line, located errors, nothing process-wide changed, and usable from a process pool."""

from __future__ import annotations

import csv
import io
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader

import cardmaker
from conftest import DATA

PLANK = {"name": "Forearm plank", "steps": ["Lie face down.", "Lift your hips."],
         "prescription": {"sets": 3, "hold": "30 s"}}


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_exercises_come_from_a_folder_a_file_text_bytes_a_mapping_or_a_list():
    assert len(cardmaker.read_exercises(DATA)) == 9
    assert [e.id for e in cardmaker.read_exercises(str(DATA / "goblet-squat.yaml"))] == ["goblet-squat"]
    assert cardmaker.read_exercises("name: Squat\nsteps: [Sit., Stand.]\n")[0].steps == ("Sit.", "Stand.")
    assert cardmaker.read_exercises(b'{"name": "Squat", "steps": ["Sit."]}', format="json")[0].id == "squat"
    assert cardmaker.read_exercises(b"name,steps.1,steps.2\nSquat,Sit.,Stand.\n", format="csv")[0].steps == \
        ("Sit.", "Stand.")
    assert cardmaker.read_exercises(PLANK)[0].prescription.sets == "3"
    assert [e.name for e in cardmaker.read_exercises([PLANK, {**PLANK, "name": "Side plank"}])] == \
        ["Forearm plank", "Side plank"]


def test_bad_data_raises_the_located_error_of_the_command_line():
    with pytest.raises(cardmaker.DataError) as err:
        cardmaker.read_exercises({"name": "Plank", "steps": ["Hold."], "colour": "red"})
    assert err.value.field == "colour" and "unknown key 'colour'" in str(err.value)
    with pytest.raises(cardmaker.CardmakerError) as err:
        cardmaker.read_exercises("name: A\nsteps: [a]\nsteps: [b]\n")
    assert err.value.line == 3
    with pytest.raises(cardmaker.DataError):
        cardmaker.read_exercises(42)


def test_pictures_resolve_against_root_and_stay_inside_it(tmp_path: Path):
    shutil.copy(DATA / "images" / "goblet-squat.png", tmp_path / "squat.png")
    (ex,) = cardmaker.read_exercises({**PLANK, "image": "squat.png"}, root=tmp_path)
    assert ex.image == tmp_path / "squat.png"
    inner = tmp_path / "inner"
    inner.mkdir()
    with pytest.raises(cardmaker.DataError) as err:
        cardmaker.read_exercises({**PLANK, "image": "../squat.png"}, root=inner)
    assert "leads outside the data folder" in str(err.value)
    assert cardmaker.read_exercises({**PLANK, "image": "../squat.png"}, root=inner, allow_outside=True)


def test_a_card_is_the_very_pdf_the_command_line_writes(tmp_path: Path, cli):
    assert cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path, "-l", "wall-card-a4").code == 0
    (ex,) = cardmaker.read_exercises(DATA / "goblet-squat.yaml")
    assert cardmaker.render_card(ex, layout="wall-card-a4") == (tmp_path / "goblet-squat.pdf").read_bytes()
    pdf = cardmaker.render_card(PLANK, layout={"extends": "wall-card-a4", "fit": {"max_size": "20pt"}})
    assert "Forearm plank" in _text(pdf) and "Lift your hips." in _text(pdf)


def test_cards_combined_or_on_sheets_and_a_booklet():
    exercises = cardmaker.read_exercises(DATA)
    combined = PdfReader(io.BytesIO(cardmaker.render_cards(exercises, layout="index-card-3x5")))
    assert len(combined.pages) == 18 and len(combined.outline) == 9  # index cards are two-sided
    sheets = cardmaker.render_cards(exercises, layout="index-card-3x5", sheet="A4", copies=2)
    assert len(PdfReader(io.BytesIO(sheets)).pages) == 2 * 5  # 18 cards, 4 to a landscape A4, fronts and backs
    with pytest.raises(cardmaker.CardmakerError):
        cardmaker.render_cards(exercises, copies=2)
    booklet = cardmaker.render_booklet(exercises[:3], title="Knee rehab")
    assert "Knee rehab" in _text(booklet) and exercises[0].name in _text(booklet)


def test_using_the_api_changes_nothing_process_wide(monkeypatch):
    from reportlab import rl_config

    def umask_called(mask):
        raise AssertionError("the umask is process-wide")

    monkeypatch.setattr(os, "umask", umask_called)
    before = (rl_config.useA85, csv.field_size_limit())
    exercises = cardmaker.read_exercises(b"name,steps\nSquat,Sit.\n", format="csv")
    cardmaker.render_cards(exercises + cardmaker.read_exercises(DATA)[:2], layout="index-card-3x5", sheet="A4")
    cardmaker.render_booklet(exercises)
    assert (rl_config.useA85, csv.field_size_limit()) == before


def _card_in_worker(name: str) -> bytes:
    return cardmaker.render_card(cardmaker.read_exercises(DATA / f"{name}.yaml")[0], layout="pocket-card-a6")


def test_a_process_pool_renders_the_same_cards_as_this_process():
    """As a web service or a task queue would use it: workers import cardmaker and render."""
    names = ["goblet-squat", "forearm-plank", "jumping-jacks", "single-leg-stand"]
    with ProcessPoolExecutor(2) as pool:
        remote = list(pool.map(_card_in_worker, names))
    assert remote == [_card_in_worker(n) for n in names]
    assert all(_text(pdf).count(" ") > 20 for pdf in remote)


def test_an_output_named_like_a_pdf_is_one_card_or_points_at_combine(tmp_path: Path, cli):
    one = tmp_path / "card.pdf"
    result = cli("build", DATA / "goblet-squat.yaml", "-o", one)
    assert result.code == 0 and one.is_file() and PdfReader(one).metadata.title == "Goblet Squat"
    many = cli("build", DATA, "-o", tmp_path / "cards.pdf")
    assert many.code == 1 and "--combine" in many.err and not (tmp_path / "cards.pdf").exists()


@pytest.mark.parametrize("args, words", [
    (["preview", str(DATA), "-o", "sheet.pdf"], "draws a PNG image, not PDF; name it sheet.png"),
    (["booklet", str(DATA), "-o", "somedir/"], "'somedir/' is a folder; name the booklet inside it"),
    (["booklet", str(DATA), "-o", "a/b/"], "'a/b/' is a folder"),
    (["build", str(DATA), "--combine", "out/"], "'out/' is a folder"),
])
def test_outputs_of_the_wrong_kind_are_refused_before_anything_is_written(tmp_path: Path, cli, monkeypatch,
                                                                          args: list[str], words: str):
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.code == 2 and words in result.err and "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_program_given_as_a_mapping_makes_its_schedule_and_a_wrong_one_is_a_cardmaker_error():
    exercises = cardmaker.read_exercises(DATA)
    program = {"title": "Knee", "days": ["Mon", "Thu"], "exercises": [{"id": "goblet-squat", "sets": 3, "reps": 8}]}
    text = _text(cardmaker.render_booklet(exercises, program=program))
    assert "Schedule" in text and "3 × 8" in text and "Knee" in text
    with pytest.raises(cardmaker.CardmakerError, match=r"no exercise with id 'goblet-sqat'.*did you mean 'goblet-squat'"):
        cardmaker.render_booklet(exercises, program={"title": "K", "exercises": [{"id": "goblet-sqat"}]})
    with pytest.raises(cardmaker.CardmakerError, match="program: expected a program file's path or a mapping, got int"):
        cardmaker.render_booklet(exercises, program=3)
    def sheets(qty: int) -> str:
        result = cardmaker.run_build(cardmaker.BuildJob(
            [DATA], combine=True, layout="index-card-3x5", printing={"sheet": "A4"},
            program={"title": "K", "exercises": [{"id": "goblet-squat", "qty": qty}]}))
        assert result.ok and result.made == 1
        return _text(result.pdf)
    once = sheets(1).count("Goblet Squat")
    assert once and sheets(2).count("Goblet Squat") == 2 * once and "Plank" not in sheets(1)


@pytest.mark.parametrize("option", [{"group_by": "color"}, {"sort": "random"}])
def test_an_unknown_grouping_or_order_is_refused_not_quietly_ignored(option: dict):
    exercises = cardmaker.read_exercises(DATA)
    (key, value), = option.items()
    with pytest.raises(cardmaker.OptionError, match=f"unknown {key} '{value}'") as caught:
        cardmaker.render_booklet(exercises, **option)
    assert caught.value.field == key
    assert cardmaker.render_booklet(exercises, group_by="muscle", sort="file").startswith(b"%PDF-")


@pytest.mark.parametrize("given", ["nope/", "my exercises/", "nope"])
def test_a_mistyped_folder_is_no_such_file_not_text(given: str, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(cardmaker.DataError, match=f"{given.rstrip('/')}: no such file or folder"):
        cardmaker.read_exercises(given)
    assert cardmaker.read_exercises("name: Plank\nsteps: [Hold]")[0].name == "Plank"  # text is still text


def test_sheet_names_in_any_case_and_checked_copies_and_layout():
    exercises = cardmaker.read_exercises(DATA)[:2]
    lower = cardmaker.render_cards(exercises, "index-card-3x5", sheet="a4")
    assert lower == cardmaker.render_cards(exercises, "index-card-3x5", sheet="A4")
    for copies in (0, "2", [1, 0], True):
        with pytest.raises(cardmaker.OptionError, match=r"copies: expected a whole number from 1"):
            cardmaker.render_cards(exercises, "index-card-3x5", sheet="A4", copies=copies)
    with pytest.raises(cardmaker.CardmakerError, match=r"layout: expected a built-in layout's name.*got None"):
        cardmaker.render_card(exercises[0], layout=None)


def test_a_combined_pdfs_title_is_in_the_layouts_words(tmp_path: Path, cli):
    """A German gym's combined PDF was titled "2 cards, layout kraftwerk-gym": its title now
    takes the layout's ``cards`` label (a PDF viewer's title bar, a screen reader's first words)."""
    from cardmaker.load.layout import builtin_dir

    for name in ("goblet-squat", "jumping-jacks"):
        shutil.copy(DATA / f"{name}.yaml", tmp_path / f"{name}.yaml")
    shutil.copytree(DATA / "images", tmp_path / "images")
    german = cli("build", tmp_path, "-l", builtin_dir() / "examples" / "kraftwerk-gym.yaml",
                 "--combine", tmp_path / "de.pdf")
    english = cli("build", tmp_path, "-l", "wall-card-a4", "--combine", tmp_path / "en.pdf")
    assert german.code == 0 and english.code == 0
    assert PdfReader(tmp_path / "de.pdf").metadata.title == "2 Karten, kraftwerk-gym"
    assert PdfReader(tmp_path / "en.pdf").metadata.title == "2 cards, wall-card-a4"


def test_a_picture_not_found_in_data_given_in_code_is_a_warning_not_silence(tmp_path: Path, monkeypatch):
    """The new-user probe: ``read_exercises`` dropped a picture it could not find without a
    word, and a build given those exercises reported no warning (the command line warns). The
    list it gives carries the warnings; a build or booklet reports them with its own; a card
    rendered straight from a mapping gives a Python warning."""
    monkeypatch.chdir(tmp_path)
    data = {"name": "Ghost", "steps": ["Stand."], "images": ["missing.jpg"]}
    exercises = cardmaker.read_exercises(data)
    assert exercises[0].images == () and len(exercises.warnings) == 1
    assert "missing.jpg" in str(exercises.warnings[0]) and "<data>" not in str(exercises.warnings[0])
    built = cardmaker.run_build(cardmaker.BuildJob([], exercises=exercises, output=tmp_path / "g.pdf", jobs=1))
    assert built.ok and any("missing.jpg" in str(w) for w in built.warnings)
    booklet = cardmaker.run_booklet(cardmaker.BookletJob([], exercises=exercises, output=tmp_path / "b.pdf"))
    assert booklet.ok and any("missing.jpg" in str(w) for w in booklet.warnings)
    with pytest.warns(UserWarning, match="missing.jpg"):
        assert cardmaker.render_card(data, "pocket-card-a6").startswith(b"%PDF")
    assert cardmaker.read_exercises({"name": "Fine", "steps": ["Stand."]}).warnings == []


def test_data_given_in_code_gets_the_messages_a_file_would(tmp_path: Path, monkeypatch):
    """The new-user probe's unclear messages: JSON text given with format="json" was reported
    as a YAML syntax error; raw free-exercise-db data failed with "[0].force: unknown key";
    an exercise without a name said only "missing required key 'name'"."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(cardmaker.DataError) as info:
        cardmaker.read_exercises('{"name": "X", "steps": ["a"]', format="json")
    assert "JSON syntax error" in str(info.value) and "YAML" not in str(info.value)
    assert cardmaker.read_exercises('{"name": "X", "steps": ["a"]}', format="json")[0].name == "X"
    raw = [{"id": "Plank", "name": "Plank", "force": "static", "level": "beginner", "instructions": ["Hold."],
            "primaryMuscles": ["abdominals"], "secondaryMuscles": [], "images": []}]
    with pytest.raises(cardmaker.DataError) as info:
        cardmaker.read_exercises(raw)
    assert "free-exercise-db JSON" in str(info.value) and "cardmaker import" in str(info.value)
    assert "<data>" not in str(info.value) and "force" not in str(info.value)
    (tmp_path / "raw.json").write_text(__import__("json").dumps(raw), encoding="utf-8")
    from click.testing import CliRunner

    from cardmaker.cli import main
    run = CliRunner().invoke(main, ["build", str(tmp_path / "raw.json"), "-o", str(tmp_path / "out")])
    assert run.exit_code == 1 and "is free-exercise-db JSON" in run.output and "Traceback" not in run.output
    with pytest.raises(cardmaker.DataError) as info:
        cardmaker.read_exercises({"steps": ["a"]})
    assert "missing required key 'name'" in str(info.value) and info.value.hint and "name" in info.value.hint
