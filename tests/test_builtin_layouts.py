"""Every built-in layout renders every sample exercise, with the page count it promises."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from cardmaker.load.layout import builtin_names, load_layout
from conftest import DATA, pdf_text

SAMPLES = sorted(DATA.glob("*.yaml"))


@pytest.fixture(scope="module", params=builtin_names())
def rendered(request, tmp_path_factory) -> tuple[str, Path]:
    from click.testing import CliRunner

    from cardmaker.cli import main

    out = tmp_path_factory.mktemp(request.param)
    result = CliRunner().invoke(main, ["build", str(DATA), "-o", str(out), "-l", request.param])
    assert result.exit_code == 0, result.output
    return request.param, out


def _phrases(data: dict, section) -> list[str]:
    """What a section promises to print for one sample, in the sample's own words."""
    if section.name == "faq":
        items = [p[k] for p in data.get("faq", [])[:section.limit] for k in ("q", "a")]
    elif section.name == "description":
        items = [" ".join(p.split()) for p in data.get("description", "").split("\n\n") if p.strip()]
        lead = " ".join(str(data.get("summary", "")).split())
        if items and lead and items[0].startswith(lead):  # the lead under the title says it; the rest follows
            items[0:1] = [lead, items[0][len(lead):]] if items[0] != lead else [lead]
    elif section.name == "prescription":
        items = []
    else:
        items = list(data.get(section.name, []))[:section.limit]
    return [" ".join(str(item).split()) for item in items]


def _footer(texts: list[str]) -> str:
    """The words every page's text ends with (its footer), when there are several pages."""
    ending = os.path.commonprefix([t[::-1] for t in texts])[::-1] if len(texts) > 1 else ""
    words = ending.split(" ")[1:]  # the first may be the end of a word of the pages' own
    return " " + " ".join(words) if len(words) >= 3 else ""


def _page_text(pdf: Path, index: int) -> str:
    return " ".join((PdfReader(pdf).pages[index].extract_text() or "").split())


def test_page_counts_and_complete_text(rendered):
    name, out = rendered
    layout = load_layout(name)
    for sample in SAMPLES:
        data = yaml.safe_load(sample.read_text())
        pdf = out / f"{data['id']}.pdf"
        pages = len(PdfReader(pdf).pages)
        if layout.fit_mode == "continue":
            assert 1 <= pages <= 3, (name, data["id"], pages)
        else:
            assert pages == 2 if layout.two_sided else 1 <= pages <= layout.max_pages, (name, data["id"], pages)
        # a paragraph may run on over a page turn: leave out the "NAME (continued) · N" line between
        # and the footer every page ends with (a step breaks at a page's foot, the footer after it)
        texts = [re.sub(r"^.*?\(continued\) · \d+ ", "", _page_text(pdf, i)) for i in range(pages)]
        text = " ".join(t[:len(t) - len(_footer(texts))].rstrip() for t in texts)
        assert " ".join(data["name"].split()) in text
        for section in (s for s in layout.sections if not s.optional):  # optional: as room allows
            # on a two-sided card each section is on its own side: page 1 front, page 2 back
            # a two-sided card's steps may go on over the page (the front below its comfortable size),
            # a step broken between its lines at the foot of the front
            steps_anywhere = section.name == "steps"
            where = _page_text(pdf, section.side == "back") if layout.two_sided and not steps_anywhere else text
            for phrase in _phrases(data, section):
                turned = layout.two_sided and steps_anywhere and _over_the_page(phrase, pdf)
                assert phrase in where or turned, (name, data["id"], section.name, phrase[:50])


def _over_the_page(phrase: str, pdf: Path) -> bool:
    """Whether ``phrase`` begins on the front (page 1) and ends on the back (page 2)."""
    words, front, back = phrase.split(), _page_text(pdf, 0), _page_text(pdf, 1)
    return any(" ".join(words[:k]) in front and " ".join(words[k:]) in back for k in range(2, len(words) - 1))


def test_a_section_limit_prints_only_the_first_items_and_says_so(tmp_path: Path, cli):
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path, "-l", "index-card-4x6")
    assert result.code == 0, result.text
    tips = yaml.safe_load((DATA / "goblet-squat.yaml").read_text())["tips"]
    text = pdf_text(tmp_path / "goblet-squat.pdf")
    assert " ".join(tips[0].split()) in text and " ".join(tips[1].split()) not in text
    assert "Questions" not in text  # index cards have no FAQ
    assert result.text.count("layout 'index-card-4x6' leaves out tips after the first 1") == 1
    shown = cli("layouts", "show", "index-card-4x6")
    assert "# leaves out: tips after the first 1" in shown.text


@pytest.mark.parametrize("how", [["--combine", "all.pdf"], ["-o", "cards"]])
def test_a_card_that_gives_up_its_tips_for_room_says_so(tmp_path: Path, cli, how: list[str]):
    """A probe's wall cards printed no tips at all on three of nine samples (the legible size
    came first), and the one warning spoke only of "tips after the first 2"."""
    result = cli("build", DATA, "-l", "wall-card-a4", *[tmp_path / h if i else h for i, h in enumerate(how)], "-v")
    assert result.code == 0, result.text
    said = [line for line in result.err.splitlines() if "leaves out its tips" in line]
    assert len(said) == 3 and any("'ausfallschritt' leaves out its tips on layout 'wall-card-a4' to keep its text "
                                  "at 14 pt or larger" in line for line in said), result.err
    if how[0] == "-o":
        assert "Tips" not in pdf_text(tmp_path / "cards" / "ausfallschritt.pdf")  # as said


def test_a_layout_without_a_cautions_section_says_it_leaves_them_out(tmp_path: Path, cli):
    layout = tmp_path / "mine.yaml"
    layout.write_text("extends: wall-card-a4\nsections:\n  - steps: Instructions\n  - tips: Tips\n", encoding="utf-8")
    result = cli("build", DATA, "-l", layout, "-o", tmp_path / "out")
    assert result.code == 0, result.text
    assert result.text.count("layout 'mine' leaves out every caution, having no 'cautions' section (8 of 9 cards "
                             "have some)") == 1, result.text
    assert "add a 'cautions' section" in result.text
    assert "# leaves out: every caution (no 'cautions' section)" in cli("layouts", "show", layout).text


def test_built_in_layouts_never_limit_cautions():
    for name in builtin_names():
        assert all(s.limit is None and not s.optional for s in load_layout(name).sections if s.name == "cautions")


def test_continued_pages_are_marked(tmp_path: Path, cli):
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path, "-l", "handout-a4")
    assert result.code == 0, result.text
    reader = PdfReader(tmp_path / "goblet-squat.pdf")
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages[1:], 2):
        assert f"Goblet Squat (continued) · {number}" in " ".join(page.extract_text().split())


@pytest.mark.parametrize("name", builtin_names())
def test_layouts_show_prints_a_layout_that_loads_the_same(tmp_path: Path, cli, name: str):
    result = cli("layouts", "show", name)
    assert result.code == 0, result.text
    assert "extends" not in yaml.safe_load(result.out)
    copy = tmp_path / "copy.yaml"
    copy.write_text(result.out)
    original, reloaded = load_layout(name), load_layout(str(copy))
    fields = [f for f in original.__dataclass_fields__ if f not in ("name", "source", "files")]
    assert {f: getattr(reloaded, f) for f in fields} == {f: getattr(original, f) for f in fields}


def test_layouts_lists_each_with_a_description(cli):
    result = cli("layouts")
    for name in builtin_names():
        line = next(line for line in result.out.splitlines() if line.startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 20


def test_text_only_wall_cards_are_small(tmp_path):
    """Fonts are embedded as subsets of unhinted files: a text-only wall card stays under 40 KB."""
    from cardmaker.load.exercise import load_file
    from cardmaker.render.card import render_card

    layout = load_layout("wall-card-a4")
    sizes = {}
    for path in sorted(DATA.glob("*.yaml")):
        ex = load_file(path)[0][0]
        if ex.image is None:
            sizes[ex.id] = len(render_card(ex, layout))
    assert len(sizes) >= 4
    assert max(sizes.values()) < 40_000, sizes
