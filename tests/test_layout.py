"""Layout loading: units, page sizes, extends, and the errors a gym editing a layout would meet."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardmaker.errors import LayoutError
from cardmaker.load.layout import builtin_names, load_layout
from cardmaker.units import to_points
from conftest import write


@pytest.mark.parametrize("text, points", [("10pt", 10), ("25.4mm", 72), ("2.54cm", 72), ("1in", 72), (12, 12), ("0.5 in", 36)])
def test_units(text, points):
    assert to_points(text) == pytest.approx(points)


@pytest.mark.parametrize("bad", ["12 px", "mm", "", True, None, "1e3mm"])
def test_bad_units(bad):
    with pytest.raises(ValueError, match="expected a length"):
        to_points(bad)


def test_builtins_load_and_letter_extends_a4():
    assert {"card-a4", "card-letter"} <= set(builtin_names())
    a4, letter = load_layout("card-a4"), load_layout("card-letter")
    assert (round(a4.page_width), round(a4.page_height)) == (595, 842)
    assert (letter.page_width, letter.page_height) == (612, 792)
    assert letter.sections == a4.sections and letter.theme == a4.theme


def test_a_user_layout_extends_a_builtin_by_name(tmp_path: Path):
    path = write(tmp_path / "gym.yaml", "extends: card-a4\npage: {size: 100mm x 150mm, margins: 5mm}\n"
                                        "sections: [{steps: Anleitung}, {tips: Tipps}, {cautions: Achtung}]\n")
    layout = load_layout(str(path))
    assert layout.page_width == pytest.approx(to_points("100mm"))
    assert [s.heading for s in layout.sections] == ["Anleitung", "Tipps", "Achtung"]
    assert layout.theme == load_layout("card-a4").theme  # inherited


@pytest.mark.parametrize("content, message", [
    ("extends: card-a4\npage: {sise: A5}\n", "gym.yaml:2: page.sise: unknown key 'sise' (did you mean 'size'?)"),
    ("extends: card-a4\ntheme: {title: blue}\n", "gym.yaml:2: theme.title: expected a colour like '#1a2b3c' or 'cmyk(100, 40, 0, 60)' (percent), got 'blue'"),
    ("extends: card-a4\npage: {margins: 1 furlong}\n", "page.margins: expected a length like 12mm"),
    ("extends: card-a4\npage: {size: B7}\n", "page.size: unknown page size 'B7'"),
    ("extends: card-a4\nfit: {mode: squeeze}\n", "fit.mode: expected one of shrink, continue, error, got 'squeeze'"),
    ("extends: nowhere\n", "gym.yaml:1: extends: no layout named 'nowhere'"),
    ("extends: gym.yaml\n", "'extends' goes round in a circle: gym → gym"),
    ("extends: card-a4\nsections: [{stepz: Steps}]\n", "unknown section 'stepz' (did you mean 'steps'?)"),
    ("extends: card-a4\npage: {size: A6, margins: 60mm}\n", "margins leave almost no room on the page"),
    ("extends: card-a4\nsections: [{tips: Tips}, {cautions: Safety}]\n", "the 'steps' section is missing"),
    ("extends: card-a4\nsections: [{steps: A}, {steps: B}, {cautions: C}]\n", "section 'steps' is listed twice"),
    ("extends: card-a4\nlabels: {stes: Sätze}\n", "labels.stes: unknown label 'stes' (did you mean 'sets'?)"),
    ("extends: card-a4\nbody: {gap: 300mm}\n", "body.gap: the gap leaves the columns too narrow"),
    ("extends: card-a4\nheader: {eyebrow: '{catgory}'}\n",
     "gym.yaml:2: header.eyebrow: unknown field '{catgory}' (did you mean 'category'?)"),
    ("extends: card-a4\nheader: {line: 'Seite {page}'}\n",
     "header.line: '{page}' is known only in the footer (put page numbers in footer.page_numbers)"),
    ("extends: card-a4\nheader: {gym: 'Gym 🏋'}\n",
     "gym.yaml:2: header.gym: character '🏋' (U+1F3CB WEIGHT LIFTER) is in none of the fonts"),
    ("extends: card-a4\nsections: [{steps: 深蹲}]\n", "gym.yaml:2: sections[0].steps: character '深'"),
    ("extends: card-a4\nlabels: {sets: 深 Sätze}\n", "labels.sets: character"),
    ("extends: card-a4\nheader: {logo_height: 90mm}\n", "header.logo_height: a logo 90mm high leaves no room"),
    ("extends: card-a4\nheader: {logo: 0}\n", "header.logo: expected a file path, got 0"),
    ("extends: card-a4\nfonts: {regular: []}\n", "fonts.regular: expected a file path, got []"),
    ("extends: card-a4\npage: {bleed: .nan}\n", "page.bleed: expected a length like 12mm"),
    ("extends: card-a4\nbody: {gap: .inf}\n", "body.gap: expected a length like 12mm"),
    ("extends: card-a4\nsections: [{steps: S}, {faq: {heading: F, box: true}}]\n",
     "sections[1].faq.box: 'box' does not apply to the faq section"),
    ("extends: card-a4\nsections: [{steps: S}, {prescription: {heading: P, limit: 1}}]\n",
     "'limit' does not apply to the prescription section"),
    ("extends: kraftwerk-gym\n", "no layout named 'kraftwerk-gym'"),
    ("extends: card-a4\nheader: {summary: 'yes'}\n", "header.summary: expected true or false, got 'yes'"),
    ("extends: card-a4\nheader: {logo: nowhere.png}\n", "header.logo: logo file not found: "),
    ("extends: card-a4\nfonts: {regular: fonts/Missing.ttf}\n", "/fonts/Missing.ttf (paths are relative to the layout file)"),
    ("extends: card-a4\nfooter: {page_numbers: 'Page {page} of {total}'}\n", "footer.page_numbers: unknown field '{total}'"),
    ("extends: card-a4\nimage: {position: middle}\n", "image.position: expected one of right, left, top, got 'middle'"),
    ("extends: card-a4\nimage: {min_scale: 2}\n", "image.min_scale: expected a number from 0.2 to 1, got 2"),
    ("extends: card-a4\nimage: {min_share: 0.9}\n", "image.min_share: expected a number from 0 to 0.8, got 0.9"),
    ("extends: card-a4\npage: {bleed: 30mm}\n", "page.bleed: bleed of 30mm is more than 20mm"),
    ("extends: card-a4\ntheme: {accent: 'cmyk(0, 120, 0, 0)'}\n", "theme.accent: CMYK values are percentages 0-100"),
    ("extends: card-a4\nsections: [{steps: {heading: Steps, marker: star}}]\n",
     "gym.yaml:2: sections[0].steps.marker: expected one of number, bullet, none, got 'star'"),
    ("extends: card-a4\nsections: [{steps: {heading: Steps, limt: 2}}]\n", "unknown key 'limt' (did you mean 'limit'?)"),
    ("extends: card-a4\nsections: [{steps: {heading: Steps, limit: 0}}]\n", "expected a whole number of items, 1 or more"),
    ("extends: card-a4\nsections: [{steps: {heading: Steps, side: back}}]\n", "every section is on the back"),
    ("extends: card-a4\nfit: {mode: continue}\nsections: [{steps: S}, {tips: {heading: T, side: back}}]\n",
     "fit.mode: a two-sided card (sections with side: back) cannot 'continue'"),
    ("extends: index-card-4x6\nfit: {max_size: 12pt, front_max_size: 10pt}\n",
     "gym.yaml:2: fit.front_max_size: should lie between max_size (12pt) and 72pt, got 10pt"),
    ("extends: card-a4\nfit: {front_max_size: 14pt}\n",
     "gym.yaml:2: fit.front_max_size: only a two-sided card (sections with side: back) grows its front"),
    ("extends: card-a4\nfit: {min_size: 2pt}\nbody: {gap: 60mm}\n", "gym.yaml:2: fit: need 4pt <= min_size"),
    ("extends: card-a4\nheader: {title_size: 40pt, title_max_size: 30pt}\n",
     "gym.yaml:2: header.title_max_size: is smaller than header.title_size"),
])
def test_layout_errors(tmp_path: Path, content: str, message: str):
    path = write(tmp_path / "gym.yaml", content)
    with pytest.raises(LayoutError) as info:
        load_layout(str(path))
    assert message in str(info.value)


def test_layout_error_through_the_cli(tmp_path: Path, cli):
    layout = write(tmp_path / "gym.yaml", "extends: card-a4\ncolums: 2\n")
    data = write(tmp_path / "a.yaml", "name: A\nsteps: [x]\n")
    result = cli("build", data, "-o", tmp_path / "out", "-l", layout)
    assert result.code == 1
    assert f"error: {layout}:2: colums: unknown key 'colums'" in result.err


@pytest.mark.parametrize("file, content, layout, message", [
    ("Fake.ttf", "not a font at all", "fonts:\n  regular: Fake.ttf\n", "gym.yaml:3: fonts.regular: {dir}/Fake.ttf: not a TrueType font"),
    ("logo.png", "<svg/>", "header: {logo: logo.png}\n", "gym.yaml:2: header.logo: {dir}/logo.png: not a readable image"),
    ("fonts/", "", "fonts: {regular: fonts}\n", "gym.yaml:2: fonts.regular: {dir}/fonts is a folder; name the font file inside it"),
])
def test_files_named_by_a_layout_are_checked(tmp_path: Path, file: str, content: str, layout: str, message: str):
    if file.endswith("/"):
        (tmp_path / file).mkdir()
    else:
        write(tmp_path / file, content)
    path = write(tmp_path / "gym.yaml", "extends: card-a4\n" + layout)
    with pytest.raises(LayoutError) as info:
        load_layout(str(path))
    assert message.format(dir=tmp_path.resolve()) in str(info.value)


def test_unknown_layout_suggests_the_example(tmp_path: Path):
    with pytest.raises(LayoutError) as info:
        load_layout("kraftwerk-gym")
    assert "did you mean 'examples/kraftwerk-gym'?" in str(info.value)


@pytest.mark.parametrize("written,shown", [("true", "got true"), ("null", "got nothing"), ("[1, 2]", "got [1, 2]"),
                                           ("'big'", "got 'big'")])
def test_a_wrong_value_is_quoted_as_yaml_writes_it_not_as_python(tmp_path, written: str, shown: str):
    """The probe saw "got True" and "got None": Python's words, not the file's."""
    from cardmaker.errors import CardmakerError

    (tmp_path / "gym.yaml").write_text(f"extends: index-card-4x6\nimage: {{crop: {written}}}\n", encoding="utf-8")
    with pytest.raises(CardmakerError) as info:
        load_layout(str(tmp_path / "gym.yaml"))
    assert str(info.value).endswith(f"image.crop: expected a number from 0 to 0.3, {shown}")


def test_a_number_written_with_an_exponent_is_a_number(tmp_path):
    """YAML reads 1e-3 as text (it wants 1.0e-3); a layout key taking a number accepts it."""
    (tmp_path / "gym.yaml").write_text("extends: index-card-4x6\nimage: {crop: 1e-2}\n", encoding="utf-8")
    assert load_layout(str(tmp_path / "gym.yaml")).image_crop == pytest.approx(0.01)


def test_a_fraction_written_with_an_exponent_is_no_whole_number_and_big_ones_are_quoted_whole(tmp_path):
    """The review's cases: ``print.parts: 2.5e0`` (text to YAML) was read as 2 booklets, and a
    large whole number was quoted as 1.23457e+06."""
    from cardmaker.errors import CardmakerError

    for text, message in (("extends: booklet-a5\nprint: {parts: 2.5e0}\n", "got '2.5e0'"),
                          ("extends: card-a4\nfit: {max_pages: 1234567}\n", "got 1234567")):
        (tmp_path / "gym.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(CardmakerError) as info:
            load_layout(str(tmp_path / "gym.yaml"))
        assert message in str(info.value)
    (tmp_path / "gym.yaml").write_text("extends: booklet-a5\nprint: {parts: 2.0e0}\n", encoding="utf-8")
    assert load_layout(str(tmp_path / "gym.yaml")).printing.parts == 2


@pytest.mark.parametrize("own, front", [
    ("{max_size: 12pt}", 21.6),  # 18 pt over 10 pt, kept in proportion
    ("{max_size: 8pt}", 14.4),
    ("{max_size: 40pt}", 72.0),  # at most 72 pt
    ("{max_size: 12pt, front_max_size: 14pt}", 14.0),  # the child's own
    ("{min_size: 5pt}", 18.0),  # max_size not the child's: the parent's front as it is
])
def test_a_childs_own_max_size_keeps_the_parents_front_growth_in_proportion(tmp_path: Path, own: str, front: float):
    """A gym's layout that raises ``max_size`` over index-card-4x6 (10 pt, front to 18 pt) still
    sets a short card's front larger: before, the inherited 18 pt fell below or near its own
    ``max_size`` and fronts stopped growing without a word."""
    from cardmaker.load.layout import load_layout

    layout = load_layout(write(tmp_path / "gym.yaml", f"extends: index-card-4x6\nfit: {own}\n"))
    assert layout.front_max_size == pytest.approx(front)
    assert layout.front_max_size >= layout.max_size
