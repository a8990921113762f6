"""What every command shares: the ``cardmaker`` group, common options, and how problems end a run.

Exit status: 0 all good, 1 a problem with the user's input (files, layouts, content),
2 a usage error (click's own), 130 interrupted by Ctrl-C.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from cardmaker import __version__
from cardmaker.errors import CardmakerError
from cardmaker.progress import Progress

EXIT_INPUT = 1
EXIT_INTERRUPTED = 130  # the shell's convention for a run stopped by Ctrl-C (128 + SIGINT)


def finish(progress: Progress) -> None:
    """The summary line; exit status 1 if an input failed or another error was reported."""
    click.echo(progress.summary(), err=True)
    if progress.failed or progress.problems:
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


class _Group(click.Group):
    """click's group, but a usage error is one line like every other problem (click prints the
    usage, a hint and a blank line first); exit status 2 as click's."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            if isinstance(exc, getattr(click.exceptions, "NoArgsIsHelpError", ())) and exc.ctx:
                click.echo(exc.ctx.get_help())  # plain `cardmaker`: the help, as click gives it
                sys.exit(exc.exit_code)
            where = exc.ctx.command_path if exc.ctx else "cardmaker"
            args = kwargs.get("args") if kwargs.get("args") is not None else sys.argv[1:]
            command = next((a for a in args if a in self.commands), None)
            if command and where.split()[-1] not in self.commands:  # failed before the command took over
                where = f"{where} {command}"
            message = " ".join(exc.format_message().split())
            click.secho(f"error: {message} (see '{where} --help')", fg="red", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.secho(f"error: {' '.join(exc.format_message().split())}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.secho("interrupted", fg="red", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cardmaker")
def main() -> None:
    """Lay exercise files out as printable PDF cards."""


layout_option = click.option("-l", "--layout", default="card-a4", show_default=True, metavar="LAYOUT",
                             help="Built-in layout name (see `cardmaker layouts`) or path to a layout YAML file.")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
outside_option = click.option("--allow-outside-paths", "allow_outside", is_flag=True,
                              help="Let exercise files name pictures outside the folder given (refused by "
                                   "default: exercise files come from many hands).")


def select_options(command):
    """--only and --tag: which of the exercises found to use."""
    command = click.option("--tag", "tags", multiple=True, metavar="TAG",
                           help="Only exercises with this tag (repeat for any of several).")(command)
    return click.option("--only", default="", metavar="ID,...", help="Only these exercise ids.")(command)


jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                           help="Worker processes (default: one per CPU). Output is the same for any N.")



def load_exercises(paths, report, layout, program: Path | None = None, allow_outside: bool = False):
    """Every exercise under ``paths`` (not the layout or program file kept among them); an
    error when none could be read."""
    from cardmaker.batch import load_all

    exercises = load_all(paths, report, layout.fonts, (layout.source, program), allow_outside)
    if not exercises:
        raise CardmakerError("no exercise could be read", file=", ".join(map(str, paths)),
                             hint="give exercise files (.yaml, .yml, .json, .csv) or folders of them")
    return exercises


def write_pdf(output: Path, pdf: bytes, to_stdout: bool) -> None:
    """The finished PDF to its file (whole or not at all) or to stdout."""
    from cardmaker.output import write_atomic

    if to_stdout:
        sys.stdout.buffer.write(pdf)
        sys.stdout.flush()
    else:
        write_atomic(output, pdf)


def refuse_terminal_stdout() -> None:
    if sys.stdout is None or sys.stdout.isatty():
        raise click.UsageError("-o - writes a PDF to stdout; redirect it to a file or a pipe")
