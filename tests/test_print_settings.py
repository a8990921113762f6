"""Print settings from a layout's `print:` section (command-line options override them), and
booklets for a print shop: bleed, trim boxes, marks, duplex turns, continuous flow, footers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from cardmaker.model.layout import PrintSettings
from cardmaker.press.geometry import MARKS_ROOM
from cardmaker.press.sheets import saddle
from conftest import DATA, write
from test_booklet import flat, outline
from test_press import A4, A5, MM, halves, numbered_pages


def boxes(page) -> dict[str, list[float]]:
    return {name: [float(v) for v in getattr(page, name)] for name in ("mediabox", "trimbox", "bleedbox")}


def test_a_layouts_print_section_places_cards_on_sheets_and_options_override_it(tmp_path: Path, cli):
    layout = write(tmp_path / "sheets.yaml", "extends: index-card-3x5\nprint:\n  sheet: A4\n  n_up: 1x2\n"
                   "sections: [{steps: Instructions}]\n")  # one-sided: a card a cell
    out = tmp_path / "cards.pdf"
    assert cli("build", DATA, "-l", layout, "--combine", out).code == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 5  # 9 cards, two a sheet
    assert [float(v) for v in reader.pages[0].mediabox[2:]] == pytest.approx(A4)
    assert cli("build", DATA, "-l", layout, "--combine", out, "--n-up", "1x3").code == 0
    assert len(PdfReader(out).pages) == 3  # the option wins over the layout
    assert cli("build", DATA, "-l", layout, "-o", tmp_path / "each").code == 0  # a folder: one PDF per card
    assert len(list((tmp_path / "each").glob("*.pdf"))) == 9


@pytest.mark.parametrize("section, expected", [
    ("  n_up: 2by2\n", "3: print.n_up: expected auto or columns x rows, e.g. 2x2, got '2by2'"),
    ("  sheet: A5\n", "3: print.sheet: expected one of A4, Letter, A3, none, got 'A5'"),
    ("  back_offset: 1mm\n", "3: print.back_offset: expected [X, Y], e.g. [0.5mm, -1mm], got '1mm'"),
    ("  back_offset: [0, 30mm]\n", "3: print.back_offset: [0, '30mm'] is more than 20mm"),
    ("  impose: saddle\n", "3: print.impose: expected one of none, saddle-stitch, got 'saddle' "
                           "(did you mean 'saddle-stitch'?)"),
    ("  creep: 9mm\n", "3: print.creep: creep of 9mm is more than 5mm"),
    ("  duplx: long\n", "3: print.duplx: unknown key 'duplx' (did you mean 'duplex'?)"),
])
def test_print_section_mistakes_name_the_line_and_key(tmp_path: Path, cli, section: str, expected: str):
    layout = write(tmp_path / "bad.yaml", f"extends: card-a4\nprint:\n{section}")
    result = cli("build", DATA, "-l", layout, "--combine", tmp_path / "x.pdf")
    assert result.code == 1 and f"error: {layout}:{expected}" in result.err, result.err
    assert not (tmp_path / "x.pdf").exists()


def test_a_print_shop_booklet_has_bleed_trim_boxes_and_marks_outside_them(tmp_path: Path, cli):
    layout = write(tmp_path / "shop.yaml", "extends: booklet-a5\npage: {bleed: 3mm}\n"
                                           "print: {impose: saddle-stitch, crop_marks: all}\n")
    pages, sheets = tmp_path / "pages.pdf", tmp_path / "sheets.pdf"
    assert cli("booklet", DATA, "-l", layout, "-o", pages, "--impose", "none").code == 0
    page = boxes(PdfReader(pages).pages[2])
    assert page["mediabox"][2:] == pytest.approx([A5[0] + 6 * MM, A5[1] + 6 * MM])
    assert page["trimbox"] == pytest.approx([3 * MM, 3 * MM, A5[0] + 3 * MM, A5[1] + 3 * MM])
    assert cli("booklet", DATA, "-l", layout, "-o", sheets).code == 0  # imposed, as the layout says
    sheet = boxes(PdfReader(sheets).pages[0])
    room = 3 * MM + MARKS_ROOM  # bleed, then the marks
    assert sheet["mediabox"][2:] == pytest.approx([2 * A5[0] + 2 * room, A5[1] + 2 * room])
    assert sheet["trimbox"] == pytest.approx([room, room, room + 2 * A5[0], room + A5[1]])
    assert sheet["bleedbox"] == pytest.approx([MARKS_ROOM, MARKS_ROOM, room + 2 * A5[0] + 3 * MM, room + A5[1] + 3 * MM])


def test_spine_side_bleed_is_cut_so_facing_pages_do_not_overlap():
    """Each page is a full-bleed grey block: on the sheet, grey must stop at the spine on both sides."""
    from reportlab.pdfgen.canvas import Canvas
    import pypdfium2

    bleed = 3 * MM
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(A5[0] + 2 * bleed, A5[1] + 2 * bleed))
    for shade in (0.2, 0.8, 0.2, 0.8):  # dark, light, dark, light pages
        canvas.setFillGray(shade)
        canvas.rect(0, 0, A5[0] + 2 * bleed, A5[1] + 2 * bleed, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    sheet = saddle(buf.getvalue(), PrintSettings(crop_marks="none"), bleed)
    image = pypdfium2.PdfDocument(sheet)[0].render(scale=2).to_pil().convert("L")
    spine = image.width // 2
    y = image.height // 2
    assert image.getpixel((spine - 6, y)) > 150 and image.getpixel((spine + 6, y)) < 100  # P4 light | P1 dark


def test_long_edge_duplex_turns_booklet_backs_and_manual_duplex_stacks_them():
    turned = saddle(numbered_pages(8), PrintSettings(duplex="long"))
    assert halves(turned) == [("P8", "P1"), ("P7", "P2"), ("P6", "P3"), ("P5", "P4")]
    manual = saddle(numbered_pages(8), PrintSettings(manual_duplex=True))
    assert halves(manual) == [("P8", "P1"), ("P6", "P3"), ("P4", "P5"), ("P2", "P7")]


def test_booklet_print_options_need_imposition(tmp_path: Path, cli):
    result = cli("booklet", DATA, "-o", tmp_path / "b.pdf", "--sheet", "A4")
    assert result.code == 2 and "add --impose saddle-stitch" in result.err


def test_a_continuous_booklet_runs_exercises_on_and_its_contents_still_point_right(tmp_path: Path, cli):
    layout = write(tmp_path / "flow.yaml", "extends: booklet-a5\nbooklet: {start: continuous}\n")
    flowing, paged = tmp_path / "flow.pdf", tmp_path / "paged.pdf"
    for layout_name, out in ((layout, flowing), ("booklet-a5", paged)):
        assert cli("booklet", DATA, "-l", layout_name, "-o", out, "--group-by", "none").code == 0
    reader = PdfReader(flowing)
    starts = [(title, page) for _, title, page in outline(reader) if title != "Index"]
    paged_starts = [(title, page) for _, title, page in outline(PdfReader(paged)) if title != "Index"]
    assert len(reader.pages) <= len(PdfReader(paged).pages)
    # exercises start earlier (a title block is still never left at a page's foot, which can
    # cost the page a stranded one would have saved)
    assert sum(page for _, page in starts) < sum(page for _, page in paged_starts)
    contents = flat(reader.pages[1].extract_text())
    for title, page in starts:
        assert f"{flat(title)} {page}" in contents and flat(title) in flat(reader.pages[page - 1].extract_text())
    # some exercise starts below the end of the one before it, on the same page
    assert any(flat(reader.pages[page - 1].extract_text()).find(flat(title)) > 200 for title, page in starts)


def test_footer_text_and_a_long_gym_line_are_cut_to_fit_beside_the_page_number(tmp_path: Path, cli):
    gym = "Kraftwerk " + "Strength and Mobility " * 8
    layout = write(tmp_path / "gym.yaml", f"extends: booklet-a5\nheader: {{gym: {gym.strip()}}}\n"
                                          "footer: {text: '{gym} · {name}'}\n")
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-l", layout, "-o", out).code == 0
    reader = PdfReader(out)
    page = reader.pages[3]
    lines = []
    page.extract_text(visitor_text=lambda t, cm, tm, *_: lines.append((round(cm[5] + tm[5]), cm[4] + tm[4], t))
                      if t.strip() else None)
    bottom = min(y for y, _, _ in lines if y > 1)  # (the page count is a form, placed at 0, 0 within it)
    foot = sorted((x, t) for y, x, t in lines if y == bottom)
    assert foot[0][1].startswith("Kraftwerk Strength") and "…" in foot[0][1]
    assert f"Page 4 of {len(reader.pages)}" in flat(page.extract_text())
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from cardmaker.load.layout import load_layout
    from cardmaker.style.fonts import font_set
    from cardmaker.style.plain_styles import card_styles

    resolved = load_layout(str(layout))
    small = card_styles(resolved).small.text_size(resolved.max_size)
    gym_end = foot[0][0] + stringWidth(foot[0][1].strip(), font_set(resolved.fonts).regular, small)
    assert gym_end < next(x for x, t in foot if t.startswith("Page"))


def test_a_program_kept_among_the_exercises_is_not_read_as_one(tmp_path: Path, cli):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    program = write(data / "program.yaml", "title: Rehab\nexercises:\n  - {id: goblet-squat, sets: 3}\n")
    result = cli("booklet", data, "--program", program, "-o", tmp_path / "b.pdf")
    assert result.code == 0 and "error" not in result.err, result.err
    assert cli("build", data, "--program", program, "-o", tmp_path / "cards").code == 0
    assert [p.name for p in (tmp_path / "cards").glob("*.pdf")] == ["goblet-squat.pdf"]


def test_a_program_naming_an_exercise_whose_file_failed_says_so(tmp_path: Path, cli):
    write(tmp_path / "in" / "goblet-squat.yaml", "name: Goblet Squat\nsteps: {a: 1}\n")
    write(tmp_path / "in" / "plank.yaml", "name: Plank\nsteps: [Hold.]\n")
    program = write(tmp_path / "program.yaml", "title: Rehab\nexercises:\n  - {id: goblet-squat}\n")
    result = cli("booklet", tmp_path / "in", "--program", program, "-o", tmp_path / "b.pdf")
    assert result.code == 1
    assert "goblet-squat.yaml:2: steps: expected a list of texts" in result.err
    assert "1 exercise file could not be read (above): if it is in one, fix that first" in result.err


def test_a_half_letter_booklet_imposes_on_letter(tmp_path: Path, cli):
    out = tmp_path / "sheets.pdf"
    assert cli("booklet", DATA, "-l", "booklet-half-letter", "-o", out, "--impose", "saddle-stitch").code == 0
    sheet = boxes(PdfReader(out).pages[0])
    assert sheet["mediabox"] == pytest.approx([0, 0, 792, 612])  # Letter, landscape
    assert sheet["trimbox"] == pytest.approx([0, 0, 792, 612])  # two 5.5 x 8.5 in pages fill it


def test_booklet_footers_fill_every_field_like_cards_do(tmp_path: Path, cli):
    layout = write(tmp_path / "foot.yaml", "extends: booklet-a5\nheader: {gym: Studio Nord}\nfooter:\n"
                                           "  text: '{gym} | {category} | {id} | {level} | p{page}/{pages}'\n"
                                           "  page_numbers: '{{{page}}} / {pages}'\n")
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-o", out, "-l", layout, "--group-by", "none").code == 0
    reader = PdfReader(out)
    total = len(reader.pages)
    starts = {title: page for _, title, page in outline(reader)}
    page = starts["Goblet Squat"]
    text = flat(reader.pages[page - 1].extract_text())
    assert f"Studio Nord | strength | goblet-squat | beginner | p{page}/ {total}" in text.replace(f"/{total}", f"/ {total}")
    assert f"{{{page}}} / {total}" in text


def test_a_continuous_booklet_heads_each_page_with_the_exercise_at_its_top(tmp_path: Path, cli):
    layout = write(tmp_path / "flow.yaml", "extends: booklet-a5\nbooklet: {start: continuous}\n")
    out = tmp_path / "b.pdf"
    assert cli("booklet", DATA, "-l", layout, "-o", out, "--group-by", "none").code == 0
    reader = PdfReader(out)
    starts = sorted((page, title) for _, title, page in outline(reader))  # the index ends the last one
    for (page, title), (next_page, _) in zip(starts, starts[1:]):
        for number in range(page + 1, next_page):  # pages it runs on to: headed with it
            # the header is drawn when the page ends: it reads just before the page number
            assert f"{flat(title)} Page {number} of" in flat(reader.pages[number - 1].extract_text()), (number, title)


def test_a_print_setting_that_cannot_work_is_reported_at_the_layout_line_that_set_it(tmp_path: Path, cli):
    layout = write(tmp_path / "n3.yaml", "extends: card-a4\nprint:\n  sheet: A4\n  n_up: 3x3\n")
    result = cli("build", DATA, "--combine", tmp_path / "x.pdf", "-l", layout)
    assert result.code == 1 and f"error: {layout}:3: print.sheet: 3 x 3 cards of 210 x 297 mm do not fit A4" in result.err
    result = cli("build", DATA, "--combine", tmp_path / "x.pdf", "-l", layout, "--sheet", "A3")
    assert result.code == 1 and f"error: {layout}:4: print.n_up: 3 x 3 cards" in result.err
    result = cli("build", DATA, "--combine", tmp_path / "x.pdf", "-l", layout, "--sheet", "A3", "--n-up", "4x4")
    assert result.code == 1 and "error: 4 x 4 cards" in result.err  # all from the command line: no layout line
