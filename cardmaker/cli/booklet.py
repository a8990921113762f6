"""`cardmaker booklet`: exercise files (and a program) → one booklet PDF, optionally imposed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from cardmaker.cli.common import (fail, file_path, finish, interruptible, load_exercises, main, outside_option, quiet_option,
                                  refuse_terminal_stdout, select_options, write_output)
from cardmaker.cli.printing import flags, given, located, print_options, settings
from cardmaker.errors import CardmakerError
from cardmaker.model.booklet import GROUPINGS, SORTS
from cardmaker.progress import Progress


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(), callback=file_path("booklet", ".pdf"), metavar="FILE.pdf|-",
              help="The booklet to write ('-': stdout).")
@click.option("-l", "--layout", default="booklet-a5", show_default=True, metavar="LAYOUT",
              help="Layout of the exercise pages (page size, fonts, colours, sections).")
@click.option("--title", default="Exercise booklet", show_default=True, help="Title on the cover and in the PDF.")
@click.option("--subtitle", default="", help="Line under the title.")
@click.option("--author", default="", help="The coach, on the cover and as the PDF's author.")
@click.option("--client", default="", help="Who the booklet is for.")
@click.option("--date", default="", help="Date printed on the cover, as written (none by default).")
@print_options("impose", "parts", "creep", "sheet", "crop_marks", "duplex", "back_offset", "manual_duplex")
@select_options
@click.option("--program", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="A program (YAML): exercises in its order with its prescriptions and notes, a schedule "
                   "and a log sheet; its title, client, coach and start fill the cover.")
@click.option("--lang", default="en", show_default=True, metavar="CODE", help="Language of the text (PDF metadata), e.g. de.")
@click.option("--group-by", type=click.Choice(GROUPINGS), default="category", show_default=True)
@click.option("--sort", type=click.Choice(SORTS), default="name", show_default=True,
              help="Within a group: by name, or in the order the files were given.")
@outside_option
@quiet_option
@interruptible
def booklet(paths: tuple[Path, ...], output: Path, layout: str, program: Path | None, quiet: bool, only: str,
            tags: tuple[str, ...], allow_outside: bool, impose, parts, creep, sheet, crop_marks, duplex, back_offset,
            manual_duplex, **cover) -> None:
    """One PDF booklet: cover, contents (linked), the exercises grouped and sorted, an index by
    muscle and equipment, bookmarks, running header and page numbers. Print options not given
    here come from the layout's `print:`."""
    from cardmaker.load.layout import load_layout
    from cardmaker.model.booklet import BookletOptions
    from cardmaker.output import prepare_output_file
    from cardmaker.render.booklet import render_booklet

    to_stdout = str(output) == "-"
    if to_stdout:
        refuse_terminal_stdout()
    options = given(dict(impose=impose, parts=parts, creep=creep, sheet=sheet, crop_marks=crop_marks, duplex=duplex,
                         back_offset=back_offset, manual_duplex=manual_duplex))
    progress = Progress("added", "exercises", quiet, lines=False)
    try:
        resolved = load_layout(layout)
        printing = settings(resolved.printing, options)
        others = {k: v for k, v in options.items() if k != "impose"}
        if printing.impose == "none" and others:
            raise click.UsageError(f"{flags(others)} lay out imposed sheets: add --impose saddle-stitch")
        if not to_stdout:
            prepare_output_file(output)
        exercises = load_exercises(paths, progress, resolved, program, allow_outside,
                                   None if to_stdout else output)
        if only or tags:
            from cardmaker.batch import select_exercises

            exercises = select_exercises(exercises, only, tags)
        details = BookletOptions(**{k: unicodedata.normalize("NFC", v) for k, v in cover.items()})
        plan = planned = None
        if program is not None:
            plan, planned, details = _program(program, exercises, resolved, details, progress.failed)
        pdf = render_booklet(exercises, resolved, details, plan, planned)
        if printing.impose == "saddle-stitch":
            from cardmaker.press.sheets import saddle, stapled_too_thick

            try:
                pdf, too_thick = saddle(pdf, printing, resolved.bleed), stapled_too_thick(pdf, printing)
            except CardmakerError as exc:
                raise located(exc, printing, "sheet") from None
            if too_thick:
                progress.warn(too_thick)
        write_output(output, pdf, to_stdout)
    except CardmakerError as exc:
        fail(exc)
    except OSError as exc:
        fail(CardmakerError(f"cannot write: {exc.strerror or exc}", file=output))
    progress.done = len(planned) if planned is not None else len(exercises)
    if not to_stdout:
        click.echo(f"wrote {output}", err=True)
    finish(progress)


def _program(path: Path, exercises, layout, options, unread: int):
    """The program, its exercises with their prescriptions, and the cover it fills in (what was
    given on the command line wins)."""
    from dataclasses import replace

    from cardmaker.load.program import apply, load_program

    known = {ex.id: ex for ex in exercises}
    plan = load_program(path, known, layout.fonts, unread)
    ctx = click.get_current_context()
    given_here = {k for k in ("title", "author", "client", "date")
                  if ctx.get_parameter_source(k) is not click.core.ParameterSource.DEFAULT}
    from_program = {"title": plan.title, "author": plan.coach, "client": plan.client, "date": plan.start}
    options = replace(options, group_by="none", **{k: v for k, v in from_program.items() if k not in given_here and v})
    return plan, apply(plan, known), options


