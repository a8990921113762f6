"""What every command shares: the ``cardmaker`` group, common options, and how problems end a run.

Exit status: 0 all good, 1 a problem with the user's input (files, layouts, content),
2 a usage error (click's own), 130 interrupted by Ctrl-C.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import signal
import sys
import threading
from pathlib import Path

import click

from cardmaker import __version__
from cardmaker.cli.streams import guard_standard_streams, silence_stdout, write_stdout
from cardmaker.errors import CardmakerError
from cardmaker.progress import Progress

EXIT_INPUT = 1
EXIT_INTERRUPTED = 130  # the shell's convention for a run stopped by Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # ... and by SIGTERM (128 + 15): `kill`, `timeout`
EXIT_BUG = 70  # sysexits' EX_SOFTWARE: cardmaker itself failed, not the input
GC_THRESHOLDS = (20_000, 10, 10)  # a card makes many short-lived objects and few cycles: the collector
# at its default (700) spent 7% of a combined build traversing the same live objects
DEBUG_VARIABLE = "CARDMAKER_DEBUG"  # set (to anything) to get the traceback of a failure in cardmaker
STREAM_ERRORS = {errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EBADF}


def finish(progress: Progress) -> None:
    """The summary line; exit status 1 if an input failed or another error was reported."""
    click.echo(progress.summary(), err=True)
    if progress.failed or progress.problems:
        sys.exit(EXIT_INPUT)


def interruptible(command):
    """Ctrl-C or SIGTERM ends the command with status 130 or 143 and one line, instead of
    click's 'Aborted!' (1)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt as exc:
            stopped(exc, "every file written is complete")

    return run


def _interrupted_all_the_same() -> None:
    """An error that a Ctrl-C or SIGTERM became inside a library (reportlab opening a font):
    the run ends as interrupted (130, 143), not as a bug of ours."""
    from cardmaker.output import raise_if_interrupted

    try:
        raise_if_interrupted()
    except KeyboardInterrupt as exc:
        stopped(exc, "every file written is complete")


def stopped(exc: BaseException, what_remains: str) -> None:
    """End a run that Ctrl-C (130) or SIGTERM (143) stopped, with one line saying what remains."""
    from cardmaker.output import Terminated

    terminated = isinstance(exc, Terminated) or isinstance(exc.__cause__, Terminated)
    click.secho(f"{'terminated' if terminated else 'interrupted'}: {what_remains}", fg="red", err=True)
    sys.exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED)


def fail(error: CardmakerError) -> None:
    click.secho(f"error: {error}", fg="red", err=True)
    sys.exit(EXIT_INPUT)


def fail_run(error: CardmakerError, progress: Progress) -> None:
    """``fail``, but when nothing could be read and each file's problem is said already, only
    the summary: 'nonexist: no such file or folder' is the one line that helps."""
    from cardmaker.jobs.common import NOTHING_READ

    if error.message == NOTHING_READ and (progress.failed or progress.problems):
        finish(progress)
    progress.counted()  # the warnings counted so far are not lost with the run
    fail(error)


@contextlib.contextmanager
def stop_on_sigterm():
    """SIGTERM (`kill`, `timeout`) stops a run as Ctrl-C does: the file being written is
    finished, the build record saved, one line said. Both are noted as they are raised
    (``output.raise_if_interrupted``). Only the main thread may set handlers."""
    from cardmaker.output import forget_interrupts, raise_interrupted, raise_terminated

    forget_interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, raise_terminated)
    previous_int = signal.getsignal(signal.SIGINT)
    if previous_int is signal.default_int_handler:  # Ctrl-C as Python's, but noted
        signal.signal(signal.SIGINT, raise_interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)  # in-process callers (tests, the API) get theirs back
        signal.signal(signal.SIGINT, previous_int)


class _Group(click.Group):
    """click's group, but a usage error is one line like every other problem (click prints the
    usage, a hint and a blank line first); exit status 2 as click's."""

    def main(self, *args, **kwargs):
        thresholds = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)  # (given back after: in-process callers keep theirs)
        try:
            self._main(*args, **kwargs)
        except Exception as exc:  # a bug of ours: one line, not a traceback, unless asked for
            _interrupted_all_the_same()
            if os.environ.get(DEBUG_VARIABLE):
                raise
            click.secho(f"internal error: {type(exc).__name__}: {exc} (a bug in cardmaker; files written before "
                        f"it are complete. Please report it with the command; {DEBUG_VARIABLE}=1 shows the "
                        "traceback)", fg="red", err=True)
            sys.exit(EXIT_BUG)
        finally:
            gc.set_threshold(*thresholds)

    def _main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        guard_standard_streams()
        try:
            with stop_on_sigterm():
                code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            if isinstance(exc, getattr(click.exceptions, "NoArgsIsHelpError", ())) and exc.ctx:
                click.echo(exc.ctx.get_help())  # plain `cardmaker`: the help, as click gives it
                sys.exit(exc.exit_code)
            where = exc.ctx.command_path if exc.ctx else "cardmaker"
            args = kwargs.get("args") if kwargs.get("args") is not None else sys.argv[1:]
            command = next((a for a in args if a in self.commands), None)
            if command and command not in where.split():  # failed before the command took over
                where = f"{where} {command}"
            message = " ".join(exc.format_message().split())
            click.secho(f"error: {message} (see '{where} --help')", fg="red", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.secho(f"error: {' '.join(exc.format_message().split())}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except click.Abort as exc:
            stopped(exc, "nothing more was written")
        except OSError as exc:  # stdout gone or full under `layouts`, `--help`, `--version`
            if exc.errno not in STREAM_ERRORS:
                raise
            silence_stdout()
            fail(CardmakerError(f"cannot write to stdout: {exc.strerror}", file="-"))
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cardmaker")
def main() -> None:
    """Lay exercise files out as printable PDF cards."""
    binary_pdf_streams()


def binary_pdf_streams() -> None:
    """The command owns its process: PDF streams binary, without reportlab's base-85 pass (the
    API sets and restores this per call). Set for reportlab's first import, so that `--help`
    does not load it, or on it when it is loaded already."""
    os.environ["RL_useA85"] = "0"
    rl_config = sys.modules.get("reportlab.rl_config")
    if rl_config is not None:
        rl_config.useA85 = 0


def file_path(kind: str, suffix: str):
    """A click callback for an output file's option: the value as a Path ('-' kept), refused
    when it is written as a folder (a trailing slash, which a Path would drop) or, for
    ``suffix``, names a file of another kind (``preview -o sheet.pdf``)."""
    def check(ctx, param, value: str | None) -> Path | None:
        if value is None or value == "-":
            return None if value is None else Path(value)
        if value.startswith("-"):  # `--combine -o out.pdf` would write a file named "-o"
            raise click.BadParameter(f"'{value}' looks like an option, not a file name; give the output file "
                                     f"right after the option, e.g. {param.opts[-1]} {kind}{suffix} "
                                     f"(or ./{value} for a file that really starts with '-')")
        if value.endswith(("/", os.sep)):  # an existing folder is refused where the file is prepared
            name = value.rstrip("/" + os.sep) or "."
            raise click.BadParameter(f"'{value}' is a folder; name the {kind} inside it, e.g. {name}/{kind}{suffix}")
        wrong = Path(value).suffix.lower()
        if suffix == ".png" and wrong in (".pdf", ".jpg", ".jpeg", ".svg"):
            raise click.BadParameter(f"'{value}': this command draws a PNG image, not {wrong[1:].upper()}; "
                                     f"name it {Path(value).stem}{suffix} (cardmaker build writes PDFs)")
        return Path(value)
    return check


layout_option = click.option("-l", "--layout", default="card-a4", show_default=True, metavar="LAYOUT",
                             help="Built-in layout name (see `cardmaker layouts`) or path to a layout YAML file.")
quiet_option = click.option("-q", "--quiet", is_flag=True,
                            help="Print only problems (errors and warnings) and the summary.")
verbose_option = click.option("-v", "--verbose", "every_warning", is_flag=True,
                              help="Print every warning (by default each kind's first ten, then how many more).")
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



def write_output(output: Path | None, data: bytes, to_stdout: bool) -> None:
    """The finished PDF (or PNG) to its file (whole or not at all) or to stdout."""
    from cardmaker.output import write_atomic

    if to_stdout:
        write_stdout(data)
    else:
        write_atomic(output, data)


def refuse_terminal_stdout(what: str = "a PDF") -> None:
    if sys.stdout is None or sys.stdout.isatty():
        raise click.UsageError(f"-o - writes {what} to stdout; redirect it to a file or a pipe")
