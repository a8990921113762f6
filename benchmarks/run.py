"""cardmaker's performance benchmark: cardmaker against a hand-written reportlab baseline.

Each case renders the same generated content (``make_inputs``: N copies of the nine samples)
twice in the same run, once with cardmaker and once with ``baseline_platypus.py``, the plain
Platypus script a user would otherwise write, and prints both with their ratio, so a number is
always read against what the machine can do that day. Both sides run as fresh subprocesses of
the same Python, so interpreter and import start-up count equally. Memory is the peak resident
size of the whole process tree (parent plus pool workers; see ``procmon``). The ``typst`` and
``floor`` cases (``peer_cases``) set the same builds against Typst and against reportlab's raw
canvas. ``--inputs corpus`` (or ``--corpus`` for both sets) runs every case on free-exercise-db's
real exercises as well (``corpus_inputs``), one table per input set.

    .venv/bin/python benchmarks/run.py [--count 1000] [--jobs 2] [--cases cards,combine,typst,floor,shrink,booklet,sheets]
                                       [--inputs samples,corpus | --corpus]

This is a report, not a test: it exits 0 whatever the verdicts, and 1 only when a command
crashed (the failing command and its message are printed under the table).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (HERE, LAYOUT, MEMORY_GROWTH_LIMIT, SHRINK_SAMPLE, SOURCES, Row, Run,  # noqa: E402
                    baseline_cmd, cardmaker_build, cardmaker_cmd, cardmaker_combine, fmt_kb, fmt_mb, num,
                    pdf_sizes, stderr_pages, verdict)
from corpus_inputs import available as corpus_available, records as corpus_records  # noqa: E402
from procmon import Measured  # noqa: E402
from peer_cases import case_floor, case_typst  # noqa: E402
from sheet_case import case_sheets  # noqa: E402


def machine() -> str:
    """Cores, CPU, memory and versions: a timing means nothing without them."""
    import reportlab

    try:
        import cardmaker
        cm_version = cardmaker.__version__
    except ImportError:
        cm_version = "not importable"
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    try:
        import _rl_accel  # noqa: F401  (ReportLab's C speed-ups, package rl_accel)
        accel = "yes"
    except ImportError:
        accel = "no"
    return (f"machine: {len(os.sched_getaffinity(0))} usable cores ({os.cpu_count()} total), {cpu}, {mem} MB RAM, "
            f"{platform.system()} {platform.release()}\n"
            f"python {platform.python_version()} ({sys.executable}), reportlab {reportlab.Version} "
            f"(rl_accel {accel}), cardmaker {cm_version} at {revision()}\n{load_average()}")


def revision() -> str:
    """The commit measured, and whether cardmaker/ had uncommitted edits (numbers then belong
    to no commit)."""
    repo = HERE.parent
    git = ["git", "-C", str(repo)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "cardmaker", "layouts"], capture_output=True,
                           text=True).stdout.strip()
    return f"commit {head or '?'}" + (" + uncommitted edits" if dirty else "")


def load_average() -> str:
    """Other work on the machine skews every timing: printed before and after the run."""
    one, five, _ = os.getloadavg()
    return f"load average: {one:.2f} (1 min), {five:.2f} (5 min)"


def warm_up(run: Run) -> None:
    """One small untimed run of each side, so neither pays for cold disk caches or .pyc files.
    cardmaker's modules are compiled first, as a pip install does: with PYTHONDONTWRITEBYTECODE
    set (this machine sets it) an editable install would compile them again in every command."""
    import compileall

    import cardmaker

    compileall.compile_dir(str(Path(cardmaker.__file__).parent), quiet=1)
    src, _ = run.input_dir(9)
    subprocess.run([*cardmaker_cmd(), "build", str(src), "-o", str(run.work / "warm-cm"), "-l", LAYOUT,
                    "--jobs", str(run.jobs), "-q", "--force"], capture_output=True)
    subprocess.run(baseline_cmd("cards", src, run.work / "warm-bl"), capture_output=True)



def case_cards(run: Run) -> Measured:
    """N wall cards, one PDF each: cardmaker --jobs N (shrink-to-fit) against the baseline in
    one process at a fixed 14 pt. Target: faster than the baseline, and under 4 s."""
    cm, cm_out, made = cardmaker_build(run, run.count)
    bl_out = run.work / f"bl-cards-{run.count}"
    bl = run.measure(baseline_cmd("cards", run.input_dir(run.count)[0], bl_out))
    built = len(list(cm_out.glob("*.pdf"))) if cm_out.exists() else 0
    row = Row(f"cards x{run.count}", cm.seconds, bl.seconds, cm.peak_mb, bl.peak_mb, "ratio<1.0 and <4 s",
              detail=f"cardmaker {built} PDFs, --jobs {run.jobs}; baseline {stderr_pages(bl)} pages, 1 process")
    row.verdict = verdict(**{"exit status": cm.ok, "all built": built == run.count,
                             "ratio": row.ratio is not None and row.ratio < 1.0, "4 s": cm.seconds < 4})
    run.rows.append(row)
    text_cm, text_bl = pdf_sizes(cm_out, made, False), pdf_sizes(bl_out, made, False)
    run.sizes.append(("wall card, text only: avg / max KB", fmt_kb(text_cm), fmt_kb(text_bl), "max < 40 KB",
                      verdict(**{"40 KB": bool(text_cm) and max(text_cm) < 40 * 1024})))
    run.sizes.append(("wall card, with picture: avg / max KB", fmt_kb(pdf_sizes(cm_out, made, True)),
                      fmt_kb(pdf_sizes(bl_out, made, True)), "-", ""))
    return cm


def case_memory_growth(run: Run, full: Measured) -> None:
    """Build's peak memory at N/4 against N: a pool streaming its results to disk should hold
    about the same whatever the batch size; growth with N means results pile up somewhere."""
    small_count = max(run.count // 4, 1)
    small, _, _ = cardmaker_build(run, small_count)
    growth = full.peak_mb / small.peak_mb if small.peak_mb else float("nan")
    run.rows.append(Row(f"cards x{small_count} (memory)", small.seconds, None, small.peak_mb, None,
                        f"peak x{run.count} <= {MEMORY_GROWTH_LIMIT}x peak x{small_count}",
                        verdict(**{"exit status": small.ok and full.ok, "growth": growth <= MEMORY_GROWTH_LIMIT}),
                        f"peak x{run.count} / x{small_count} = {full.peak_mb:.0f} / {small.peak_mb:.0f} MB "
                        f"= {growth:.2f}"))


def case_combine(run: Run) -> None:
    """All cards in one PDF: ``build --combine`` (sizes fitted in the pool, one drawing
    stream) against the baseline's single SimpleDocTemplate with a PageBreak between cards."""
    src, _ = run.input_dir(run.count)
    cm, cm_pdf = cardmaker_combine(run)
    bl_pdf = run.work / "bl-combined.pdf"
    bl = run.measure(baseline_cmd("combine", src, bl_pdf))
    row = Row(f"combine x{run.count}", cm.seconds, bl.seconds, cm.peak_mb, bl.peak_mb, "ratio<1.0 and <4 s",
              detail=f"baseline {stderr_pages(bl)} pages")
    row.verdict = verdict(**{"exit status": cm.ok and cm_pdf.exists(),
                             "ratio": row.ratio is not None and row.ratio < 1.0, "4 s": cm.seconds < 4})
    run.rows.append(row)
    run.sizes.append((f"combined PDF of {run.count} cards: MB", fmt_mb(cm_pdf), fmt_mb(bl_pdf), "-", ""))



def case_shrink(run: Run) -> None:
    """What shrink-to-fit costs over one render: for each of ~200 cards (in this process,
    after a warm-up), ``render_card`` (fit, then render) against the same card's pages set at
    the size the fit chose and replayed (``pages_at``, ``render_pdf``): a fixed-size render of
    the very same card. Target: at most 1.5x."""
    from cardmaker.errors import CardmakerError
    from cardmaker.load.exercise import load_exercises
    from cardmaker.load.layout import load_layout
    from cardmaker.render.card import fit_size, pages_at, render_card
    from cardmaker.render.replay import render_pdf
    from cardmaker.style.fonts import font_set

    src, _ = run.input_dir(run.count)
    layout = load_layout(LAYOUT)
    exercises = [ex for f in sorted(src.glob("*.yaml"))[:SHRINK_SAMPLE] for ex in load_exercises(f)]
    face = font_set(layout.fonts).regular

    def build_pages(ex, size: float) -> bytes:
        return render_pdf(pages_at(ex, layout, size), ex.name, face)

    for ex in exercises[:9]:  # one of each sample: fonts registered, pictures cached, code warm
        render_card(ex, layout)
        build_pages(ex, fit_size(ex, layout))
    fitted, fixed, differ, skipped = [], [], 0, []
    for ex in exercises:
        try:
            size = fit_size(ex, layout)  # untimed: only to know which size to render at
        except CardmakerError as exc:  # rejected by cardmaker (a corpus card too long): said below
            skipped.append(ex.id)
            run.rejected.append(f"shrink: {ex.id}: {exc}")
            continue
        t0 = time.perf_counter()
        pdf_fit = render_card(ex, layout)
        t1 = time.perf_counter()
        pdf_fixed = build_pages(ex, size)
        t2 = time.perf_counter()
        fitted.append(t1 - t0)
        fixed.append(t2 - t1)
        differ += pdf_fit != pdf_fixed  # both are the same card: the bytes should match
    ratios = sorted(a / b for a, b in zip(fitted, fixed))
    p50, p90 = ratios[len(ratios) // 2], ratios[min(len(ratios) - 1, int(len(ratios) * 0.9))]
    row = Row(f"shrink x{len(fitted)} (in-process)", sum(fitted), sum(fixed), None, None, "ratio<=1.5",
              detail=f"baseline = fixed-size render at the fitted size; per card: {1000 * sum(fitted) / len(fitted):.1f}"
                     f" vs {1000 * sum(fixed) / len(fixed):.1f} ms, ratio p50 {p50:.2f}, p90 {p90:.2f}"
                     + (f"; {differ} of {len(exercises)} render_card PDFs differ from the fixed render at "
                        f"fit_size (fit_size chose another size)" if differ else "; same bytes")
                     + (f"; {len(skipped)} rejected" if skipped else ""))
    row.verdict = verdict(ratio=row.ratio is not None and row.ratio <= 1.5)
    run.rows.append(row)


def booklet_available() -> bool:
    """Whether this cardmaker has a ``booklet`` command yet."""
    return subprocess.run([*cardmaker_cmd(), "booklet", "--help"], capture_output=True).returncode == 0


BOOKLET_RATIO, BOOKLET_MB, BOOKLET_GROWTH = 0.12, 150, 1.2  # the engine issue's booklet targets


def case_booklet(run: Run) -> None:
    """One booklet of every exercise with a table of contents: ``cardmaker booklet`` against
    the baseline's multiBuild + TableOfContents, in the same run. Targets (the engine issue): at
    most 0.12 of the baseline's time, peak under 150 MB, and that peak at most 1.2x the peak for
    a quarter of the exercises; and (the issue's "a 1,000-page booklet under 6 MB") under 6 MB
    per 1,000 pages: 1,000 exercises make about 2,600 pages. The baseline always runs, so the
    comparison is ready when the command lands."""
    src, _ = run.input_dir(run.count)
    cm_pdf, bl_pdf = run.work / "cm-booklet.pdf", run.work / "bl-booklet.pdf"
    bl = run.measure(baseline_cmd("booklet", src, bl_pdf))
    row = Row(f"booklet x{run.count}", None, bl.seconds, None, bl.peak_mb,
              f"ratio<={BOOKLET_RATIO} and <{BOOKLET_MB} MB",
              detail=f"baseline {stderr_pages(bl)} pages, TOC via multiBuild")
    if not booklet_available():
        row.verdict = "n/a"
        row.detail = "cardmaker: not implemented yet (booklet command missing); " + row.detail
        run.rows.append(row)
        run.sizes.append((f"booklet of {run.count}: MB", "-", fmt_mb(bl_pdf), "< 6 MB", "n/a"))
        return
    cm = run.measure([*cardmaker_cmd(), "booklet", str(src), "-o", str(cm_pdf)])
    row.cm_s, row.cm_mb = cm.seconds, cm.peak_mb
    row.verdict = verdict(**{"exit status": cm.ok and cm_pdf.exists(),
                             "ratio": row.ratio is not None and row.ratio <= BOOKLET_RATIO,
                             f"{BOOKLET_MB} MB": cm.peak_mb < BOOKLET_MB})
    run.rows.append(row)
    _booklet_growth(run, cm)
    run.sizes.append((f"booklet of {run.count}: MB", fmt_mb(cm_pdf), fmt_mb(bl_pdf), "-", "-"))
    cm_pages, bl_pages = pdf_pages(cm_pdf), pdf_pages(bl_pdf)
    per = lambda path, pages: path.stat().st_size / 2**20 * 1000 / pages if pages else None  # noqa: E731
    cm_per, bl_per = per(cm_pdf, cm_pages), per(bl_pdf, bl_pages)
    run.sizes.append((f"booklet: MB per 1,000 pages ({cm_pages} / {bl_pages} pages)", num(cm_per, 2), num(bl_per, 2),
                      "< 6 MB", verdict(**{"6 MB": cm_per is not None and cm_per < 6})))


def _booklet_growth(run: Run, full: Measured) -> None:
    """The booklet's peak memory at N/4 exercises against N: pages are compressed and handed on
    as they are finished, so what grows is only what a PDF must hold until it is written."""
    small_count = max(run.count // 4, 1)
    src, _ = run.input_dir(small_count)
    small = run.measure([*cardmaker_cmd(), "booklet", str(src), "-o", str(run.work / "cm-booklet-small.pdf")])
    growth = full.peak_mb / small.peak_mb if small.peak_mb else float("nan")
    run.rows.append(Row(f"booklet x{small_count} (memory)", small.seconds, None, small.peak_mb, None,
                        f"peak x{run.count} <= {BOOKLET_GROWTH}x peak x{small_count}",
                        verdict(**{"exit status": small.ok and full.ok, "growth": growth <= BOOKLET_GROWTH}),
                        f"peak x{run.count} / x{small_count} = {full.peak_mb:.0f} / {small.peak_mb:.0f} MB "
                        f"= {growth:.2f}"))


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages) if path.exists() else 0


def case_cards_and_memory(run: Run) -> None:
    case_memory_growth(run, case_cards(run))


CASES = {"cards": case_cards_and_memory, "combine": case_combine, "typst": case_typst, "floor": case_floor,
         "shrink": case_shrink, "booklet": case_booklet, "sheets": case_sheets}


def table(header: list[str], lines: list[list[str]]) -> str:
    """A plain left-aligned text table."""
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
    out = [header, ["-" * w for w in widths], *lines]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in out)

def report(run: Run) -> str:
    """The results table, the output sizes, the exercises cardmaker rejected, and any failure in
    full. "other" is the case's other side: the Platypus baseline, Typst, or the raw-canvas floor."""
    head = ["case", "cardmaker s", "other s", "ratio", "cardmaker peak MB", "other peak MB", "target",
            "result", "detail"]
    lines = [[r.case, num(r.cm_s, 2), num(r.bl_s, 2), num(r.ratio, 2), num(r.cm_mb, 0), num(r.bl_mb, 0),
              r.target, r.verdict, r.detail] for r in run.rows]
    text = "\n".join(run.notes + [""]) + table(head, lines)
    if run.sizes:
        text += "\n\n" + table(["output size", "cardmaker", "other", "target", "result"],
                               [list(s) for s in run.sizes])
    text += ("\n\npeak MB: largest sum of RSS over the process and its descendants, polled every 20 ms "
             "(pages shared after fork count once per process; the Typst row also gives the proportional "
             "set sizes, PSS, which split each shared page among the processes sharing it)")
    for rejected in run.rejected:
        text += f"\n\nREJECTED by cardmaker (exit status 1, the rest built): {rejected}"
    for failure in run.failures:
        text += f"\n\nFAILED: {failure}"
    return text


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="exercises per case (default 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="cardmaker worker processes (default 2)")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated, from: " + ",".join(CASES))
    parser.add_argument("--inputs", default="samples",
                        help="comma-separated input sets, each with its own table: 'samples' (the nine "
                             "samples cycled to --count) and/or 'corpus' (free-exercise-db's real exercises, "
                             "at most --count of them: all 873 by default)")
    parser.add_argument("--corpus", action="store_true", help="the same as --inputs samples,corpus")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (inputs, PDFs) and print it")
    args = parser.parse_args()
    args.cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    args.inputs = ["samples", "corpus"] if args.corpus else [i.strip() for i in args.inputs.split(",") if i.strip()]
    if any(i not in SOURCES for i in args.inputs):
        parser.error(f"--inputs takes {' and/or '.join(SOURCES)}")
    if "corpus" in args.inputs and not corpus_available():
        parser.error("the corpus is missing: /work/shared/corpus/free-exercise-db/dist/exercises.json")
    return args


def main() -> None:
    args = parse_args()
    print(machine())
    print(f"count {args.count}, --jobs {args.jobs}, layout {LAYOUT}, cases {','.join(args.cases)}, "
          f"inputs {','.join(args.inputs)}", flush=True)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="cardmaker-bench-"))
    failed = False
    try:
        for source in args.inputs:
            count = min(args.count, len(corpus_records())) if source == "corpus" else args.count
            run = Run(count, args.jobs, work / source, source)
            warm_up(run)
            for case in args.cases:
                try:
                    CASES[case](run)
                except Exception as exc:  # one broken case still leaves the others' numbers
                    run.failures.append(f"case '{case}' raised {exc!r}:\n{traceback.format_exc(limit=-3)}")
            print(f"\n== inputs: {source}, {count} exercises ==\n{report(run)}", flush=True)
            failed = failed or bool(run.failures)
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nwhole benchmark: {time.perf_counter() - started:.1f} s; {load_average()}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
