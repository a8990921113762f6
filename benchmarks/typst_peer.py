"""The Typst peer: the wall card's seed content typeset by Typst, every card in one PDF.

For each exercise file in IN_DIR (sorted, as cardmaker reads a folder) it writes one page of
Typst markup with what the wall card prints of the exercise's own text: the name as a title,
"Instructions" with the numbered steps, "Tips" with the first two tips, "Safety" with every
caution; on A4 with the wall card's margins, two columns 9 mm apart, a fixed body size (14 pt,
no fitting), in the bundled Noto Sans (DejaVu Sans as fallback) loaded through ``font_paths``
with the system's fonts ignored. It writes that source next to the PDF (``FILE.typ``) and
compiles it with the ``typst`` package (the Python binding that embeds the Typst compiler;
``pip install -e '.[bench]'``).

    python typst_peer.py IN_DIR FILE.pdf [--size 14]

Reading the YAML, writing the source and compiling all count: it runs as a fresh process, as
cardmaker does. One line to stderr: pages, and the seconds spent writing the source and
compiling (for the report's detail column).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from common import load_exercises

FONTS = Path(__file__).resolve().parents[1] / "cardmaker" / "fonts"

PREAMBLE = """\
#set document(title: "{title}")
#set page(paper: "a4", margin: (top: 11mm, right: 11mm, bottom: 10mm, left: 11mm))
#set text(font: ("Noto Sans", "DejaVu Sans"), size: {size}pt, lang: "en")
#set par(leading: 0.5em)
#let dark = rgb("#0b3954")
#let accent = rgb("#0f6b80")
#let warn = rgb("#8f3510")
#let section(title, body) = [
  #block(above: 1em, below: 0.5em, sticky: true, text(size: 1.15em, weight: "bold", fill: dark, title))
  #body
]
#let card(name, steps, tips, cautions) = [
  #pagebreak(weak: true)
  #block(below: 1em, text(size: 2em, weight: "bold", fill: dark, name))
  #columns(2, gutter: 9mm)[
    #section("Instructions", enum(numbering: n => text(weight: "bold", fill: accent, str(n) + "."), ..steps))
    #if tips.len() > 0 {{ section("Tips", list(..tips)) }}
    #if cautions.len() > 0 {{ section("Safety", text(fill: warn, list(..cautions))) }}
  ]
]
"""


def typst_string(text: object) -> str:
    """A Typst string literal: no markup is read inside one, only these escapes."""
    s = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{s}"'


def typst_array(items: list) -> str:
    """A Typst array of strings (one element needs the trailing comma)."""
    if not items:
        return "()"
    return "(" + ", ".join(typst_string(i) for i in items) + ("," if len(items) == 1 else "") + ")"


def card_source(ex: dict) -> str:
    return (f"#card({typst_string(ex['name'])}, {typst_array(list(ex.get('steps') or []))}, "
            f"{typst_array(list(ex.get('tips') or [])[:2])}, {typst_array(list(ex.get('cautions') or []))})\n")


def document(exercises: list[dict], size: float) -> str:
    head = PREAMBLE.format(title=f"{len(exercises)} cards", size=size)
    return head + "".join(card_source(ex) for ex in exercises)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="folder of exercise YAML files")
    parser.add_argument("output", type=Path, help="the PDF to write (the .typ source goes beside it)")
    parser.add_argument("--size", type=float, default=14.0, help="body size in pt (default 14)")
    args = parser.parse_args()
    import typst

    t0 = time.perf_counter()
    source = args.output.with_suffix(".typ")
    source.write_text(document(load_exercises(args.input), args.size), encoding="utf-8")
    t1 = time.perf_counter()
    typst.compile(str(source), output=str(args.output), root=str(source.parent),
                  font_paths=[str(FONTS)], ignore_system_fonts=True)
    t2 = time.perf_counter()
    # page objects, counted in the bytes (cheap: this process is being timed)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", args.output.read_bytes()))
    print(f"typst: source {t1 - t0:.2f} s, "
          f"compile {t2 - t1:.2f} s, pages={pages}", file=sys.stderr)


if __name__ == "__main__":
    main()
