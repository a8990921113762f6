"""Many inputs → many files, one outcome each; one bad exercise never stops the others.

- ``gather``: exercise files → exercises (each file read once, each id once);
- ``build``: exercises → one PDF per card, one combined PDF, a preview, a fit check;
- ``outcome``: what happened to each input, and the steps the builds share.

Progress is reported through a callback (``Report``); printing is the CLI's job.
"""

from cardmaker.batch.build import build_cards, build_combined, check_fit, render_for_preview
from cardmaker.batch.gather import load_all, select_exercises
from cardmaker.batch.outcome import BuildOptions, Outcome, Report

__all__ = ["BuildOptions", "Outcome", "Report", "build_cards", "build_combined", "check_fit",
           "load_all", "render_for_preview", "select_exercises"]
