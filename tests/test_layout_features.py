"""Layout keys end to end: branding (logo, gym, footer fields), QR codes, own fonts, CMYK,
bleed, image placement, and inheritance of relative paths. Each reads the PDF back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from cardmaker.colors import contrast, low_contrast
from cardmaker.load.layout import builtin_dir, builtin_names, load_layout
from conftest import DATA, pdf_fonts, pdf_text, write

EXAMPLE = builtin_dir() / "examples" / "kraftwerk-gym.yaml"
FONTS = Path(__file__).resolve().parent.parent / "cardmaker" / "fonts"


def test_gym_example_prints_brand_german_headings_and_page_numbers(tmp_path: Path, cli):
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path, "-l", EXAMPLE)
    assert result.code == 0, result.text
    pdf = tmp_path / "goblet-squat.pdf"
    text = pdf_text(pdf)
    for phrase in ("Kraftwerk Gym Leipzig", "Kraft · Einsteiger", "Anleitung", "Sicherheit", "Häufige Fragen",
                   "Pause", "Seite 1 von 1", "Kraftwerk Gym Leipzig · kraftwerk-gym.example"):
        assert phrase in text, phrase
    assert "Instructions" not in text and "strength · beginner" not in text
    page = PdfReader(pdf).pages[0]
    images = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 2  # the logo and the exercise drawing
    assert b" k\n" in page.get_contents().get_data() or b" k " in page.get_contents().get_data()  # CMYK fill


def test_qr_code_scans_to_the_video_address(tmp_path: Path, cli):
    zxingcpp = pytest.importorskip("zxingcpp")
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path, "-l", "wall-card-a4")
    assert result.code == 0, result.text
    image = pypdfium2.PdfDocument(tmp_path / "goblet-squat.pdf")[0].render(scale=2).to_pil()
    codes = [r.text for r in zxingcpp.read_barcodes(image)]
    assert codes == ["https://example.com/videos/goblet-squat"]
    assert "https://example.com/videos/goblet-squat" in pdf_text(tmp_path / "goblet-squat.pdf")


def test_no_qr_code_without_a_video(tmp_path: Path, cli):
    zxingcpp = pytest.importorskip("zxingcpp")
    cli("build", DATA / "assisted-lying-hamstring-stretch.yaml", "-o", tmp_path, "-l", "wall-card-a4")
    image = pypdfium2.PdfDocument(tmp_path / "assisted-lying-hamstring-stretch.pdf")[0].render(scale=2).to_pil()
    assert zxingcpp.read_barcodes(image) == []


def test_layout_fonts_are_used_and_fall_back_to_bundled_ones(tmp_path: Path, cli, data_copy: Path):
    shutil.copy(FONTS / "DejaVuSans.ttf", write(tmp_path / "brand" / "fonts" / "x", "").with_name("Brand.ttf"))
    layout = write(tmp_path / "brand" / "brand.yaml", "extends: card-a4\nfonts: {regular: fonts/Brand.ttf}\n")
    exercise = data_copy / "single-leg-stand.yaml"
    # U+0528 is in Noto Sans but not in DejaVu Sans: it must come from the bundled font
    exercise.write_text(exercise.read_text().replace("Stand tall", "Stand Ԩ tall"))
    result = cli("build", exercise, "-o", tmp_path / "out", "-l", layout)
    assert result.code == 0, result.text
    pdf = tmp_path / "out" / "single-leg-stand.pdf"
    assert "Stand Ԩ tall" in pdf_text(pdf)
    fonts = pdf_fonts(pdf)
    assert "DejaVuSans" in fonts and "NotoSans-Regular" in fonts
    assert "NotoSans-Bold" not in fonts  # bold falls back to the layout's regular face, not the bundled bold


def test_bleed_enlarges_the_page_and_sets_trim_and_bleed_boxes(tmp_path: Path, cli):
    layout = write(tmp_path / "bleed.yaml", "extends: card-a4\npage: {bleed: 3mm}\n")
    result = cli("build", DATA / "jumping-jacks.yaml", "-o", tmp_path, "-l", layout)
    assert result.code == 0, result.text
    page = PdfReader(tmp_path / "jumping-jacks.pdf").pages[0]
    b = 3 * 72 / 25.4
    assert [round(float(v), 1) for v in page.mediabox] == [0, 0, round(595.28 + 2 * b, 1), round(841.89 + 2 * b, 1)]
    assert [round(float(v), 1) for v in page.trimbox] == [round(b, 1), round(b, 1), round(595.28 + b, 1),
                                                           round(841.89 + b, 1)]
    assert [round(float(v), 1) for v in page.bleedbox] == [round(float(v), 1) for v in page.mediabox]


@pytest.mark.parametrize("position", ["left", "right", "top"])
def test_image_position(tmp_path: Path, cli, position: str):
    layout = write(tmp_path / "img.yaml", f"extends: card-a4\nimage: {{position: {position}}}\n")
    result = cli("build", DATA / "forearm-plank.yaml", "-o", tmp_path, "-l", layout)
    assert result.code == 0, result.text
    page = pypdfium2.PdfDocument(tmp_path / "forearm-plank.pdf")[0]
    image = next(o for o in page.get_objects() if o.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE)
    left, bottom, right, top = image.get_bounds()
    title = page.get_textpage().search("Forearm Plank").get_next()
    text_left, _, _, text_top = page.get_textpage().get_charbox(title[0])
    if position == "left":
        assert right < text_left
    elif position == "right":
        assert left > text_left + 200
    else:
        assert top < text_top and abs((left + right) / 2 - page.get_width() / 2) < 2


def test_pocket_card_puts_back_sections_on_page_two(tmp_path: Path, cli):
    result = cli("build", DATA / "forearm-plank.yaml", "-o", tmp_path, "-l", "pocket-card-a6")
    assert result.code == 0, result.text
    reader = PdfReader(tmp_path / "forearm-plank.pdf")
    front, back = (" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Instructions" in front and "Safety" not in front and "Questions" not in front
    assert "Forearm Plank" in back and "Safety" in back and "Tips" in back and "Instructions" not in back


def test_relative_paths_and_error_lines_follow_the_file_that_wrote_them(tmp_path: Path, cli):
    shutil.copy(EXAMPLE.with_name("kraftwerk-logo.png"), tmp_path / "logo.png")
    write(tmp_path / "brand" / "base.yaml", "extends: card-a4\nheader: {logo: ../logo.png, gym: Base Gym}\n")
    child = write(tmp_path / "branch" / "child.yaml", "extends: ../brand/base.yaml\nheader: {gym: Branch Gym}\n")
    assert load_layout(child).header.logo == (tmp_path / "logo.png").resolve()
    write(tmp_path / "brand" / "base.yaml", "extends: card-a4\ntheme:\n  title: navy\n")
    result = cli("validate", DATA / "jumping-jacks.yaml", "-l", child)
    assert result.code == 1
    assert "base.yaml:3: theme.title: expected a colour" in result.err


@pytest.mark.parametrize("name", [*builtin_names(), str(EXAMPLE)])
def test_text_colours_keep_contrast(name: str):
    assert low_contrast(load_layout(name).theme) == []


def test_contrast_ratio():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("cmyk(0, 0, 0, 100)", "#ffffff") == pytest.approx(21)
    assert low_contrast(load_layout("card-a4").theme, minimum=30)  # every pair is under 30:1


def test_page_numbers_count_the_pages_of_a_continued_card(tmp_path: Path, cli):
    layout = write(tmp_path / "pn.yaml", "extends: handout-a4\nfooter: {page_numbers: 'Page {page} of {pages}'}\n")
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path, "-l", layout)
    assert result.code == 0, result.text
    reader = PdfReader(tmp_path / "goblet-squat.pdf")
    total = len(reader.pages)
    assert total >= 2
    for number, page in enumerate(reader.pages, 1):
        assert f"Page {number} of {total}" in page.extract_text()


@pytest.mark.parametrize("template, values, printed", [
    ("{category} · {level}", {"category": "Strength"}, "Strength"),
    ("{category} · {level}", {"level": "Beginner"}, "Beginner"),
    ("{gym} · {category} · {level}", {"gym": "G", "level": "B"}, "G · B"),
    ("More: https://gym.example · {gym}", {}, "More: https://gym.example"),
    ("https://gym.example/{id} · {level}", {"id": "sq"}, "https://gym.example/sq"),
    ("{{literal}} {name}", {"name": "Squat"}, "{literal} Squat"),
    ("Page {page} of {pages}", {"page": 2, "pages": 3}, "Page 2 of 3"),
])
def test_template_fill(template: str, values: dict, printed: str):
    from cardmaker.template import fill

    assert fill(template, values) == printed


def test_a_block_too_tall_at_the_largest_size_is_tried_smaller(tmp_path: Path, cli):
    """A doubled tips panel is taller than the A6 column at 30 pt; shrink-to-fit must go on, not give up."""
    layout = write(tmp_path / "big.yaml", "extends: pocket-card-a6\nfit: {min_size: 4pt, max_size: 30pt}\n"
                   "sections:\n  - steps: {heading: Steps, scale: 3}\n  - tips: {heading: Tips, side: back, scale: 2}\n"
                   "  - cautions: {heading: Safety, side: back}\n")
    result = cli("build", DATA / "jumping-jacks.yaml", "-o", tmp_path, "-l", layout)
    assert result.code == 0, result.text
    assert len(PdfReader(tmp_path / "jumping-jacks.pdf").pages) == 2


@pytest.mark.parametrize("given, said", [
    ({"sets": 3}, "3 sets"), ({"reps": 10}, "10 reps"), ({"sets": 2, "hold": "30"}, "2 × 30 s"),
    ({"sets": 3, "reps": 10, "rest": "90"}, "3 × 10 · rest 90 s"), ({"reps": 12, "hold": 5}, "12 reps · hold 5 s"),
    ({"sets": 3, "reps": 8, "rest": "60 s", "load": "8 kg"}, "3 × 8 · rest 60 s · load 8 kg"),
    ({"reps": "8-12"}, "8-12 reps"), ({"reps": "10 each side"}, "10 each side"), ({"reps": "AMRAP"}, "AMRAP"),
    ({"sets": "2 rounds"}, "2 rounds"),  # words already say what they count
])
def test_the_dose_says_what_its_numbers_count(given: dict, said: str):
    """A count alone says what it counts ("3" printed alone for sets: 3), and a bare rest or hold
    (a spreadsheet's 90) is in seconds; a line breaks only after a part's dot."""
    import cardmaker
    from cardmaker.flow.dose import dose_line
    from cardmaker.load.layout import load_layout

    [ex] = cardmaker.read_exercises({"name": "Plank", "steps": ["Hold."], "prescription": given})
    main, _ = dose_line(ex, load_layout("wall-card-a4"))
    assert main.replace("\u00a0", " ") == said
    assert " ·" not in main  # the space before a dot never breaks


def test_a_german_layouts_dose_words_keep_their_capitals():
    """'labels: {tempo: Tempo}' printed "tempo 2-0-1": the word is spelt as the English key."""
    import cardmaker
    from cardmaker.flow.dose import dose_line
    from cardmaker.load.layout import layout_from_mapping

    layout = layout_from_mapping({"extends": "card-a4", "language": "de", "labels": {"tempo": "Tempo", "rest": "Pause"}})
    [ex] = cardmaker.read_exercises({"name": "Plank", "steps": ["Hold."],
                                     "prescription": {"sets": 3, "reps": 10, "rest": "60 s", "tempo": "2-0-1"}})
    main, more = dose_line(ex, layout)
    assert (main.replace("\u00a0", " "), more.replace("\u00a0", " ")) == ("3 × 10 · Pause 60 s", "Tempo 2-0-1")


def test_a_negative_count_is_an_error_naming_its_field():
    import cardmaker

    with pytest.raises(cardmaker.DataError, match=r"prescription\.reps: is negative: -5"):
        cardmaker.read_exercises("name: Plank\nsteps: [Hold.]\nprescription: {sets: 3, reps: -5}\n")


def test_a_step_indented_one_space_too_far_is_a_warning_not_two_steps_printed_as_one(tmp_path):
    """YAML reads a '- ' line indented further as going on in the step above: the probe's card
    printed "Lie on your back. - Lower opposite arm and leg." as one step, without a word."""
    from cardmaker.load.exercise import load_file

    (tmp_path / "bug.yaml").write_text("name: Dead bug\nsteps:\n  - Lie on your back.\n"
                                       "   - Lower opposite arm and leg.\n  - Return.\n")
    [ex], problems = load_file(tmp_path / "bug.yaml")
    assert ex.steps[0] == "Lie on your back. - Lower opposite arm and leg."
    [warning] = problems
    assert (warning.line, warning.field) == (3, "steps[0]") and "looks like two steps joined" in warning.message
    (tmp_path / "fine.yaml").write_text("name: Row\nsteps: ['Pull - then hold.', 'Lower: - slowly']\n")
    assert load_file(tmp_path / "fine.yaml")[1] == []  # a dash inside a sentence is no join


def test_a_layout_of_ones_own_with_text_too_faint_to_read_is_a_warning(tmp_path, cli):
    """The probe's theme set headings in #fafafa on white: invisible, and nothing said so."""
    from conftest import DATA

    (tmp_path / "faint.yaml").write_text("extends: wall-card-a4\ntheme: {heading: '#fafafa'}\n")
    (tmp_path / "fine.yaml").write_text("extends: wall-card-a4\ntheme: {heading: '#1a1a1a'}\n")
    for command in (("validate", DATA / "forearm-plank.yaml"),
                    ("build", DATA / "forearm-plank.yaml", "-o", tmp_path / "out")):
        faint = cli(*command, "-l", tmp_path / "faint.yaml")
        said = f"{tmp_path / 'faint.yaml'}: theme: text colours below 4.5:1 contrast: heading on background: 1.04:1"
        assert faint.code == 0 and said in faint.err, faint.err
        assert "contrast" not in cli(*command, "-l", tmp_path / "fine.yaml").err


def test_a_layouts_terms_print_the_datas_words_in_its_language(tmp_path: Path, cli):
    """A German card printed "strength · beginner" and "Equipment dumbbell": nothing translated
    the data's words. A layout's ``terms`` does, on cards and in a booklet's groups and index;
    a word it does not name prints as the data gives it."""
    layout = write(tmp_path / "de.yaml", "extends: card-a4\nlanguage: de\nlabels: {equipment: Geräte}\n"
                   "terms: {Strength: Kraft, beginner: Einsteiger, dumbbell: Kurzhantel, glutes: Gesäß}\n")
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path / "cards", "-l", layout)
    assert result.code == 0, result.text
    text = pdf_text(tmp_path / "cards" / "goblet-squat.pdf")
    assert "KRAFT · EINSTEIGER" in text and "Gesäß" in text and "STRENGTH" not in text
    assert "Geräte kettlebell, Kurzhantel" in text  # kettlebell not named: as the data gives it
    booklet = tmp_path / "b.pdf"
    result = cli("booklet", DATA / "goblet-squat.yaml", DATA / "forearm-plank.yaml", "-l", layout, "-o", booklet)
    assert result.code == 0, result.text
    text = pdf_text(booklet)
    assert "KRAFT" in text and "STRENGTH" not in text and "Kurzhantel" in text


def test_groups_the_terms_make_one_are_one_group_in_a_booklet(tmp_path: Path, cli):
    """Grouped by muscle, 'glutes' and 'Gesäß' were two groups both headed "Gesäß" once the
    layout's terms translated one into the other."""
    write(tmp_path / "a.yaml", "name: Bridge\nsteps: [Lift the hips.]\nmuscles: [glutes]\n")
    write(tmp_path / "b.yaml", "name: Brücke\nsteps: [Becken heben.]\nmuscles: [Gesäß]\n")
    layout = write(tmp_path / "de.yaml", "extends: booklet-a5\nterms: {glutes: Gesäß}\n")
    booklet = tmp_path / "b.pdf"
    result = cli("booklet", tmp_path / "a.yaml", tmp_path / "b.yaml", "-l", layout, "-o", booklet,
                 "--group-by", "muscle")
    assert result.code == 0, result.text
    contents = " ".join((PdfReader(booklet).pages[1].extract_text() or "").split())
    assert contents.count("GESÄSS") + contents.count("Gesäß") == 1, contents
    assert "Bridge" in contents and "Brücke" in contents


@pytest.mark.parametrize("terms, said", [("terms: [strength]", "expected a mapping"),
                                         ("terms: {strength: ''}", "the word printed is empty"),
                                         ("terms: {strength: 'Kraft 💪'}", "U+1F4AA"),
                                         ("terms: {Strength: Kraft, strength: Stärke}", "named twice")])
def test_a_layouts_terms_are_checked(tmp_path: Path, cli, terms: str, said: str):
    layout = write(tmp_path / "de.yaml", f"extends: card-a4\n{terms}\n")
    result = cli("validate", DATA / "goblet-squat.yaml", "-l", layout)
    assert result.code != 0 and said in result.text and "de.yaml:2" in result.text, result.text


def test_a_layout_may_reword_its_parents_term_in_another_case(tmp_path: Path, cli):
    write(tmp_path / "base.yaml", "extends: card-a4\nterms: {Strength: Kraft}\n")
    child = write(tmp_path / "child.yaml", "extends: base.yaml\nterms: {strength: Stärke}\n")
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path / "out", "-l", child)
    assert result.code == 0, result.text
    assert "STÄRKE" in pdf_text(tmp_path / "out" / "goblet-squat.pdf")


def test_a_booklets_groups_and_exercises_are_sorted_by_the_words_printed(tmp_path: Path, cli):
    """Sorted by the data's words, the German groups came out of order (Gleichgewicht before
    Ausdauer)."""
    for name, category in (("Zebra", "balance"), ("Anker", "cardio"), ("Mitte", "strength")):
        write(tmp_path / "in" / f"{name}.yaml", f"name: {name}\nsteps: [Go.]\ncategory: {category}\n")
    layout = write(tmp_path / "de.yaml", "extends: booklet-a5\n"
                   "terms: {balance: Gleichgewicht, cardio: Ausdauer, strength: Kraft}\n")
    result = cli("booklet", tmp_path / "in", "-l", layout, "-o", tmp_path / "b.pdf")
    assert result.code == 0, result.text
    contents = " ".join((PdfReader(tmp_path / "b.pdf").pages[1].extract_text() or "").split())
    found = [contents.find(word) for word in ("Ausdauer", "Gleichgewicht", "Kraft")]
    assert -1 not in found and found == sorted(found), contents
