"""`cardmaker validate`: every problem in one run, warnings that do not fail, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, write

BROKEN = """\
name: Plank
step: [Hold it.]
tips: [{x: 1}]
faq: 3
colour: red
"""


def test_every_problem_of_an_exercise_is_reported_once_each_in_line_order(tmp_path: Path, cli):
    bad = write(tmp_path / "bad.yaml", BROKEN)
    result = cli("validate", bad)
    assert result.code == 1
    assert [line for line in result.err.splitlines() if line.startswith("error:")] == [
        f"error: {bad}:2: step: unknown key 'step' (did you mean 'steps'?)",  # no 'missing steps' after it
        f"error: {bad}:3: tips[0]: expected text, got a mapping",
        f"error: {bad}:4: faq: expected a list of {{q: ..., a: ...}}, got a number",
        f"error: {bad}:5: colour: unknown key 'colour' (expected one of: category, cautions, credit, description, "
        "equipment, faq, id, image, images, language, level, muscles, name, prescription, steps, summary, tags, tips, video)",
    ]
    assert "Checked 0 exercises, 1 failed in " in result.err  # one exercise failed, however many problems


def test_a_missing_picture_is_a_warning_and_the_card_is_built_without_it(tmp_path: Path, cli):
    write(tmp_path / "in" / "plank.yaml", "name: Plank\nsteps: [Hold it.]\nimage: gone.png\n")
    checked = cli("validate", tmp_path / "in")
    assert checked.code == 0
    assert checked.err.startswith(f"warning: {tmp_path / 'in' / 'plank.yaml'}:3: image: image not found: ")
    built = cli("build", tmp_path / "in", "-o", tmp_path / "out")
    assert built.code == 0 and "Built 1 card, 1 warning in " in built.err
    assert (tmp_path / "out" / "plank.pdf").exists()


def test_text_that_shrinks_below_the_comfortable_size_is_a_warning_and_too_much_an_error(tmp_path: Path, cli):
    long = "Keep the movement slow and controlled, breathing out as you push. " * 3
    write(tmp_path / "in" / "long.yaml", f"name: Long\nsteps: {[long] * 12}\n")  # fits at 12.5 pt
    write(tmp_path / "in" / "huge.yaml", f"name: Huge\nsteps: {[long * 4] * 12}\n")
    write(tmp_path / "in" / "short.yaml", "name: Short\nsteps: [Stand up.]\n")
    one_page = write(tmp_path / "one-page.yaml", "extends: wall-card-a4\nfit: {max_pages: 1}\n")
    result = cli("validate", tmp_path / "in", "-l", one_page, "-j", "1")
    assert result.code == 1
    lines = result.err.splitlines()
    assert any(line.startswith("error: ") and "'huge' does not fit one page of layout 'one-page'" in line
               for line in lines), result.err
    [warning] = [line for line in lines if line.startswith("warning: ")]
    assert "'long' prints at " in warning and "below its comfortable 18 pt" in warning
    assert lines[-1].startswith("Checked 2 exercises, 1 failed, 1 warning in ")
    # the wall card itself goes on over a second page rather than print below 14 pt
    wall = cli("validate", tmp_path / "in", "-l", "wall-card-a4", "-j", "1").err.splitlines()
    [warning] = [line for line in wall if line.startswith("warning: ")]
    assert "'long' goes on over 2 pages on layout 'wall-card-a4' (too long for one at 14 pt)" in warning
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.parametrize("output", [("-o", "out"), ("--combine", "all.pdf"), ("--combine", "all.pdf", "--only", "long,short")])
def test_build_warns_below_the_comfortable_size_as_validate_does(tmp_path: Path, cli, output):
    """One PDF per card, a combined file streamed as the files are read, and one whose
    exercises are chosen first (``--only``): each says which card prints below the layout's
    comfortable size, once, and builds it."""
    long = "Keep the movement slow and controlled, breathing out as you push. " * 3
    write(tmp_path / "in" / "long.yaml", f"name: Long\nsteps: {[long] * 12}\n")
    write(tmp_path / "in" / "short.yaml", "name: Short\nsteps: [Stand up.]\n")
    exacting = write(tmp_path / "exacting.yaml", "extends: card-a4\nfit: {comfortable_size: 20pt}\n")
    args = [tmp_path / output[1], *output[2:]]
    result = cli("build", tmp_path / "in", "-l", exacting, output[0], *args, "-j", "1")
    assert result.code == 0, result.err
    [warning] = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert "'long' prints at " in warning and "below its comfortable 20 pt" in warning
    assert "Built 2 cards, 1 warning in " in result.err


def test_an_exercise_without_steps_yet_is_a_warning_naming_the_line(tmp_path: Path, cli):
    """``steps: []`` ("no steps yet", as an import writes it when its source gave none) loads,
    but its card would print little more than the name: validate and build say so, with the
    line; with a description in the steps' place they do not."""
    empty = write(tmp_path / "in" / "empty.yaml", "name: Empty\nid: empty\nsteps: []\n")
    write(tmp_path / "in" / "prose.yaml", "name: Prose\nsteps: []\ndescription: Sit tall and breathe slowly.\n")
    for command in (("validate",), ("build", "--combine", tmp_path / "all.pdf")):
        result = cli(command[0], tmp_path / "in", *command[1:])
        assert result.code == 0, result.err
        [warning] = [line for line in result.err.splitlines() if line.startswith("warning: ")]
        assert warning.startswith(f"warning: {empty}:3: steps: no steps yet: the card prints no instructions")
    assert (tmp_path / "all.pdf").exists()


def test_garbled_text_is_a_warning_and_correct_accents_are_not(tmp_path: Path, cli):
    """Text read once with the wrong encoding ("CafÃ©", "Donâ€™t") prints as written but is
    most likely not what was meant: a warning naming the line, the field and the likely text.
    Accents, quotes and fractions written right (é, ’, ¾, °) give none."""
    garbled = write(tmp_path / "in" / "garbled.yaml",
                    "name: CafÃ© Squat\nsteps:\n  - \"Donâ€™t lock your knees.\"\n  - Stand up.\n")
    write(tmp_path / "in" / "right.yaml", "name: Café Squat\nsteps: [\"Don’t lock ¾ of the way, 90° at most.\"]\n")
    result = cli("validate", tmp_path / "in")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: {garbled}:1: name: 'CafÃ© Squat' looks garbled (read with the wrong encoding); it is printed "
        "as written (probably 'Café Squat': correct it in the file)",
        f"warning: {garbled}:3: steps[0]: 'Donâ€™t lock your' looks garbled (read with the wrong encoding); it is "
        "printed as written (probably 'Don’t lock your': correct it in the file)"]


def test_the_comfortable_size_is_a_layout_key(tmp_path: Path, cli):
    lenient = write(tmp_path / "lenient.yaml", "extends: card-a4\nfit: {comfortable_size: 8pt}\n")
    assert "warning" not in cli("validate", DATA, "-l", lenient).err
    assert "2 warnings" in cli("validate", DATA).err  # card-a4: 9.5 pt; two samples print at 8 and 9
    wrong = write(tmp_path / "wrong.yaml", "extends: card-a4\nfit: {comfortable_size: 40pt}\n")
    result = cli("validate", DATA, "-l", wrong)
    assert result.code == 1
    assert f"error: {wrong}:2: fit.comfortable_size: should lie between min_size (8pt) and max_size (32pt), " \
           "got 40pt" in result.err


def test_a_broken_layout_is_not_counted_as_a_failed_exercise(tmp_path: Path, cli):
    from conftest import DATA, write

    layout = write(tmp_path / "bad.yaml", "extends: card-a4\ntheme: {title: navy}\n")
    result = cli("validate", DATA, "-l", layout)
    assert result.code == 1 and "bad.yaml:2: theme.title: expected a colour" in result.err
    assert "; the layout failed, so nothing was fitted." in result.err and "failed in" not in result.err


def test_the_legible_size_is_a_layout_key_within_the_size_range(tmp_path: Path, cli):
    from cardmaker.load.layout import load_layout

    wrong = write(tmp_path / "wrong.yaml", "extends: wall-card-a4\nfit: {legible_size: 50pt}\n")
    result = cli("validate", DATA, "-l", wrong)
    assert result.code == 1
    assert f"error: {wrong}:2: fit.legible_size: should lie between min_size (12pt) and max_size (40pt), " \
           "got 50pt" in result.err
    smaller = write(tmp_path / "smaller.yaml", "extends: wall-card-a4\nfit: {min_size: 16pt, max_size: 30pt}\n")
    assert load_layout(smaller).legible_size == 16  # the wall card's 14 pt follows a child's own range
    assert load_layout("card-a4").legible_size == 0  # none unless a layout says so


def test_max_pages_is_for_one_sided_layouts_that_shrink(tmp_path: Path, cli):
    from cardmaker.load.layout import load_layout

    assert load_layout("wall-card-a4").max_pages == 2 and load_layout("card-a4").max_pages == 1
    handout = write(tmp_path / "handout.yaml", "extends: handout-a4\nfit: {max_pages: 2}\n")
    result = cli("validate", DATA, "-l", handout)
    assert result.code == 1 and "Traceback" not in result.err
    assert f"error: {handout}:2: fit.max_pages: only a one-sided layout whose fit mode is 'shrink' goes on over " \
           "more pages" in result.err
    two_sided = write(tmp_path / "pocket.yaml", "extends: pocket-card-a6\nfit: {max_pages: 3}\n")
    assert "fit.max_pages: only a one-sided layout" in cli("validate", DATA, "-l", two_sided).err
    half = write(tmp_path / "half.yaml", "extends: wall-card-a4\nfit: {max_pages: 1.5}\n")
    assert "fit.max_pages: expected a whole number of pages, got 1.5" in cli("validate", DATA, "-l", half).err
    flowing = write(tmp_path / "flowing.yaml", "extends: wall-card-a4\nfit: {mode: continue}\n")
    assert load_layout(flowing).max_pages == 1  # the wall card's 2 does not bind a child that continues
    shown = cli("layouts", "show", "wall-card-a4").text
    assert "# goes on over up to 2 pages: a card too long for one at 14 pt" in shown
    assert "goes on over" not in cli("layouts", "show", "card-a4").text
