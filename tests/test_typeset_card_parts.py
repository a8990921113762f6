"""The engine's card beyond one page: a two-sided card's back, page numbers, the brand strip,
"continue" pages with their running title, trim and bleed boxes; each compared with today's
Platypus card (``render_card``) for the same exercise and layout where one exists."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from cardmaker.flow import tree as t
from cardmaker.load.exercise import load_exercises
from cardmaker.load.layout import load_layout
from cardmaker.render.card import render_card
from cardmaker.render.card import compose
from cardmaker.style.fonts import FALLBACK, ITALIC, REGULAR, register_fonts
from cardmaker.typeset import display as d
from cardmaker.typeset.card import CardGeometry, compose_card
from cardmaker.typeset.fit import fit_card

DATA = Path(__file__).resolve().parent.parent / "data"
GEO = CardGeometry(200, 160, (12, 12, 12, 12))
register_fonts()


def para(text: str, face: str = REGULAR, size: float = 1.0) -> t.Paragraph:
    return t.Paragraph((t.Run(text, face, (FALLBACK,)),), t.Style(size))


def numbers() -> t.PageLine:
    return t.PageLine(("{name}", "Page {page} of {pages}"), (("name", "Squat"),), t.Run("", ITALIC), t.Style(0.8))


def running() -> t.PageLine:
    return t.PageLine(("{name} (continued) · {page}",), (("name", "Squat"),), t.Run("", ITALIC), t.Style(0.8),
                      "running")


def texts(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def exercise(name: str = "goblet-squat"):
    return load_exercises(DATA / f"{name}.yaml")[0]


def test_back_goes_on_page_two_and_both_sides_fit_at_one_size():
    front, back = (para("Front words " * 8),), tuple(para(f"Back line {i} " * 6) for i in range(6))
    two = t.CardTree((para("Squat", size=1.6),), front, (numbers(),), "Squat", t.Side((para("Squat"),), back))
    one = t.CardTree((para("Squat", size=1.6),), front, (numbers(),), "Squat")
    best = fit_card(two, GEO, 4, 14)
    assert best.fits and len(best.pages) == 2 and best.side_pages == (1, 1)
    assert "Front words" in best.pages[0].text and "Back line" not in best.pages[0].text
    assert best.pages[1].text.startswith("Squat") and "Back line 5" in best.pages[1].text
    assert best.size < fit_card(one, GEO, 4, 14).size  # the fuller back decides the one size
    assert not compose_card(two, GEO, best.size + 0.25).fits


def test_page_numbers_count_every_page():
    tree = t.CardTree((), (para("x"),), (numbers(),), "Squat", t.Side((), (para("y"),)))
    pages = compose_card(tree, GEO, 8).pages
    assert [p.text.splitlines()[-1] for p in pages] == ["Squat · Page 1 of 2", "Squat · Page 2 of 2"]
    foot = [op for op in pages[1].ops if isinstance(op, d.GlyphRun) and "Page" in op.text][0]
    assert 12 <= foot.y < 30  # in the bottom margin's band, under the body


def test_continue_flows_on_with_a_running_title_and_real_page_count():
    body = tuple(para(f"Paragraph {i} of the handout, long enough to wrap once.") for i in range(30))
    tree = t.CardTree((para("Squat", size=1.6),), body, (numbers(),), "Squat", running=running())
    best = fit_card(tree, dataclasses.replace(GEO, max_pages=None), 9, 9)
    n = len(best.pages)
    assert best.fits and n >= 3
    assert "(continued)" not in best.pages[0].text
    for i, page in enumerate(best.pages[1:], 2):
        lines = page.text.splitlines()
        assert lines[0] == f"Squat (continued) · {i}" and lines[-1] == f"Squat · Page {i} of {n}"
        title = next(op for op in page.ops if isinstance(op, d.GlyphRun))
        assert title.y > GEO.page_top  # in the top margin, above the body
    assert all(f"Paragraph {i} " in "\n".join(p.text for p in best.pages) for i in range(30))


def test_pocket_card_back_matches_platypus():
    ex, layout = exercise(), load_layout("pocket-card-a6")
    engine = texts(render_card(ex, layout))
    assert len(engine) == 2
    sides = (["Goblet Squat", "Instructions"], ["Goblet Squat", "Safety", "Tips", "Questions & answers"])
    for page, words in enumerate(sides):
        at = [engine[page].find(w) for w in words]
        assert -1 not in at and at == sorted(at), (words, engine[page])
    assert "Tips" not in engine[0]  # the back's sections stay on the back (the last steps may go on there)


def test_footer_page_numbers_match_platypus():
    ex = exercise()
    layout = load_layout("pocket-card-a6")
    layout = dataclasses.replace(layout, footer=dataclasses.replace(layout.footer, page_numbers="Page {page} of {pages}"))
    pages = texts(render_card(ex, layout))
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]


def test_brand_strip_logo_gym_and_line():
    ex, layout = exercise(), load_layout(str(DATA.parent / "layouts" / "examples" / "kraftwerk-gym.yaml"))
    best = compose(ex, layout)
    page = best.pages[0]
    logo = next(op for op in page.ops if isinstance(op, d.Image) and "logo" in op.path)
    runs = [op for op in page.ops if isinstance(op, d.GlyphRun)]
    gym = next(r for r in runs if r.text.startswith("Kraftwerk Gym"))
    line = next(r for r in runs if r.text.startswith("Kraft ·"))
    name = next(r for r in runs if r.text == "Goblet Squat")
    left, top = layout.bleed + layout.margins[3], layout.bleed + layout.page_height - layout.margins[0]
    assert logo.x == pytest.approx(left) and logo.y + logo.height == pytest.approx(top)
    assert logo.height == pytest.approx(layout.header.logo_height)
    assert gym.x > logo.x + logo.width and logo.y < gym.y < logo.y + logo.height  # beside it, centred
    assert line.x > gym.x and abs(line.y - gym.y) < gym.size  # at the right, on the same row
    assert name.y < logo.y  # the title block under the strip
    assert best.fits
    flat = " ".join(texts(render_card(ex, layout))[0].split())
    assert 0 <= flat.find("Kraftwerk Gym Leipzig") < flat.find("Kraft · Einsteiger") < flat.find("Goblet Squat")


@pytest.mark.parametrize("base", ["wall-card-a4", "card-a4"])
def test_a_long_gym_name_keeps_to_a_letterhead_size_beside_its_logo(tmp_path: Path, base: str):
    """The gym name grew with a short card's text: on the wall card, 40 pt, four lines, and
    "Gesundheitszentrum" cut between two letters without a hyphen. The brand strip is a
    letterhead: its name at most 14 pt, its line at most 0.8 of that, whatever the body size."""
    from cardmaker.load.layout import layout_from_mapping

    layout = layout_from_mapping({"extends": base, "header": {
        "gym": "Kraftwerk Athletik- und Gesundheitszentrum Leipzig-Plagwitz", "line": "{category} · {level}"}})
    ex = load_exercises(DATA / "jumping-jacks.yaml")[0]
    best = compose(ex, layout)
    assert best.size > 14
    runs = [op for op in best.pages[0].ops if isinstance(op, d.GlyphRun)]
    gym = [r for r in runs if r.tag is not None and r.size <= 14.0 + 1e-9 and r.face.endswith("Bold")
           and r.y > layout.page_height - 40 * 2.83]
    assert " ".join(r.text for r in gym).replace("- ", "-").startswith("Kraftwerk Athletik-")
    assert len(gym) <= 3 and all(not r.text.endswith("zentru") for r in gym)
    line = next(r for r in runs if "·" in r.text and r.y > layout.page_height - 40 * 2.83)
    assert line.size <= max(14.0 * 0.8, layout.min_size) + 1e-9  # (small print never below the smallest)


@pytest.mark.parametrize("name, pages", [("goblet-squat", 3), ("jumping-jacks", 1), ("forearm-plank", 2)])
def test_continue_layout_runs_on_with_a_running_title(name: str, pages: int):
    """The handout's page count as Platypus set it before the switch, each later page headed
    by the running title, every step printed once."""
    layout, ex = load_layout("handout-a4"), exercise(name)
    engine = texts(render_card(ex, layout))
    assert len(engine) == pages
    for i in range(1, len(engine)):
        assert engine[i].startswith(f"{ex.name} (continued) · {i + 1}")
    flat = " ".join(" ".join(engine).split())
    for step in ex.steps:
        assert flat.count(" ".join(step.split())[:60]) == 1, step


def test_bleed_grows_the_page_and_sets_trim_and_bleed_boxes():
    ex = exercise()
    layout = dataclasses.replace(load_layout("pocket-card-a6"), bleed=9.0)
    engine = PdfReader(io.BytesIO(render_card(ex, layout)))
    assert len(engine.pages) == 2
    for mine in engine.pages:
        full = [0, 0, 18 + layout.page_width, 18 + layout.page_height]
        assert [float(v) for v in mine.mediabox] == pytest.approx(full)
        assert [float(v) for v in mine.bleedbox] == pytest.approx(full)
        assert [float(v) for v in mine.trimbox] == pytest.approx([9, 9, 9 + layout.page_width, 9 + layout.page_height])
    first = compose(ex, layout).pages[0]
    xs = [op.x for op in first.ops if isinstance(op, d.GlyphRun)]
    assert min(xs) >= 9 + layout.margins[3] - 0.01  # content moved in by the bleed


def test_secondary_muscles_share_the_primary_line_as_in_platypus():
    ex, layout = exercise(), load_layout("card-a4")
    metas = [b for b in _title_blocks(ex, layout) if getattr(b, "role", "") == "meta"]
    assert [m.text for m in metas] == ["Targets  quadriceps, glutes     Also works  adductors, hamstrings, core, "
                                       "upper back", "Equipment  kettlebell, dumbbell"]
    assert "Also works adductors" in texts(render_card(ex, layout))[0]


def _title_blocks(ex, layout):
    from cardmaker.render.card import tree_of

    blocks = tree_of(ex, layout).title
    return [b for x in blocks for b in (x.blocks if isinstance(x, t.Beside) else (x,))]


@pytest.mark.parametrize("size, side_mm", [(6.0, 15.0), (14.0, 14.0 * 5.5 / 72 * 25.4), (30.0, 32.0)])
def test_footer_qr_code_grows_with_the_text_within_15_to_32_mm(size: float, side_mm: float):
    from cardmaker.render.card import tree_of

    ex, layout = exercise(), load_layout("wall-card-a4")
    code = next(b.aside for b in tree_of(ex, layout).footer if isinstance(b, t.Beside))
    assert code.side(size) / 72 * 25.4 == pytest.approx(side_mm)


def test_footer_lines_are_one_line_as_in_platypus():
    """Video address and credit on the footer's one line (card-a4 has no QR code), a dot between."""
    ex, layout = exercise(), load_layout("card-a4")
    line = "Video: https://example.com/videos/goblet-squat · Drawing: cardmaker sample data, CC0"
    assert line in texts(render_card(ex, layout))[0]


@pytest.mark.parametrize("case, words", [
    ("text", ["does not fit one side of layout 'index-card-3x5' even at 5.5 pt: about", "% too much text (~",
              "mm per column)"]),
    ("title", ["the title block (name, summary, picture, logo) leaves no room for the steps on layout "
               "'index-card-3x5', even at 5.5 pt"])])
def test_engine_failures_say_what_platypus_said(case: str, words: list[str]):
    from cardmaker.errors import RenderError

    ex = exercise()
    ex = dataclasses.replace(ex, steps=ex.steps * 6) if case == "text" else dataclasses.replace(ex, name="Squat " * 400)
    with pytest.raises(RenderError) as err:
        render_card(ex, load_layout("index-card-3x5"))
    assert all(w in str(err.value) for w in words), str(err.value)
