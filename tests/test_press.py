"""Print production: saddle-stitch order and n-up sheets, checked by where each page's own
text lands on the printed sheets."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from cardmaker.press.geometry import Grid, best_grid, crop_marks, grid, saddle_stitch
from cardmaker.model.layout import PrintSettings
from cardmaker.press.sheets import saddle
from conftest import DATA

A5 = (419.53, 595.28)
A4 = (595.28, 841.89)
NAMES = [yaml.safe_load(p.read_text())["name"] for p in sorted(DATA.glob("*.yaml"))]  # build order
MM = 72 / 25.4


def numbered_pages(count: int, size=A5) -> bytes:
    """A PDF whose page n says only "Pn", in the middle."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size)
    for n in range(1, count + 1):
        canvas.drawCentredString(size[0] / 2, size[1] / 2, f"P{n}")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def placed_words(pdf: bytes | Path) -> list[list[tuple[str, float, float]]]:
    """Per page, each word with its lower-left corner on the sheet, as a viewer finds it
    (pdfium follows the placed forms, so this is where the printer puts the word)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    pages = []
    for page in doc:
        text = page.get_textpage()
        words, current, corner = [], "", None
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.strip():
                corner = corner or text.get_charbox(i)[:2]
                current += char
            elif current:
                words.append((current, *corner))
                current, corner = "", None
        if current:
            words.append((current, *corner))
        pages.append(words)
    return pages


def halves(pdf: bytes | Path) -> list[tuple[str, str]]:
    """Per sheet side: the text on its left half and on its right half."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    widths = [page.get_width() for page in doc]
    return [(" ".join(w for w, x, _ in words if x < width / 2), " ".join(w for w, x, _ in words if x >= width / 2))
            for words, width in zip(placed_words(pdf), widths)]


@pytest.mark.parametrize("count, expected", [
    (4, [("P4", "P1"), ("P2", "P3")]),
    (8, [("P8", "P1"), ("P2", "P7"), ("P6", "P3"), ("P4", "P5")]),
    (13, [("", "P1"), ("P2", ""), ("", "P3"), ("P4", "P13"), ("P12", "P5"), ("P6", "P11"), ("P10", "P7"),
          ("P8", "P9")]),
])
def test_saddle_stitch_sheets_fold_into_page_order(count: int, expected):
    pdf = saddle(numbered_pages(count))
    sheets = PdfReader(io.BytesIO(pdf))
    assert halves(pdf) == expected
    assert tuple(float(v) for v in sheets.pages[0].mediabox[2:]) == pytest.approx(A4[::-1])  # A5 pairs on A4
    trim = [float(v) for v in sheets.pages[0].trimbox]
    assert trim == pytest.approx([(A4[1] - 2 * A5[0]) / 2, 0, (A4[1] + 2 * A5[0]) / 2, A5[1]])  # centred


def test_creep_pulls_inner_pages_towards_the_spine():
    plain = placed_words(saddle(numbered_pages(8)))
    crept = placed_words(saddle(numbered_pages(8), PrintSettings(creep=1 * MM)))

    def xs(words):
        return [x for _, x, _ in words]

    assert xs(crept[0]) == pytest.approx(xs(plain[0]))  # the outer sheet stays
    left, right = xs(crept[3])  # the inner sheet's pages move in by the full creep
    assert left - xs(plain[3])[0] == pytest.approx(1 * MM, abs=0.05)
    assert xs(plain[3])[1] - right == pytest.approx(1 * MM, abs=0.05)


def test_order_pads_with_blanks_to_whole_sheets():
    assert saddle_stitch(1) == [(None, 1), (None, None)]
    assert len(saddle_stitch(13)) == 8  # 16 pages: 4 sheets, 8 sides


def test_auto_n_up_takes_the_orientation_that_holds_more():
    a4 = (595.28, 841.89)
    index_card = (5 * 72, 3 * 72)
    g = best_grid(a4, index_card)
    assert (g.cols, g.rows, g.sheet) == (2, 2, (841.89, 595.28))  # landscape A4 holds 4, portrait 3
    assert best_grid(a4, (105 * MM, 148 * MM), margin=0).count == 4  # A6 on A4 without marks
    assert grid(a4, (210 * MM, 297 * MM), 2, 2) is None


def test_crop_marks_stay_off_every_card():
    g = Grid((841.89, 595.28), (5 * 72, 3 * 72), 2, 2)
    x0, y0 = g.origin
    block = (x0, y0, x0 + 2 * 5 * 72, y0 + 2 * 3 * 72)
    marks = crop_marks(g)
    assert len(marks) == 2 * 3 + 2 * 3  # both ends of 3 vertical and 3 horizontal cut lines
    for x1, y1, x2, y2 in marks:
        inside = block[0] < max(x1, x2) and min(x1, x2) < block[2] and block[1] < max(y1, y2) and min(y1, y2) < block[3]
        assert not inside, (x1, y1, x2, y2)
    assert len(crop_marks(g, every_cut=False)) == 2 * 2 + 2 * 2


def test_two_sided_cards_on_sheets_put_each_back_behind_its_front(tmp_path: Path, cli):
    out = tmp_path / "sheets.pdf"
    result = cli("build", DATA, "--combine", out, "-l", "pocket-card-a6", "--sheet", "A4", "-j", "1")
    assert result.code == 0, result.err
    reader = PdfReader(out)
    assert len(reader.pages) == 2 * 5  # 2 cards a sheet (landscape, room for marks), front and back
    first, second = NAMES[0], NAMES[1]
    front, back = halves(out)[:2]
    assert first in front[0] and second in front[1]
    # a landscape sheet flipped on its long (top) edge turns about the horizontal axis: one row of
    # cards, so each back stays in its column
    assert first in back[0] and second in back[1]
    short = tmp_path / "short.pdf"
    assert cli("build", DATA, "--combine", short, "-l", "pocket-card-a6", "--sheet", "A4", "--duplex", "short").code == 0
    back = halves(short)[1]
    assert second in back[0] and first in back[1]  # short edge on landscape: columns swap


def test_manual_duplex_prints_all_fronts_then_the_backs_reversed(tmp_path: Path, cli):
    out = tmp_path / "manual.pdf"
    assert cli("build", DATA, "--combine", out, "-l", "pocket-card-a6", "--sheet", "A4", "--manual-duplex").code == 0
    pages = halves(out)
    assert len(pages) == 10
    for sheet in range(5):  # fronts in order: cards 1-2, 3-4, ..., 9 alone
        assert NAMES[2 * sheet] in pages[sheet][0]
    assert NAMES[8] in pages[5][0] and pages[5][1] == ""  # then the backs, last sheet's first
    assert NAMES[0] in pages[9][0] and NAMES[1] in pages[9][1]


def test_sheet_options_need_one_combined_pdf_and_a_fit(tmp_path: Path, cli):
    assert cli("build", DATA, "-o", tmp_path / "out", "--sheet", "A4").code == 2
    result = cli("build", DATA, "--combine", tmp_path / "x.pdf", "--sheet", "A4", "--n-up", "2x2")
    assert result.code == 1
    assert "2 x 2 cards of 210 x 297 mm do not fit A4 with room for crop marks" in result.err
    assert not (tmp_path / "x.pdf").exists()


def test_booklet_imposed_for_saddle_stitching(tmp_path: Path, cli):
    plain, imposed = tmp_path / "b.pdf", tmp_path / "sheets.pdf"
    assert cli("booklet", DATA, "-o", plain).code == 0
    assert cli("booklet", DATA, "-o", imposed, "--impose", "saddle-stitch").code == 0
    pages, sheets = PdfReader(plain), PdfReader(imposed)
    assert len(sheets.pages) == -(-len(pages.pages) // 4) * 2
    assert [float(v) for v in sheets.pages[0].mediabox[2:]] == pytest.approx(A4[::-1])
    trim = [float(v) for v in sheets.pages[0].trimbox]
    assert trim[2] - trim[0] == pytest.approx(2 * float(pages.pages[0].mediabox[2]))
    assert sheets.metadata.title == "Exercise booklet"  # the booklet's metadata survives imposition
    assert sheets.trailer["/Root"]["/Lang"] == "en"
    assert "Exercise booklet" in halves(imposed)[0][1]  # the cover on the right of the first side


def test_back_offset_moves_every_back_and_nothing_else(tmp_path: Path, cli):
    plain, shifted = tmp_path / "plain.pdf", tmp_path / "shifted.pdf"
    args = (DATA / "forearm-plank.yaml", "-l", "pocket-card-a6", "--sheet", "A4")
    assert cli("build", *args, "--combine", plain).code == 0
    assert cli("build", *args, "--combine", shifted, "--back-offset", "2,-1").code == 0

    a, b = placed_words(plain), placed_words(shifted)
    assert b[0][0] == pytest.approx(a[0][0])  # fronts stay
    (_, x0, y0), (_, x1, y1) = a[1][0], b[1][0]
    assert (x1 - x0, y1 - y0) == pytest.approx((2 * MM, -1 * MM), abs=0.05)


def test_calibration_sheet_is_two_sided_and_says_how_to_read_it(tmp_path: Path, cli):
    out = tmp_path / "cal.pdf"
    assert cli("calibrate", "-o", out, "--duplex", "short").code == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    assert "--back-offset -X,Y" in " ".join(reader.pages[0].extract_text().split())


def test_only_and_tag_choose_the_exercises(tmp_path: Path, cli):
    assert cli("build", DATA, "-o", tmp_path / "a", "--only", "goblet-squat, forearm-plank").code == 0
    assert sorted(p.name for p in (tmp_path / "a").glob("*.pdf")) == ["forearm-plank.pdf", "goblet-squat.pdf"]
    tagged = [yaml.safe_load(p.read_text())["id"] for p in DATA.glob("*.yaml")
              if "core" in [t.lower() for t in yaml.safe_load(p.read_text()).get("tags", [])]]
    assert tagged
    assert cli("build", DATA, "-o", tmp_path / "b", "--tag", "CORE").code == 0
    assert sorted(p.stem for p in (tmp_path / "b").glob("*.pdf")) == sorted(tagged)
    wrong = cli("build", DATA, "-o", tmp_path / "c", "--only", "goblet-sqat")
    assert wrong.code == 1 and "error: --only: no exercise with id 'goblet-sqat' (did you mean 'goblet-squat'?)" in wrong.err


def test_a_program_prints_each_entry_qty_times(tmp_path: Path, cli):
    program = tmp_path / "program.yaml"
    program.write_text("title: Test\nexercises:\n  - {id: goblet-squat, reps: 12, qty: 3}\n"
                       "  - {id: forearm-plank, qty: 2}\n")
    out = tmp_path / "sheets.pdf"
    one_sided = tmp_path / "one-sided.yaml"  # a card a cell
    one_sided.write_text("extends: index-card-3x5\nsections: [{steps: Instructions}]\n")
    assert cli("build", DATA, "--program", program, "--combine", out, "--sheet", "A4", "-l", one_sided).code == 0
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert len(PdfReader(out).pages) == 2  # 5 one-sided cards, 4 a sheet
    assert text.count("Goblet Squat") == 3 and text.count("Forearm Plank") == 2


def test_sheets_carry_trim_and_bleed_boxes_inside_the_crop_marks(tmp_path: Path, cli):
    layout = tmp_path / "bleed.yaml"
    layout.write_text("extends: index-card-3x5\npage: {bleed: 3mm}\n")
    out = tmp_path / "sheets.pdf"
    assert cli("build", DATA, "--combine", out, "-l", layout, "--sheet", "A4").code == 0
    page = PdfReader(out).pages[0]
    trim, bleed = [float(v) for v in page.trimbox], [float(v) for v in page.bleedbox]
    assert bleed[0] == pytest.approx(trim[0] - 3 * MM) and bleed[3] == pytest.approx(trim[3] + 3 * MM)
    cell = (5 * 72 + 6 * MM, 3 * 72 + 6 * MM)  # a card and its bleed
    g = best_grid((595.28, 841.89), cell)
    for x1, y1, x2, y2 in crop_marks(g, bleed=3 * MM):  # every mark outside the bleed box
        assert max(x1, x2) <= bleed[0] + 1e-6 or min(x1, x2) >= bleed[2] - 1e-6 \
            or max(y1, y2) <= bleed[1] + 1e-6 or min(y1, y2) >= bleed[3] - 1e-6


def test_sheet_mistakes_are_usage_errors_or_one_line(tmp_path: Path, cli):
    assert cli("build", DATA, "--combine", tmp_path / "a.pdf", "--copies", "3").code == 2
    bad = cli("build", DATA, "--combine", tmp_path / "a.pdf", "--sheet", "A4", "--back-offset", "nan,0")
    assert bad.code == 2 and "within ±20" in bad.err
    twice = tmp_path / "p.yaml"
    twice.write_text("title: T\nexercises:\n  - {id: goblet-squat}\n  - {id: goblet-squat, reps: 5}\n")
    result = cli("build", DATA, "--program", twice, "--combine", tmp_path / "b.pdf", "--sheet", "A4", "-l", "index-card-3x5")
    assert result.code == 1 and "exercise 'goblet-squat' is listed twice" in result.err
    flowing = cli("build", DATA, "--combine", tmp_path / "c.pdf", "--sheet", "A3", "-l", "booklet-a5")
    assert flowing.code == 1 and "cannot go on sheets" in flowing.err


@pytest.mark.parametrize("size, per_sheet, shape", [("A6", 4, "2 x 2, portrait"), ("148mm x 210mm", 2, "2 x 1, landscape"),
                                                    ("74mm x 105mm", 8, "4 x 2, landscape")])
def test_cut_lines_fit_a6_four_a5_two_and_a7_eight_to_an_a4_sheet(tmp_path: Path, cli, size: str, per_sheet: int,
                                                                   shape: str):
    """Home printing: cards touch, one thin line on each cut, so A6 cards fill A4 four times."""
    import pikepdf

    layout = tmp_path / "card.yaml"
    layout.write_text(f"extends: index-card-3x5\npage: {{size: {size}, orientation: portrait}}\n")
    cards = tmp_path / "cards"
    cards.mkdir()
    for n in range(9):
        (cards / f"c{n}.yaml").write_text(f"name: Card{n}\nsteps: [Stand tall., Breathe out slowly.]\n")
    out = tmp_path / "sheets.pdf"
    result = cli("build", cards, "--combine", out, "-l", layout, "--sheet", "A4", "--crop-marks", "cut-lines", "-j", "1")
    assert result.code == 0, result.err
    assert f"sheets: {per_sheet} cards per A4 sheet ({shape}), cut lines" in result.err
    sheets = halves(out)
    assert len(sheets) == 2 * -(-9 // per_sheet)  # index cards are two-sided: each sheet of fronts, then its backs
    assert all(f"Card{n}" in " ".join(" ".join(h) for h in sheets) for n in range(9))
    cols, rows = (int(n) for n in shape.split(",")[0].split(" x "))
    with pikepdf.open(out) as pdf:
        content = pdf.pages[0].Contents.read_bytes().decode()
    cut = next(line for line in content.splitlines() if "0 0 0 0.45 K" in line)
    assert cut.count(" m ") == (cols + 1) + (rows + 1)  # every cut, the outer edges included, nothing between


def test_sheets_print_each_card_once_in_their_own_stream_then_copies_beside_it(tmp_path: Path, cli):
    """A card's first print is its content in the sheet's stream (its tags with it); its further
    copies on that sheet follow it in the same stream as artifacts (deflate stores them almost
    free); a card whose copies spill onto another sheet paints every copy from one artifact twin
    (a form with structure may be painted only once), stored once however many copies it prints. Without copies the
    sheets are no bigger than the combined cards; with two copies a sheet, within 1% of them."""
    import pikepdf

    combined, sheets, copies = tmp_path / "cards.pdf", tmp_path / "sheets.pdf", tmp_path / "copies.pdf"
    args = (DATA, "-l", "index-card-3x5", "-j", "1")
    assert cli("build", *args, "--combine", combined).code == 0
    assert cli("build", *args, "--combine", sheets, "--sheet", "A4").code == 0
    assert cli("build", *args, "--combine", tmp_path / "two.pdf", "--sheet", "A4", "--copies", "2").code == 0
    assert cli("build", *args, "--combine", copies, "--sheet", "A4", "--copies", "3").code == 0
    with pikepdf.open(copies) as pdf:
        twins = {xobject.objgen for page in pdf.pages
                 for name, xobject in page.Resources.get("/XObject", {}).items()
                 if xobject.get("/Subtype") == "/Form"}
        streams = [page.Contents.read_bytes() for page in pdf.pages]
    painted = sum(len(re.findall(rb"/cm[PC]\d+ Do Q", content)) for content in streams)
    placed = [chunk for content in streams for chunk in re.split(rb"(?m)^q [-0-9. ]+ cm ?$", content)[1:]]
    inline, tagged = len(placed), sum(b"<</MCID" in chunk for chunk in placed)
    # 9 two-sided cards three times, four to a sheet: aaab|bbcc|cddd|eeef|ffgg|ghhh|iii. on each side
    assert tagged == 18 and inline == 38  # every page once tagged; a, d, e, h, i's copies beside it
    assert len(twins) == 8 and painted == 16  # b, c, f, g spill over: their 2 + 2 + 2 + 2 copies a side
    assert sheets.stat().st_size <= combined.stat().st_size
    assert (tmp_path / "two.pdf").stat().st_size <= 1.01 * combined.stat().st_size  # twice the cards: within 1%
    again = tmp_path / "again.pdf"
    assert cli("build", *args, "--combine", again, "--sheet", "A4", "--copies", "3").code == 0
    assert again.read_bytes() == copies.read_bytes()


def test_cut_lines_refuse_cards_with_bleed(tmp_path: Path, cli):
    layout = tmp_path / "bleed.yaml"
    layout.write_text("extends: index-card-3x5\npage: {bleed: 3mm}\n")
    result = cli("build", DATA, "--combine", tmp_path / "s.pdf", "-l", layout, "--sheet", "A4", "--crop-marks",
                 "cut-lines")
    assert result.code == 1 and "cut lines need cards without bleed" in result.err and "Traceback" not in result.err


def test_parts_impose_each_part_as_its_own_booklet():
    from cardmaker.press.sheets import stapled_too_thick

    pdf = numbered_pages(70)
    whole = PrintSettings(impose="saddle-stitch")
    assert "has 70 pages to a part; a stapled booklet holds at most 64: bind it in 2 parts with --parts 2" \
        in stapled_too_thick(pdf, whole)
    split = PrintSettings(impose="saddle-stitch", parts=2)
    assert stapled_too_thick(pdf, split) is None
    sides = halves(saddle(pdf, split))
    assert len(sides) == 18 + 18  # 36 pages (9 sheets, 18 sides), then 34 padded to 36
    assert sides[0] == ("P36", "P1") and sides[17] == ("P18", "P19")  # the first part folds on its own
    assert sides[18] == ("", "P37") and sides[-1] == ("P54", "P55")  # the second part: pages 37-70 and blanks


def test_a_thick_booklet_is_warned_about_and_parts_bind_it(tmp_path: Path, cli):
    from conftest import many_cards

    folder = many_cards(tmp_path / "in", 40)
    out = tmp_path / "b.pdf"
    result = cli("booklet", folder, "-o", out, "--impose", "saddle-stitch", "--group-by", "none")
    assert result.code == 0, result.err
    assert "a stapled booklet holds at most 64" in result.err and "--parts 2" in result.err
    result = cli("booklet", folder, "-o", out, "--impose", "saddle-stitch", "--group-by", "none", "--parts", "2")
    assert result.code == 0 and "stapled" not in result.err


def _bookmarks(path: Path) -> list[tuple[str, int | None, tuple]]:
    """Each bookmark, depth first: its title, the page it opens (index) and where on it (x, y)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        index = {page.objgen: n for n, page in enumerate(pdf.pages)}
        out = []
        with pdf.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                dest = item.destination
                page = index.get(dest[0].objgen) if dest is not None and len(dest) else None
                out.append((item.title, page, tuple(float(v) for v in list(dest)[2:4]) if page is not None else ()))
                stack += list(reversed(item.children))
        return out


@pytest.mark.parametrize("options", [("--sheet", "A4", "--copies", "3"), ("--sheet", "A3", "--crop-marks", "cut-lines")])
def test_sheets_keep_the_bookmarks_each_on_the_sheet_of_its_cards_first_copy(tmp_path: Path, cli, options):
    combined, sheets = tmp_path / "cards.pdf", tmp_path / "sheets.pdf"
    args = (DATA, "-l", "index-card-3x5", "-j", "1")
    assert cli("build", *args, "--combine", combined).code == 0
    assert cli("build", *args, "--combine", sheets, *options).code == 0
    cards, placed = _bookmarks(combined), _bookmarks(sheets)
    assert [t for t, *_ in placed] == [t for t, *_ in cards] and len(placed) == 9
    words = placed_words(sheets)
    for title, page, (x, y) in placed:
        first = next(n for n, on in enumerate(words) if title.split()[0] in {w for w, *_ in on})
        assert page == first  # the first sheet that prints the card's name
        name = min((w for w in words[page] if w[0] == title.split()[0]), key=lambda w: (w[1] - x) ** 2 + (w[2] - y) ** 2)
        assert 0 < y - name[2] < 40 and abs(name[1] - x) < 3  # the bookmark opens at that copy's top left
    assert PdfReader(sheets).trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_an_imposed_booklet_keeps_its_bookmarks_on_the_sheets_that_print_their_pages(tmp_path: Path, cli):
    plain, imposed = tmp_path / "b.pdf", tmp_path / "sheets.pdf"
    assert cli("booklet", DATA, "-o", plain).code == 0
    assert cli("booklet", DATA, "-o", imposed, "--impose", "saddle-stitch").code == 0
    pages, sheets = _bookmarks(plain), _bookmarks(imposed)
    assert [t for t, *_ in sheets] == [t for t, *_ in pages] and len(sheets) > 9
    words = placed_words(imposed)
    for title, sheet, (x, y) in sheets:
        if title != "Index":
            assert title.split()[0].upper() in {w.upper() for w, *_ in words[sheet]}  # a group's heading: capitals


def test_more_cards_on_sheets_than_a_print_run_stops_as_soon_as_they_pass_it(tmp_path: Path, cli):
    """20,000 cards on sheets at most: a run streaming its files stops when the count passes
    it (not after laying every sheet out), one that reads them first says the whole count;
    either way one line, exit 1 and no file."""
    for i in range(25):
        (tmp_path / f"e{i:02d}.yaml").write_text(f"name: Card {i}\nsteps: [Stand up.]\n", encoding="utf-8")
    out = tmp_path / "sheets.pdf"
    streamed = cli("build", tmp_path, "-l", "index-card-3x5", "--combine", out, "--sheet", "A4", "--copies", "1000")
    assert streamed.code == 1 and "cards or more on sheets (quantities x --copies) is more than 20,000" in streamed.err
    chosen = cli("build", tmp_path, "-l", "index-card-3x5", "--combine", out, "--sheet", "A4", "--copies", "1000",
                 "--only", ",".join(f"card-{i}" for i in range(25)))
    assert chosen.code == 1 and "error: 25,000 cards on sheets (quantities x --copies) is more than 20,000" in chosen.err
    assert not out.exists() and "Traceback" not in streamed.err + chosen.err
