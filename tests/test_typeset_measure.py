"""Word widths from the TrueType metrics, and fallback faces chosen by glyph coverage."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from cardmaker.errors import RenderError
from cardmaker.style.fonts import BOLD, FALLBACK, REGULAR
from cardmaker.typeset.measure import metrics, split_by_coverage, word_width

CHAIN = (REGULAR, FALLBACK)


@pytest.mark.parametrize("face", [REGULAR, BOLD, FALLBACK])
def test_word_width_matches_reportlab_and_scales(face):
    for word in ("Squat", "kettlebell,", "Ćwiczenie", "WWW"):
        assert word_width(word, face, 12) == pytest.approx(stringWidth(word, face, 12), abs=1e-6)
        assert word_width(word, face, 24) == pytest.approx(2 * word_width(word, face, 12))


def test_word_is_measured_once_per_face():
    m = metrics(REGULAR)
    m.words.pop("zyzzyva", None)
    word_width("zyzzyva", REGULAR, 9)
    assert "zyzzyva" in m.words and m.width("zyzzyva") == m.words["zyzzyva"]


def test_plain_text_stays_one_run():
    assert split_by_coverage("Keep reps < 12 & rest 60 s", CHAIN) == [("Keep reps < 12 & rest 60 s", REGULAR)]


@pytest.mark.parametrize("symbol", ["→", "✓"])
def test_symbols_go_to_the_fallback_face(symbol):
    pieces = split_by_coverage(f"Step {symbol} done", CHAIN)
    assert pieces == [("Step ", REGULAR), (symbol, FALLBACK), (" done", REGULAR)]
    assert "".join(t for t, _ in pieces) == f"Step {symbol} done"


def test_a_character_no_face_has_is_an_error_not_a_gap():
    with pytest.raises(RenderError, match="U\\+6F22"):
        split_by_coverage("kanji \u6f22", CHAIN)
