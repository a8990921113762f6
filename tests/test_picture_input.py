"""Pictures in exercise files: ``images:`` (start, end, ...), ``image:`` as before, a picture as a
path or {file, caption, alt}, and a step's own picture; read from YAML and CSV, checked like one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cardmaker.errors import DataWarning
from cardmaker.incremental import card_digest
from cardmaker.load.exercise import load_file
from conftest import DATA, write


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    for name in ("goblet-squat", "forearm-plank", "single-leg-stand"):
        shutil.copy(DATA / "images" / f"{name}.png", tmp_path / f"{name}.png")
    return tmp_path


def _read(path: Path):
    exercises, problems = load_file(path, root=path.parent)
    return exercises, [str(p) for p in problems]


def test_images_keep_their_order_captions_and_alternatives(folder: Path):
    f = write(folder / "ex.yaml", "name: Squat\nsteps: [Sit., Stand.]\nimages:\n  - goblet-squat.png\n"
                                  "  - {file: forearm-plank.png, caption: End position, alt: Lying on the forearms}\n")
    (ex,), problems = _read(f)
    assert problems == []
    assert [p.path.name for p in ex.images] == ["goblet-squat.png", "forearm-plank.png"]
    assert [(p.caption, p.alt) for p in ex.images] == [(None, None), ("End position", "Lying on the forearms")]
    assert ex.image == folder / "goblet-squat.png" and ex.step_images == ()


def test_image_alone_is_still_one_picture_and_a_single_path_under_images_too(folder: Path):
    one = write(folder / "one.yaml", "name: A\nsteps: [x]\nimage: {file: goblet-squat.png, caption: Start}\n")
    bare = write(folder / "bare.yaml", "name: B\nsteps: [x]\nimages: goblet-squat.png\n")
    (a,), _ = _read(one)
    (b,), _ = _read(bare)
    assert [(p.path.name, p.caption) for p in a.images] == [("goblet-squat.png", "Start")]
    assert [p.path.name for p in b.images] == ["goblet-squat.png"]


def test_a_step_may_carry_its_own_picture(folder: Path):
    f = write(folder / "ex.yaml", "name: Stand\nsteps:\n  - {text: Stand tall., image: single-leg-stand.png}\n"
                                  "  - Sit down.\n")
    (ex,), problems = _read(f)
    assert problems == [] and ex.steps == ("Stand tall.", "Sit down.")
    assert ex.step_images[0].path.name == "single-leg-stand.png" and ex.step_images[1] is None
    assert ex.picture_files == (folder / "single-leg-stand.png",)


@pytest.mark.parametrize("body, message", [
    ("steps: [x]\nimage: goblet-squat.png\nimages: [goblet-squat.png]\n",
     ":4: images: both 'image' and 'images' are given"),
    ("steps: [x]\nimages: [{caption: End}]\n", ":3: images[0]: missing 'file'"),
    ("steps: [x]\nimages: [{file: goblet-squat.png, colour: red}]\n", "images[0].colour: unknown key 'colour'"),
    ("steps:\n  - {image: goblet-squat.png}\n", ":3: steps[0]: missing 'text'"),
    ("steps:\n  - {text: a, picture: goblet-squat.png}\n", "steps[0]: expected text, got a mapping with key 'picture'"),
    ("steps: [x]\nimages: [../outside.png]\n", "leads outside the data folder"),
])
def test_wrong_pictures_are_located_errors(folder: Path, body: str, message: str):
    shutil.copy(folder / "goblet-squat.png", folder.parent / "outside.png")
    f = write(folder / "ex.yaml", "name: A\n" + body)
    exercises, problems = _read(f)
    assert exercises == [] and any(message in p for p in problems), problems


def test_a_missing_picture_is_a_warning_and_the_others_are_kept(folder: Path):
    f = write(folder / "ex.yaml", "name: A\nsteps: [x]\nimages: [nope.png, goblet-squat.png]\n")
    exercises, problems = load_file(f)
    (ex,) = exercises
    assert [p.path.name for p in ex.images] == ["goblet-squat.png"]
    assert len(problems) == 1 and isinstance(problems[0], DataWarning) and "images[0]" in str(problems[0])


def test_csv_takes_numbered_image_columns(folder: Path):
    f = write(folder / "ex.csv", "name,steps,images.1,images.2\nSquat,Sit.,goblet-squat.png,forearm-plank.png\n")
    (ex,), problems = _read(f)
    assert problems == [] and [p.path.name for p in ex.images] == ["goblet-squat.png", "forearm-plank.png"]


def test_changing_the_second_picture_changes_the_card_digest(folder: Path):
    f = write(folder / "ex.yaml", "name: A\nsteps: [x]\nimages: [goblet-squat.png, forearm-plank.png]\n")
    (ex,), _ = _read(f)
    before = card_digest(ex, "layout")
    shutil.copy(folder / "single-leg-stand.png", folder / "forearm-plank.png")
    assert card_digest(ex, "layout") != before


def test_validate_reads_a_sequence_of_pictures(cli, folder: Path):
    write(folder / "ex.yaml", "name: A\nsteps:\n  - {text: x, image: single-leg-stand.png}\n"
                              "images: [goblet-squat.png, forearm-plank.png]\n")
    result = cli("validate", str(folder / "ex.yaml"))
    assert result.code == 0, result.text


def test_whole_jpeg_is_checked_by_its_end_marker_and_a_cut_one_still_fails(tmp_path):
    """A JPEG ending in its end-of-image marker (padding after it allowed) is taken without
    decoding; the same file cut short has no marker at its end and is refused."""
    import io

    from PIL import Image

    from cardmaker.load.image_check import image_problem

    buf = io.BytesIO()
    Image.linear_gradient("L").resize((300, 200)).convert("RGB").save(buf, "JPEG", progressive=True)
    whole, padded, cut = (tmp_path / n for n in ("whole.jpg", "padded.jpg", "cut.jpg"))
    whole.write_bytes(buf.getvalue())
    padded.write_bytes(buf.getvalue() + b"\0" * 16)
    cut.write_bytes(buf.getvalue()[: len(buf.getvalue()) * 2 // 3])
    assert image_problem(whole) is None
    assert image_problem(padded) is None
    assert "not a readable image" in image_problem(cut)


@pytest.mark.parametrize("layout", ["index-card-4x6", "card-a4"])
def test_steps_with_pictures_keep_the_space_between_steps(tmp_path: Path, layout: str):
    """A step beside its picture kept no space above or below it: pictures taller than their
    steps' text touched, one picture to the eye (the probe's case). The step's own space is
    kept, so the pictures stand apart as the steps do."""
    from PIL import Image

    from cardmaker.load.layout import load_layout
    from cardmaker.render.card import choose
    from cardmaker.typeset import display as d

    for i in range(3):
        Image.new("RGB", (300, 300), (60 + 60 * i, 90, 160)).save(tmp_path / f"s{i}.png")
    write(tmp_path / "st.yaml", "name: Steps\nid: steps\nsteps:\n  - {text: Stand tall., image: s0.png}\n"
                                "  - {text: Bend., image: s1.png}\n  - {text: Rise., image: s2.png}\n")
    page = choose(load_file(tmp_path / "st.yaml")[0][0], load_layout(layout)).composition.pages[0]
    pictures = sorted((op for op in page.ops if isinstance(op, d.Image)), key=lambda op: -op.y)
    assert len(pictures) == 3
    assert all(upper.y - (lower.y + lower.height) > 1.0 for upper, lower in zip(pictures, pictures[1:]))
