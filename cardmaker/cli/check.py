"""`cardmaker validate` and `cardmaker preview`: look at a batch before printing it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cardmaker.cli.common import (fail, fail_run, file_path, finish, interruptible, jobs_option, layout_option, main,
                                  outside_option, quiet_option, refuse_terminal_stdout, select_options, stopped,
                                  write_output)
from cardmaker.errors import CardmakerError
from cardmaker.output import cannot_write
from cardmaker.progress import Progress


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(), callback=file_path("sheet", ".png"), metavar="SHEET.png|-",
              help="The contact sheet to write (PNG; '-': stdout).")
@layout_option
@click.option("--columns", type=click.IntRange(1, 12), help="Cards per row (default: about the square root of the count).")
@click.option("--width", "width_px", type=click.IntRange(400, 8000), default=1600, show_default=True,
              help="Width of the sheet in pixels (at most 8000: one A4 tile that wide is already 90 megapixels).")
@jobs_option
@outside_option
@select_options
@quiet_option
def preview(paths: tuple[Path, ...], output: Path, layout: str, columns: int | None, width_px: int,
            jobs: int | None, quiet: bool, allow_outside: bool, only: str, tags: tuple[str, ...]) -> None:
    """Render the first page of every card into one PNG contact sheet, to check a batch at a
    glance. A card that fails shows as a red tile with its error; the exit status is then 1."""
    from cardmaker.batch import BuildOptions, render_for_preview
    from cardmaker.jobs.common import load_exercises, selected
    from cardmaker.load.layout import load_layout
    from cardmaker.output_guard import prepare_output_file
    from cardmaker.pool import default_jobs
    from cardmaker.preview import contact_sheet

    to_stdout = str(output) == "-"
    if to_stdout:
        refuse_terminal_stdout("a PNG")
    progress = Progress("rendered", "cards", quiet, lines=False)  # the sheet shows each card
    try:
        resolved = load_layout(layout)
        if not to_stdout:
            prepare_output_file(output)
        failed_files: list[tuple[str, str]] = []

        def report(outcome) -> None:
            if not outcome.ok and outcome.item is None and not outcome.also:  # an unreadable file gets a tile too
                failed_files.append((Path(outcome.source or "?").stem, str(outcome.error)))
            progress(outcome)

        exercises = selected(load_exercises(paths, report, resolved, allow_outside=allow_outside,
                                            output=None if to_stdout else output), only, tags)
        progress.start(len(exercises))
        cards = render_for_preview(exercises, resolved, report, BuildOptions(jobs=jobs or default_jobs()))
        write_output(output, contact_sheet(cards + failed_files, width_px=width_px, columns=columns), to_stdout)
    except CardmakerError as exc:
        fail_run(exc, progress)
    except OSError as exc:
        fail(cannot_write(exc, output))
    except KeyboardInterrupt as exc:
        stopped(exc, "no sheet written")
    if not to_stdout and not quiet:
        click.echo(f"wrote {output}", err=True)
    finish(progress)



@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@layout_option
@jobs_option
@outside_option
@select_options
@interruptible
def validate(paths: tuple[Path, ...], layout: str, jobs: int | None, allow_outside: bool, only: str,
             tags: tuple[str, ...]) -> None:
    """Check exercise files and the layout, writing nothing; report every problem found.

    Each card is laid out (no PDF is written) to find text that cannot fit, and to warn about
    text that would shrink below the layout's comfortable size. Missing pictures are warnings
    too: the card is made without them. Exit status 1 if anything would fail to build."""
    from cardmaker.batch import BuildOptions, check_fit, load_all
    from cardmaker.jobs.common import about_theme, selected
    from cardmaker.load.layout import load_layout
    from cardmaker.model.layout import Fonts
    from cardmaker.pool import default_jobs

    progress = Progress("checked", "exercises", quiet=True, every_warning=True)  # validate lists each
    resolved = None
    try:
        resolved = load_layout(layout)
    except CardmakerError as exc:
        progress(_failure(exc))
    try:
        exercises = selected(load_all(paths, progress, resolved.fonts if resolved else Fonts(),
                                      (resolved.source if resolved else None,), allow_outside), only, tags)
    except CardmakerError as exc:  # an --only id that is not there
        fail_run(exc, progress)
    progress.start(len(exercises))
    if resolved is None:  # the data is still checked, against the bundled fonts (fit needs the layout)
        progress.done = len(exercises) - progress.failed
        click.echo(progress.summary().rstrip(".") + "; the layout failed, so nothing was fitted.", err=True)
        sys.exit(1)
    about_theme(resolved, progress)
    check_fit(exercises, resolved, progress, BuildOptions(jobs=jobs or default_jobs()))
    finish(progress)


def _failure(error: CardmakerError):
    from cardmaker.batch import Outcome

    return Outcome(None, error=error, also=True)  # the layout's problem: not one of the exercises
