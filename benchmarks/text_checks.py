"""The cheap per-text checks, timed against the character-by-character code they replaced.

On every text field of the sample exercises in data/ it times, old way against new way:

  right-to-left: a generator over every character asking unicodedata  ·  one regex search first
  coverage:      a generator asking ``ord(ch) in printable`` per character  ·  one set comparison
  colours:       to_reportlab / plain_styles.color parsing the string at every use  ·  cached per string

Each figure is the best of 5 runs
of CPU time (``time.process_time``), so other work on a shared machine inflates it less. A
report, not a test: the old and new checks are asserted to agree, nothing about the times.

    .venv/bin/python benchmarks/text_checks.py
"""

from __future__ import annotations

import sys
import time
import timeit
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cardmaker.colors import to_reportlab  # noqa: E402
from cardmaker.load.exercise import load_exercises  # noqa: E402
from cardmaker.load.layout import load_layout  # noqa: E402
from cardmaker.model.layout import Fonts  # noqa: E402
from cardmaker.scripts import RIGHT_TO_LEFT, first_right_to_left  # noqa: E402
from cardmaker.style.fonts import first_unprintable, font_set, printable, printable_chars  # noqa: E402
from cardmaker.style.plain_styles import color  # noqa: E402


def sample_texts() -> list[str]:
    texts: list[str] = []
    for file in sorted((ROOT / "data").glob("*.yaml")):
        for exercise in load_exercises(file):
            for value in vars(exercise).values():
                if isinstance(value, str):
                    texts.append(value)
                elif isinstance(value, tuple):
                    texts += [v for v in value if isinstance(v, str)]
    return texts


def best(fn, number: int) -> float:
    """Microseconds per call: the best of 5 runs of ``number`` calls, in CPU time."""
    return min(timeit.repeat(fn, number=number, repeat=5, timer=time.process_time)) / number * 1e6


def main() -> None:
    texts = sample_texts()
    codes, chars = printable(font_set(Fonts())), printable_chars(font_set(Fonts()))
    theme = load_layout("wall-card-a4").theme
    colours = [getattr(theme, name) for name in vars(theme) if isinstance(getattr(theme, name), str)]

    def rtl_old():
        return [next((ch for ch in t if unicodedata.bidirectional(ch) in RIGHT_TO_LEFT), None) for t in texts]

    def rtl_new():
        return [first_right_to_left(t) for t in texts]

    def cover_old():
        return [next((ch for ch in t if ch != "\n" and ord(ch) not in codes), None) for t in texts]

    def cover_new():
        return [first_unprintable(t, chars, "\n") for t in texts]

    assert rtl_old() == rtl_new() and cover_old() == cover_new()
    print(f"{len(texts)} texts, {sum(map(len, texts))} characters; {len(colours)} theme colours")
    rows = [
        ("right-to-left check, all texts", rtl_old, rtl_new, 200),
        ("glyph coverage check, all texts", cover_old, cover_new, 200),
        ("reportlab colours of a theme", lambda: [to_reportlab.__wrapped__(c) for c in colours],
         lambda: [to_reportlab(c) for c in colours], 2000),
        ("plain colours of a theme", lambda: [color.__wrapped__(c) for c in colours],
         lambda: [color(c) for c in colours], 2000),
    ]
    for label, old, new, number in rows:
        print(f"{label:34} before {best(old, number):9.1f} µs   after {best(new, number):9.1f} µs")


if __name__ == "__main__":
    main()
