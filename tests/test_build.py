"""End to end: exercise files → `cardmaker build` → PDFs read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import DATA, outputs, pages, pdf_text, write

SAMPLES = sorted(DATA.glob("*.yaml"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from cardmaker.cli import main

    out = tmp_path_factory.mktemp("cards")
    result = CliRunner().invoke(main, ["build", str(DATA), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_every_sample_builds_one_page(built: Path):
    assert len(SAMPLES) >= 8
    for sample in SAMPLES:
        ident = yaml.safe_load(sample.read_text())["id"]
        assert pages(built / f"{ident}.pdf") == 1, ident


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_all_card_text_is_printed_in_order(built: Path, sample: Path):
    data = yaml.safe_load(sample.read_text())
    text = pdf_text(built / f"{data['id']}.pdf")
    flat = lambda s: " ".join(s.split())  # noqa: E731
    assert flat(data["name"]) in text
    position = 0
    for number, step in enumerate(data["steps"], 1):
        # the number sits right before its step's text, and steps come in order
        match = re.compile(rf"\b{number} {re.escape(flat(step)[:40])}").search(text, position)
        assert match, f"step {number} missing or out of order: {step[:40]}"
        position = match.end()
    for item in data.get("tips", []) + data.get("cautions", []):
        assert flat(item) in text
    for pair in data.get("faq", []):
        assert flat(pair["q"]) in text and flat(pair["a"]) in text
    for value in (data.get("prescription") or {}).values():
        assert str(value) in text


def test_fonts_are_embedded_and_only_bundled(built: Path):
    for pdf in built.glob("*.pdf"):
        for page in PdfReader(pdf).pages:
            fonts = page["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, f"{pdf.name}: {font['/BaseFont']} not embedded"
                assert font["/BaseFont"].split("+")[-1] in ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "DejaVuSans")


def test_output_is_reproducible(tmp_path: Path, cli):
    sample = DATA / "goblet-squat.yaml"
    cli("build", sample, "-o", tmp_path / "a")
    cli("build", sample, "-o", tmp_path / "b")
    assert (tmp_path / "a/goblet-squat.pdf").read_bytes() == (tmp_path / "b/goblet-squat.pdf").read_bytes()


UNICODE = {
    "polish": "Zażółć gęślą jaźń",
    "german": "Größe Übungsmäßig",
    "greek": "Ευλυγισία μηρών",
    "russian": "Растяжка подколенных сухожилий",
    "czech": "Příliš žluťoučký kůň",
}


def test_unicode_round_trip(tmp_path: Path, cli):
    steps = "\n".join(f"  - {v} ({k})." for k, v in UNICODE.items())
    write(tmp_path / "u.yaml", f"name: Ćwiczenie Ελλάδα Упражнение\nsteps:\n{steps}\n")
    result = cli("build", tmp_path / "u.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.text
    text = pdf_text(tmp_path / "out" / "cwiczenie-ελλαδα-упражнение.pdf")
    assert "Ćwiczenie Ελλάδα Упражнение" in text
    for value in UNICODE.values():
        assert value in text


def test_markup_in_text_prints_literally(tmp_path: Path, cli):
    write(tmp_path / "m.yaml", 'name: "Rows <b>& co</b>"\nsteps: ["Keep reps < 12 & rest >= 60 s", "<img src=\\"/etc/passwd\\"/> *stars*"]\n')
    result = cli("build", tmp_path / "m.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.text
    text = pdf_text(tmp_path / "out" / "rows-b-co-b.pdf")
    assert "Rows <b>& co</b>" in text
    assert "Keep reps < 12 & rest >= 60 s" in text
    assert '<img src="/etc/passwd"/> *stars*' in text


def test_json_input_is_accepted(tmp_path: Path, cli):
    write(tmp_path / "j.json", '{"name": "Wall Sit", "steps": ["Sit against the wall.", "Hold."], "tips": ["Breathe."]}')
    result = cli("build", tmp_path / "j.json", "-o", tmp_path / "out")
    assert result.code == 0, result.text
    assert "Sit against the wall." in pdf_text(tmp_path / "out" / "wall-sit.pdf")


def test_a_list_of_exercises_in_one_file(tmp_path: Path, cli):
    write(tmp_path / "two.yaml", "- {name: One, steps: [a]}\n- {name: Two, steps: [b]}\n")
    result = cli("build", tmp_path / "two.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.text
    assert outputs(tmp_path / "out") == ["one.pdf", "two.pdf"]


def test_long_exercise_shrinks_but_stays_on_one_page(tmp_path: Path, cli):
    steps = "\n".join(f"  - Step {i} moves the weight slowly and under control through the whole range of motion." for i in range(1, 31))
    write(tmp_path / "long.yaml", f"name: Long One\nsteps:\n{steps}\n")
    result = cli("build", tmp_path / "long.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.text
    pdf = tmp_path / "out" / "long-one.pdf"
    assert pages(pdf) == 1
    assert "Step 30 moves the weight" in pdf_text(pdf)


def test_content_that_cannot_fit_is_an_error_not_a_cut(tmp_path: Path, cli):
    steps = "\n".join(f"  - Step {i} " + "with many words " * 20 for i in range(1, 80))
    write(tmp_path / "huge.yaml", f"name: Huge\nsteps:\n{steps}\n")
    result = cli("build", tmp_path / "huge.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "'huge' does not fit one page of layout 'card-a4' even at 8 pt" in result.err
    assert "huge.yaml" in result.err
    assert "Traceback" not in result.text
    assert not (tmp_path / "out").exists()  # nothing half-written: not even the folder the build made


def test_symbols_missing_from_the_main_font_use_the_fallback(tmp_path: Path, cli):
    write(tmp_path / "s.yaml", "name: Symbols\nsteps: ['Rest ≥ 60 s, reps ≤ 12 → then stop ✓']\n")
    assert cli("build", tmp_path / "s.yaml", "-o", tmp_path / "out").code == 0
    assert "Rest ≥ 60 s, reps ≤ 12 → then stop ✓" in pdf_text(tmp_path / "out" / "symbols.pdf")


def test_a_character_no_font_has_is_an_error_not_a_blank(tmp_path: Path, cli):
    write(tmp_path / "cjk.yaml", "name: Squat\nsteps:\n  - Stand tall.\n  - 深蹲 down.\n")
    result = cli("build", tmp_path / "cjk.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "cjk.yaml:4: steps[1]: character '深' (U+6DF1 CJK UNIFIED IDEOGRAPH-6DF1) is in none of the fonts" in result.err
    assert not (tmp_path / "out" / "squat.pdf").exists()


def test_values_yaml_would_read_as_numbers_print_as_written(tmp_path: Path, cli):
    write(tmp_path / "t.yaml", "name: Tempo\nlevel: no\nsteps: [x]\nprescription: {tempo: 3:1:1, hold: 1:30, reps: 010}\n")
    assert cli("build", tmp_path / "t.yaml", "-o", tmp_path / "out").code == 0
    text = pdf_text(tmp_path / "out" / "tempo.pdf")
    assert "3:1:1" in text and "1:30" in text and "010" in text and "NO" in text


def test_a_long_name_and_summary_shrink_instead_of_failing(tmp_path: Path, cli):
    summary = "A long summary that keeps going. " * 40
    name = "Very " * 60 + "Long Name"
    write(tmp_path / "l.yaml", f"name: {name}\nsummary: {summary}\nsteps: [Stand up., Sit down.]\n")
    result = cli("build", tmp_path / "l.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.text
    [pdf] = (tmp_path / "out").glob("*.pdf")
    assert len(pdf.stem) <= 89  # slug cut to 80 characters plus a short hash
    assert pages(pdf) == 1 and "Sit down." in pdf_text(pdf)


def test_only_one_exercise_may_go_to_one_named_pdf(tmp_path, cli):
    """`build data --only goblet-squat -o one.pdf` said "names one PDF, but 9 exercises were found":
    the count was taken before --only chose."""
    result = cli("build", DATA, "--only", "goblet-squat", "-o", tmp_path / "one.pdf")
    assert result.code == 0, result.text
    assert "Goblet Squat" in pdf_text(tmp_path / "one.pdf")
    result = cli("build", DATA, "--only", "goblet-squat,jumping-jacks", "-o", tmp_path / "two.pdf")
    assert result.code != 0 and "2 exercises were chosen" in result.text


def test_a_card_printed_from_a_program_says_its_days_and_note_with_the_dose(tmp_path, cli):
    """`build --program` dropped the entry's note and days without a word; the booklet printed
    them. The card says them with its dose: "tempo 3-1-1 · Tue, Thu", then the note."""
    program = write(tmp_path / "p.yaml", "title: Knee\ndays: [Tue, Thu]\nexercises:\n  - id: goblet-squat\n"
                                         "    reps: 8\n    note: Only to 45 degrees in week 1.\n  - id: jumping-jacks\n"
                                         "    days: [Thu]\n")
    result = cli("build", DATA, "--program", program, "-o", tmp_path / "cards")
    assert result.code == 0, result.text
    goblet = pdf_text(tmp_path / "cards" / "goblet-squat.pdf").replace("\u00a0", " ")
    said = [goblet.find(part) for part in ("3 × 8 · rest 90 s", "tempo 3-1-1 · Tue, Thu",
                                           "Only to 45 degrees in week 1.", "Instructions")]
    assert -1 not in said and said == sorted(said), goblet
    jacks = pdf_text(tmp_path / "cards" / "jumping-jacks.pdf")
    assert "Thu" in jacks and "Tue" not in jacks


def test_validate_and_preview_take_only_and_tag_as_build_does(tmp_path, cli):
    result = cli("validate", DATA, "--only", "goblet-squat")
    assert result.code == 0 and "Checked 1 exercise" in result.text, result.text
    result = cli("preview", DATA, "--only", "goblet-squat,jumping-jacks", "-o", tmp_path / "p.png")
    assert result.code == 0 and "Rendered 2 cards" in result.text, result.text
    result = cli("validate", DATA, "--only", "nope")
    assert result.code == 1 and "--only: no exercise with id 'nope'" in result.text


@pytest.mark.parametrize("layout, handout", [("wall-card-a4", "handout-a4"), ("wall-card-letter", "handout-letter"),
                                             ("card-letter", "handout-letter"), ("pocket-card-a6", "handout-a4"),
                                             ("index-card-3x5", "handout-letter"), ("poster-a3", "handout-a4")])
def test_the_handout_a_message_suggests_is_on_the_layouts_paper(layout: str, handout: str):
    """"use a layout that goes on over more pages, such as ..." names the handout a user of
    that paper can print: Letter for US paper and inch-sized cards, else A4."""
    from cardmaker.batch.outcome import handout_for
    from cardmaker.load.layout import load_layout

    assert handout_for(load_layout(layout)) == handout
