"""What a batch prints while it runs, all on stderr (stdout may be carrying a PDF).

On a terminal: one self-updating line with a bar, the count, the rate and the time left, and
errors printed above it as they happen. Elsewhere (a log, CI): one line per file, or nothing
but errors with ``-q``. Either way it ends with a summary: built, skipped, failed, errors,
warnings, time. "Failed" counts inputs; a problem that is no one input's (an output file that
could not be written, a folder that could not be read) is an error line, counted among the
summary's errors, and exit status 1, but not a failed card.

Warnings of one kind (the same text once its names, numbers and paths are set aside: "'x'
prints at 15.5 pt…") are printed ``SHOWN_PER_KIND`` times, enough to name each of a few records
to mend; the rest are counted, and the summary says how many more of each kind there were, with
the last of them (a thousand cards each below their comfortable size give eleven lines, not a
thousand). ``every_warning`` prints them all.
"""

from __future__ import annotations

import re
import sys
import time

import click

from cardmaker.filenames import on_disk

BAR = 24
REDRAW = 0.1  # seconds between redraws of the bar
SHOWN_PER_KIND = 10  # warnings of one kind printed before the rest are only counted
_VARYING = re.compile(r"'[^']*'|\S*[/\\]\S*|\d+(?:\.\d+)?")  # names, paths and numbers: what varies within a kind


class Progress:
    def __init__(self, verb: str, noun: str, quiet: bool = False, tty: bool | None = None, lines: bool = True,
                 every_warning: bool = False):
        self.verb, self.noun, self.quiet, self.every_warning = verb, noun, quiet, every_warning
        self.lines = lines and not quiet  # a line per item done, when not on a terminal
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.total = 0
        self.done = self.skipped = self.failed = self.warned = 0
        self.problems = 0  # errors that are no one input's (a combined file not written): exit 1, no card failed
        self.started = time.monotonic()
        self._drawn = 0.0
        self._width = 0  # characters of the bar now on screen
        self._kinds: dict[str, list] = {}  # warning kind -> [how many, the last one's text]

    def start(self, total: int) -> None:
        self.total = total

    def warn(self, message: str) -> None:
        """A warning that is no one input's (counted in the summary line)."""
        self.warned += 1
        kind = self._kinds.setdefault(_VARYING.sub("…", message), [0, ""])
        kind[0] += 1
        kind[1] = message
        if self.every_warning or kind[0] <= SHOWN_PER_KIND:
            self.clear()
            click.secho(f"warning: {message}", fg="yellow", err=True)

    def __call__(self, outcome) -> None:
        if outcome.warning is not None:
            self.warn(str(outcome.warning))
            return
        if not outcome.ok:
            if outcome.also:
                pass  # counted with the input's first problem
            elif outcome.source is None and outcome.item is None:
                self.problems += 1
            else:
                self.failed += 1
            self.clear()
            click.secho(f"error: {outcome.error}", fg="red", err=True)
        elif outcome.skipped:
            self.skipped += 1
        else:
            self.done += 1
            if self.lines and not self.tty:
                click.echo(f"{self.verb} {_describe(outcome)}", err=True)
        if self.tty and not self.quiet and time.monotonic() - self._drawn >= REDRAW:
            self._draw()

    def _draw(self) -> None:
        count = self.done + self.skipped + self.failed
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        share = count / self.total if self.total else 1.0
        filled = int(BAR * share)
        left = (self.total - count) / rate if rate > 0 else 0
        line = f"[{'#' * filled}{'.' * (BAR - filled)}] {count}/{self.total} {self.noun}  {rate:.0f}/s  ETA {left:.0f}s"
        click.echo(f"\r{line.ljust(self._width)}", err=True, nl=False)
        self._drawn, self._width = time.monotonic(), len(line)

    def clear(self) -> None:
        if self.tty and self._width:  # blank the bar's line, so what follows starts clean
            click.echo("\r" + " " * self._width + "\r", err=True, nl=False)
            self._width = 0

    def counted(self) -> None:
        """How many warnings of each kind were counted, not printed: a line a kind, said once
        (before the summary, or before the error that stops the run)."""
        self.clear()
        for count, last in self._kinds.values():
            if not self.every_warning and count > SHOWN_PER_KIND:
                more = count - SHOWN_PER_KIND
                click.secho(f"warning: {more} more like this not shown (-v shows each); the last: {last}",
                            fg="yellow", err=True)
        self._kinds.clear()

    def summary(self) -> str:
        """The run's last line; before it, how many warnings of each kind were counted, not printed."""
        self.counted()
        seconds = time.monotonic() - self.started
        noun = self.noun[:-1] if self.done == 1 else self.noun  # "1 card", "2 cards"
        parts = [f"{self.verb.capitalize()} {self.done} {noun}"]
        if self.skipped:
            parts.append(f"{self.skipped} up to date (skipped; --force rebuilds)")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.problems:  # no one input's (a file not written, a folder not read): said, not left to the error line
            parts.append(f"{self.problems} error{'s' if self.problems > 1 else ''}")
        if self.warned:
            parts.append(f"{self.warned} warning{'s' if self.warned > 1 else ''}")
        return ", ".join(parts) + f" in {seconds:.1f} s."


def _describe(outcome) -> str:
    """'out/squat.pdf', or 'squat (in all.pdf)' for a card in a combined file or on stdout."""
    if outcome.output is None:
        return f"{outcome.item} (to stdout)"
    if outcome.item and outcome.output.stem != on_disk(outcome.item):
        return f"{outcome.item} (in {outcome.output})"
    return str(outcome.output)
