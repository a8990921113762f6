"""cardmaker: exercise data → printable PDF cards and booklets.

The public API (``cardmaker.api``, documented in the README): ``read_exercises``,
``load_layout``, ``render_card``, ``render_cards``, ``render_booklet``; the jobs the command
line runs (``BuildJob`` and ``BookletJob``, run by ``run_build`` and ``run_booklet`` into a
``JobResult``); and the errors they raise, all ``CardmakerError``. Names are imported on
first use so that ``import cardmaker`` (and ``cardmaker --help``) stay fast; importing changes
nothing process-wide.
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "read_exercises": "cardmaker.api",
    "load_layout": "cardmaker.api",
    "render_card": "cardmaker.api",
    "render_cards": "cardmaker.api",
    "render_booklet": "cardmaker.api",
    "prepare_build": "cardmaker.api",
    "run_build": "cardmaker.api",
    "run_booklet": "cardmaker.api",
    "BuildJob": "cardmaker.jobs",
    "BookletJob": "cardmaker.jobs",
    "JobResult": "cardmaker.jobs",
    "OptionError": "cardmaker.jobs",
    "Outcome": "cardmaker.batch",
    "Exercise": "cardmaker.model",
    "Layout": "cardmaker.model",
    "load_exercises": "cardmaker.load.exercise",
    "contact_sheet": "cardmaker.preview",
    "parse_exercise_text": "cardmaker.load.text_import",
    "CardmakerError": "cardmaker.errors",
    "DataError": "cardmaker.errors",
    "LayoutError": "cardmaker.errors",
    "RenderError": "cardmaker.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'cardmaker' has no attribute {name!r}")
