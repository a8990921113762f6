"""`cardmaker calibrate`, `import` and `layouts`: the smaller commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cardmaker.cli.common import (fail, file_path, finish, interruptible, main, quiet_option, refuse_terminal_stdout,
                                  verbose_option, write_output)
from cardmaker.errors import CardmakerError
from cardmaker.output import cannot_write
from cardmaker.load.importers import FORMATS
from cardmaker.model.layout import DUPLEX_FLIPS, SHEET_NAMES
from cardmaker.progress import Progress


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(), callback=file_path("calibration", ".pdf"), metavar="FILE.pdf|-",
              help="The two-page test sheet to print duplex ('-': stdout).")
@click.option("--sheet", type=click.Choice(SHEET_NAMES, case_sensitive=False), default="A4", show_default=True)
@click.option("--duplex", type=click.Choice(DUPLEX_FLIPS), default="long", show_default=True)
def calibrate(output: Path, sheet: str, duplex: str) -> None:
    """Print a two-sided test sheet to measure your printer's back-side shift for --back-offset."""
    from cardmaker.output_guard import prepare_output_file
    from cardmaker.press.sheets import SHEETS

    to_stdout = str(output) == "-"
    if to_stdout:
        refuse_terminal_stdout()
    try:
        if not to_stdout:
            prepare_output_file(output)
        write_output(output, _calibration_sheet(SHEETS[sheet], duplex), to_stdout)
    except CardmakerError as exc:
        fail(exc)
    except OSError as exc:
        fail(cannot_write(exc, output))
    where = "stdout" if to_stdout else output
    click.echo(f"wrote {where}: print it on both sides, then read the offset off the scales", err=True)


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the YAML files (created if missing).")
@click.option("--format", "format_", type=click.Choice(list(FORMATS)), default=None,
              help="The sources' format (default: told from each file: JSON in a known shape, else text).")
@click.option("--images", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
              help="Folder holding the data set's pictures (free-exercise-db: its exercises/ folder; "
                   "wger: the pictures downloaded); the ones found are copied next to the YAML files.")
@click.option("--lang", default="en", show_default=True, metavar="CODE",
              help="wger: the translation to take (en, de, fr, ... or wger's language number).")
@click.option("--force", is_flag=True, help="Replace YAML files edited since an earlier import (kept by default).")
@quiet_option
@verbose_option
@interruptible
def import_(files: tuple[Path, ...], out_dir: Path, format_: str | None, images: Path | None, lang: str,
            force: bool, quiet: bool, every_warning: bool) -> None:
    """Convert exercise sources to exercise YAML files: plain-text documents, free-exercise-db
    JSON (dist/exercises.json or exercises/<Id>.json) and wger's exerciseinfo API JSON.

    Importing again replaces the YAML files an earlier import wrote, unless you have edited
    them: those are kept (with a warning) unless --force is given. A record that cannot be
    imported costs one error line; the others are written."""
    from cardmaker.importing import import_documents
    from cardmaker.load.importers import ImportOptions
    from cardmaker.output import prepare_output_dir

    if images is not None and not images.is_dir():
        fail(CardmakerError("no such folder", file=images, hint="--images names the folder holding the pictures"))
    try:
        prepare_output_dir(out_dir)
    except CardmakerError as exc:
        fail(exc)
    progress = Progress("wrote", "exercise files", quiet, every_warning=every_warning)
    progress.start(len(files))
    import_documents(files, out_dir, progress, force, format_, ImportOptions(images, lang), progress.start)
    finish(progress)



@main.group(invoke_without_command=True)
@click.pass_context
def layouts(ctx: click.Context) -> None:
    """List the built-in layouts (or `layouts show NAME`)."""
    if ctx.invoked_subcommand is not None:
        return
    from cardmaker.cli.streams import write_stdout
    from cardmaker.load.layout import builtin_names, example_names, load_layout

    lines = [f"{name:<20} {load_layout(name).description}" for name in builtin_names()]
    lines += ["", "Examples to copy and edit (`cardmaker layouts show NAME`):"]
    lines += [f"{name:<28} {load_layout(name).description}" for name in example_names()]
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:  # checked as `show` and `schema` are: a closed or full stdout is an error, not a silent 0
        write_stdout("".join(f"{line}\n" for line in lines).encode(encoding, "replace"))
    except CardmakerError as exc:
        fail(exc)


@layouts.command()
@click.argument("name")
def show(name: str) -> None:
    """Print a layout fully resolved (after `extends`), ready to copy and edit."""
    from cardmaker.cli.streams import write_stdout
    from cardmaker.load.layout import resolved_yaml

    try:  # YAML files are UTF-8 whatever the terminal's encoding: this is meant to be saved
        write_stdout(resolved_yaml(name).encode("utf-8"))
    except CardmakerError as exc:
        fail(exc)


def _calibration_sheet(sheet: tuple[float, float], flip: str) -> bytes:
    """The test sheet's two pages in the bundled faces (embedded like every font cardmaker
    prints), written as a tagged PDF."""
    from cardmaker.model.layout import Fonts
    from cardmaker.render.replay import render_pdf
    from cardmaker.style.fonts import font_set
    from cardmaker.typeset.calibration import TITLE, calibration_pages

    fonts = font_set(Fonts())
    return render_pdf(calibration_pages(sheet, flip, fonts.regular, fonts.bold), TITLE, lang="en")
