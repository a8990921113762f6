"""The fast text checks give what the character-by-character checks gave: the first right-to-left
character (``cardmaker.scripts``) and the first character no font prints (``cardmaker.style.fonts``)."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cardmaker.model.layout import Fonts
from cardmaker.scripts import MAYBE_RIGHT_TO_LEFT, RIGHT_TO_LEFT, first_right_to_left
from cardmaker.style.fonts import first_unprintable, font_set, printable, printable_chars


def test_every_right_to_left_character_is_in_the_prefilter():
    missed = [hex(code) for code in range(sys.maxunicode + 1)
              if unicodedata.bidirectional(chr(code)) in RIGHT_TO_LEFT and not MAYBE_RIGHT_TO_LEFT.match(chr(code))]
    assert not missed, f"right-to-left characters outside MAYBE_RIGHT_TO_LEFT: {missed[:10]}"


def _slow_first_right_to_left(text: str) -> str | None:
    return next((ch for ch in text if unicodedata.bidirectional(ch) in RIGHT_TO_LEFT), None)


MIXED = st.text(st.sampled_from("ab é→\n\u0591\u05d0\u0627\u064b\u200f\u200e\ufb1d\ufe70\U00010800\U0001e900"))


@given(st.one_of(st.text(), MIXED))
def test_first_right_to_left_is_the_first_one(text):
    assert first_right_to_left(text) == _slow_first_right_to_left(text)


def test_right_to_left_examples():
    assert first_right_to_left("Kniebeuge mit Kettlebell") is None
    assert first_right_to_left("squat \u0591 \u05e9\u05dc\u05d5\u05dd") == "\u05e9"  # a Hebrew accent is not a letter
    assert first_right_to_left("x\u200fy") == "\u200f"  # the right-to-left mark


CHARS = printable_chars(font_set(Fonts()))


@given(st.one_of(st.text(), st.text(st.sampled_from("ab\n é\u0627\u4e00\U0001f600"))))
def test_first_unprintable_is_the_first_one(text):
    codes = printable(font_set(Fonts()))
    slow = next((ch for ch in text if ch != "\n" and ord(ch) not in codes), None)
    assert first_unprintable(text, CHARS, allowed="\n") == slow
    assert first_unprintable(text, CHARS) == next((ch for ch in text if ord(ch) not in codes), None)
