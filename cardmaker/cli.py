"""The ``cardmaker`` command. Thin: parses options, calls the library, prints outcomes.

Exit status: 0 all good, 1 a problem with the user's input (files, layouts, content),
2 a usage error (click's own). Heavy modules (reportlab) are imported inside the commands so
``--help`` answers at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cardmaker import __version__
from cardmaker.errors import CardmakerError

EXIT_INPUT = 1


class Tally:
    """Prints one line per outcome and counts them for the summary."""

    def __init__(self, verb: str, quiet: bool = False):
        self.verb, self.quiet, self.done, self.failed = verb, quiet, 0, 0

    def __call__(self, outcome) -> None:
        if outcome.ok:
            self.done += 1
            if not self.quiet:
                click.echo(f"{self.verb} {outcome.output}")
        else:
            self.failed += 1
            click.secho(f"error: {outcome.error}", fg="red", err=True)

    def finish(self, noun: str) -> None:
        failed = f", {self.failed} failed" if self.failed else ""
        click.echo(f"{self.verb.capitalize()} {self.done} {noun}{failed}.", err=True)
        if self.failed:
            sys.exit(EXIT_INPUT)


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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the PDFs (created if missing); each card is written as <id>.pdf.")
@layout_option
@quiet_option
def build(paths: tuple[Path, ...], out_dir: Path, layout: str, quiet: bool) -> None:
    """Render exercise files (YAML/JSON, or folders of them) to one PDF card each."""
    from cardmaker.batch import build_cards, load_all, prepare_output_dir
    from cardmaker.load.layout import load_layout

    try:
        resolved = load_layout(layout)
        prepare_output_dir(out_dir)
    except CardmakerError as exc:
        fail(exc)
    tally = Tally("built", quiet)
    exercises = load_all(paths, tally, resolved.fonts)
    build_cards(exercises, resolved, out_dir, tally)
    if not exercises and not tally.failed:
        fail(CardmakerError("no exercise files found (.yaml, .yml or .json)", file=", ".join(map(str, paths))))
    tally.finish("cards")


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the YAML files (created if missing).")
@quiet_option
def import_(files: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Convert plain-text exercise documents to exercise YAML files."""
    from cardmaker.batch import import_documents, prepare_output_dir

    try:
        prepare_output_dir(out_dir)
    except CardmakerError as exc:
        fail(exc)
    tally = Tally("wrote", quiet)
    import_documents(files, out_dir, tally)
    tally.finish("exercise files")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@layout_option
def validate(paths: tuple[Path, ...], layout: str) -> None:
    """Check exercise files and the layout without rendering; report every problem found."""
    from cardmaker.batch import load_all
    from cardmaker.load.layout import load_layout
    from cardmaker.model.layout import Fonts

    tally = Tally("checked", quiet=True)
    fonts = Fonts()
    try:
        fonts = load_layout(layout).fonts
    except CardmakerError as exc:
        tally.failed += 1
        click.secho(f"error: {exc}", fg="red", err=True)
    exercises = load_all(paths, tally, fonts)
    tally.done = len(exercises)
    tally.finish("exercises")


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
