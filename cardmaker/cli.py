"""The ``cardmaker`` command. Thin: parses options, calls the library, prints outcomes.

Exit status: 0 all good, 1 a problem with the user's input (files, layouts, content),
2 a usage error (click's own). Heavy modules (reportlab) are imported inside the commands so
``--help`` answers at once.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import click

from cardmaker import __version__
from cardmaker.errors import CardmakerError
from cardmaker.model.booklet import GROUPINGS, SORTS
from cardmaker.progress import Progress

EXIT_INPUT = 1
EXIT_INTERRUPTED = 130  # the shell's convention for a run stopped by Ctrl-C (128 + SIGINT)


def finish(progress: Progress) -> None:
    click.echo(progress.summary(), err=True)
    if progress.failed:
        sys.exit(EXIT_INPUT)


def interruptible(command):
    """Ctrl-C ends the command with status 130 and one line, instead of click's 'Aborted!' (1)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            click.secho("interrupted: every file written is complete", fg="red", err=True)
            sys.exit(EXIT_INTERRUPTED)

    return run


def fail(error: CardmakerError) -> None:
    click.secho(f"error: {error}", fg="red", err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cardmaker")
def main() -> None:
    """Lay exercise files out as printable PDF cards."""


layout_option = click.option("-l", "--layout", default="card-a4", show_default=True, metavar="LAYOUT",
                             help="Built-in layout name (see `cardmaker layouts`) or path to a layout YAML file.")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")


def select_options(command):
    """--only and --tag: which of the exercises found to use."""
    command = click.option("--tag", "tags", multiple=True, metavar="TAG",
                           help="Only exercises with this tag (repeat for any of several).")(command)
    return click.option("--only", default="", metavar="ID,...", help="Only these exercise ids.")(command)


jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                           help="Worker processes (default: one per CPU). Output is the same for any N.")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="DIR|-",
              help="Folder for the PDFs (created if missing), one <id>.pdf per card; '-' writes one PDF "
                   "of all cards to stdout.")
@click.option("--combine", type=click.Path(path_type=Path), metavar="FILE.pdf",
              help="Put all cards in this one PDF (with a bookmark per card) instead of a folder.")
@layout_option
@jobs_option
@click.option("--sheet", type=click.Choice(["A4", "Letter", "A3"]), default=None,
              help="With --combine or -o -: place the cards several to a sheet of this size, with crop marks.")
@click.option("--n-up", "n_up", default="auto", show_default=True, metavar="auto|CxR",
              help="Cards per sheet: auto (as many as fit) or columns x rows, e.g. 2x2.")
@click.option("--crop-marks", type=click.Choice(["all", "outer", "none"]), default="all", show_default=True,
              help="Marks at every cut, or at the outer edges only.")
@click.option("--duplex", type=click.Choice(["long", "short"]), default="long", show_default=True,
              help="Two-sided cards: the edge the printer flips the sheet on; backs are placed to match.")
@click.option("--back-offset", default="0,0", metavar="X,Y", help="Move every back by X,Y mm (see `cardmaker calibrate`).")
@click.option("--manual-duplex", is_flag=True, help="All fronts first, then all backs in reverse order.")
@click.option("--copies", type=click.IntRange(1, 1000), default=1, show_default=True, help="Each card this many times on the sheets.")
@click.option("--program", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Only the program's exercises, in its order, with its prescriptions; on sheets, each "
                   "entry's qty copies.")
@click.option("--force", is_flag=True, help="Rebuild cards whose inputs have not changed since the last build.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first exercise that fails.")
@select_options
@quiet_option
def build(paths: tuple[Path, ...], output: Path | None, combine: Path | None, layout: str, jobs: int | None,
          force: bool, fail_fast: bool, quiet: bool, only: str, tags: tuple[str, ...], **press) -> None:
    """Render exercise files (YAML/JSON/CSV, or folders of them) to one PDF card each.

    Cards whose inputs (exercise, picture, layout, fonts, cardmaker version) are unchanged since
    the last build into the same folder are skipped. Ctrl-C stops cleanly (exit 130): every PDF
    left behind is complete."""
    from cardmaker.batch import BuildOptions
    from cardmaker.pool import default_jobs

    if (output is None) == (combine is None):
        raise click.UsageError("give a folder with -o DIR, or one file with --combine FILE.pdf (-o - for stdout)")
    to_stdout = "-" in (str(output), str(combine))
    if to_stdout and (sys.stdout is None or sys.stdout.isatty()):
        raise click.UsageError("-o - writes a PDF to stdout; redirect it to a file or a pipe")
    sheets = _sheet_plan(press) if press["sheet"] else None
    if not sheets and (press["copies"] > 1 or press["manual_duplex"] or press["n_up"] != "auto"):
        raise click.UsageError("--copies, --n-up and --manual-duplex place cards on sheets: add --sheet A4|Letter|A3")
    if sheets and combine is None and not to_stdout:
        raise click.UsageError("--sheet places cards on sheets of one PDF: use it with --combine FILE.pdf or -o -")
    options = BuildOptions(jobs=jobs or default_jobs(), force=force or bool(sheets), fail_fast=fail_fast)
    progress = Progress("built", "cards", quiet)
    try:
        _build(paths, output, combine, to_stdout, layout, options, progress, sheets, (only, tags), press["program"])
    except KeyboardInterrupt:
        progress.clear()
        click.secho("interrupted: every file written is complete; run again to build the rest", fg="red", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finish(progress)


def _sheet_plan(press: dict) -> dict:
    """The sheet options checked; the grid itself needs the layout's card size (``cards_on_sheets``)."""
    n_up = press["n_up"].lower()
    if n_up != "auto" and not re.fullmatch(r"[1-9]\d?x[1-9]\d?", n_up):
        raise click.BadParameter("expected auto or columns x rows, e.g. 2x2", param_hint="--n-up")
    try:
        dx, dy = (float(v) for v in press["back_offset"].split(","))
        if not (abs(dx) <= 20 and abs(dy) <= 20):  # also refuses nan
            raise ValueError
    except ValueError:
        raise click.BadParameter("expected X,Y in mm, each within ±20, e.g. 0.5,-1", param_hint="--back-offset") from None
    return {**press, "n_up": n_up, "back_offset": (dx * 72 / 25.4, dy * 72 / 25.4)}


def _build(paths, output, combine, to_stdout, layout, options, progress, sheets=None, chosen=("", ()),
           program=None) -> None:
    from cardmaker.batch import build_cards, build_combined, load_all, select_exercises
    from cardmaker.load.program import printing_plan
    from cardmaker.press.sheets import cards_on_sheets
    from cardmaker.load.layout import load_layout
    from cardmaker.output import prepare_output_dir, prepare_output_file, write_atomic

    try:
        resolved = load_layout(layout)
        if combine is not None and not to_stdout:
            prepare_output_file(combine)
        elif not to_stdout:
            prepare_output_dir(output)
    except CardmakerError as exc:
        fail(exc)
    exercises = load_all(paths, progress, resolved.fonts, resolved.source)
    if not exercises and not progress.failed:
        fail(CardmakerError("no exercise files found (.yaml, .yml, .json or .csv)", file=", ".join(map(str, paths))))
    if progress.failed and options.fail_fast:
        return
    quantities = None
    try:
        if exercises and (chosen[0] or chosen[1]):
            exercises = select_exercises(exercises, *chosen)
        if program:
            exercises, quantities = printing_plan(program, exercises, resolved.fonts)
    except CardmakerError as exc:
        fail(exc)
    progress.start(len(exercises))
    if combine is None and not to_stdout:
        build_cards(exercises, resolved, output, progress, options)
        return
    target = None if to_stdout else combine
    pdf = build_combined(exercises, resolved, target, progress, options, write=not sheets)
    if pdf is not None and sheets:
        if quantities and progress.failed:  # the quantities would pair with the wrong cards
            fail(CardmakerError("not printing sheets: some cards of the program failed (above)",
                                file=program, hint="fix them, then build again"))
        if resolved.fit_mode == "continue":
            fail(CardmakerError(f"layout '{resolved.name}' flows onto further pages, so its cards cannot go on sheets",
                                hint="use a card layout that shrinks to fit, e.g. card-a4 or index-card-3x5"))
        try:
            copies = [q * sheets["copies"] for q in quantities] if quantities else sheets["copies"]
            pdf = cards_on_sheets(pdf, resolved, sheets["sheet"], sheets["n_up"], sheets["crop_marks"],
                                  sheets["duplex"], sheets["back_offset"], sheets["manual_duplex"], copies)
            if not to_stdout:
                write_atomic(combine, pdf)
                return
        except CardmakerError as exc:
            fail(exc)
    if pdf is not None:
        sys.stdout.buffer.write(pdf)
        sys.stdout.flush()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar="SHEET.png",
              help="The contact sheet to write (PNG).")
@layout_option
@click.option("--columns", type=click.IntRange(1, 12), help="Cards per row (default: about the square root of the count).")
@click.option("--width", "width_px", type=click.IntRange(400, 20000), default=1600, show_default=True,
              help="Width of the sheet in pixels.")
@jobs_option
@quiet_option
def preview(paths: tuple[Path, ...], output: Path, layout: str, columns: int | None, width_px: int,
            jobs: int | None, quiet: bool) -> None:
    """Render the first page of every card into one PNG contact sheet, to check a batch at a
    glance. A card that fails shows as a red tile with its error; the exit status is then 1."""
    from cardmaker.batch import BuildOptions, render_for_preview
    from cardmaker.load.layout import load_layout
    from cardmaker.output import prepare_output_file, write_atomic
    from cardmaker.pool import default_jobs
    from cardmaker.preview import contact_sheet

    progress = Progress("rendered", "cards", quiet, lines=False)  # the sheet shows each card
    try:
        resolved = load_layout(layout)
        prepare_output_file(output)
        failed_files: list[tuple[str, str]] = []

        def report(outcome) -> None:
            if not outcome.ok and outcome.item is None and not outcome.also:  # an unreadable file gets a tile too
                failed_files.append((Path(outcome.source or "?").stem, str(outcome.error)))
            progress(outcome)

        exercises = _load(paths, report, resolved)
        progress.start(len(exercises))
        cards = render_for_preview(exercises, resolved, report, BuildOptions(jobs=jobs or default_jobs()))
        write_atomic(output, contact_sheet(cards + failed_files, width_px=width_px, columns=columns))
    except CardmakerError as exc:
        fail(exc)
    except OSError as exc:
        fail(CardmakerError(f"cannot write: {exc.strerror or exc}", file=output))
    except KeyboardInterrupt:
        click.secho("interrupted: no sheet written", fg="red", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(f"wrote {output}", err=True)
    finish(progress)


def _program(path: Path, exercises, layout, options):
    """The program, its exercises with their prescriptions, and the cover it fills in (what was
    given on the command line wins)."""
    from dataclasses import replace

    from cardmaker.load.program import apply, load_program

    known = {ex.id: ex for ex in exercises}
    plan = load_program(path, known, layout.fonts)
    ctx = click.get_current_context()
    given = {k for k in ("title", "author", "client", "date")
             if ctx.get_parameter_source(k) is not click.core.ParameterSource.DEFAULT}
    from_program = {"title": plan.title, "author": plan.coach, "client": plan.client, "date": plan.start}
    options = replace(options, group_by="none", **{k: v for k, v in from_program.items() if k not in given and v})
    return plan, apply(plan, known), options


def _load(paths, report, layout):
    from cardmaker.batch import load_all

    exercises = load_all(paths, report, layout.fonts, layout.source)
    if not exercises:
        raise CardmakerError("no exercise could be read", file=", ".join(map(str, paths)),
                             hint="give exercise files (.yaml, .yml, .json, .csv) or folders of them")
    return exercises


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar="FILE.pdf|-",
              help="The booklet to write ('-': stdout).")
@click.option("-l", "--layout", default="booklet-a5", show_default=True, metavar="LAYOUT",
              help="Layout of the exercise pages (page size, fonts, colours, sections).")
@click.option("--title", default="Exercise booklet", show_default=True, help="Title on the cover and in the PDF.")
@click.option("--subtitle", default="", help="Line under the title.")
@click.option("--author", default="", help="The coach, on the cover and as the PDF's author.")
@click.option("--client", default="", help="Who the booklet is for.")
@click.option("--date", default="", help="Date printed on the cover, as written (none by default).")
@click.option("--impose", type=click.Choice(["saddle-stitch"]), default=None,
              help="Print-ready sheets: two pages a side (A5 pages on A4, half-Letter on Letter), in the "
                   "order that folds and staples into the booklet.")
@click.option("--creep", type=click.FloatRange(0, 5), default=0.0, metavar="MM",
              help="With --impose: pull the innermost sheet's pages this far towards the spine (paper thickness).")
@select_options
@click.option("--program", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="A program (YAML): exercises in its order with its prescriptions and notes, a schedule "
                   "and a log sheet; its title, client, coach and start fill the cover.")
@click.option("--lang", default="en", show_default=True, metavar="CODE", help="Language of the text (PDF metadata), e.g. de.")
@click.option("--group-by", type=click.Choice(GROUPINGS), default="category", show_default=True)
@click.option("--sort", type=click.Choice(SORTS), default="name", show_default=True,
              help="Within a group: by name, or in the order the files were given.")
@quiet_option
@interruptible
def booklet(paths: tuple[Path, ...], output: Path, layout: str, program: Path | None, impose: str | None,
            creep: float, quiet: bool, only: str, tags: tuple[str, ...], **cover) -> None:
    """One PDF booklet: cover, contents (linked), the exercises grouped and sorted, an index by
    muscle and equipment, bookmarks, running header and page numbers."""
    from cardmaker.batch import load_all
    from cardmaker.load.layout import load_layout
    from cardmaker.model.booklet import BookletOptions
    from cardmaker.output import prepare_output_file, write_atomic
    from cardmaker.render.booklet import render_booklet

    to_stdout = str(output) == "-"
    if to_stdout and (sys.stdout is None or sys.stdout.isatty()):
        raise click.UsageError("-o - writes a PDF to stdout; redirect it to a file or a pipe")
    progress = Progress("added", "exercises", quiet, lines=False)
    try:
        resolved = load_layout(layout)
        if not to_stdout:
            prepare_output_file(output)
        exercises = _load(paths, progress, resolved)
        if only or tags:
            from cardmaker.batch import select_exercises

            exercises = select_exercises(exercises, only, tags)
        options, plan, planned = BookletOptions(**cover), None, None
        if program is not None:
            plan, planned, options = _program(program, exercises, resolved, options)
        pdf = render_booklet(exercises, resolved, options, plan, planned)
        if impose == "saddle-stitch":
            from cardmaker.press.sheets import saddle

            pdf = saddle(pdf, creep * 72 / 25.4)
        if to_stdout:
            sys.stdout.buffer.write(pdf)
            sys.stdout.flush()
        else:
            write_atomic(output, pdf)
    except CardmakerError as exc:
        fail(exc)
    except OSError as exc:
        fail(CardmakerError(f"cannot write: {exc.strerror or exc}", file=output))
    progress.done = len(exercises)
    if not to_stdout:
        click.echo(f"wrote {output}", err=True)
    finish(progress)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), metavar="FILE.pdf",
              help="The two-page test sheet to print duplex.")
@click.option("--sheet", type=click.Choice(["A4", "Letter", "A3"]), default="A4", show_default=True)
@click.option("--duplex", type=click.Choice(["long", "short"]), default="long", show_default=True)
def calibrate(output: Path, sheet: str, duplex: str) -> None:
    """Print a two-sided test sheet to measure your printer's back-side shift for --back-offset."""
    from cardmaker.output import prepare_output_file, write_atomic
    from cardmaker.press.calibrate import calibration_sheet
    from cardmaker.press.sheets import SHEETS

    try:
        prepare_output_file(output)
        write_atomic(output, calibration_sheet(SHEETS[sheet], duplex))
    except CardmakerError as exc:
        fail(exc)
    except OSError as exc:
        fail(CardmakerError(f"cannot write: {exc.strerror or exc}", file=output))
    click.echo(f"wrote {output}: print it on both sides, then read the offset off the scales", err=True)


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the YAML files (created if missing).")
@quiet_option
@interruptible
def import_(files: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Convert plain-text exercise documents to exercise YAML files."""
    from cardmaker.batch import import_documents
    from cardmaker.output import prepare_output_dir

    try:
        prepare_output_dir(out_dir)
    except CardmakerError as exc:
        fail(exc)
    progress = Progress("wrote", "exercise files", quiet)
    progress.start(len(files))
    import_documents(files, out_dir, progress)
    finish(progress)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@layout_option
@jobs_option
@interruptible
def validate(paths: tuple[Path, ...], layout: str, jobs: int | None) -> None:
    """Check exercise files and the layout, writing nothing; report every problem found.

    Each card is laid out (no PDF is written) to find text that cannot fit, and to warn about
    text that would shrink below the layout's comfortable size. Missing pictures are warnings
    too: the card is made without them. Exit status 1 if anything would fail to build."""
    from cardmaker.batch import BuildOptions, check_fit, load_all
    from cardmaker.load.layout import load_layout
    from cardmaker.model.layout import Fonts
    from cardmaker.pool import default_jobs

    progress = Progress("checked", "exercises", quiet=True)
    resolved = None
    try:
        resolved = load_layout(layout)
    except CardmakerError as exc:
        progress(_failure(exc))
    exercises = load_all(paths, progress, resolved.fonts if resolved else Fonts(), resolved.source if resolved else None)
    progress.start(len(exercises))
    if resolved is None:  # the data is still checked, against the bundled fonts
        progress.done = len(exercises)
    else:
        check_fit(exercises, resolved, progress, BuildOptions(jobs=jobs or default_jobs()))
    finish(progress)


def _failure(error: CardmakerError):
    from cardmaker.batch import Outcome

    return Outcome(None, error=error)


@main.group(invoke_without_command=True)
@click.pass_context
def layouts(ctx: click.Context) -> None:
    """List the built-in layouts (or `layouts show NAME`)."""
    if ctx.invoked_subcommand is not None:
        return
    from cardmaker.load.layout import builtin_names, example_names, load_layout

    for name in builtin_names():
        click.echo(f"{name:<20} {load_layout(name).description}")
    click.echo("\nExamples to copy and edit (`cardmaker layouts show NAME`):")
    for name in example_names():
        click.echo(f"{name:<28} {load_layout(name).description}")


@layouts.command()
@click.argument("name")
def show(name: str) -> None:
    """Print a layout fully resolved (after `extends`), ready to copy and edit."""
    from cardmaker.load.layout import resolved_yaml

    try:
        click.echo(resolved_yaml(name), nl=False)
    except CardmakerError as exc:
        fail(exc)
