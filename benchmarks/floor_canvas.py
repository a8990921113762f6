"""The raw-canvas floor: reportlab's canvas drawing the card's text at fixed positions, no layout.

What any PDF-writing of the same content must at least pay in this Python: read the YAML, and
for each exercise draw the same text a wall card prints of it (the name, "Instructions" and the
numbered steps, "Tips" and the first two tips, "Safety" and every caution) with
``setFont``/``drawString`` in the bundled Noto Sans (registered as TrueType, so embedded as
subsets), fixed 14 pt, on A4, and save. There is no layout: no width is ever measured; each
item is cut into lines of a fixed number of characters and the lines go down the page at a fixed
leading (a new page when one is full). No pictures, no QR code, no fallback font. Saved with the
settings cardmaker uses (invariant, page compression).

    python floor_canvas.py cards   IN_DIR OUT_DIR     # one PDF per card (<id>.pdf)
    python floor_canvas.py combine IN_DIR FILE.pdf    # every card in one PDF

One process, no pool. One line to stderr: pages, and the seconds spent drawing and saving
(imports, font registration and YAML reading aside) for the report's detail column.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import load_exercises
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).resolve().parents[1] / "cardmaker" / "fonts"
SIZE = 14.0
LEADING = SIZE * 1.28
CHARS = 68  # characters per line: about what fits 188 mm of 14 pt Noto Sans, never measured
LEFT, TOP, BOTTOM = 11 * mm, A4[1] - 11 * mm, 10 * mm
DARK, WARN = (0.043, 0.224, 0.329), (0.561, 0.208, 0.063)


def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont("NotoSans", FONTS / "NotoSans-Regular.ttf"))
    pdfmetrics.registerFont(TTFont("NotoSans-Bold", FONTS / "NotoSans-Bold.ttf"))


def card_lines(ex: dict) -> list[tuple[str, float, tuple, str]]:
    """(font, size, colour, text) per line, top to bottom: the card's text cut at CHARS."""
    lines = [("NotoSans-Bold", SIZE * 2, DARK, str(ex["name"]))]
    sections = [("Instructions", [f"{i}. {s}" for i, s in enumerate(ex.get("steps") or [], 1)], (0, 0, 0)),
                ("Tips", [f"• {t}" for t in (ex.get("tips") or [])[:2]], (0, 0, 0)),
                ("Safety", [f"• {c}" for c in ex.get("cautions") or []], WARN)]
    for heading, items, colour in sections:
        if not items:
            continue
        lines.append(("NotoSans-Bold", SIZE * 1.15, DARK, heading))
        for item in items:
            text = str(item)
            lines += [("NotoSans", SIZE, colour, text[i:i + CHARS]) for i in range(0, len(text), CHARS)]
    return lines


def draw_card(canvas: Canvas, ex: dict) -> int:
    """Draw one card's lines at fixed positions; the pages it took."""
    y, pages, font = TOP, 1, None
    for face, size, colour, text in card_lines(ex):
        if y - size < BOTTOM:
            canvas.showPage()
            y, pages, font = TOP, pages + 1, None
        y -= size * 1.28 if size != SIZE else LEADING
        if (face, size) != font:
            font = face, size
            canvas.setFont(face, size)
        canvas.setFillColorRGB(*colour)
        canvas.drawString(LEFT, y, text)
    canvas.showPage()
    return pages


def new_canvas(target: Path, title: str) -> Canvas:
    canvas = Canvas(str(target), pagesize=A4, invariant=1, pageCompression=1, initialFontName="NotoSans")
    canvas.setTitle(title)
    return canvas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["cards", "combine"])
    parser.add_argument("input", type=Path, help="folder of exercise YAML files")
    parser.add_argument("output", type=Path, help="output folder (cards) or PDF file (combine)")
    args = parser.parse_args()
    register_fonts()
    exercises = load_exercises(args.input)
    t0 = time.perf_counter()
    pages = 0
    if args.mode == "cards":
        args.output.mkdir(parents=True, exist_ok=True)
        for ex in exercises:
            canvas = new_canvas(args.output / f"{ex['id']}.pdf", str(ex["name"]))
            pages += draw_card(canvas, ex)
            canvas.save()
    else:
        canvas = new_canvas(args.output, f"{len(exercises)} cards")
        for ex in exercises:
            pages += draw_card(canvas, ex)
        canvas.save()
    print(f"floor {args.mode}: {len(exercises)} exercises, draw+save {time.perf_counter() - t0:.2f} s, "
          f"pages={pages}", file=sys.stderr)


if __name__ == "__main__":
    main()
