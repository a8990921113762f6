"""Booklets set by the engine, read back from the PDF: every contents line a link to the page
its number names, the index's numbers where the exercises start, the footer's gym line whole in
its fallback faces, bookmarks nested, no heading or title block stranded at a page's foot; and
the engine's booklet parts on their own (a table's header repeated, a tall note cut between
lines, pages handed on as they fill)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import DATA, write
from test_booklet import NAMES, flat, outline


@pytest.fixture(scope="module")
def gym_pdf(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from cardmaker.cli import main

    folder = tmp_path_factory.mktemp("gym")
    layout = write(folder / "gym.yaml", "extends: booklet-a5\nheader: {gym: 'Kraftwerk → Gym ✓'}\n")
    out = folder / "b.pdf"
    result = CliRunner().invoke(main, ["booklet", str(DATA), "-l", str(layout), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def gym_booklet(gym_pdf: Path) -> PdfReader:
    return PdfReader(gym_pdf)


def _page_numbers(reader: PdfReader) -> dict[int, int]:
    """Page object number → page number from 1."""
    return {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages, start=1)}


def test_the_footer_prints_the_gym_line_whole_in_its_fallback_faces(gym_booklet: PdfReader, gym_pdf: Path):
    import subprocess

    pdf = gym_pdf
    for number in range(2, len(gym_booklet.pages) + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        foot = [line for line in text.splitlines() if "Kraftwerk" in line]
        # the arrow and the tick, not "Kraftwerk  Gym"
        assert foot and "Kraftwerk → Gym ✓" in foot[-1], (number, foot)
        assert "→" in flat(gym_booklet.pages[number - 1].extract_text()) and "✓" in text


def test_every_contents_line_links_to_the_page_its_number_names(gym_booklet: PdfReader):
    pages = _page_numbers(gym_booklet)
    contents = gym_booklet.pages[1]
    words = []
    contents.extract_text(
        visitor_text=lambda t, cm, tm, *_: words.append((cm[5] + tm[5], t.strip())) if t.strip() else None)
    # each title is followed by its number, a form read at its own origin (y 0); the footer is lower
    lines = [(y, int(number)) for (y, _), (zero, number) in zip(words, words[1:]) if y > 50 and abs(zero) < 1]
    links = [a.get_object() for a in contents.get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    assert len(links) == len(lines) == len(outline(gym_booklet))
    for link in links:
        bottom, top = float(link["/Rect"][1]), float(link["/Rect"][3])
        number = next(n for y, n in lines if bottom < y < top)
        assert pages[link["/Dest"][0].idnum] == number


def test_bookmarks_nest_exercises_under_groups_and_go_to_their_titles(gym_booklet: PdfReader):
    marks = outline(gym_booklet)
    assert [level for level, _, _ in marks][:2] == [0, 1] and {level for level, _, _ in marks} == {0, 1}
    for level, title, page in marks:
        text = flat(gym_booklet.pages[page - 1].extract_text())
        assert (title.upper() if level == 0 and title != "Index" else flat(title)) in text, title


def test_the_index_gives_the_page_every_exercise_starts_on(gym_booklet: PdfReader):
    starts = {title: page for level, title, page in outline(gym_booklet) if level == 1}
    first = next(i for i, p in enumerate(gym_booklet.pages) if flat(p.extract_text()).startswith("Index"))
    index = " ".join(flat(p.extract_text()) for p in gym_booklet.pages[first:])
    pairs = re.findall(r"(" + "|".join(re.escape(flat(n)) for n in NAMES) + r")\s(\d+)", index)
    assert len(pairs) > len(NAMES)  # each exercise under several terms
    assert all(int(page) == starts[name] for name, page in pairs), pairs
    pages = _page_numbers(gym_booklet)
    for number in range(first, len(gym_booklet.pages)):
        for a in gym_booklet.pages[number].get("/Annots", []):
            assert pages[a.get_object()["/Dest"][0].idnum] in starts.values()  # each name a link to its start


@pytest.mark.parametrize("group_by", ["category", "none"])
def test_a_continuous_booklet_never_leaves_a_title_block_at_a_page_foot(tmp_path: Path, cli, group_by: str):
    layout = write(tmp_path / "flow.yaml", "extends: booklet-a5\nbooklet: {start: continuous}\n")
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-l", layout, "-o", out, "--group-by", group_by).code == 0
    reader = PdfReader(out)
    for level, title, page in outline(reader):
        if title == "Index":
            continue
        text = flat(reader.pages[page - 1].extract_text())
        name = title.upper() if level == 0 and group_by != "none" else flat(title)
        after = text[text.index(name):]
        # the title block is followed on its page by a section heading and its first lines
        assert re.search(r"(About this exercise|Instructions) \S+ \S+ \S+", after), (title, page)


def test_a_group_heading_starts_its_page_above_its_first_exercise(tmp_path: Path, cli):
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-o", out).code == 0
    reader = PdfReader(out)
    marks = outline(reader)
    for (level, title, page), (_, first, first_page) in zip(marks, marks[1:]):
        if level == 0 and title != "Index":
            assert first_page == page  # the group's first exercise under its heading
            text = flat(reader.pages[page - 1].extract_text())
            assert text.index(title.upper()) < text.index(flat(first).split()[0] + " ")


def test_a_long_schedule_repeats_its_header_row_on_each_page(tmp_path: Path, cli):
    entries = "".join(f"  - {{id: goblet-squat, sets: {n % 5 + 1}}}\n" for n in range(60))
    program = write(tmp_path / "program.yaml", f"title: Long\ndays: [Mon, Wed, Fri]\nexercises:\n{entries}")
    out = tmp_path / "b.pdf"
    result = cli("booklet", DATA, "--program", program, "-o", out)
    assert result.code == 0, result.err
    reader = PdfReader(out)
    texts = [flat(p.extract_text()) for p in reader.pages]
    start = next(i for i, t in enumerate(texts) if t.startswith("Schedule"))
    schedule = [t for t in texts[start:] if "Goblet Squat sets" in t or t.startswith("Schedule")]
    schedule = texts[start:start + 1] + [t for t in texts[start + 1:] if t.startswith("Exercise Dose Mon Wed Fri")]
    assert len(schedule) >= 2  # it ran on
    assert sum(t.count("●") for t in schedule) == 60 * 3
    log = [t for t in texts if "· set " in t]
    assert len(log) >= 2 and all("Exercise Week 1" in t for t in log)


def test_a_table_row_taller_than_a_page_is_reported_with_its_part():
    from cardmaker.flow import tree as t
    from cardmaker.flow.booklet_tree import BookletTree, Entry, Part
    from cardmaker.typeset.booklet import BookletGeometry, TooTall, set_booklet

    entry = Entry("schedule", "Schedule", 0)
    row = (_para(" ".join(["long"] * 2000)),)
    part = Part((t.Anchor("schedule", "Schedule"), t.Table((row,), (100.0,), (0, 0, 0), (1, 1, 1), 0)), entry=entry)
    tree = BookletTree((), (), [entry], [part], lambda: iter(()))
    with pytest.raises(TooTall) as caught:
        set_booklet(tree, BookletGeometry(200.0, 300.0, (20.0, 20.0, 20.0, 20.0), 0.0, 10.0), 9.0, 1, lambda page: None)
    assert caught.value.entry is entry


# the engine's parts on their own -------------------------------------------------------------

def _para(text: str, size: float = 1.0):
    from cardmaker.flow import tree as t
    from cardmaker.style.fonts import BUNDLED
    from cardmaker.style.plain_styles import Style

    return t.Paragraph((t.Run(text, BUNDLED.regular, BUNDLED.fallbacks),), Style(size))


def test_a_slice_taller_than_the_column_is_cut_between_lines_and_keeps_every_word():
    from cardmaker.typeset import display as d
    from cardmaker.typeset.cut import cut_slice
    from cardmaker.typeset.slices import stack, paragraph

    words = [f"w{i}" for i in range(400)]
    tall = stack(paragraph(_para(" ".join(words)), 10.0, 100.0))
    pieces = cut_slice(tall, 60.0)
    assert pieces is not None and len(pieces) > 3
    assert all(p.height <= 60.0 + 1e-6 for p in pieces)
    assert sum(p.height for p in pieces) == pytest.approx(tall.height)
    text = " ".join(op.text for p in pieces for op in p.ops if isinstance(op, d.GlyphRun))
    assert text.split() == words
    assert all(-p.height <= op.y <= 0 for p in pieces for op in p.ops if isinstance(op, d.GlyphRun))
    assert cut_slice(stack(paragraph(_para("one line"), 10.0, 100.0)), 5.0) is None  # a line cannot be cut


def test_a_table_repeats_its_header_rows_in_a_new_column():
    from cardmaker.flow import tree as t
    from cardmaker.typeset import display as d
    from cardmaker.typeset.columns import Column, flow_columns
    from cardmaker.typeset.table import table

    rows = ((_para("Head"), _para("Day")), *((_para(f"row {i}"), None) for i in range(30)))
    slices = table(t.Table(rows, (80.0, 40.0), (0.5, 0.5, 0.5), (0.9, 0.9, 0.9)), 10.0, 120.0)
    pages: list[list[d.Op]] = []
    result = flow_columns(slices, lambda page: [Column(0.0, 200.0, 120.0, 200.0)], on_page=pages.append)
    assert len(pages) == result.pages > 1
    for ops in pages:
        texts = [op.text for op in ops if isinstance(op, d.GlyphRun)]
        assert texts[:2] == ["Head", "Day"]  # each page starts with the header
    rows_drawn = [op.text for ops in pages for op in ops if isinstance(op, d.GlyphRun) and op.text.startswith("row")]
    assert rows_drawn == [f"row {i}" for i in range(30)]
    assert result.content == [[]] * result.pages  # handed on, not kept


def test_a_new_page_slice_starts_a_page_unless_the_page_is_still_empty():
    from cardmaker.typeset.columns import Column, flow_columns
    from cardmaker.typeset.slices import Slice

    slices = [Slice(10.0, [], new_page=True), Slice(10.0, []), Slice(10.0, [], new_page=True), Slice(10.0, [])]
    result = flow_columns(slices, lambda page: [Column(0.0, 100.0, 50.0, 100.0)])
    assert result.pages == 2 and result.used == [20.0, 20.0]


@pytest.mark.parametrize("days, weeks", [("[Mon, Tue, Wed, Thu, Fri, Sat, Sun]", 8), ("[Monday, Wednesday, Friday]", 12)])
def test_schedule_and_log_sheet_headers_keep_their_words_whole(tmp_path: Path, cli, days: str, weeks: int):
    """The probe found 'Mo/n', 'We/d' and 'Wee/k 1' in the headers of an ordinary program."""
    from cardmaker.typeset import display as d

    entries = "".join(f"  - {{id: {name}, sets: 2, hold: 30 s}}\n" for name in ("goblet-squat", "forearm-plank"))
    program = write(tmp_path / "program.yaml", f"title: P\ndays: {days}\nweeks: {weeks}\nexercises:\n{entries}")
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "--program", program, "-o", out).code == 0
    texts = [flat(p.extract_text()) for p in PdfReader(out).pages]
    schedule = next(t for t in texts if t.startswith("Schedule"))
    log = next(t for t in texts if t.startswith("Log sheet"))
    assert f"Exercise Dose {' '.join(days.strip('[]').split(', '))}" in schedule
    assert "Exercise " + " ".join(f"Week {w}" for w in range(1, weeks + 1)) in log
    assert "2 × 30 s" in schedule  # the dose as the cards say it


def test_a_column_too_narrow_for_its_word_takes_room_from_a_roomy_one_or_sets_it_smaller():
    from cardmaker.flow import tree as t
    from cardmaker.typeset.table import LEAST_SHRINK, fitted_widths
    from cardmaker.typeset.measure import word_width
    from cardmaker.style.fonts import BUNDLED

    week = word_width("Week", BUNDLED.regular, 10.0)
    roomy = t.Table(((_para("Exercise"), *[_para(f"Week {w}") for w in range(4)]),), (200.0, 20.0, 20.0, 20.0, 20.0),
                    (0, 0, 0), (1, 1, 1))
    widths, pads, scales = fitted_widths(roomy, 10.0)
    assert sum(widths) == pytest.approx(280.0) and scales == (1.0,) * 5
    assert all(w - 2 * p >= week - 1e-6 for w, p in zip(widths[1:], pads[1:]))  # "Week" whole in each
    assert widths[0] < 200.0
    tight = t.Table(((_para("Exercise"), *[_para(f"Week {w}") for w in range(12)]),), (60.0, *[25.0] * 12),
                    (0, 0, 0), (1, 1, 1))
    widths, pads, scales = fitted_widths(tight, 10.0)
    assert sum(widths) == pytest.approx(360.0)
    assert all(LEAST_SHRINK <= k < 1.0 for k in scales[1:])
    assert all(w - 2 * p >= week * k - 1e-6 for w, p, k in zip(widths[1:], pads[1:], scales[1:]))


def test_a_part_that_runs_on_is_headed_by_its_title_on_its_later_pages(tmp_path: Path, cli):
    """The probe found four contents lines alone on a page, under no heading."""
    for i in range(70):
        write(tmp_path / f"ex{i:02}.yaml", f"name: Exercise number {i}\ncategory: group {i % 7}\nsteps: [Do it]\n"
                                            f"muscles: [muscle {i}]\nequipment: [thing {i}]\n")
    out = tmp_path / "b.pdf"
    assert cli("booklet", tmp_path, "-o", out, "-q").code == 0
    texts = [flat(p.extract_text()) for p in PdfReader(out).pages]
    body = next(i for i, t in enumerate(texts) if "Instructions" in t)
    contents, index = texts[1:body], texts[next(i for i, t in enumerate(texts) if t.startswith("Index")):]
    assert len(contents) >= 2 and len(index) >= 2
    assert contents[0].startswith("Contents") and index[0].startswith("Index")  # the heading, then the header:
    assert all(re.search(r"\bContents Page \d+ of \d+$", t) for t in contents[1:]), [t[-40:] for t in contents]
    assert all(re.search(r"\bIndex Page \d+ of \d+$", t) for t in index[1:]), [t[-40:] for t in index]


def test_an_exercise_that_would_turn_the_page_for_its_last_lines_shrinks_its_pictures_instead(monkeypatch):
    """The probe found pages holding only an exercise's last two steps, its pictures full size."""
    import cardmaker
    import cardmaker.typeset.booklet as booklet

    pictures = ["images/goblet-squat.png", "images/forearm-plank.png"]

    def pages(steps: int) -> tuple[int, str]:
        exercise = cardmaker.read_exercises({"name": "Long one", "images": pictures, "steps": [
            f"Step {i}: keep the back straight and breathe out slowly." for i in range(steps)]}, root=DATA)
        reader = PdfReader(io.BytesIO(cardmaker.render_booklet(exercise)))
        return len(reader.pages), " ".join(flat(p.extract_text()) for p in reader.pages)

    with monkeypatch.context() as kept:
        kept.setattr(booklet, "PICTURES_LEAST", 1.0)  # the pictures never shrink: where does it turn the page?
        alone = pages(1)[0]
        spills = next(n for n in range(8, 60) if pages(n)[0] > alone)
    count, text = pages(spills)
    assert count == alone and all(f"Step {i}:" in text for i in range(spills))  # one page fewer, every step
    assert pages(spills + 12)[0] > alone  # far past the page: it turns after all


def test_a_summary_taken_from_the_description_is_printed_once():
    """The lead under the title is the description's first sentence: the description goes on
    after it rather than saying it again (the probe found it twice on every imported exercise)."""
    import cardmaker

    first = "The wall sit builds endurance in the thighs without moving the knees."
    exercise = cardmaker.read_exercises({"name": "Wall Sit", "summary": first, "steps": ["Sit against a wall."],
                                         "description": f"{first} Hold it as long as good form lasts.\n\nBreathe."})
    text = " ".join(flat(p.extract_text()) for p in PdfReader(io.BytesIO(cardmaker.render_booklet(exercise))).pages)
    assert text.count("builds endurance in the thighs") == 1
    assert "Hold it as long as good form lasts." in text and "Breathe." in text
    part = cardmaker.read_exercises({"name": "Bridge", "summary": "Strengthens the glutes", "steps": ["Lift."],
                                     "description": "Strengthens the glutes and hamstrings while sparing the back."})
    text = " ".join(flat(p.extract_text()) for p in PdfReader(io.BytesIO(cardmaker.render_booklet(part))).pages)
    assert "Strengthens the glutes and hamstrings while sparing the back." in text  # never cut within a sentence
