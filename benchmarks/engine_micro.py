"""Micro-benchmark of the engine's phases against the raw-canvas floor, card by card, in one run.

For each exercise (the samples in data/, then real ones from free-exercise-db, read from its
JSON where it lies and never copied) on the wall-card layout, it times:

  engine:   tree (flow.card_tree) · fit (typeset.fit over typeset.card, measurements only)
            · replay+save (render.replay.render_pdf: the display list onto a canvas, saved)
  cli:      cardmaker.render.card.render_card (tree, fit and render, as the CLI does)
  floor:    reportlab's canvas drawing the same text (the engine's glyph runs at the chosen size:
            same faces, sizes, colours and positions, taken before the clock starts) with
            setFont/drawString at those fixed positions, no layout, saved to bytes with the same
            settings (invariant, page compression, the bundled TrueType faces embedded as
            subsets); "floor+pic" also draws the card's pictures (through the same per-process
            encoding cache the engine uses), since the engine's replay+save includes them

and prints milliseconds per card (median of the repeats; word widths and picture encodings stay
cached between repeats, a batch's steady state, and so do font subsets, which cards share (a
text face's subset is all of ASCII and what else the card prints: the subsets a batch of the
cards makes, and their cost per card, are printed apart); the per-text caches of line breaking
are cleared before each repeat, since a batch meets each card's text once)
and the first, cold card of each path. Times are the process's CPU time (``--wall`` for wall
clock), so other work on a shared machine does not inflate one side more than the other. It also compares the chosen sizes. A report, not a test.

    .venv/bin/python benchmarks/engine_micro.py [--corpus N] [--repeat R] [--layout wall-card-a4]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

CLOCK = time.process_time  # this process's CPU time: other work on a shared machine does not count
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cardmaker.errors import CardmakerError  # noqa: E402
from cardmaker.flow.card_tree import card_tree  # noqa: E402
from cardmaker.render.picture import pixel_size  # noqa: E402
from cardmaker.style.plain_styles import Faces  # noqa: E402
from cardmaker.load.exercise import load_exercises  # noqa: E402
from cardmaker.load.layout import load_layout  # noqa: E402
from cardmaker.model import Exercise, Layout, Muscles, Picture  # noqa: E402
from cardmaker.render.card import fit_size, render_card  # noqa: E402
from cardmaker.style.fonts import font_set  # noqa: E402
from cardmaker.render.replay import render_pdf  # noqa: E402
from cardmaker.typeset import display as d  # noqa: E402
from cardmaker.typeset.card import CardGeometry  # noqa: E402
from cardmaker.typeset.fit import fit_card  # noqa: E402

CORPUS = Path("/work/shared/corpus/free-exercise-db")


def samples() -> list[Exercise]:
    return [ex for path in sorted((ROOT / "data").glob("*.yaml")) for ex in load_exercises(path)]


def corpus(count: int) -> list[Exercise]:
    """The first ``count`` exercises of free-exercise-db with at least three instructions."""
    records = json.loads((CORPUS / "dist" / "exercises.json").read_text(encoding="utf-8"))
    out = []
    for r in records:
        if len(out) >= count:
            break
        if len(r.get("instructions") or []) < 3:
            continue
        image = CORPUS / "exercises" / r["images"][0] if r.get("images") else None
        out.append(Exercise(
            name=r["name"], id=r["id"], steps=tuple(r["instructions"]), category=r.get("category"),
            level=r.get("level"), equipment=(r["equipment"],) if r.get("equipment") else (),
            muscles=Muscles(tuple(r.get("primaryMuscles") or ()), tuple(r.get("secondaryMuscles") or ())),
            images=(Picture(image),) if image and image.exists() else (),
            video=f"https://example.com/videos/{r['id'].lower()}"))
    return out


def _forget_texts() -> None:
    """Clear the engine's caches keyed by a card's text (tokens, line breaks), keeping word
    widths, each face's tables and the font subsets: what a batch has when it meets a new card.
    (A text face's subset is all of ASCII plus what else the card prints, so cards share it: how
    often a card still needs a subset of its own is counted by ``subset_misses``.)"""
    from cardmaker.typeset import lines, slices

    for module in (lines, slices):
        for value in vars(module).values():  # their own caches only: not the imported measure.metrics
            if hasattr(value, "cache_clear") and getattr(value, "__module__", None) == module.__name__:
                value.cache_clear()


def engine(ex: Exercise, layout: Layout, faces: Faces, geo: CardGeometry) -> tuple[list[float], float, bytes, list]:
    """(tree, fit, replay+save) milliseconds, the chosen size, the PDF, the pages."""
    _forget_texts()
    t0 = CLOCK()
    aspect = None
    if ex.image is not None:
        w, h = pixel_size(str(ex.image))
        aspect = w / h
    tree = card_tree(ex, layout, faces, aspect)
    t1 = CLOCK()
    best = fit_card(tree, geo, layout.min_size, layout.max_size)
    t2 = CLOCK()
    pdf = render_pdf(best.pages, ex.name)
    t3 = CLOCK()
    return ([(t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3], best.size if best.fits else float("nan"), pdf,
            best.pages)


def cli_path(ex: Exercise, layout: Layout) -> float:
    t0 = CLOCK()
    render_card(ex, layout)
    return (CLOCK() - t0) * 1e3


def floor_input(pages: list[d.Page]) -> list[tuple[float, float, list[tuple], list[d.Image]]]:
    """Per page: its size, its text as (face, size, colour, x, y, text), its pictures. Made
    before the floor's clock starts: the floor is drawing with no layout."""
    return [(p.width, p.height, [(op.face, op.size, op.color, op.x, op.y, op.text)
                                 for op in p.ops if isinstance(op, d.GlyphRun)],
             [op for op in p.ops if isinstance(op, d.Image)]) for p in pages]


def floor(spec: list, title: str, pictures: bool) -> float:
    """Milliseconds for reportlab's canvas to draw the text at fixed positions (and, with
    ``pictures``, the pictures) and save the PDF to bytes: the raw-canvas floor."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from cardmaker.render.picture import MASK
    from cardmaker.style.fonts import register_fonts

    t0 = CLOCK()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=spec[0][:2], invariant=1, initialFontName=register_fonts(), pageCompression=1)
    canvas.setTitle(title)
    for width, height, texts, images in spec:
        canvas.setPageSize((width, height))
        font = color = None
        for face, size, col, x, y, text in texts:
            if (face, size) != font:
                font = face, size
                canvas.setFont(face, size)
            if col != color:
                color = col
                (canvas.setFillColorRGB if len(col) == 3 else canvas.setFillColorCMYK)(*col)
            canvas.drawString(x, y, text)
        for im in images if pictures else ():
            canvas.drawImage(str(im.path), im.x, im.y, im.width, im.height, mask=MASK)
        canvas.showPage()
    canvas.save()
    buf.getvalue()
    return (CLOCK() - t0) * 1e3


def measure(ex: Exercise, layout: Layout, faces: Faces, geo: CardGeometry, repeat: int) -> tuple:
    """One card's medians: tree, fit, replay+save, engine total, render_card, floor, floor+pic; and
    the engine's chosen size."""
    eng = [engine(ex, layout, faces, geo) for _ in range(repeat)]
    spec = floor_input(eng[0][3])
    pl = [cli_path(ex, layout) for _ in range(repeat)]
    fl = [floor(spec, ex.name, False) for _ in range(repeat)]
    fp = [floor(spec, ex.name, True) for _ in range(repeat)]
    parts = [statistics.median(e[0][i] for e in eng) for i in range(3)]
    total = statistics.median(sum(e[0]) for e in eng)
    return (*parts, total, statistics.median(pl), statistics.median(fl), statistics.median(fp)), eng[0][1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=int, default=40, help="real exercises from free-exercise-db (default 40)")
    ap.add_argument("--repeat", type=int, default=7, help="timed repeats per card (default 7)")
    ap.add_argument("--layout", default="wall-card-a4")
    ap.add_argument("--wall", action="store_true", help="time by the wall clock instead of CPU time")
    args = ap.parse_args()
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    layout = load_layout(args.layout)
    fs = font_set(layout.fonts)
    faces = Faces(fs.regular, fs.bold, fs.italic, fs.fallbacks)
    geo = CardGeometry(layout.page_width, layout.page_height, layout.margins, layout.columns, layout.column_gap,
                       layout.bleed)
    sets = [("samples (data/)", samples())]
    if CORPUS.exists() and args.corpus:
        sets.append((f"free-exercise-db ({args.corpus})", corpus(args.corpus)))

    first = [None, None]
    for label, exercises in sets:
        rows, same, skipped = [], 0, 0
        for ex in exercises:
            try:
                if first[0] is None:
                    t0 = CLOCK()
                    engine(ex, layout, faces, geo)
                    first[0] = (CLOCK() - t0) * 1e3
                    first[1] = cli_path(ex, layout)
                row, size = measure(ex, layout, faces, geo, args.repeat)
                same += size == fit_size(ex, layout)
            except CardmakerError as exc:
                skipped += 1
                print(f"  skipped {ex.id}: {exc}", file=sys.stderr)
                continue
            rows.append(row)
        _report(label, rows, same, skipped)
        made, cost = subset_misses(exercises, layout, faces, geo)
        print(f"  font subsets made in a batch of these cards: {made:.2f} per card, {cost:.2f} ms per card "
              f"(add to replay+save above, whose repeats find them cached)")
    print(f"\ncold first card (imports aside, caches empty): engine {first[0]:.1f} ms, render_card {first[1]:.1f} ms")
    return 0


def subset_misses(exercises: list[Exercise], layout: Layout, faces: Faces, geo: CardGeometry) -> tuple[float, float]:
    """(font subsets made per card, ms per card for them) when the cards are saved once each, in
    order, from empty subset caches: a batch's rate of cards printing a character set not seen yet."""
    from cardmaker.render import pdf_fonts, subset

    subset.font_file.cache_clear()
    pdf_fonts.subset_objects.cache_clear()
    cards = []
    for ex in exercises:
        try:
            cards.append(engine(ex, layout, faces, geo)[3])
        except CardmakerError:
            continue
    subset.font_file.cache_clear()
    pdf_fonts.subset_objects.cache_clear()
    t0 = CLOCK()
    for pages in cards:
        render_pdf(pages)
    spent = (CLOCK() - t0) * 1e3
    made = pdf_fonts.subset_objects.cache_info().misses
    for pages in cards:  # the same again, every subset cached: the difference is the subsets' cost
        render_pdf(pages)
    again = (CLOCK() - t0) * 1e3 - spent
    return made / max(len(cards), 1), (spent - again) / max(len(cards), 1)


def _report(label: str, rows: list[tuple[float, ...]], same: int, skipped: int) -> None:
    if not rows:
        print(f"\n{label}: no cards")
        return
    mean = [statistics.mean(r[i] for r in rows) for i in range(7)]
    tree, fit, save, total, plat, fl, fp = mean
    print(f"\n{label}: {len(rows)} cards, ms per card (mean of per-card medians)")
    print(f"  engine   tree {tree:6.2f}   fit {fit:6.2f}   replay+save {save:6.2f}   total {total:6.2f}")
    print(f"  cli      render_card {plat:6.2f}   floor {fl:6.2f}   floor+pic {fp:6.2f}")
    print(f"  ratios   engine/floor {total / fl:.2f}   engine/floor+pic {total / fp:.2f}   "
          f"engine/render_card {total / plat:.2f}   (fit+replay+save)/floor {(fit + save) / fl:.2f}")
    print(f"  same size as render_card's fit: {same}/{len(rows)}" + (f"; skipped {skipped}" if skipped else ""))


if __name__ == "__main__":
    raise SystemExit(main())
