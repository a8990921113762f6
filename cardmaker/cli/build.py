"""`cardmaker build`: exercise files → one PDF card each, one combined PDF, or cards n-up on sheets."""

from __future__ import annotations

from pathlib import Path

import click

from cardmaker.cli.common import (fail, fail_run, file_path, finish, jobs_option, layout_option, main, outside_option,
                                  quiet_option, refuse_terminal_stdout, select_options, stopped, verbose_option,
                                  write_output)
from cardmaker.cli.printing import given, print_options, usage_error
from cardmaker.errors import CardmakerError
from cardmaker.progress import Progress


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
@verbose_option
def build(paths: tuple[Path, ...], output: Path | None, combine: Path | None, layout: str, jobs: int | None,
          copies: int, program: Path | None, force: bool, fail_fast: bool, quiet: bool, every_warning: bool, only: str,
          tags: tuple[str, ...], allow_outside: bool, **press) -> None:
    """Render exercise files (YAML/JSON/CSV, or folders of them) to one PDF card each.

    Cards whose inputs (exercise, picture, layout, fonts, cardmaker version) are unchanged since
    the last build into the same folder are skipped. Ctrl-C stops cleanly (exit 130): every PDF
    left behind is complete. Print options not given here come from the layout's `print:`."""
    from cardmaker.api import prepare_build, run_build
    from cardmaker.jobs import BuildJob, OptionError

    if (output is None) == (combine is None):
        raise click.UsageError("give a folder with -o DIR, or one file with --combine FILE.pdf (-o - for stdout)")
    to_stdout = "-" in (str(output), str(combine))
    if to_stdout:
        refuse_terminal_stdout()
    one_file = combine is not None or to_stdout
    job = BuildJob(paths, output=None if to_stdout else combine if one_file else output, combine=one_file,
                   layout=layout, printing=given(press), copies=copies, program=program, only=only, tags=tags,
                   force=force, fail_fast=fail_fast, jobs=jobs, allow_outside=allow_outside)
    try:
        plan = prepare_build(job)
    except OptionError as exc:
        raise usage_error(exc) from None
    except CardmakerError as exc:
        fail(exc)
    if plan.sheets and not quiet:
        click.echo(f"sheets: {plan.sheets}", err=True)
    progress = Progress("built", "cards", quiet, every_warning=every_warning)
    try:
        result = run_build(plan, progress, progress.start)
        if result.pdf is not None:
            write_output(None, result.pdf, True)
    except KeyboardInterrupt as exc:
        progress.clear()
        stopped(exc, "every file written is complete; run again to build the rest")
    except CardmakerError as exc:
        fail_run(exc, progress)
    finish(progress)
