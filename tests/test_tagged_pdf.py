"""Tagged PDFs (PDF/UA-1): every card, combined file, handout, booklet and print sheet carries a
structure tree that owns each piece of marked content once, paints nothing untagged, reads in the
card's order with the right roles (poppler's ``pdfinfo -struct-text``), gives pictures text
alternatives and says its language; page furniture is an artifact."""

from __future__ import annotations

import subprocess

import pikepdf
import pytest
import yaml

import tagcheck
from conftest import DATA, REPO, write

SAMPLES = sorted(DATA.glob("*.yaml"))


def _build(cli, *args: str) -> None:
    result = cli(*args)
    assert result.code == 0, result.text


def _alts(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        out = []

        def walk(elem) -> None:
            if elem.get("/S") == "/Figure":
                out.append(str(elem.Alt))
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot.K[0])
        return out


@pytest.mark.parametrize("layout", ["card-a4", "pocket-card-a6", "index-card-3x5", "handout-a4", "wall-card-a4"])
def test_every_card_is_tagged_and_the_tree_owns_all_it_draws(cli, tmp_path, layout):
    _build(cli, "build", str(DATA), "-o", str(tmp_path), "-l", layout, "-q")
    for pdf in sorted(tmp_path.glob("*.pdf")):
        assert tagcheck.problems(pdf) == [], pdf.name
        subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)


def test_combined_single_and_booklet_files_are_tagged(cli, tmp_path):
    _build(cli, "build", str(DATA), "--combine", str(tmp_path / "all.pdf"), "-q")
    _build(cli, "build", str(DATA / "goblet-squat.yaml"), "-o", str(tmp_path / "one.pdf"), "-q")
    _build(cli, "booklet", str(DATA), "-o", str(tmp_path / "booklet.pdf"), "-q")
    program = REPO / "examples" / "knee-rehab-program.yaml"
    _build(cli, "booklet", str(DATA), "--program", str(program), "-o", str(tmp_path / "program.pdf"), "-q")
    for name in ("all.pdf", "one.pdf", "booklet.pdf", "program.pdf"):
        assert tagcheck.problems(tmp_path / name) == [], name
        subprocess.run(["qpdf", "--check", str(tmp_path / name)], check=True, capture_output=True)
    roles = [role for _, role, _ in tagcheck.roles(tmp_path / "program.pdf")]
    assert {"TOC", "TOCI", "Table", "TR", "TH", "TD"} <= set(roles)


def test_a_card_reads_in_order_with_its_roles(cli, tmp_path):
    _build(cli, "build", str(DATA / "goblet-squat.yaml"), "-o", str(tmp_path), "-q")
    ex = yaml.safe_load((DATA / "goblet-squat.yaml").read_text())
    found = tagcheck.roles(tmp_path / "goblet-squat.pdf")
    assert found[0][1] == "Document"
    h1 = [text for _, role, text in found if role == "H1"]
    assert h1 == [ex["name"]]
    headings = [text for _, role, text in found if role == "H2"]
    assert headings[:2] == ["Instructions", "Tips"]
    labels = [text for _, role, text in found if role == "Lbl"]
    assert labels == [str(n) for n in range(1, len(ex["steps"]) + 1)]
    # the steps' bodies are the steps, word for word, in order (lines joined with their spaces)
    assert [text for _, role, text in found if role == "LBody"][:len(ex["steps"])] == \
        [" ".join(s.split()) for s in ex["steps"]]
    order = [role for _, role, _ in found]
    assert order.index("H1") < order.index("Table") < order.index("L")
    th = next(text for _, role, text in found if role == "TH")
    assert th == "DOSE"
    assert "Link" in order and any(ex["video"] in text for _, role, text in found if role == "Link")
    assert _alts(tmp_path / "goblet-squat.pdf")[0].startswith("Goblet Squat")


def test_page_furniture_is_an_artifact(cli, tmp_path):
    """A handout's running title ("Goblet Squat (continued) · 2") prints, but is not in the tree."""
    _build(cli, "build", str(DATA / "goblet-squat.yaml"), "-o", str(tmp_path), "-l", "handout-a4", "-q")
    pdf = tmp_path / "goblet-squat.pdf"
    printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    tagged = " ".join(text for _, _, text in tagcheck.roles(pdf))
    assert "(continued) · 2" in printed
    assert "(continued) · 2" not in tagged and "Goblet Squat" in tagged


def test_pictures_take_the_alt_of_the_exercise_file(cli, data_copy, tmp_path):
    source = data_copy / "goblet-squat.yaml"
    ex = yaml.safe_load(source.read_text())
    ex["image"] = {"file": ex["image"], "alt": "A person holding a kettlebell at the chest"}
    write(source, yaml.safe_dump(ex, allow_unicode=True))
    _build(cli, "build", str(source), "-o", str(tmp_path / "out"), "-q")
    assert _alts(tmp_path / "out" / "goblet-squat.pdf") == ["A person holding a kettlebell at the chest"]


def test_the_layout_language_is_the_documents(cli, tmp_path):
    layout = REPO / "layouts" / "examples" / "kraftwerk-gym.yaml"
    _build(cli, "build", str(DATA / "ausfallschritt.yaml"), "-o", str(tmp_path), "-l", str(layout), "-q")
    _build(cli, "build", str(DATA / "ausfallschritt.yaml"), "--combine", str(tmp_path / "c.pdf"), "-l", str(layout),
           "-q")
    for pdf in (tmp_path / "ausfallschritt.pdf", tmp_path / "c.pdf"):
        with pikepdf.open(pdf) as doc:
            assert str(doc.Root.Lang) == "de"
            assert b"<rdf:li>de</rdf:li>" in doc.Root.Metadata.read_bytes()
            assert doc.Root.ViewerPreferences.DisplayDocTitle


def test_the_check_finds_untagged_content(cli, tmp_path):
    """The checker itself: content outside marked content, and an MCID no element owns, are found."""
    _build(cli, "build", str(DATA / "goblet-squat.yaml"), "-o", str(tmp_path), "-q")
    with pikepdf.open(tmp_path / "goblet-squat.pdf") as pdf:
        page = pdf.pages[0]
        stream = page.Contents.read_bytes()
        page.Contents.write(stream.replace(b"EMC", b"", 3).replace(b"/Artifact BMC", b"", 3) + b"\nBT ET 0 0 1 1 re f")
        pdf.save(tmp_path / "broken.pdf")
    found = tagcheck.problems(tmp_path / "broken.pdf")
    assert any("painted outside" in p for p in found)


def test_every_row_of_a_table_has_its_cells(cli, tmp_path):
    """A log sheet's empty boxes are empty TD elements: each row has as many cells as its header."""
    program = REPO / "examples" / "knee-rehab-program.yaml"
    _build(cli, "booklet", str(DATA), "--program", str(program), "-o", str(tmp_path / "b.pdf"), "-q")
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        tables = []

        def walk(elem) -> None:
            if elem.get("/S") == "/Table":
                tables.append([len([c for c in tr.K if isinstance(c, pikepdf.Dictionary) and "/S" in c])
                               for tr in elem.K])
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot.K[0])
    assert len(tables) >= 2
    for cells in tables:
        assert len(set(cells)) == 1 and cells[0] >= 2, cells


def _struct_text(path) -> list[str]:
    """``pdfinfo -struct-text`` without its object numbers and page references."""
    text = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    return [line for line in text.splitlines() if line.strip() and "Object " not in line and "/Pg" not in line
            and "/BBox" not in line]


@pytest.mark.parametrize("layout, options", [("pocket-card-a6", ("--sheet", "A4")),
                                             ("pocket-card-a6", ("--sheet", "A4", "--copies", "3")),
                                             ("index-card-3x5", ("--sheet", "A3", "--crop-marks", "cut-lines")),
                                             ("pocket-card-a6-single", ("--sheet", "Letter", "--crop-marks", "outer"))])
def test_sheets_keep_the_cards_tags(cli, tmp_path, layout, options):
    """n-up sheets: each card's content keeps its structure (its first print tagged in the
    sheet's stream, copies artifacts, beside it or from an artifact twin), marks are artifacts,
    and the tree reads exactly as the combined cards' do: a two-sided card's front, then its
    back, though the back prints on the next sheet."""
    _build(cli, "build", str(DATA), "--combine", str(tmp_path / "cards.pdf"), "-l", layout, "-q")
    _build(cli, "build", str(DATA), "--combine", str(tmp_path / "sheets.pdf"), "-l", layout, *options, "-q")
    assert tagcheck.problems(tmp_path / "sheets.pdf") == []
    subprocess.run(["qpdf", "--check", str(tmp_path / "sheets.pdf")], check=True, capture_output=True)
    assert _struct_text(tmp_path / "sheets.pdf") == _struct_text(tmp_path / "cards.pdf")


def test_imposed_booklets_keep_their_tags_and_links(cli, tmp_path):
    """Saddle-stitch sheets: the booklet's tree, read in the same order; its links (the contents')
    and bookmarks on the sheets, each pointing at the sheet that prints its page."""
    _build(cli, "booklet", str(DATA), "-o", str(tmp_path / "pages.pdf"), "-q")
    _build(cli, "booklet", str(DATA), "-o", str(tmp_path / "sheets.pdf"), "--impose", "saddle-stitch", "-q")
    assert tagcheck.problems(tmp_path / "sheets.pdf") == []
    assert _struct_text(tmp_path / "sheets.pdf") == _struct_text(tmp_path / "pages.pdf")
    with pikepdf.open(tmp_path / "sheets.pdf") as pdf:
        sheets = {page.objgen for page in pdf.pages}
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert links and all(a.Dest[0].objgen in sheets for a in links if "/Dest" in a)
        marks = []
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                marks.append(item.destination[0].objgen)
                stack += list(item.children)
        assert marks and all(objgen in sheets for objgen in marks)  # the outline kept, on the sheets


def test_two_sided_sheets_keep_a_paragraphs_text_before_its_link(cli, tmp_path):
    """A two-sided card's elements are attached ahead of its back's sheet (reading order: front,
    back, card by card); what is inside them still joins in the order it is drawn: a footer's
    "Video:" before the link that follows it."""
    layout = tmp_path / "video.yaml"
    layout.write_text("extends: index-card-4x6\nfooter:\n  video: true\n")
    _build(cli, "build", str(DATA), "--combine", str(tmp_path / "cards.pdf"), "-l", str(layout), "-q")
    _build(cli, "build", str(DATA), "--combine", str(tmp_path / "sheets.pdf"), "-l", str(layout), "--sheet", "A4", "-q")
    assert any("Link" in line for line in _struct_text(tmp_path / "cards.pdf"))
    assert _struct_text(tmp_path / "sheets.pdf") == _struct_text(tmp_path / "cards.pdf")
    assert tagcheck.problems(tmp_path / "sheets.pdf") == []


def test_pages_placed_as_forms_keep_their_tags_and_the_check_sees_them_painted_twice(cli, tmp_path, monkeypatch):
    """An imposed booklet page whose resource names clash with its sheet's is placed as a form:
    its content items become marked-content references into the form (/Stm), the form keeps the
    page's parent-tree entry. Painting such a form twice is wrong (ISO 32000-1, 14.7.4.3) and
    the check says so."""
    from cardmaker.press import placing

    monkeypatch.setattr(placing, "_merge", lambda resources, page: False)  # every page clashes
    _build(cli, "booklet", str(DATA), "-o", str(tmp_path / "pages.pdf"), "-q")
    _build(cli, "booklet", str(DATA), "-o", str(tmp_path / "sheets.pdf"), "--impose", "saddle-stitch", "-q")
    assert tagcheck.problems(tmp_path / "sheets.pdf") == []
    assert _struct_text(tmp_path / "sheets.pdf") == _struct_text(tmp_path / "pages.pdf")
    with pikepdf.open(tmp_path / "sheets.pdf") as pdf:
        page = pdf.pages[0]
        stream = page.Contents.read_bytes()
        first = next(line for line in stream.splitlines() if b"/cmP" in line)
        page.Contents.write(stream + b"\n" + first)
        pdf.save(tmp_path / "twice.pdf")
    assert any("painted more than once" in p for p in tagcheck.problems(tmp_path / "twice.pdf"))


def test_an_exercise_in_another_language_says_so(cli, tmp_path):
    """An exercise file's ``language``: its own card's document language; in a combined file of
    English cards, its elements' /Lang (the others' none of their own)."""
    _build(cli, "build", str(DATA / "ausfallschritt.yaml"), "-o", str(tmp_path), "-q")
    with pikepdf.open(tmp_path / "ausfallschritt.pdf") as pdf:
        assert str(pdf.Root.Lang) == "de" and "/Lang" not in pdf.Root.StructTreeRoot.K[0].K[0]
    _build(cli, "build", str(DATA), "--combine", str(tmp_path / "all.pdf"), "-q")
    with pikepdf.open(tmp_path / "all.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        langs = [str(e.get("/Lang", "")) for e in pdf.Root.StructTreeRoot.K[0].K if e.get("/S") == "/H1"]
    names = [text for _, role, text in tagcheck.roles(tmp_path / "all.pdf") if role == "H1"]
    found = dict(zip(names, langs, strict=True))
    assert found["Ausfallschritt nach vorne"] == "de" and found["Koci grzbiet (kot–krowa)"] == "pl"
    assert found["Goblet Squat"] == ""


def test_a_language_that_is_no_tag_is_an_input_error(cli, tmp_path):
    source = tmp_path / "x.yaml"
    write(source, "name: Squat\nsteps: [Sit back.]\nlanguage: German please\n")
    result = cli("build", str(source), "-o", str(tmp_path / "out"))
    assert result.code == 1 and "language: 'German please' is not a language tag" in result.err, result.err


def test_a_booklet_says_which_exercises_are_in_another_language(cli, tmp_path):
    _build(cli, "booklet", str(DATA), "-o", str(tmp_path / "b.pdf"), "-q")
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        langs = []

        def walk(elem) -> None:
            if elem.get("/S") == "/H1":
                langs.append(str(elem.get("/Lang", "")))
            kids = elem.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot.K[0])
    names = [text for _, role, text in tagcheck.roles(tmp_path / "b.pdf") if role == "H1"]
    found = dict(zip(names, langs, strict=True))
    assert found["Ausfallschritt nach vorne"] == "de" and found["Koci grzbiet (kot–krowa)"] == "pl"
    assert found["Goblet Squat"] == "" and all(found[group] == "" for group in found if group.isupper())


def _elements(path) -> list[tuple[str, str, str]]:
    """Every structure element in reading order: (role, its language: its own /Lang or the one
    it inherits, "" for the document's, its text as ``pdfinfo -struct-text`` reads it)."""
    found: list[tuple[str, str]] = []
    with pikepdf.open(path) as pdf:
        stack = [(pdf.Root.StructTreeRoot.K[0], None)]
        while stack:
            elem, inherited = stack.pop()
            lang = str(elem["/Lang"]) if "/Lang" in elem else inherited
            found.append((str(elem.S)[1:], lang))
            kids = elem.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            stack += [(k, lang) for k in reversed(kids) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        document = str(pdf.Root.Lang)
    read = tagcheck.roles(path)
    assert [role for role, _ in found] == [role for _, role, _ in read]
    return [(role, "" if lang in (None, document) else lang, text) for (role, lang), (_, _, text) in zip(found, read)]


def test_a_booklets_contents_index_and_schedule_name_each_exercise_in_its_language(cli, tmp_path):
    """The contents line (TOCI), an index entry (its Link), the schedule's cell and the log
    sheet's rows (TD) naming an exercise whose file sets ``language`` say that language (a log
    row's "· set 1" goes with the name); the others inherit the booklet's.
    An index term only such files name is in their language too."""
    program = tmp_path / "program.yaml"
    write(program, "title: Mixed\ndays: [Mon]\nexercises:\n  - id: koci-grzbiet\n  - id: ausfallschritt\n"
                   "  - id: goblet-squat\n")
    _build(cli, "booklet", str(DATA), "-o", str(tmp_path / "b.pdf"), "-q")
    _build(cli, "booklet", str(DATA), "--program", str(program), "-o", str(tmp_path / "p.pdf"), "-q")
    expected = {"Koci grzbiet (kot–krowa)": "pl", "Ausfallschritt nach vorne": "de", "Goblet Squat": ""}
    for path, roles in ((tmp_path / "b.pdf", {"TOCI", "Link"}), (tmp_path / "p.pdf", {"TD"})):
        elements = _elements(path)
        named = [(role, lang, text) for role, lang, text in elements if role in roles and
                 any(text.startswith(name) for name in expected) and " · " not in text]  # not the log sheet's rows
        for role, lang, text in named:
            assert lang == next(v for k, v in expected.items() if text.startswith(k)), (role, text)
        assert {text[:12] for _, _, text in named} >= {name[:12] for name in expected}
    rows = [(lang, text, next(v for k, v in expected.items() if text.startswith(k)))
            for role, lang, text in _elements(tmp_path / "p.pdf")
            if role == "TD" and " · " in text and any(text.startswith(k) for k in expected)]  # the log sheet's rows
    assert len(rows) >= 3 and all(lang == want for lang, _, want in rows), rows
    elements = _elements(tmp_path / "b.pdf")
    toc = [lang for role, lang, text in elements if role == "TOCI"]
    assert sorted(toc).count("pl") == 1 and toc.count("de") == 1  # the TOCI itself carries it
    terms = {text.split(" ")[0]: lang for role, lang, text in elements if role == "P"}  # an index entry: "term names"
    assert terms["mięśnie"] == "pl" and terms["quadriceps"] == ""  # a term only Polish files name is Polish


@pytest.mark.parametrize("sheet, flip, answer", [("A4", "long", "X,-Y"), ("Letter", "short", "-X,Y")])
def test_the_calibration_sheet_is_tagged(cli, tmp_path, sheet, flip, answer):
    """`cardmaker calibrate`: its title and language, the heading an H1, the instructions one P,
    the scales a Figure with a text alternative and a box, the back's line a P; the strokes
    (scales, crosses) are artifacts."""
    out = tmp_path / "cal.pdf"
    _build(cli, "calibrate", "-o", str(out), "--sheet", sheet, "--duplex", flip)
    assert tagcheck.problems(out) == []
    subprocess.run(["qpdf", "--check", str(out)], check=True, capture_output=True)
    read = [(role, text) for _, role, text in tagcheck.roles(out)]
    assert [role for role, _ in read] == ["Document", "H1", "P", "Figure", "P"]
    assert read[1][1] == "cardmaker duplex calibration"
    assert read[2][1].startswith("Print both sides") and read[2][1].endswith(f"--back-offset {answer}.")
    assert " the light. Read where" in read[2][1]  # its lines join into one paragraph, words kept apart
    with pikepdf.open(out) as pdf:
        assert str(pdf.Root.Lang) == "en" and str(pdf.docinfo.Title) == "cardmaker duplex calibration"
        figure = pdf.Root.StructTreeRoot.K[0].K[2]
        assert "millimetre scales" in str(figure.Alt)
        content = pdf.pages[1].Contents.read_bytes()
        assert content.count(b"/Artifact BMC") >= 1 and content.count(b"BDC") == 1  # the cross; the line


def _pages_of(tags_per_page: list[list]) -> list:
    from cardmaker.style.fonts import register_fonts
    from cardmaker.typeset import display as d

    face = register_fonts()
    pages = []
    for tags in tags_per_page:
        ops = [d.GlyphRun(72.0, 700.0 - 20 * i, face, 12.0, f"line {i}", (0.0, 0.0, 0.0), tag)
               for i, tag in enumerate(tags)]
        pages.append(d.Page(595.0, 842.0, tuple(ops)))
    return pages


def test_the_tree_is_written_as_its_elements_complete_and_holds_only_the_open_ones(tmp_path):
    """A long document keeps only the elements a page break falls in, not its whole tree."""
    from cardmaker.render.one_pdf import Document, Info
    from cardmaker.typeset.display import Tag

    doc = Document(lang="en")
    sections = [Tag("Sect") for _ in range(40)]
    held = []
    for n, page in enumerate(_pages_of([[Tag("H1", s), Tag("P", s), Tag("P", s)] for s in sections])):
        if n % 2:  # a section of a list
            page = _pages_of([[Tag("LI", sections[n]), Tag("LI", sections[n])]])[0]
        doc.add_page(page)
        held.append(len(doc.tree.open))
    assert max(held) <= 5, held  # the Document, the page's section and its own elements (each may go on)
    path = tmp_path / "long.pdf"
    path.write_bytes(doc.finish(Info("long")))
    assert tagcheck.problems(path) == []
    with pikepdf.open(path) as pdf:
        document = pdf.Root.StructTreeRoot.K[0]
        assert [str(k.S) for k in document.K] == ["/Sect"] * 40
        assert [str(k.S) for k in document.K[0].K] == ["/H1", "/P", "/P"]
        assert [str(k.S) for k in document.K[1].K] == ["/L"] and len(document.K[1].K[0].K) == 2


def test_a_tag_seen_again_after_its_element_was_written_is_a_new_element_of_a_valid_file(tmp_path):
    from cardmaker.render.one_pdf import Document, Info
    from cardmaker.typeset.display import Tag

    note, other = Tag("P"), Tag("P")
    doc = Document(lang="en")
    for page in _pages_of([[note], [other], [note]]):  # the note's element is complete after page 1
        doc.add_page(page)
    path = tmp_path / "again.pdf"
    path.write_bytes(doc.finish(Info("again")))
    assert tagcheck.problems(path) == []
    with pikepdf.open(path) as pdf:
        assert [str(k.S) for k in pdf.Root.StructTreeRoot.K[0].K] == ["/P", "/P", "/P"]
