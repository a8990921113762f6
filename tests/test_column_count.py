"""How many columns a card's body takes: one while it reaches the same size (short steps read
down, not across), two where one column's lines would run past about 95 characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cardmaker.load.exercise import load_exercises
from cardmaker.load.layout import load_layout
from cardmaker.render.card import _trees, card_geometry, choose
from cardmaker.typeset import display as d
from cardmaker.typeset.card import compose_card
from cardmaker.typeset.compose import CHAR_EM, MAX_MEASURE

CORPUS = Path("/work/shared/corpus/free-exercise-db")


def _load(tmp_path: Path, steps: list[str], cautions: tuple[str, ...] = ()):
    text = "name: Upward Stretch\nid: upward\nsteps:\n" + "".join(f"  - {json.dumps(s)}\n" for s in steps)
    text += "cautions:\n" + "".join(f"  - {json.dumps(c)}\n" for c in cautions) if cautions else ""
    (tmp_path / "ex.yaml").write_text(text, encoding="utf-8")
    return load_exercises(tmp_path / "ex.yaml")[0]


def _step_tops(page: d.Page, size: float, starts: list[str]) -> list[tuple[float, float]]:
    """(x, y) of the first line of each step, found by its first words."""
    runs = [op for op in page.ops if isinstance(op, d.GlyphRun) and op.size == size]
    return [next((op.x, op.y) for op in runs if op.text.startswith(s)) for s in starts]


@pytest.mark.parametrize("layout", ["index-card-3x5", "index-card-4x6"])
def test_two_short_steps_on_an_index_card_read_down_one_column(tmp_path: Path, layout: str):
    """The 3x5 card set two short steps in two columns: step 2 stood at the head of the right
    column, higher than step 1 under the heading. Now the steps read down, the second under the first."""
    ex = _load(tmp_path, ["Extend both hands straight above your head, palms touching.",
                          "Slowly push your hands up and back, keeping your back straight."])
    chosen = choose(ex, load_layout(layout))
    assert chosen.arrangement.columns == 1
    comp = chosen.composition
    (x1, y1), (x2, y2) = _step_tops(comp.pages[0], comp.size, ["Extend", "Slowly"])
    assert x1 == pytest.approx(x2) and y2 < y1


def test_a_long_index_card_still_takes_two_columns_when_they_set_it_larger(tmp_path: Path):
    """Many steps on a card whose back has its own safety notes (the steps stay on the front):
    two columns reach a larger size than one, and are chosen."""
    from dataclasses import replace

    steps = [f"Step {i}: keep the back long and the knees over the toes while you lower slowly." for i in range(14)]
    lay = load_layout("index-card-4x6")
    ex = _load(tmp_path, steps, cautions=("Stop if the knee hurts.",))
    chosen = choose(ex, lay)
    assert chosen.arrangement.columns == 2 and not chosen.composition.carried
    one = replace(chosen.arrangement, columns=1)
    assert not compose_card(_trees(ex, lay)(one), card_geometry(lay, 1), chosen.composition.size, drawing=False).fits


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_one_column_too_wide_at_the_same_size_gives_way_to_two(tmp_path: Path):
    """A real exercise that one column holds at 7.5 pt on the 4x6 card, as two columns do: one
    column's lines would run past 95 characters, so two columns are chosen at that size. (On the
    3x5 card Smith_Single-Leg_Split_Squat did so until its steps could go on over the page in
    flowing columns at a larger size.)"""
    from dataclasses import replace

    record = next(r for r in json.loads((CORPUS / "dist" / "exercises.json").read_text(encoding="utf-8"))
                  if r["id"] == "Flexor_Incline_Dumbbell_Curls")
    pictures = [str(CORPUS / "exercises" / p) for p in record["images"]]
    (tmp_path / "ex.json").write_text(json.dumps({"name": record["name"], "steps": record["instructions"],
                                                  "images": pictures, "category": record["category"],
                                                  "level": record["level"],
                                                  "muscles": {"primary": record["primaryMuscles"],
                                                              "secondary": record["secondaryMuscles"]},
                                                  "equipment": [record["equipment"]]}), encoding="utf-8")
    ex = load_exercises(tmp_path / "ex.json")[0]
    lay = load_layout("index-card-4x6")
    chosen = choose(ex, lay)
    size = chosen.composition.size
    assert chosen.arrangement.columns == 2
    one = replace(chosen.arrangement, columns=1)
    assert compose_card(_trees(ex, lay)(one), card_geometry(lay, 1), size, drawing=False).fits  # a tie in size
    assert card_geometry(lay, 1).column_width > MAX_MEASURE * CHAR_EM * size
    assert card_geometry(lay, 2).column_width <= MAX_MEASURE * CHAR_EM * size


@pytest.mark.parametrize("layout, times", [("wall-card-a4", 1), ("wall-card-a4", 2), ("poster-a3", 2),
                                           ("pocket-card-a6-single", 2)])
def test_a_card_too_long_for_one_page_at_its_legible_size_goes_to_more_pages_at_once(tmp_path: Path, layout: str,
                                                                                      times: int, monkeypatch):
    """A card that cannot fit one page at the legible size even with its tips left out, its
    steps split and its pictures at their least is composed on the pages it needs straight away:
    the same card as the whole one-page search would give, in fewer trials (goblet-squat on the
    wall card: 18 trials before, 8 now)."""
    import shutil

    from cardmaker.render import card as render_card

    data = Path(__file__).resolve().parent.parent / "data"
    shutil.copy(data / "goblet-squat.yaml", tmp_path / "g.yaml")
    shutil.copytree(data / "images", tmp_path / "images")
    ex = load_exercises(tmp_path / "g.yaml")[0]
    from dataclasses import replace as dreplace
    long_ex = dreplace(ex, steps=ex.steps * times)
    lay = load_layout(layout)
    fast = choose(long_ex, lay)
    monkeypatch.setattr(render_card, "_longer_at_once", lambda *a: None)
    slow = choose(long_ex, lay)
    assert len(fast.composition.pages) == 2 and fast.composition.size >= lay.page_floor
    assert (fast.composition.size, len(fast.composition.pages), fast.arrangement) == \
        (slow.composition.size, len(slow.composition.pages), slow.arrangement)
    assert fast.trials < slow.trials


def test_a_card_guessed_to_hold_one_page_is_not_checked_for_more_and_its_trials_are_shared(tmp_path: Path,
                                                                                          monkeypatch):
    """The check for a card too long for one page (a trial without its tips, at its legible
    size) cost every wall card a trial and a second block tree: a card whose whole body is
    guessed to hold one page there is not checked, and the one-page search uses the trials and
    trees the check made. The same card, in fewer trials."""
    from cardmaker.render import card as render_card
    from cardmaker.typeset.trials import Trials

    (tmp_path / "ex.yaml").write_text("name: Calf Raise\nsteps:\n  - Rise onto the toes.\n"
                                      "  - Lower slowly.\ntips:\n  - Keep the knees soft.\n", encoding="utf-8")
    ex = load_exercises(tmp_path / "ex.yaml")[0]
    lay = load_layout("wall-card-a4")
    tried = []
    measure = Trials.measure
    monkeypatch.setattr(Trials, "measure", lambda self, arr, size: tried.append((arr, size)) or measure(self, arr, size))
    chosen = choose(ex, lay)
    assert chosen.composition.fits and chosen.composition.size == lay.max_size
    assert not any(arr.lean for arr, _ in tried)  # no check without the tips
    assert len(set(tried)) <= 2  # the largest size, and the one above it on the grid is not on it: at most two


@pytest.mark.parametrize("layout, name, word", [
    ("wall-card-a4", "Brustmuskeldehnung am Türrahmen", "Brustmuskeldehnung"),
    ("pocket-card-a6", "Oberschenkelrückseitendehnung im Stehen", "Oberschenkelrückseitendehnung"),
    ("index-card-3x5", "Oberschenkelrückseitendehnung im Stehen", "Oberschenkelrückseitendehnung")])
def test_a_name_keeps_its_words_whole_the_body_giving_way(tmp_path: Path, layout: str, name: str, word: str):
    """A German gym's wall card printed "Brustmuskeldehn-" / "ung am Türrahmen": the title may
    not shrink below 1.45 body sizes, and the body was at 40 pt. The body size now gives way
    until the name's words keep whole (where the layout's title size lets them: a word too wide
    even there is cut, with a hyphen)."""
    (tmp_path / "ex.yaml").write_text(f"name: {name}\nsteps:\n"
                                      "  - Stelle dich aufrecht hin.\n  - Beuge dich langsam nach vorne.\n",
                                      encoding="utf-8")
    ex = load_exercises(tmp_path / "ex.yaml")[0]
    comp = choose(ex, load_layout(layout)).composition
    title = [op.text for op in comp.pages[0].ops if isinstance(op, d.GlyphRun) and op.size > comp.size * 1.4]
    assert any(word in text for text in title), title
    assert not any(text.rstrip().endswith("-") for text in title), title
