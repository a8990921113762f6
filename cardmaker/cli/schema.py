"""`cardmaker schema KIND`: the JSON Schema of exercise, layout or program files."""

from __future__ import annotations

import click

from cardmaker.cli.common import fail, main
from cardmaker.errors import CardmakerError
from cardmaker.load.shapes import FILE_KINDS


@main.command()
@click.argument("kind", type=click.Choice(tuple(FILE_KINDS)))
def schema(kind: str) -> None:
    """Print the JSON Schema of exercise, layout or program files (for editors).

    Save it and point your YAML editor at it, e.g. first line of an exercise file:
    `# yaml-language-server: $schema=exercise.schema.json`"""
    from cardmaker.cli.streams import write_stdout
    from cardmaker.load.schema import schema_text

    try:
        write_stdout(schema_text(kind).encode("utf-8"))
    except CardmakerError as exc:
        fail(exc)
