"""Property tests: generated exercises and layouts through the real command (in process).

Whatever the text, an exercise either becomes a PDF whose text holds every word given, or a
one-line error (exit 1) that names the file; whatever the layout values, a layout either builds
a card or is refused with one line naming the layout file. Nothing else ever escapes the CLI.
"""

from __future__ import annotations

import unicodedata

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardmaker.cli import main
from cardmaker.load.layout import load_layout
from cardmaker.model.layout import Fonts
from cardmaker.style.fonts import font_set, printable
from conftest import DATA, pdf_text

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])
PRINTABLE = printable(font_set(Fonts()))
# Letters, digits, punctuation and symbols of the scripts the bundled fonts cover, written
# left to right; each with a glyph of its own (so text extraction can map it back).
RANGES = [(0x21, 0x7E), (0xA1, 0x17F), (0x391, 0x3C9), (0x410, 0x44F), (0x2018, 0x201E), (0x20AC, 0x20AC)]
ALPHABET = sorted(chr(c) for lo, hi in RANGES for c in range(lo, hi + 1)
                  if c in PRINTABLE and unicodedata.category(chr(c))[0] in "LNPS" and c != 0xAD)
word = st.text(st.sampled_from(ALPHABET), min_size=1, max_size=14)
phrase = st.lists(word, min_size=1, max_size=10).map(" ".join)


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a bug: something escaped the CLI
    return result.exit_code, result.stderr


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


@SETTINGS
@given(name=phrase, steps=st.lists(phrase, min_size=1, max_size=8), tips=st.lists(phrase, max_size=4),
       summary=st.one_of(st.none(), phrase),
       faq=st.lists(st.fixed_dictionaries({"q": phrase, "a": phrase}), max_size=3),
       equipment=st.lists(word, max_size=3), layout=st.sampled_from(["card-a4", "handout-a4", "index-card-3x5"]))
def test_any_text_is_printed_word_for_word_or_refused_in_one_line(tmp_path_factory, name, steps, tips, summary, faq,
                                                                   equipment, layout):
    folder = tmp_path_factory.mktemp("prop")
    data = {"name": name, "steps": steps, "tips": tips, "faq": faq, "equipment": equipment}
    if summary:
        data["summary"] = summary
    source = folder / "ex.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, err = run("build", source, "-o", folder / "out", "-l", layout, "-j", "1", "-q")
    pdfs = list((folder / "out").glob("*.pdf"))
    if code == 1:
        problems = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(problems) == 1 and str(source) in problems[0] and not pdfs, err
        assert "does not fit" in problems[0] or "too long" in problems[0] or "taller than" in problems[0], err
        return
    assert code == 0 and len(pdfs) == 1, err
    printed = squeeze(pdf_text(pdfs[0]))
    for text in shown(load_layout(layout), data):
        for w in text.split():
            assert squeeze(w) in printed, (w, layout)


def shown(layout, data: dict) -> list[str]:
    """The texts of ``data`` the layout prints (a layout chooses its sections and may limit them)."""
    sections = {s.name: s for s in layout.sections}
    texts = [data["name"]]
    if layout.header.summary and data.get("summary"):
        texts.append(data["summary"])
    if layout.header.equipment:
        texts += data["equipment"]
    for key in ("steps", "tips"):
        if key in sections:
            texts += data[key][:sections[key].limit]
    if "faq" in sections:
        texts += [p["q"] + " " + p["a"] for p in data["faq"][:sections["faq"].limit]]
    return texts


def mm(low: float, high: float):
    return st.floats(low, high).map(lambda v: f"{v:.2f}mm")


VALID = {  # (section, key) → values within the documented ranges
    ("page", "size"): st.sampled_from(["A4", "A5", "A6", "Letter", "3x5in", "4x6in", "120mm x 90mm"]),
    ("page", "margins"): st.lists(mm(0, 12), min_size=1, max_size=4).filter(lambda m: len(m) != 3),
    ("page", "bleed"): mm(0, 5),
    ("fit", "min_size"): st.floats(5, 8).map(lambda v: f"{v:.2f}pt"),
    ("fit", "max_size"): st.floats(8, 16).map(lambda v: f"{v:.2f}pt"),
    ("theme", "title"): st.one_of(st.from_regex(r"#[0-4][0-9a-f]{5}", fullmatch=True),
                                  st.integers(60, 100).map(lambda k: f"cmyk(0, 0, 0, {k})")),
    ("body", "columns"): st.sampled_from([1, 2]),
    ("body", "gap"): mm(2, 8),
    ("image", "max_width"): mm(10, 80),
}
WILD = st.one_of(st.integers(-1000, 10**9), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
                 st.text(max_size=12), st.lists(st.integers(-5, 5), max_size=5), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                 st.sampled_from(["", "1e9pt", "nan", "-0mm", "-3mm", "5 mm", "10%", "ten", "999in", "0pt", "A9", "#12", "cmyk(200,0,0,0)"]))


@SETTINGS
@given(values=st.fixed_dictionaries(VALID), broken=st.one_of(st.none(), st.sampled_from(sorted(VALID))), wild=WILD)
def test_any_layout_values_build_a_card_or_are_refused_in_one_line(tmp_path_factory, values, broken, wild):
    """Valid values (or all valid but one wild value) in a layout extending card-a4."""
    folder = tmp_path_factory.mktemp("layout")
    if broken is not None:
        values = {**values, broken: wild}
    layout: dict = {"extends": "card-a4"}
    for (section, key), value in values.items():
        layout.setdefault(section, {})[key] = value
    file = folder / "layout.yaml"
    file.write_text(yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8")
    code, err = run("build", DATA / "goblet-squat.yaml", "-o", folder / "out", "-l", file, "-j", "1", "-q")
    if code == 1:
        problems = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(problems) == 1 and (str(file) in problems[0] or "goblet-squat" in problems[0]), err
        fits = "does not fit" in problems[0] or "leaves no room" in problems[0]
        assert broken is not None or fits, err  # valid values give a card, unless the text cannot fit
        return
    assert code == 0 and (folder / "out" / "goblet-squat.pdf").is_file(), err
