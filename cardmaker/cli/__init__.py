"""The ``cardmaker`` command. Thin: parses options, calls the library, prints outcomes.

One module per command family; each registers its commands on the group in ``common``.
Heavy modules (reportlab) are imported inside the commands so ``--help`` answers at once.
"""

from cardmaker.cli import booklet, build, check, schema, tools  # noqa: F401  (registers the commands)
from cardmaker.cli.common import main

__all__ = ["main"]
