"""Visual regression: page images of each built-in layout compared with stored references.

Text and page-count tests cannot see a box drawn over a step or a picture in the wrong place;
these compare pixels. Pages are rendered small (36 dpi, greyscale) with pypdfium2 and must
match the reference in ``tests/visual/`` within a tolerance that absorbs anti-aliasing but
not a moved block.

After an intended change to the look, refresh the references and look at them before committing:

    CARDMAKER_UPDATE_REFERENCES=1 .venv/bin/pytest tests/test_visual.py
    git diff --stat tests/visual/
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops

from cardmaker.load.exercise import load_file
from cardmaker.load.layout import builtin_dir, builtin_names, load_layout
from cardmaker.render.card import render_card
from conftest import DATA

REFERENCES = Path(__file__).resolve().parent / "visual"
UPDATE = os.environ.get("CARDMAKER_UPDATE_REFERENCES") == "1"
SCALE = 0.5  # 36 dpi: enough to see every block, small enough to store
MAX_CHANGED = 0.004  # share of pixels allowed to differ by more than a quarter of the grey range
EXAMPLE = str(builtin_dir() / "examples" / "kraftwerk-gym.yaml")
# a card with a picture, a video and long text exercises most of each layout; the German
# sample shows the gym example's translated headings
CASES = [(name, "goblet-squat") for name in builtin_names()] + [(EXAMPLE, "ausfallschritt")]


# real exercises from the shared corpus (read where they lie, never copied): a short one and a
# medium one with start and end photos, a long one with photos, one with a 700-character step
# and no photos, and one without steps (start and end photos, the dose); compared when the corpus
# is on the machine
CORPUS = Path("/work/shared/corpus/free-exercise-db")
REAL = {"short": "3_4_Sit-Up", "medium": "Scissor_Kick", "long": "Barbell_Squat", "long-step": "Leg_Extensions",
        "no-steps": "Iron_Cross"}
REAL_LAYOUTS = ("wall-card-a4", "poster-a3", "card-a4", "handout-a4", "pocket-card-a6", "index-card-3x5")
REAL_CASES = [(layout, f"real-{kind}") for layout in REAL_LAYOUTS for kind in REAL]


def _real(kind: str, folder: Path):
    """A corpus exercise as cardmaker reads it (a JSON file beside nothing: pictures by absolute path)."""
    import json

    from cardmaker.load.exercise import load_exercises

    e = next(x for x in json.loads((CORPUS / "dist" / "exercises.json").read_text(encoding="utf-8"))
             if x["id"] == REAL[kind])
    pics = [str(CORPUS / "exercises" / p) for p in e["images"] if (CORPUS / "exercises" / p).is_file()]
    path = folder / f"{kind}.json"
    path.write_text(json.dumps({"name": e["name"], "category": e["category"], "level": e["level"],
                                "steps": e["instructions"], "images": pics,
                                "prescription": {"sets": "3", "reps": "10", "rest": "90 s"}}), encoding="utf-8")
    return load_exercises(path)[0]


def _pages(layout: str, exercise: str, folder: Path | None = None) -> list[Image.Image]:
    if exercise.startswith("real-"):
        ex = _real(exercise[5:], folder)
        pdf = pypdfium2.PdfDocument(render_card(ex, load_layout(layout)))
        return [pdf[i].render(scale=SCALE, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    (ex,), errors = load_file(DATA / f"{exercise}.yaml")
    assert not errors
    pdf = pypdfium2.PdfDocument(render_card(ex, load_layout(layout)))
    return [pdf[i].render(scale=SCALE, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]


def _changed(actual: Image.Image, reference: Image.Image) -> float:
    diff = ImageChops.difference(actual, reference).point(lambda v: 255 if v > 64 else 0)
    return diff.histogram()[255] / (actual.width * actual.height)


@pytest.mark.parametrize("layout, exercise", CASES, ids=[f"{Path(l).stem}" for l, _ in CASES])
def test_page_looks_like_reference(layout: str, exercise: str, tmp_path: Path):
    _compare(layout, exercise, tmp_path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
@pytest.mark.parametrize("layout, exercise", REAL_CASES, ids=[f"{l}-{e}" for l, e in REAL_CASES])
def test_real_exercise_looks_like_reference(layout: str, exercise: str, tmp_path: Path):
    _compare(layout, exercise, tmp_path)


def _compare(layout: str, exercise: str, tmp_path: Path) -> None:
    pages = _pages(layout, exercise, tmp_path)
    stale = REFERENCES / f"{Path(layout).stem}--{exercise}--{len(pages) + 1}.png"
    if UPDATE:
        stale.unlink(missing_ok=True)
    assert not stale.exists(), f"the reference has more pages than the {len(pages)} rendered now"
    for number, actual in enumerate(pages, 1):
        reference_file = REFERENCES / f"{Path(layout).stem}--{exercise}--{number}.png"
        if UPDATE:
            actual.save(reference_file, optimize=True)
            continue
        assert reference_file.exists(), f"no reference {reference_file.name}; see this file's docstring to create it"
        reference = Image.open(reference_file).convert("L")
        assert actual.size == reference.size, f"page size changed: {actual.size} vs {reference.size}"
        changed = _changed(actual, reference)
        if changed > MAX_CHANGED:
            actual.save(tmp_path / "actual.png")
            ImageChops.difference(actual, reference).save(tmp_path / "diff.png")
            pytest.fail(f"{reference_file.name}: {changed:.2%} of pixels differ (allowed {MAX_CHANGED:.1%}); "
                        f"actual and diff images in {tmp_path}")


def test_the_comparison_notices_a_moved_block():
    """The tolerance is not so loose that a real change passes."""
    page = _pages("card-a4", "goblet-squat")[0]
    shifted = Image.new("L", page.size, 255)
    shifted.paste(page.crop((0, 0, page.width, page.height - 6)), (0, 6))  # everything 6 px (12 pt) lower
    assert _changed(page, page) == 0
    assert _changed(shifted, page) > MAX_CHANGED * 5
