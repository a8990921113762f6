"""cardmaker: exercise data → printable PDF cards and booklets.

The small public API the CLI is wired to. Names are imported on first use so that
``import cardmaker`` (and ``cardmaker --help``) stay fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "load_exercises": "cardmaker.load.exercise",
    "load_layout": "cardmaker.load.layout",
    "render_card": "cardmaker.render.card",
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
