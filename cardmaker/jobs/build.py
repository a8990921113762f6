"""A build: exercises → one PDF per card in a folder, one card as one file, or all cards in one
PDF (to a file or returned), optionally n-up on printer's sheets.

``prepare_build`` checks the job before anything is read (the layout, the options together, that
the cards fit the sheets); ``run_build`` runs it: the exercises read (or streamed: loaded while
the cards are made), chosen (``only``, ``tags``, a program), laid out in worker processes and
written, each outcome passed to a callback and kept in the ``JobResult``.
"""

from __future__ import annotations

import os

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cardmaker.batch.outcome import BuildOptions, Report
from cardmaker.errors import CardmakerError
from cardmaker.load.program import program_file
from cardmaker.jobs.common import (NO_EXERCISE_FILES, Collector, JobResult, OptionError, Started, about_theme,
                                   given, layout_inputs, located, print_settings, read_inputs, resolve_layout, selected)
from cardmaker.model import Exercise, Layout
from cardmaker.model.layout import PrintSettings

MAX_SHEET_CARDS = 20_000  # cards placed on sheets in one run: a print run, not a runaway


@dataclass(frozen=True)
class BuildJob:
    """What to build. ``output``: a folder (one ``<id>.pdf`` per card; cards whose inputs have
    not changed since the last build there are skipped unless ``force``), a name ending in
    ``.pdf`` (the one exercise's card), or with ``combine`` the one PDF of all cards (None: the
    PDF comes back in the result). ``printing``: print options over the layout's ``print:``
    (``sheet`` "A4"/"Letter"/"A3" puts combined cards ``n_up`` to a sheet, ``crop_marks``,
    ``duplex``, ``back_offset`` (x, y) in mm, ``manual_duplex``); ``copies``: of each card on
    the sheets (one number, or one per card). The exercises come from ``paths`` (files or
    folders), or as ``exercises`` already read."""

    paths: Sequence[str | Path] | str | Path = ()
    output: str | Path | None = None
    combine: bool = False
    layout: str | Path | Mapping | Layout = "card-a4"
    printing: Mapping[str, object] = field(default_factory=dict)
    copies: int | Sequence[int] = 1
    program: str | Path | Mapping | None = None  # only its exercises, in its order, with its doses (and qty copies)
    only: str | Sequence[str] = ""  # exercise ids
    tags: Sequence[str] = ()  # exercises with any of these tags
    exercises: Sequence[Exercise] | None = None
    force: bool = False
    fail_fast: bool = False
    jobs: int | None = None  # worker processes (None: one per CPU; 1: all in this process)
    allow_outside: bool = False  # pictures may lie outside the folders given


@dataclass(frozen=True)
class BuildPlan:
    """A checked job: its layout, where the cards go, and what ``n_up: auto`` chose."""

    job: BuildJob
    layout: Layout
    paths: tuple[Path, ...]
    folder: Path | None  # one PDF per card here
    file: Path | None  # the one PDF (None with ``combine``: returned)
    printing: PrintSettings | None  # when the cards go on sheets
    single: bool  # ``output`` names the one exercise's PDF
    options: BuildOptions
    sheets: str | None = None  # '4 cards per A4 sheet (2 x 2, landscape), with crop marks'


def prepare_build(job: BuildJob) -> BuildPlan:
    """The job checked before anything is read: ``OptionError`` for options that do not go
    together, a located ``CardmakerError`` for a layout that cannot be used."""
    from cardmaker.pool import default_jobs

    output = Path(job.output) if job.output is not None else None
    program_file(job.program)  # a path or a mapping, before anything is read
    _check_copies(job.copies)
    if output is None and not job.combine:
        raise OptionError("give an output folder (or FILE.pdf for one card), or combine the cards in one PDF",
                          options=("output",), needs="output")
    if job.printing.get("sheet") not in (None, "none") and not job.combine:
        raise OptionError("sheet places cards on sheets of one PDF: combine them", options=("sheet",),
                          needs="one file")
    layout = resolve_layout(job.layout)
    printing = print_settings(layout, job.printing)
    on_sheets = job.combine and printing.sheet not in (None, "none")
    asked = (("copies",) if job.copies != 1 else ()) + tuple(
        k for k, v in job.printing.items() if k != "sheet" and v is not None)
    if not on_sheets and asked:
        raise OptionError(f"{', '.join(asked)} place cards on sheets: give a sheet (A4, Letter or A3) and "
                          f"combine the cards", options=asked, needs="sheet")
    sheets = _check_sheets(layout, printing) if on_sheets else None
    if on_sheets and layout.max_pages > 1:  # a sheet's cells hold one page a card side: none goes on over more
        layout = replace(layout, max_pages=1)
    single = not job.combine and output.suffix.lower() == ".pdf" and not output.is_dir()
    paths = (job.paths,) if isinstance(job.paths, (str, Path)) else tuple(job.paths)
    return BuildPlan(job, layout, tuple(map(Path, paths)), None if job.combine or single else output,
                     output if job.combine or single else None, printing if on_sheets else None, single,
                     BuildOptions(jobs=job.jobs or default_jobs(), force=job.force or on_sheets,
                                  fail_fast=job.fail_fast), sheets)


def run_build(job: BuildJob | BuildPlan, progress: Report | None = None, started: Started | None = None) -> JobResult:
    """Run the build: each outcome (a card written, up to date, failed; a warning) goes to
    ``progress`` as it happens and into the result; ``started`` is told how many cards (or
    files, when they are read as the cards are made). A problem that stops the whole build
    (an output that would replace an input, no exercise found) raises."""
    plan = job if isinstance(job, BuildPlan) else prepare_build(job)
    result = JobResult()
    report = Collector(result, progress)
    about_theme(plan.layout, report)
    created = plan.folder is not None and not os.path.lexists(plan.folder)
    _prepare_output(plan)
    try:
        if _streams(plan):
            result.pdf = _build_streaming(plan, report, started)
        else:
            result.pdf = _build(plan, report, started)
    finally:
        if created and not result.written and not result.skipped:
            _remove_if_empty(plan.folder)
    return result


def _remove_if_empty(folder: Path) -> None:
    """A folder this build created and wrote no card into (every card failed, or none was
    found) is removed, with the build record it may hold: nothing of the run is left behind."""
    from cardmaker.output import LOCK_NAME, RECORD_NAME

    try:
        for name in (RECORD_NAME, LOCK_NAME):
            (folder / name).unlink(missing_ok=True)
        folder.rmdir()  # only when empty: anything else in it stays
    except OSError:
        pass


def _build(plan: BuildPlan, report: Collector, started: Started | None) -> bytes | None:
    """The build with every exercise read (and chosen) first; the PDF when it has no file."""
    from cardmaker.batch import build_cards, build_combined

    exercises, quantities = _chosen(plan, report)
    if exercises is None:
        return None
    copies = _copies(plan, exercises, quantities)
    if started is not None:
        started(len(exercises))
    _left_out(plan.layout, exercises, report)
    if plan.folder is not None:
        build_cards(exercises, plan.layout, plan.folder, report, plan.options)
        return None
    pdf = build_combined(exercises, plan.layout, plan.file, report, plan.options, _sheets(plan, copies))
    if pdf is None or plan.printing is None:
        return pdf
    if quantities and report.result.failed:  # the quantities would pair with the wrong cards
        raise CardmakerError("not printing sheets: some cards of the program failed (above)",
                             file=program_file(plan.job.program), hint="fix them, then build again")
    if plan.file is None:
        return pdf
    _write(plan.file, pdf)
    return None


def _chosen(plan: BuildPlan, report: Collector) -> tuple[list[Exercise] | None, list[int] | None]:
    """The exercises to build, and the program's quantities; (None, None) when ``fail_fast``
    met a file that failed."""
    from cardmaker.load.program import printing_plan
    from cardmaker.output import output_path

    job = plan.job
    if job.exercises is not None:
        exercises, inputs = given(job.exercises, report), layout_inputs(plan.layout, program_file(job.program))
    else:
        exercises, inputs = read_inputs(plan.paths, report, plan.layout, program_file(job.program), job.allow_outside)
    outputs = [output_path(plan.folder, ex.id, ".pdf") for ex in exercises] if plan.folder else [plan.file]
    for output in filter(None, outputs):
        inputs.check(output)
    failed = report.result.failed
    if not exercises and not failed:
        if job.exercises is not None:
            raise CardmakerError("no exercises given")
        raise CardmakerError(NO_EXERCISE_FILES, file=", ".join(map(str, plan.paths)))
    if failed and job.fail_fast:
        return None, None
    exercises, quantities = selected(exercises, job.only, job.tags), None
    if job.program:
        exercises, quantities = printing_plan(job.program, exercises, plan.layout.fonts, failed)
    if plan.single and len(exercises) > 1:  # none: each file's problem is said already
        chosen = " chosen" if job.only or job.tags or job.program else " found"
        raise CardmakerError(f"-o {plan.file} names one PDF, but {len(exercises)} exercises were{chosen}",
                             hint=f"give a folder with -o DIR for a PDF each, or put them in one PDF with "
                                  f"--combine {plan.file}")
    return exercises, quantities


def _check_copies(copies) -> None:
    """``copies``: a whole number from 1 (or one such number a card), as ``--copies`` takes it."""
    numbers = [copies] if not isinstance(copies, Sequence) or isinstance(copies, str) else list(copies)
    if not numbers or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in numbers):
        raise OptionError(f"expected a whole number from 1 (or one a card), got {copies!r}",
                          field="copies", options=("copies",))


def _copies(plan: BuildPlan, exercises: list[Exercise], quantities: list[int] | None) -> int | list[int]:
    """How many of each card go on the sheets; an error for more than a print run."""
    copies = plan.job.copies
    if plan.printing is None:
        return copies
    if quantities:
        if not isinstance(copies, int):
            raise OptionError("copies: one number with a program (its qty gives each card's)", options=("copies",))
        copies = [q * copies for q in quantities]
    _check_total(sum(copies) if not isinstance(copies, int) else len(exercises) * copies, plan.job.program)
    return copies


def _check_total(total: int, program, so_far: bool = False) -> None:
    """An error for more cards on sheets than a print run (``so_far``: counted as they come,
    the run stopped as soon as they pass it)."""
    if total > MAX_SHEET_CARDS:
        count = f"{total:,} cards or more" if so_far else f"{total:,} cards"
        raise CardmakerError(f"{count} on sheets (quantities x --copies) is more than {MAX_SHEET_CARDS:,}",
                             file=program_file(program), hint="lower --copies or the program's qty")


def _prepare_output(plan: BuildPlan) -> None:
    """Before anything is read: the output file or folder can be written."""
    from cardmaker.output import prepare_output_dir
    from cardmaker.output_guard import prepare_output_file

    if plan.file is not None:
        prepare_output_file(plan.file)
    elif plan.folder is not None:
        prepare_output_dir(plan.folder)


def _streams(plan: BuildPlan) -> bool:
    """Whether the cards can be made while the files are still being read: every exercise
    found, one PDF each (``batch.stream_cards``), or in one combined PDF (``batch.stream``) that
    cannot be up to date or goes on sheets (never recorded: always made) with one number of
    copies of each card."""
    from cardmaker.batch.stream import could_stream

    job = plan.job
    if job.exercises is not None or plan.single or job.program or job.only or job.tags:
        return False
    if plan.printing is not None:
        return isinstance(job.copies, int)
    return plan.folder is not None or could_stream(plan.file, plan.options.force)


def _build_streaming(plan: BuildPlan, report: Collector, started: Started | None) -> bytes | None:
    """The build for every exercise found, loading overlapped with rendering."""
    from cardmaker.batch.stream import stream_combined
    from cardmaker.batch.stream_cards import stream_cards

    layout, job, pdf = plan.layout, plan.job, None
    if plan.folder is not None:
        found = stream_cards(plan.paths, layout, plan.folder, report, layout_inputs(layout), plan.options,
                             (layout.source,), job.allow_outside, started)
    else:
        found, pdf = stream_combined(plan.paths, layout, plan.file, report, layout_inputs(layout), plan.options,
                                     _sheets(plan, job.copies), not_exercises=(layout.source,),
                                     allow_outside=job.allow_outside, start=started)
    if not found and not report.result.failed:
        raise CardmakerError(NO_EXERCISE_FILES, file=", ".join(map(str, plan.paths)))
    if pdf and plan.printing is not None:
        _check_total(found * job.copies, job.program)
    if pdf is not None and plan.file is not None:
        _write(plan.file, pdf)
        return None
    return pdf


def _sheets(plan: BuildPlan, copies: int | list[int]):
    """What puts the combined file's cards on the printer's sheets the plan asks for (each card
    ``copies`` times), as they are written; None without sheets."""
    if plan.printing is None:
        return None
    from cardmaker.press.sheets import CardSheets, sheet_plan

    placing = sheet_plan(plan.layout, plan.printing)
    program = plan.job.program
    return lambda doc: CardSheets(doc, placing, copies, most=lambda prints: _check_total(prints, program, so_far=True))


def _check_sheets(layout: Layout, printing: PrintSettings) -> str | None:
    """Before anything is rendered: the cards can go on these sheets at all; for ``n_up`` auto,
    what it chose."""
    from cardmaker.press.sheets import describe, sheet_grid

    if layout.fit_mode == "continue":
        raise CardmakerError(f"layout '{layout.name}' flows onto further pages, so its cards cannot go on sheets",
                             hint="use a card layout that shrinks to fit, e.g. card-a4 or index-card-3x5")
    try:
        chosen = sheet_grid(layout, printing)
    except CardmakerError as exc:
        raise located(exc, printing, "sheet" if printing.origin("sheet") else "n_up") from None
    if printing.n_up != "auto":
        return None
    return describe(chosen, printing.sheet, printing.crop_marks or "all")


def _write(file: Path, pdf: bytes) -> None:
    from cardmaker.output import cannot_write, write_atomic

    try:
        write_atomic(file, pdf)
    except OSError as exc:
        raise cannot_write(exc, file) from None


def _left_out(layout: Layout, exercises: list[Exercise], report: Report) -> None:
    """One warning a run naming what the layout leaves out of these cards (its section limits):
    the streamed builds' tally (``batch.outcome.LeftOut``), given every card at once."""
    from cardmaker.batch.outcome import LeftOut
    from cardmaker.model.omitted import cut

    tally = LeftOut(layout)
    for ex in exercises:
        tally.add(cut(layout, ex))
    tally.report(report)