"""`cardmaker booklet`: contents that point where exercises really start, bookmarks nested by
group, links, running header and page numbers, index, metadata; read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import DATA, pdf_text, write

SAMPLES = sorted(DATA.glob("*.yaml"))
NAMES = {yaml.safe_load(p.read_text())["name"]: yaml.safe_load(p.read_text()) for p in SAMPLES}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def booklet(tmp_path_factory) -> PdfReader:
    from click.testing import CliRunner

    from cardmaker.cli import main

    out = tmp_path_factory.mktemp("booklet") / "rehab.pdf"
    result = CliRunner().invoke(main, ["booklet", str(DATA), "-o", str(out), "--title", "Knee rehab",
                                       "--author", "Sam Lee", "--client", "Jane Doe", "--date", "1 December 2026"])
    assert result.exit_code == 0, result.output
    return PdfReader(out)


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number from 1) of every bookmark, in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_cover_then_contents_whose_numbers_are_where_each_exercise_starts(booklet: PdfReader):
    cover = flat(booklet.pages[0].extract_text())
    assert all(part in cover for part in ("Knee rehab", "Prepared for Jane Doe", "Coach: Sam Lee", "1 December 2026"))
    contents = flat(booklet.pages[1].extract_text())
    assert contents.startswith("Contents")
    for name in NAMES:
        match = re.search(re.escape(flat(name)) + r" (\d+)", contents)
        assert match, name
        page = int(match.group(1))
        text = flat(booklet.pages[page - 1].extract_text())
        assert flat(name) in text, name  # its title is there
        earlier = flat(booklet.pages[page - 2].extract_text())
        assert f"· {flat(name)}" not in earlier  # and not before: the running header names what a page holds


def test_bookmarks_one_per_exercise_nested_under_its_group(booklet: PdfReader):
    marks = outline(booklet)
    groups = [title for level, title, _ in marks if level == 0]
    assert groups == ["Balance", "Cardio", "Mobility", "Strength", "Stretching", "Index"]
    exercises = {title: page for level, title, page in marks if level == 1}
    assert set(exercises) == set(NAMES)
    current = None
    for level, title, _ in marks:
        if level == 0:
            current = title
        else:
            assert (NAMES[title].get("category") or "").capitalize() == current, title
    contents = flat(booklet.pages[1].extract_text())
    for title, page in exercises.items():
        assert f"{flat(title)} {page}" in contents


def test_contents_lines_are_links_to_their_pages(booklet: PdfReader):
    annotations = [a.get_object() for a in booklet.pages[1].get("/Annots", [])]
    links = [a for a in annotations if a["/Subtype"] == "/Link"]
    assert len(links) == len(NAMES) + 5 + 1  # every exercise, every group and the index


def test_every_page_after_the_cover_is_numbered_and_headed(booklet: PdfReader):
    total = len(booklet.pages)
    for number, page in enumerate(booklet.pages[1:], start=2):
        assert f"Page {number} of {total}" in flat(page.extract_text())
    starts = {title: page for level, title, page in outline(booklet) if level == 1}
    openers = {page for level, title, page in outline(booklet) if level == 0}
    for name, page in starts.items():  # "Group · Exercise" at the head of its pages...
        group = (NAMES[name].get("category") or "").capitalize()
        text = flat(booklet.pages[page - 1].extract_text())
        if page in openers:  # ...but the page that opens its group, under its heading: no running
            # header, and the exercise's eyebrow without the category the heading says
            assert f"{group} · {flat(name)}" not in text and f"{group.upper()} · " not in text, text
            assert text.startswith(group.upper())
        else:
            assert f"{group} · {flat(name)}" in text
    assert openers and set(starts.values()) - openers


def test_index_lists_exercises_by_muscle_and_equipment_with_their_pages(booklet: PdfReader):
    first = next(i for i, p in enumerate(booklet.pages) if flat(p.extract_text()).startswith("Index"))
    last = " ".join(flat(p.extract_text()) for p in booklet.pages[first:])
    assert "By muscle" in last and "By equipment" in last
    starts = {title: page for level, title, page in outline(booklet) if level == 1}
    plank = next(name for name, data in NAMES.items() if data["id"] == "forearm-plank")
    assert f"{plank} {starts[plank]}" in last


def test_metadata_and_opening_view(booklet: PdfReader):
    info = booklet.metadata
    assert info.title == "Knee rehab" and info.author == "Sam Lee"
    assert "Strength" in info["/Keywords"]
    assert booklet.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert booklet.trailer["/Root"]["/Lang"] == "en"


def test_group_by_none_and_sort_by_file(tmp_path: Path, cli):
    out = tmp_path / "b.pdf"
    assert cli("booklet", *SAMPLES[::-1], "-o", out, "--group-by", "none", "--sort", "file").code == 0
    marks = outline(PdfReader(out))
    assert [level for level, _, _ in marks] == [0] * (len(SAMPLES) + 1)
    assert [title for _, title, _ in marks] == [yaml.safe_load(p.read_text())["name"] for p in SAMPLES[::-1]] + ["Index"]


def test_a_bad_file_is_reported_and_the_booklet_holds_the_rest(tmp_path: Path, cli):
    write(tmp_path / "in" / "bad.yaml", "name: Bad\nsteps: {a: 1}\n")
    write(tmp_path / "in" / "good.yaml", "name: Good\nsteps: [Stand up.]\n")
    result = cli("booklet", tmp_path / "in", "-o", tmp_path / "b.pdf")
    assert result.code == 1 and "bad.yaml:2: steps: expected a list of texts" in result.err
    assert [title for _, title, _ in outline(PdfReader(tmp_path / "b.pdf"))] == ["Other", "Good"]


PROGRAM = Path(__file__).resolve().parent.parent / "examples" / "knee-rehab-program.yaml"


def test_a_program_booklet_holds_schedule_exercises_in_order_with_overrides_and_a_log_sheet(tmp_path: Path, cli):
    out = tmp_path / "rehab.pdf"
    result = cli("booklet", DATA, "--program", PROGRAM, "-o", out)
    assert result.code == 0, result.err
    reader = PdfReader(out)
    program = yaml.safe_load(PROGRAM.read_text())
    names = {data["id"]: name for name, data in NAMES.items()}
    marks = [title for _, title, _ in outline(reader)]
    assert marks == ["Schedule", *[names[e["id"]] for e in program["exercises"]], "Log sheet", "Index"]
    cover = flat(reader.pages[0].extract_text())
    assert "Knee rehab, weeks 1-4" in cover and "Jane Doe" in cover and "Sam Lee" in cover and "2026-12-01" in cover
    texts = [flat(p.extract_text()) for p in reader.pages]
    schedule = next(t for t in texts if t.startswith("Schedule"))
    assert "Warm up 5 minutes first." in schedule and schedule.count("●") == 2 + 3 + 1 + 2  # days per entry
    starts = {title: page for _, title, page in outline(reader)}
    squat = texts[starts[names["goblet-squat"]] - 1]
    assert "Only to a chair height for the first two weeks." in squat
    squat_all = " ".join(texts[starts[names["goblet-squat"]] - 1:starts[names["goblet-squat"]] + 2])
    assert "3 × 8 · rest 90 s · load 8 kg" in squat_all  # the program's prescription, not the file's
    log = next(t for t in texts if t.startswith("Log sheet"))
    assert "Week 4" in log and log.count("· set ") == 2 + 2 + 3 + 3
    contents = texts[1]
    for title, page in starts.items():  # the schedule, log sheet and index are in the contents too
        assert f"{flat(title)} {page}" in contents and texts[page - 1].find(flat(title)) >= 0


@pytest.mark.parametrize("entry, expected", [
    ("  - id: goblet-sqat\n", "program.yaml:4: exercises[0].id: no exercise with id 'goblet-sqat' among the files "
                              "given (did you mean 'goblet-squat'?)"),
    ("  - id: goblet-squat\n    days: [Sun]\n", "program.yaml:5: exercises[0].days[0]: 'Sun' is not one of the "
                                                "program's days (use one of: Mon, Wed, Fri)"),
    ("  - id: goblet-squat\n    qty: 0\n", "program.yaml:5: exercises[0].qty: expected a whole number from 1 to 1000"),
    ("  - {id: goblet-squat, repetitions: 8}\n", "program.yaml:4: exercises[0].repetitions: unknown key 'repetitions' "
                                                 "(did you mean 'reps'?)"),
])
def test_program_errors_name_the_line_and_field(tmp_path: Path, cli, entry: str, expected: str):
    program = write(tmp_path / "program.yaml", f"title: Rehab\ndays: [Mon, Wed, Fri]\nexercises:\n{entry}")
    result = cli("booklet", DATA, "--program", program, "-o", tmp_path / "b.pdf")
    assert result.code == 1
    assert f"error: {program}" in result.err and expected in result.err, result.err
    assert not (tmp_path / "b.pdf").exists()


HEADINGS = {"About this exercise", "Instructions", "Prescription", "Tips", "Safety", "Questions & answers"}


@pytest.mark.parametrize("layout", ["booklet-a5", "handout-a4"])
def test_no_heading_or_question_is_left_at_the_foot_of_a_page(tmp_path: Path, cli, layout: str):
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-o", out, "-l", layout).code == 0
    questions = {flat(pair["q"]) for data in NAMES.values() for pair in data.get("faq", [])}
    for number, page in enumerate(PdfReader(out).pages, start=1):
        lines = [flat(line) for line in page.extract_text().splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"Page \d+ of ?\d*|\d+", line) and " · " not in line]
        if not body:
            continue
        last = body[-1]
        assert last not in HEADINGS and not any(last in q for q in questions), (number, last)


@pytest.mark.parametrize("layout", ["booklet-a5", "handout-a4"])
def test_an_exercises_last_question_never_has_a_page_to_itself(tmp_path: Path, cli, layout: str):
    """A page never holds just an exercise's last block (booklet-a5 put Single-Leg Stand's last
    question alone on a page): the question before it comes along."""
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-o", out, "-l", layout).code == 0
    pages = [flat(page.extract_text()) for page in PdfReader(out).pages]
    checked = 0
    for data in NAMES.values():
        faq = data.get("faq", [])
        if len(faq) < 2:
            continue
        [last] = [n for n, text in enumerate(pages) if flat(faq[-1]["q"]) in text]
        before = faq[-2]  # its question, or at least the end of its answer, on the same page
        assert flat(before["q"]) in pages[last] or flat(before["a"])[-25:] in pages[last], (data["name"], last + 1)
        checked += 1
    assert checked >= 5


def test_two_column_layouts_make_one_column_booklets_with_only_bundled_fonts(tmp_path: Path, cli):
    from conftest import pdf_fonts

    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-o", out, "-l", "card-a4", "--program",
               Path(__file__).resolve().parent.parent / "examples" / "knee-rehab-program.yaml").code == 0
    assert pdf_fonts(out) <= {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "DejaVuSans"}
    assert b"/Helvetica" not in out.read_bytes()


def test_numbers_filled_in_at_the_end_are_visible_where_they_belong(tmp_path: Path, cli):
    """The page count and the contents' numbers are forms written when the PDF is saved; a
    form's box clips, so check the rendered pixels, not just the text."""
    import pypdfium2

    from cardmaker.load.layout import load_layout

    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-o", out).code == 0
    layout = load_layout("booklet-a5")
    scale = 3
    image = pypdfium2.PdfDocument(out)[1].render(scale=scale).to_pil().convert("L")
    right = round((layout.page_width - layout.margins[1]) * scale)
    strip = 8 * scale  # the last few points before the right margin
    foot = image.crop((right - strip, image.height - round(layout.margins[2] * scale) - 12 * scale,
                       right, image.height - round(layout.margins[2] * scale) + 2 * scale))
    assert foot.getextrema()[0] < 100  # the "26" of "Page 2 of 26" ends at the margin
    table = image.crop((right - strip, round(layout.margins[0] * scale) + 40 * scale, right, image.height // 2))
    assert sum(table.histogram()[:100]) > 50  # the contents' page numbers


def test_a_program_without_days_takes_its_columns_from_the_entries(tmp_path: Path, cli):
    program = write(tmp_path / "program.yaml", "title: Rehab\nexercises:\n  - {id: goblet-squat, days: [Tue, Thu]}\n"
                                               "  - {id: forearm-plank, days: [Thu]}\n  - {id: jumping-jacks}\n")
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "--program", program, "-o", out).code == 0
    schedule = next(t for t in (flat(p.extract_text()) for p in PdfReader(out).pages) if t.startswith("Schedule"))
    assert "Tue Thu" in schedule and schedule.count("●") == 2 + 1 + 2  # an entry without days: every day


def _pictured(folder: Path, name: str, steps: list[str], shade: int) -> Path:
    """An exercise with start and end pictures (3:2), in its own group (its category)."""
    from PIL import Image

    for n in (1, 2):
        Image.new("RGB", (600, 400), (shade, 40 * n, 90)).save(folder / f"{name}-{n}.jpg")
    body = {"name": name, "category": name, "steps": steps, "images": [f"{name}-1.jpg", f"{name}-2.jpg"]}
    return write(folder / f"{name}.yaml", yaml.safe_dump(body))


def test_booklet_pages_show_start_and_end_pictures_large_and_a_no_step_page_stands_alone(tmp_path: Path, cli):
    import subprocess

    a = _pictured(tmp_path, "Alpha", [], 10)  # imported without steps: name and pictures only
    b = _pictured(tmp_path, "Beta", ["Stand tall.", "Lower slowly, then rise."], 200)
    out = tmp_path / "b.pdf"
    assert cli("booklet", a, b, "-o", out).code == 0
    listed = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listed.splitlines()[2:]]
    by_page: dict[int, int] = {}
    for row in rows:
        by_page[int(row[0])] = by_page.get(int(row[0]), 0) + 1
    assert sorted(by_page.values()) == [2, 2], listed  # both pictures of each, each exercise on its own page
    # drawn at least 35 mm high each (on an A5 page): the movement is recognisable
    heights = [int(r[4]) / int(r[13]) * 25.4 for r in rows]  # pixels / ppi: the printed height in mm
    assert min(heights) >= 35, heights
    texts = [flat(p.extract_text()) for p in PdfReader(out).pages]
    alpha = next(i for i, t in enumerate(texts) if "Alpha" in t and "Beta" not in t and "Contents" not in t)
    assert "Instructions" not in texts[alpha] and "Lower slowly" not in texts[alpha]


@pytest.mark.parametrize("name", ["wall-card-a4", "card-a4", "handout-a4"])
def test_a_booklet_in_a_card_layout_sets_its_pages_at_a_comfortable_size(tmp_path: Path, cli, name: str):
    """A one-page card's largest size is for a short card filling its page; a booklet's running
    pages take the layout's comfortable size (at least 12 pt), a flowing layout's largest."""
    from collections import Counter

    from cardmaker.load.layout import load_layout

    layout = load_layout(name)
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-o", out, "-l", name).code == 0
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[round(size * tm[0], 2)] += len(text)

    for page in PdfReader(out).pages[2:]:  # past the cover and the contents
        page.extract_text(visitor_text=visit)
    body = sizes.most_common(1)[0][0]
    expected = layout.max_size if layout.fit_mode == "continue" else max(12.0, layout.comfortable_size)
    assert body == pytest.approx(expected) and body < 20, sizes.most_common(4)


def test_a_program_booklet_says_the_warnings_of_its_own_exercises_and_counts_the_others(tmp_path: Path, cli):
    """The probe's program booklet warned about files in the folder it did not print."""
    (tmp_path / "plank.yaml").write_text("name: Plank\nsteps: [Hold.]\nimage: plank.png\n")  # picture missing
    (tmp_path / "bridge.yaml").write_text("name: Bridge\nsteps: []\n")  # no steps yet
    (tmp_path / "squat.yaml").write_text("name: Squat\nsteps: []\nimage: squat.png\n")
    program = tmp_path / "program.yaml"
    program.write_text("title: Core\nexercises:\n  - {id: plank, sets: 3}\n")
    result = cli("booklet", tmp_path, "--program", program, "-o", tmp_path / "b.pdf")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2 and "plank.yaml:3: image: image not found" in warnings[0]
    assert warnings[1] == ("warning: 3 warnings about 2 files whose exercises the program does not use, not shown "
                           "(cardmaker validate lists them)")


def test_the_warnings_a_program_leaves_unsaid_stay_in_the_result_and_its_doses_are_checked(tmp_path: Path):
    import cardmaker

    (tmp_path / "plank.yaml").write_text("name: Plank\nsteps: [Hold.]\n")
    (tmp_path / "bridge.yaml").write_text("name: Bridge\nsteps: []\n")  # no steps yet: a warning, unused
    job = cardmaker.BookletJob([tmp_path], program={"title": "Core", "exercises": [{"id": "plank", "sets": 3}]})
    result = cardmaker.run_booklet(job)
    assert any("no steps yet" in str(w) for w in result.warnings)  # the API has it, though the screen counts it
    with pytest.raises(cardmaker.CardmakerError, match=r"exercises\[0\]\.reps: is negative: -5"):
        cardmaker.run_booklet(cardmaker.BookletJob([tmp_path], program={
            "title": "Core", "exercises": [{"id": "plank", "sets": 3, "reps": -5}]}))


def test_a_programs_days_say_when_not_the_exercises_own_frequency():
    """A probe's program gave wall-sit Tue and Thu; the schedule printed "daily" from the
    exercise's own file beside them. The entry's dose is laid over the exercise's, without its
    frequency (one the entry gives is kept)."""
    import cardmaker
    from cardmaker.load.program import apply, load_program

    [ex] = cardmaker.read_exercises({"name": "Wall sit", "id": "wall-sit", "steps": ["Slide down."],
                                     "prescription": {"sets": 3, "hold": "30 s", "frequency": "daily"}})
    program = load_program({"title": "Knee", "days": ["Tue", "Thu"],
                            "exercises": [{"id": "wall-sit", "hold": "15 s"},
                                          {"id": "wall-sit", "frequency": "twice a day"}]}, {"wall-sit": ex})
    (first, _), (second, _) = apply(program, {"wall-sit": ex})
    assert first.prescription.items() == [("sets", "3"), ("hold", "15 s")]
    assert second.prescription.frequency == "twice a day"


def test_only_picks_among_a_programs_exercises(tmp_path: Path, cli):
    """`booklet --program p.yaml --only wall-sit` said "no exercise with id 'plank' among the
    files given": --only had narrowed the files before the program read its ids."""
    write(tmp_path / "lib" / "a.yaml", "name: Wall sit\nid: wall-sit\nsteps: [Slide down.]\n")
    write(tmp_path / "lib" / "b.yaml", "name: Plank\nid: plank\nsteps: [Hold.]\n")
    program = write(tmp_path / "p.yaml", "title: Knee\ndays: [Mon]\nexercises:\n  - id: wall-sit\n    hold: 15 s\n"
                                         "  - id: plank\n")
    result = cli("booklet", tmp_path / "lib", "--program", program, "--only", "wall-sit", "-o", tmp_path / "b.pdf")
    assert result.code == 0, result.text
    text = pdf_text(tmp_path / "b.pdf")
    assert "Wall sit" in text and "Plank" not in text and "hold 15 s" in text
    result = cli("booklet", tmp_path / "lib", "--program", program, "--only", "nope", "-o", tmp_path / "c.pdf")
    assert result.code != 0 and not (tmp_path / "c.pdf").exists()


def test_a_program_id_far_from_every_exercise_lists_them_rather_than_guess(tmp_path: Path, cli):
    """'air_bike' was met with "did you mean 'koci-grzbiet'?" (half its letters in common)."""
    program = write(tmp_path / "p.yaml", "title: T\nexercises:\n  - id: air_bike\n")
    result = cli("booklet", DATA, "--program", program, "-o", tmp_path / "b.pdf")
    assert result.code == 1 and "did you mean" not in result.text
    assert "the exercises given are: assisted-lying-hamstring-stretch, ausfallschritt" in result.text
    program = write(tmp_path / "q.yaml", "title: T\nexercises:\n  - id: goblet-sqat\n")
    assert "did you mean 'goblet-squat'?" in cli("booklet", DATA, "--program", program, "-o", tmp_path / "c.pdf").text


def test_a_booklet_file_is_written_as_its_pages_are_made_and_is_the_same_pdf(tmp_path: Path, cli, monkeypatch):
    """`-o FILE` streams the pages into the file (a long booklet is not held in memory): the
    file is byte for byte the booklet the API gives in memory, also when "Page N of M" was given
    room for the wrong number of digits and the booklet is laid out again into the same file."""
    import cardmaker.render.booklet as booklet_module
    from cardmaker import BookletJob, run_booklet

    in_memory = run_booklet(BookletJob(DATA, title="Rehab")).pdf
    out = tmp_path / "rehab.pdf"
    assert cli("booklet", DATA, "-o", out, "--title", "Rehab").code == 0
    assert out.read_bytes() == in_memory
    laid_out = []
    real_build = booklet_module._build
    monkeypatch.setattr(booklet_module, "estimated_pages", lambda groups, layout: 1000)  # 4 digits: wrong
    monkeypatch.setattr(booklet_module, "_build", lambda *a: laid_out.append(a[4]) or real_build(*a))
    again = tmp_path / "again.pdf"
    assert cli("booklet", DATA, "-o", again, "--title", "Rehab").code == 0
    assert laid_out == [4, 2]  # laid out twice: the first file's bytes were let go
    assert again.read_bytes() == in_memory
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("fault", ["full", "interrupted"])
def test_a_booklet_stopped_while_written_leaves_the_old_file_and_nothing_else(tmp_path: Path, cli, monkeypatch,
                                                                               fault: str):
    """The disk filling up (one error line naming the file, exit 1) or Ctrl-C while the pages
    go into the file: the booklet that was there is untouched and no temporary file is left."""
    import errno
    import io
    import os

    out = tmp_path / "rehab.pdf"
    out.write_bytes(b"%PDF- the coach's booklet of last week")
    written = []

    class Failing(io.BufferedWriter):
        def write(self, data):
            written.append(len(data))
            if sum(written) > 50_000:
                if fault == "full":
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                raise KeyboardInterrupt
            return super().write(data)

    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode, buffering: Failing(real_fdopen(fd, mode, buffering=0), 4096))
    result = cli("booklet", DATA, "-o", out)
    assert 50_000 < sum(written) < 100_000  # stopped part way through the pages (the booklet is ~117 kB)
    if fault == "full":
        assert result.code == 1
        assert [line for line in result.err.splitlines() if line.startswith("error:")] == \
            [f"error: {out}: cannot write: No space left on device"]
    else:
        assert result.code == 130, result.err
    assert out.read_bytes() == b"%PDF- the coach's booklet of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rehab.pdf"]


def test_a_file_put_where_the_booklet_goes_while_it_is_made_is_kept(tmp_path: Path, cli, monkeypatch):
    """The target is checked before the run and again before the new booklet takes its place:
    a coach's notes saved at that name meanwhile are not replaced (one error, exit 1, no
    temporary file), and a private booklet replaced stays private (its permissions kept)."""
    import cardmaker.render.booklet as booklet_module

    out = tmp_path / "rehab.pdf"
    real = booklet_module.render_booklet

    def notes_saved_meanwhile(*args, **kwargs):
        made = real(*args, **kwargs)
        out.write_text("notes for Jane\n")
        return made

    monkeypatch.setattr(booklet_module, "render_booklet", notes_saved_meanwhile)
    result = cli("booklet", DATA, "-o", out)
    assert result.code == 1
    assert [line for line in result.err.splitlines() if line.startswith("error:")] == \
        [f"error: {out}: is not a PDF or PNG; writing there would replace it (choose another output name, "
         "or remove the file first)"], result.err
    assert out.read_text() == "notes for Jane\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rehab.pdf"]

    monkeypatch.setattr(booklet_module, "render_booklet", real)
    private = tmp_path / "private.pdf"
    private.write_bytes(b"%PDF- last week's")
    private.chmod(0o600)
    assert cli("booklet", DATA, "-o", private).code == 0
    assert private.read_bytes().startswith(b"%PDF-1.7") and private.stat().st_mode & 0o777 == 0o600
