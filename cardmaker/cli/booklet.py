"""`cardmaker booklet`: exercise files (and a program) → one booklet PDF, optionally imposed."""

from __future__ import annotations

from pathlib import Path

import click

from cardmaker.cli.common import (fail, fail_run, file_path, finish, interruptible, main, outside_option, quiet_option,
                                  refuse_terminal_stdout, select_options, verbose_option, write_output)
from cardmaker.cli.printing import given, print_options, usage_error
from cardmaker.errors import CardmakerError
from cardmaker.output import cannot_write
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
@verbose_option
@interruptible
def booklet(paths: tuple[Path, ...], output: Path, layout: str, program: Path | None, quiet: bool, every_warning: bool, only: str,
            tags: tuple[str, ...], allow_outside: bool, impose, parts, creep, sheet, crop_marks, duplex, back_offset,
            manual_duplex, **cover) -> None:
    """One PDF booklet: cover, contents (linked), the exercises grouped and sorted, an index by
    muscle and equipment, bookmarks, running header and page numbers. Print options not given
    here come from the layout's `print:`."""
    from cardmaker.api import run_booklet
    from cardmaker.jobs import BookletJob, OptionError

    to_stdout = str(output) == "-"
    if to_stdout:
        refuse_terminal_stdout()
    printing = given(dict(impose=impose, parts=parts, creep=creep, sheet=sheet, crop_marks=crop_marks, duplex=duplex,
                          back_offset=back_offset, manual_duplex=manual_duplex))
    ctx = click.get_current_context()
    defaults = {k for k in ("title", "author", "client", "date")  # the program's, when it has them
                if ctx.get_parameter_source(k) is click.core.ParameterSource.DEFAULT}
    job = BookletJob(paths, output=None if to_stdout else output, layout=layout, program=program, printing=printing,
                     only=only, tags=tags, allow_outside=allow_outside,
                     **{k: None if k in defaults else v for k, v in cover.items()})
    progress = Progress("added", "exercises", quiet, lines=False, every_warning=every_warning)
    try:
        result = run_booklet(job, progress)
        if to_stdout:
            write_output(None, result.pdf, True)
    except OptionError as exc:
        raise usage_error(exc) from None
    except CardmakerError as exc:
        fail_run(exc, progress)
    except OSError as exc:
        fail(cannot_write(exc, output))
    progress.done = result.made
    if not to_stdout and not quiet:
        click.echo(f"wrote {output}", err=True)
    finish(progress)
