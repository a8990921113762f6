"""Greedy line breaking, and long words split at sensible points without losing a character."""

from __future__ import annotations

import pytest

from cardmaker.flow.tree import Run
from cardmaker.style.fonts import BOLD, FALLBACK, REGULAR
from cardmaker.typeset.lines import SPACE_SHRINK, break_lines
from cardmaker.typeset.measure import word_width


def runs(*texts: str, face: str = REGULAR) -> tuple[Run, ...]:
    return tuple(Run(t, face, (FALLBACK,)) for t in texts)


def w(text: str, size: float = 10) -> float:
    return word_width(text, REGULAR, size)


def test_exact_lines_for_a_known_width():
    # room for exactly "aaa bbb" (plus a hair), so "ccc" must start the second line
    width = w("aaa bbb") + 0.01
    lines = break_lines(runs("aaa bbb ccc ddd"), 10, width)
    assert [l.text for l in lines] == ["aaa bbb", "ccc ddd"]
    assert lines[0].width == pytest.approx(w("aaa bbb"))


def test_a_word_one_hair_too_wide_moves_on():
    """Past what reportlab allows (each word on the line lets its space shrink by 5%)."""
    width = w("aaa bbb") - SPACE_SHRINK * w(" ") - 0.01
    assert [l.text for l in break_lines(runs("aaa bbb"), 10, width)] == ["aaa", "bbb"]


@pytest.mark.parametrize("bold", [False, True], ids=["one face", "two faces"])
def test_a_word_within_the_space_shrink_stays_as_in_platypus(bold: bool):
    """reportlab's spaceShrinkage keeps a word that overhangs by less than 5% of a space per
    word on the line; Platypus did, so the engine does (the same lines, the same fit)."""
    last = word_width("ccc", BOLD if bold else REGULAR, 10)
    width = w("aaa bbb ") + last - SPACE_SHRINK * w(" ") * 2 + 0.01
    text = runs("aaa bbb ccc") if not bold else (*runs("aaa bbb "), *runs("ccc", face=BOLD))
    assert [l.text for l in break_lines(text, 10, width)] == ["aaa bbb ccc"]
    assert [l.text for l in break_lines(text, 10, width - 0.02)] == ["aaa bbb", "ccc"]


def test_spaces_collapse_and_forced_breaks_hold():
    lines = break_lines(runs("one   two\nthree"), 10, 500)
    assert [l.text for l in lines] == ["one two", "three"]


def test_a_word_spanning_two_faces_stays_one_word():
    lines = break_lines((Run("Hold", BOLD), Run(": 30 s", REGULAR)), 10, 500)
    assert lines[0].text == "Hold: 30 s"
    frags = lines[0].fragments
    assert [(f.text, f.face) for f in frags] == [("Hold", BOLD), (": 30 s", REGULAR)]
    assert frags[1].x == pytest.approx(word_width("Hold", BOLD, 10))


URL = "https://example.com/videos/goblet-squat-with-a-long-name?set=1&rep=2"


@pytest.mark.parametrize("width", [30, 45, 60, 90, 140])
def test_a_long_url_splits_loses_nothing_and_never_overflows(width):
    lines = break_lines(runs(f"Watch {URL} now"), 10, width)
    assert " ".join(l.text for l in lines) .replace(" ", "") == f"Watch{URL}now"
    assert all(l.width <= width + 1e-6 for l in lines)


def test_a_long_url_breaks_after_a_slash_or_hyphen_when_it_can():
    lines = break_lines(runs(URL), 10, w("https://example.com/vid"))
    assert lines[0].text == "https://example.com/"
    assert all(l.text[-1] in "/-.?&" for l in lines[:-1])


def test_a_word_without_break_points_splits_by_character_each_cut_marked_with_a_hyphen():
    """A word of letters cut between two letters ends its line with a hyphen, as a reader
    expects; the letters are all there and no line runs over."""
    word = "Donaudampfschifffahrtsgesellschaft"
    width = w("Donaudampf") + 0.01
    lines = break_lines(runs(word), 10, width)
    assert lines[0].text == "Donaudamp-"
    assert all(l.text.endswith("-") for l in lines[:-1]) and not lines[-1].text.endswith("-")
    assert "".join(l.text[:-1] for l in lines[:-1]) + lines[-1].text == word
    assert all(l.width <= width for l in lines)


def test_a_hyphen_leaves_at_least_three_letters_on_each_side():
    """'Rumpfstabilisationsmuskulaturanspannu-' / 'ng' was a probe's cut: two letters alone."""
    word = "Rumpfstabilisationsmuskulaturanspannung"
    for width in range(40, 200, 7):
        lines = break_lines(runs(word), 10, width)
        pieces = [l.text.rstrip("-") for l in lines]
        assert "".join(pieces) == word and all(l.width <= width + 1e-6 for l in lines)
        assert all(len(p) >= 3 for p in pieces), (width, pieces)


def test_a_long_word_cut_once_leaves_a_quarter_of_it_or_more_for_the_next_line():
    """A pocket card's back set a name as 'Oberschenkelrückseitendehn-' / 'ung': three letters
    alone under 26. The cut moves back so the next line takes a quarter of the word or more,
    when the first line keeps three letters; it stays within the width and nothing is lost."""
    word = "Oberschenkelrückseitendehnung"  # 29 letters: at least 7 after the hyphen
    for width in range(int(w(word) * 0.55), int(w(word)), 5):
        lines = break_lines(runs(word), 10, width)
        pieces = [l.text.rstrip("-") for l in lines]
        assert "".join(pieces) == word and all(l.width <= width + 1e-6 for l in lines)
        assert len(lines) == 2 and len(pieces[1]) >= 7, (width, pieces)
    lines = break_lines(runs(word), 10, w("Oberschenkelrückseitendehn") + 0.01)
    assert [l.text for l in lines] == ["Oberschenkelrückseiten-", "dehnung"]


@pytest.mark.parametrize("address", ["https://example.com/averyveryverylongpathwithoutanybreaks",
                                     "coach@averyveryverylongdomainwithoutbreaks.de",
                                     "physiotherapie-praxisgemeinschaftoberschleissheim.at"])
def test_an_address_cut_between_letters_takes_no_hyphen(address: str):
    """A reader would type the hyphen: a web or mail address is cut without one."""
    lines = break_lines(runs(address), 10, 60)
    assert "".join(l.text for l in lines) == address


def test_fallback_fragments_are_positioned_in_the_line():
    lines = break_lines(runs("go → stop"), 10, 500)
    faces = [(f.text, f.face) for f in lines[0].fragments]
    assert faces == [("go ", REGULAR), ("→", FALLBACK), (" stop", REGULAR)]
    assert lines[0].fragments[2].x == pytest.approx(w("go ") + word_width("→", FALLBACK, 10))


def test_the_fast_path_breaks_exactly_like_the_general_one():
    from cardmaker.typeset.lines import _break_general, _uniform

    text = ("Lower under control for two to three seconds until your thighs are at least parallel to the "
            "floor, or as deep as you can keep a neutral spine.")
    assert _uniform(runs(text)) is not None  # one face, no breaks: the fast path applies
    for size, width in ((9, 80), (12.25, 150), (17, 240)):
        fast, general = break_lines(runs(text), size, width), _break_general(runs(text), size, width)
        assert [(l.text, pytest.approx(l.width)) for l in fast] == [(l.text, l.width) for l in general]


def test_a_trial_counts_as_many_lines_as_breaking_gives():
    from cardmaker.typeset.lines import count_lines

    text = ("Lower under control for two to three seconds until your thighs are at least parallel to the "
            "floor, or as deep as you can keep a neutral spine.")
    for size, width in ((9, 80), (12.25, 150), (17, 240), (10, 500)):
        assert count_lines(runs(text), size, width) == len(break_lines(runs(text), size, width))
    assert count_lines((Run("Hold", BOLD), Run(": 30 s", REGULAR)), 10, 500) is None  # two faces: broken, not counted


def test_words_bound_by_a_no_break_space_break_there_when_together_they_are_wider_than_the_line():
    """A dose's "hold 20 min" is bound by no-break spaces (a number stays with its unit). On a
    line too narrow for all three, it broke between letters ("hold 20 mi-" / "n") on the grown
    front of a pocket card; it breaks at a no-break space instead, which ends nothing."""
    bound = "hold\u00a020\u00a0min"
    width = w("hold\u00a020") + 1
    lines = break_lines(runs(bound), 10, width)
    assert [l.text for l in lines] == ["hold\u00a020", "min"]
    assert all(l.width <= width + 1e-6 for l in lines)
    assert [l.text for l in break_lines(runs(bound), 10, w(bound) + 1)] == [bound]  # room: kept together
