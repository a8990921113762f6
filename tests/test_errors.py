"""Bad input: one clear line naming file, line and field, exit 1, no traceback, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import outputs, pdf_text, write

GOOD = "name: Good One\nsteps: [Stand up.]\n"

CASES = {
    "yaml-syntax": ("name: Plank\nsteps:\n  - Hold\n - Breathe\n", "bad.yaml:4: YAML syntax error"),
    "step-is-mapping": ("name: Plank\nsteps:\n  - a\n  - b\n  - c\n  - {x: 1}\n",
                        "bad.yaml:6: steps[3]: expected text, got a mapping"),
    "unknown-key": ("name: Plank\nstep: [a]\nsteps: [a]\n", "bad.yaml:2: step: unknown key 'step' (did you mean 'steps'?)"),
    "missing-name": ("steps: [a]\n", "bad.yaml:1: missing required key 'name'"),
    "missing-steps": ("name: Plank\n", "missing required key 'steps'"),  # or a description in their place
    "empty-file": ("", "bad.yaml: the file is empty; expected an exercise with 'name' and 'steps'"),
    "steps-is-text": ("name: Plank\nsteps: Hold it\n", "bad.yaml:2: steps: expected a list of texts, got text"),
    "empty-step": ("name: Plank\nsteps: [a, '']\n", "steps[1]: is empty"),
    "faq-missing-answer": ("name: Plank\nsteps: [a]\nfaq:\n  - q: Why?\n", "bad.yaml:4: faq[0]: missing 'a'"),
    "faq-unknown-key": ("name: Plank\nsteps: [a]\nfaq:\n  - {q: 'Why', answer: Because}\n",
                        "faq[0].answer: unknown key 'answer'"),
    "prescription-key": ("name: Plank\nsteps: [a]\nprescription: {sets: 3, repetitions: 10}\n",
                         "bad.yaml:3: prescription.repetitions: unknown key 'repetitions' (did you mean 'reps'?)"),
    "duplicate-key": ("name: Plank\nsteps: [a]\nname: Again\n", "bad.yaml:3: duplicate key 'name'"),
    "python-tag": ("name: !!python/object:os.system x\nsteps: [a]\n", "bad.yaml:1: name: unsupported YAML tag"),
    "bad-id": ("name: Plank\nid: ../../etc\nsteps: [a]\n", "bad.yaml:2: id: '../../etc' is not usable as a file name"),
    "not-a-mapping": ("- just words\n", "bad.yaml:1: [0]: expected an exercise"),
    "latin-1": (None, "bad.yaml:1: not valid UTF-8 (byte 6) (save the file with UTF-8 encoding)"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_file_reports_one_line_and_good_files_still_build(tmp_path: Path, cli, case: str):
    content, expected = CASES[case]
    bad = tmp_path / "in" / "bad.yaml"
    if content is None:
        bad.parent.mkdir(parents=True)
        bad.write_bytes("name: Übung\nsteps: [Kniebeuge für Anfänger]\n".encode("latin-1"))
    else:
        write(bad, content)
    write(tmp_path / "in" / "good.yaml", GOOD)
    result = cli("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 1
    assert "Traceback" not in result.text
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.err
    assert expected in errors[0]
    assert str(bad) in errors[0]
    assert "Built 1 card, 1 failed in " in result.err
    assert outputs(tmp_path / "out") == ["good-one.pdf"]


def test_duplicate_ids_in_one_batch(tmp_path: Path, cli):
    write(tmp_path / "a.yaml", GOOD)
    write(tmp_path / "b.yaml", GOOD)
    result = cli("build", tmp_path / "a.yaml", tmp_path / "b.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert f"b.yaml:1: id: exercise id 'good-one' is also used at {tmp_path / 'a.yaml'}:1 " in result.err


def test_duplicate_ids_in_a_list_name_both_lines(tmp_path: Path, cli):
    dups = write(tmp_path / "dups.yaml", "- {name: A, steps: [x]}\n- {name: B, steps: [y]}\n- {name: A, steps: [z]}\n")
    result = cli("validate", dups)
    assert f"error: {dups}:3: id: exercise id 'a' is also used at {dups}:1 (give one of them a different 'id')" \
        in result.err


def test_missing_input_path(tmp_path: Path, cli):
    result = cli("build", tmp_path / "nope.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "nope.yaml: no such file or folder" in result.err


def test_output_path_that_is_a_file(tmp_path: Path, cli):
    write(tmp_path / "a.yaml", GOOD)
    write(tmp_path / "out", "I am a file")
    result = cli("build", tmp_path / "a.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "output path exists and is not a folder" in result.err


def test_unknown_layout_suggests_a_name(tmp_path: Path, cli):
    write(tmp_path / "a.yaml", GOOD)
    result = cli("build", tmp_path / "a.yaml", "-o", tmp_path / "out", "-l", "card-a5")
    assert result.code == 1
    assert "no layout named 'card-a5'" in result.err and "did you mean 'card-a4'?" in result.err


def test_usage_error_exits_2(cli):
    assert cli("build").code == 2


def test_validate_reports_every_problem(tmp_path: Path, cli):
    write(tmp_path / "a.yaml", "name: A\nstep: [x]\n")
    write(tmp_path / "b.yaml", "name: B\nsteps: [{x: 1}]\n")
    write(tmp_path / "c.yaml", GOOD)
    result = cli("validate", tmp_path)
    assert result.code == 1
    assert "a.yaml:2: step: unknown key 'step'" in result.err
    assert "b.yaml:2: steps[0]: expected text, got a mapping" in result.err
    assert "Checked 1 exercise, 2 failed in " in result.err
    assert cli("validate", tmp_path / "c.yaml").code == 0


@pytest.mark.parametrize("name, content", [
    ("empty.png", b""),
    ("text.png", b"hello, not a picture"),
    ("truncated.png", (DATA_IMAGE := Path(__file__).parent.parent / "data/images/goblet-squat.png").read_bytes()[:2000]),
])
def test_broken_images_are_input_errors(tmp_path: Path, cli, name: str, content: bytes):
    (tmp_path / name).write_bytes(content)
    write(tmp_path / "ex.yaml", f"name: Pic\nsteps: [a]\nimage: {name}\n")
    result = cli("build", tmp_path / "ex.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert f"ex.yaml:3: image: not a readable image (empty, truncated or another kind of file): {tmp_path / name}" in result.err


def test_one_bad_entry_in_a_list_file_does_not_cost_the_others(tmp_path: Path, cli):
    write(tmp_path / "list.yaml", "- name: Good\n  steps: [x]\n- name: Bad\n  steps: [null]\n")
    result = cli("build", tmp_path / "list.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "list.yaml:4: [1].steps[0]: expected text, got nothing" in result.err
    assert outputs(tmp_path / "out") == ["good.pdf"]


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, cli):
    write(tmp_path / "deep.yaml", "name: A\nsteps: " + "[" * 5000 + "]" * 5000 + "\n")
    write(tmp_path / "good.yaml", GOOD)
    result = cli("build", tmp_path, "-o", tmp_path / "out")
    assert result.code == 1
    assert "deep.yaml: nested too deeply" in result.err
    assert (tmp_path / "out" / "good-one.pdf").exists()


def test_import_refuses_two_documents_with_the_same_title(tmp_path: Path, cli):
    doc = "Plank\nA hold.\nInstructions\n- Hold.\n"
    write(tmp_path / "a.txt", doc)
    write(tmp_path / "b.txt", doc)
    result = cli("import", tmp_path / "a.txt", tmp_path / "b.txt", "-o", tmp_path / "out")
    assert result.code == 1
    assert "b.txt: has the same title as" in result.err
    assert "Wrote 1 exercise file, 1 failed in " in result.err


@pytest.mark.parametrize("content, expected", [
    ("name: Tab\t\nsteps: [a]\n", "bad.yaml:1: YAML syntax error: found character '\\t' that cannot start any token"),
    ("name: Bell\x07 test\nsteps: [a]\n", "bad.yaml:1: control character U+0007 is not allowed in a YAML file "
                                          "(delete it; most editors do not show it)"),
])
def test_tabs_and_control_characters_are_refused_the_same_on_every_machine(tmp_path: Path, cli, content, expected):
    bad = write(tmp_path / "bad.yaml", content)
    result = cli("validate", bad)
    assert result.code == 1 and expected in result.err


def test_a_block_taller_than_a_page_on_a_continue_layout_is_an_error(tmp_path: Path, cli):
    heavy = "heavy " * 400
    write(tmp_path / "p.yaml", f"name: P\nsteps: [a]\nprescription: {{sets: 3, load: '{heavy}'}}\n")
    result = cli("build", tmp_path / "p.yaml", "-o", tmp_path / "out", "-l", "handout-a4")
    assert result.code == 1
    assert "part of the card is taller than a column of layout 'handout-a4'" in result.err
    assert not (tmp_path / "out" / "p.pdf").exists()


def test_a_read_only_output_folder_is_one_line_and_nothing_is_written(tmp_path: Path, cli, monkeypatch):
    """Root (as in CI) ignores permissions, so the refusals are simulated where they happen."""
    import os

    from conftest import DATA

    class ReadOnly:  # the output module's view of the system: nothing is writable
        access = staticmethod(lambda path, mode: False)

        def __getattr__(self, name):
            return getattr(os, name)

    monkeypatch.setattr("cardmaker.output.os", ReadOnly())
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path / "out")
    assert result.code == 1 and "out: output folder is not writable (choose another folder with -o)" in result.err
    monkeypatch.undo()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cardmaker.output._make_temp", refuse)  # the folder turns read-only after the check
    result = cli("build", DATA / "goblet-squat.yaml", DATA / "forearm-plank.yaml", "-o", tmp_path / "out", "-j", "1")
    assert result.code == 1 and "Permission denied" in result.err and "Traceback" not in result.err
    assert all(line.startswith(("error:", "warning:", "Built")) for line in result.err.splitlines()), result.err
    assert not list((tmp_path / "out").glob("*.pdf"))
    result = cli("booklet", DATA, "-o", tmp_path / "b.pdf")
    assert result.code == 1 and "cannot write: Permission denied" in result.err and not (tmp_path / "b.pdf").exists()


def test_right_to_left_words_from_the_command_line_are_refused_too(tmp_path: Path, cli):
    from conftest import DATA

    result = cli("booklet", DATA / "goblet-squat.yaml", "-o", tmp_path / "b.pdf", "--author", "שרה")
    assert result.code == 1 and "right-to-left text (Hebrew" in result.err and not (tmp_path / "b.pdf").exists()


def test_a_file_reached_twice_is_read_once(tmp_path: Path, cli):
    from conftest import DATA

    result = cli("build", DATA, DATA / "forearm-plank.yaml", DATA, "-o", tmp_path / "out")
    assert result.code == 0 and "error" not in result.err
    assert len(list((tmp_path / "out").glob("*.pdf"))) == len(list(DATA.glob("*.yaml")))


def test_a_program_among_the_exercises_is_skipped_with_a_warning(tmp_path: Path, cli):
    write(tmp_path / "in" / "squat.yaml", "name: Squat\nsteps: [Sit back.]\n")
    write(tmp_path / "in" / "plan.yaml", "title: Plan\nexercises:\n  - {id: squat}\n")
    result = cli("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 0 and "plan.yaml:1: looks like a program, not an exercise: skipped" in result.err
    assert outputs(tmp_path / "out") == ["squat.pdf"]


def test_an_image_that_is_a_folder_says_so(tmp_path: Path, cli):
    (tmp_path / "in" / "pics").mkdir(parents=True)
    write(tmp_path / "in" / "squat.yaml", "name: Squat\nimage: pics\nsteps: [Sit back.]\n")
    result = cli("build", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 1 and "squat.yaml:2: image:" in result.err and "is a folder" in result.err


def test_a_usage_error_in_a_subcommand_names_that_command_once(cli):
    result = cli("layouts", "show", "card-a4", "-x")
    line = result.err.strip()  # the runner calls the program 'main'; the shell, 'cardmaker'
    assert result.code == 2 and line.endswith(" layouts show --help')") and line.count("layouts") == 1, line


def test_an_exercise_with_only_a_description_prints_it_in_the_steps_place(tmp_path: Path, cli):
    source = tmp_path / "in" / "wall-sit.yaml"
    source.parent.mkdir()
    source.write_text("name: Wall Sit\ndescription: Lean on a wall and slide down until your knees are bent.\n")
    result = cli("build", source, "-o", tmp_path / "out", "-l", "card-a4")
    assert result.code == 0, result.text
    text = " ".join(pdf_text(tmp_path / "out" / "wall-sit.pdf").split())
    assert "Instructions" in text and text.count("Lean on a wall") == 1


def test_a_bug_in_cardmaker_is_one_line_exit_70_and_leaves_no_file(tmp_path: Path, cli, monkeypatch):
    """A failure of ours (not of the input) is reported as such, without a traceback; the
    variable named in the line brings the traceback back."""
    import cardmaker.render.booklet as booklet_render

    write(tmp_path / "in" / "squat.yaml", GOOD)

    def broken(*args, **kwargs):
        raise OverflowError("int too big to convert")

    monkeypatch.setattr(booklet_render, "render_booklet", broken)
    out = tmp_path / "book.pdf"
    result = cli("booklet", tmp_path / "in", "-o", out)
    assert result.code == 70 and "Traceback" not in result.text, result.text
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("internal error: OverflowError: int too big to convert")
    assert "CARDMAKER_DEBUG=1" in lines[0] and not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "in"]
    monkeypatch.setenv("CARDMAKER_DEBUG", "1")
    with pytest.raises(OverflowError):
        cli("booklet", tmp_path / "in", "-o", out)


@pytest.mark.parametrize("command", [("build", "--combine"), ("booklet", "-o")])
def test_an_option_where_the_output_file_belongs_is_refused_not_written(tmp_path: Path, cli, command, monkeypatch):
    """`build in --combine -o out.pdf` once wrote a 15 MB file named "-o" and read out.pdf as input."""
    write(tmp_path / "in" / "squat.yaml", GOOD)
    monkeypatch.chdir(tmp_path)
    result = cli(*command[:1], tmp_path / "in", command[1], "-q", "out.pdf")
    assert result.code == 2 and "'-q' looks like an option, not a file name" in result.err, result.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
    fine = cli(*command[:1], tmp_path / "in", command[1], "./-q")
    assert fine.code == 0 and (tmp_path / "-q").read_bytes().startswith(b"%PDF"), fine.text


def test_a_name_that_starts_with_a_choice_is_taken_for_it():
    """'{gymname}' in a footer suggested 'name': the gym's name is 'gym'."""
    from cardmaker.errors import closest

    assert closest("gymname", ["gym", "name", "page"]) == "gym"
    assert closest("stpes", ["steps", "name"]) == "steps"  # near spellings as before
    layouts = ["pocket-card-a6", "pocket-card-a6-single", "wall-card-a4"]
    assert closest("pocket-card-a6-singel", layouts) == "pocket-card-a6-single"  # names of parts: the spelling
