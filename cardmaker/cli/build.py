"""`cardmaker build`: exercise files → one PDF card each, one combined PDF, or cards n-up on sheets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from cardmaker.cli.common import (fail, file_path, finish, jobs_option, layout_option, main, outside_option, quiet_option,
                                  read_inputs, refuse_terminal_stdout, select_options, stopped, write_output)
from cardmaker.cli.printing import flags, given, located, print_options, settings
from cardmaker.errors import CardmakerError
from cardmaker.progress import Progress


MAX_SHEET_CARDS = 20_000  # cards placed on sheets in one run: a print run, not a runaway


@dataclass(frozen=True)
class _Target:
    """Where the cards go: a folder, one file, or stdout; and whether onto sheets."""

    folder: Path | None
    file: Path | None
    to_stdout: bool
    printing: object = None  # PrintSettings when the cards go on sheets
    single: bool = False  # `-o card.pdf`: the one exercise given, as this file


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="DIR|FILE.pdf|-",
              help="Folder for the PDFs (created if missing), one <id>.pdf per card; a name ending in .pdf "
                   "for a single exercise's card; '-' writes one PDF of all cards to stdout.")
@click.option("--combine", type=click.Path(), callback=file_path("cards", ".pdf"), metavar="FILE.pdf",
              help="Put all cards in this one PDF (with a bookmark per card) instead of a folder.")
@layout_option
@jobs_option
@print_options("sheet", "n_up", "crop_marks", "duplex", "back_offset", "manual_duplex")
@click.option("--copies", type=click.IntRange(1, 1000), default=1, show_default=True, help="Each card this many times on the sheets.")
@click.option("--program", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Only the program's exercises, in its order, with its prescriptions; on sheets, each "
                   "entry's qty copies.")
@click.option("--force", is_flag=True, help="Rebuild cards whose inputs have not changed since the last build.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first exercise that fails.")
@select_options
@outside_option
@quiet_option
def build(paths: tuple[Path, ...], output: Path | None, combine: Path | None, layout: str, jobs: int | None,
          copies: int, program: Path | None, force: bool, fail_fast: bool, quiet: bool, only: str,
          tags: tuple[str, ...], allow_outside: bool, **press) -> None:
    """Render exercise files (YAML/JSON/CSV, or folders of them) to one PDF card each.

    Cards whose inputs (exercise, picture, layout, fonts, cardmaker version) are unchanged since
    the last build into the same folder are skipped. Ctrl-C stops cleanly (exit 130): every PDF
    left behind is complete. Print options not given here come from the layout's `print:`."""
    from cardmaker.batch import BuildOptions
    from cardmaker.load.layout import load_layout
    from cardmaker.pool import default_jobs

    if (output is None) == (combine is None):
        raise click.UsageError("give a folder with -o DIR, or one file with --combine FILE.pdf (-o - for stdout)")
    to_stdout = "-" in (str(output), str(combine))
    if to_stdout:
        refuse_terminal_stdout()
    one_file = combine is not None or to_stdout
    options = given(press)
    if options.get("sheet", "none") != "none" and not one_file:
        raise click.UsageError("--sheet places cards on sheets of one PDF: use it with --combine FILE.pdf or -o -")
    try:
        resolved = load_layout(layout)
    except CardmakerError as exc:
        fail(exc)
    printing = settings(resolved.printing, options)
    on_sheets = one_file and printing.sheet not in (None, "none")
    sheet_only = {k: v for k, v in options.items() if k != "sheet"}
    if not on_sheets and (copies > 1 or sheet_only):
        asked = flags({**({"copies": copies} if copies > 1 else {}), **sheet_only})
        raise click.UsageError(f"{asked} place cards on sheets: add --sheet A4|Letter|A3 (and --combine FILE.pdf)")
    if on_sheets:
        _check_sheets(resolved, printing, quiet)
    single = not one_file and output.suffix.lower() == ".pdf" and not output.is_dir()
    target = _Target(None if one_file or single else output, output if single else None if to_stdout else combine,
                     to_stdout, printing if on_sheets else None, single)
    run = BuildOptions(jobs=jobs or default_jobs(), force=force or on_sheets, fail_fast=fail_fast)
    progress = Progress("built", "cards", quiet)
    try:
        _build(paths, target, resolved, run, progress, (only, tags), program, copies, allow_outside)
    except KeyboardInterrupt as exc:
        progress.clear()
        stopped(exc, "every file written is complete; run again to build the rest")
    finish(progress)


def _build(paths, target: _Target, resolved, options, progress, chosen, program, copies: int,
           allow_outside: bool) -> None:
    from cardmaker.batch import build_cards, build_combined, select_exercises
    from cardmaker.load.program import printing_plan
    from cardmaker.output import output_path

    _prepare(target)
    if _streams(target, options, chosen, program):
        _build_streaming(paths, target, resolved, options, progress, allow_outside)
        return
    exercises, inputs = read_inputs(paths, progress, resolved, program, allow_outside)
    outputs = [output_path(target.folder, ex.id, ".pdf") for ex in exercises] if target.folder else [target.file]
    try:
        for output in filter(None, outputs):
            inputs.check(output)
    except CardmakerError as exc:
        fail(exc)
    if not exercises and not progress.failed:
        fail(CardmakerError("no exercise files found (.yaml, .yml, .json, .csv or .xlsx)", file=", ".join(map(str, paths))))
    if progress.failed and options.fail_fast:
        return
    quantities = None
    if target.single and len(exercises) > 1:  # none: each file's problem is said already
        fail(CardmakerError(f"-o {target.file} names one PDF, but {len(exercises)} exercises were found",
                            hint=f"give a folder with -o DIR for a PDF each, or put them in one PDF with "
                                 f"--combine {target.file}"))
    try:
        if exercises and (chosen[0] or chosen[1]):
            exercises = select_exercises(exercises, *chosen)
        if program:
            exercises, quantities = printing_plan(program, exercises, resolved.fonts, progress.failed)
    except CardmakerError as exc:
        fail(exc)
    if target.printing is not None:
        total = sum(quantities) * copies if quantities else len(exercises) * copies
        if total > MAX_SHEET_CARDS:
            fail(CardmakerError(f"{total:,} cards on sheets (quantities x --copies) is more than "
                                f"{MAX_SHEET_CARDS:,}", file=program, hint="lower --copies or the program's qty"))
    progress.start(len(exercises))
    _left_out(resolved, exercises, progress)
    if target.folder is not None:
        build_cards(exercises, resolved, target.folder, progress, options)
        return
    pdf = build_combined(exercises, resolved, target.file, progress, options, write=target.printing is None)
    if pdf is not None and target.printing is not None:
        if quantities and progress.failed:  # the quantities would pair with the wrong cards
            fail(CardmakerError("not printing sheets: some cards of the program failed (above)",
                                file=program, hint="fix them, then build again"))
        pdf = _on_sheets(pdf, resolved, target.printing, [q * copies for q in quantities] if quantities else copies)
    if pdf is not None:
        _write(target.file, pdf, target.to_stdout)


def _prepare(target: _Target) -> None:
    """Before anything is read: the output file or folder can be written."""
    from cardmaker.output import prepare_output_dir, prepare_output_file

    try:
        if target.file is not None:
            prepare_output_file(target.file)
        elif target.folder is not None:
            prepare_output_dir(target.folder)
    except CardmakerError as exc:
        fail(exc)


def _streams(target: _Target, options, chosen, program) -> bool:
    """Whether the cards can be made while the files are still being read: every exercise
    found, one PDF each (``batch.stream_cards``) or in one combined PDF not on sheets that cannot
    be up to date (``batch.stream``)."""
    from cardmaker.batch.stream import could_stream

    if target.single or target.printing is not None or program or chosen[0] or chosen[1]:
        return False
    return target.folder is not None or could_stream(target.file.parent if target.file else None, target.file,
                                                     options.force)


def _build_streaming(paths, target: _Target, resolved, options, progress, allow_outside: bool) -> None:
    """``_build`` for every exercise found, loading overlapped with rendering."""
    from cardmaker.batch.stream import stream_combined
    from cardmaker.batch.stream_cards import stream_cards
    from cardmaker.cli.common import layout_inputs

    pdf = None
    try:
        if target.folder is not None:
            found = stream_cards(paths, resolved, target.folder, progress, layout_inputs(resolved), options,
                                 (resolved.source,), allow_outside, progress.start)
        else:
            found, pdf = stream_combined(paths, resolved, target.file, progress, layout_inputs(resolved), options,
                                         not_exercises=(resolved.source,), allow_outside=allow_outside,
                                         start=progress.start)
    except CardmakerError as exc:
        fail(exc)
    if not found and not progress.failed:
        fail(CardmakerError("no exercise files found (.yaml, .yml, .json, .csv or .xlsx)", file=", ".join(map(str, paths))))
    if pdf is not None:
        _write(target.file, pdf, target.to_stdout)


def _check_sheets(resolved, printing, quiet: bool) -> None:
    """Before anything is rendered: the cards can go on these sheets at all (and, for --n-up
    auto, what it chose)."""
    from cardmaker.press.sheets import describe, sheet_grid

    if resolved.fit_mode == "continue":
        fail(CardmakerError(f"layout '{resolved.name}' flows onto further pages, so its cards cannot go on sheets",
                            hint="use a card layout that shrinks to fit, e.g. card-a4 or index-card-3x5"))
    try:
        chosen = sheet_grid(resolved, printing)
    except CardmakerError as exc:
        fail(located(exc, printing, "sheet" if printing.origin("sheet") else "n_up"))
    if printing.n_up == "auto" and not quiet:
        click.echo(f"sheets: {describe(chosen, printing.sheet, printing.crop_marks or 'all')}", err=True)


def _on_sheets(pdf: bytes, resolved, printing, copies) -> bytes:
    from cardmaker.press.sheets import cards_on_sheets

    try:
        return cards_on_sheets(pdf, resolved, printing, copies)
    except CardmakerError as exc:
        fail(exc)


def _write(file: Path | None, pdf: bytes, to_stdout: bool) -> None:
    try:
        write_output(file, pdf, to_stdout)
    except CardmakerError as exc:
        fail(exc)
    except OSError as exc:
        fail(CardmakerError(f"cannot write: {exc.strerror or exc}", file=file))


def _left_out(layout, exercises, progress) -> None:
    """One warning a run naming what the layout leaves out of these cards (its section limits)."""
    from cardmaker.batch import Outcome
    from cardmaker.errors import LayoutError
    from cardmaker.model.omitted import left_out

    sentence = left_out(layout, exercises)
    if sentence:
        progress(Outcome(None, warning=LayoutError(sentence, hint="remove 'limit' from the layout's sections "
                                                    "to print them all")))
