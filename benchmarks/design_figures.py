"""How the built-in layouts compose real exercises: the figures the card-design issue asks for.

Imports free-exercise-db (read in place from ``/work/shared/corpus``; nothing is copied into
the repository) the way a user does (``cardmaker import ... --images``: start and end pictures,
exercises without steps kept), composes every exercise on each built-in card layout, and prints
per layout, from the composed display list (no PDF needed):

- the body size (min, p10, median) and how many cards fall below the layout's comfortable size;
- the empty share of the page: the body's room left unused on the front (on its last page, for
  a handout that flows on), as a share of the page's height (p50, p90);
- the pictures' share of the page area on the front (median, and min over cards with pictures);
- cards that do not fit at all.

    .venv/bin/python benchmarks/design_figures.py [--count 873] [--layouts wall-card-a4,card-a4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

CORPUS = Path("/work/shared/corpus/free-exercise-db")
LAYOUTS = ("wall-card-a4", "poster-a3", "card-a4", "handout-a4", "pocket-card-a6", "pocket-card-a6-single",
           "index-card-3x5", "index-card-4x6")


def imported(folder: Path) -> list:
    """The corpus as exercise files, imported by cardmaker itself, then loaded."""
    from click.testing import CliRunner

    from cardmaker.cli import main
    from cardmaker.load.exercise import load_exercises

    result = CliRunner().invoke(main, ["import", str(CORPUS / "dist" / "exercises.json"), "-o", str(folder),
                                       "--images", str(CORPUS / "exercises")])
    if result.exit_code != 0:
        sys.exit(f"import failed: {result.output}")
    return [ex for path in sorted(folder.glob("*.yaml")) for ex in load_exercises(path)]


def figures(exercises: list, name: str) -> dict:
    """One layout's figures over ``exercises``."""
    from cardmaker.load.layout import load_layout
    from cardmaker.render.card import choose
    from cardmaker.typeset import display as d

    layout = load_layout(name)
    sizes, empty, pictures, failed = [], [], [], 0
    for ex in exercises:
        chosen = choose(ex, layout)
        comp = chosen.composition
        if not comp.fits:
            failed += 1
            continue
        sizes.append(comp.size)
        page = comp.pages[0]
        front_room = comp.side_capacities[0] - comp.side_demands[0] if comp.side_capacities else 0.0
        empty.append(max(front_room, 0.0) / chosen.arrangement.columns / page.height)
        if ex.images:
            area = sum(op.width * op.height for op in page.ops if type(op) is d.Image)
            pictures.append(area / (page.width * page.height))
    return {"layout": name, "sizes": sorted(sizes), "empty": sorted(empty), "pictures": sorted(pictures),
            "failed": failed, "comfortable": layout.comfortable_size}


def _pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


def report(rows: list[dict], count: int) -> str:
    lines = [f"{count} free-exercise-db exercises, imported with start and end pictures",
             f"{'layout':22s} {'size min':>8s} {'p10':>6s} {'median':>6s} {'<comf.':>6s} {'empty p50':>9s} "
             f"{'p90':>5s} {'pictures med':>12s} {'min':>5s} {'failed':>6s}"]
    for r in rows:
        s, e, p = r["sizes"], r["empty"], r["pictures"]
        below = sum(1 for x in s if x < r["comfortable"] - 1e-9)
        lines.append(f"{r['layout']:22s} {s[0] if s else float('nan'):8.2f} {_pct(s, 0.1):6.2f} "
                     f"{statistics.median(s) if s else float('nan'):6.2f} {below:6d} {_pct(e, 0.5):9.1%} "
                     f"{_pct(e, 0.9):5.1%} {statistics.median(p) if p else 0.0:12.1%} "
                     f"{p[0] if p else 0.0:5.1%} {r['failed']:6d}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=873)
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    args = parser.parse_args()
    if not (CORPUS / "dist" / "exercises.json").is_file():
        sys.exit(f"the corpus is not at {CORPUS}")
    with tempfile.TemporaryDirectory() as tmp:
        exercises = imported(Path(tmp))[:args.count]
        rows = [figures(exercises, name) for name in args.layouts.split(",")]
    print(report(rows, len(exercises)))


if __name__ == "__main__":
    main()
