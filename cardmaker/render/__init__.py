"""Render: the engine's display lists → PDF bytes (cards, combined cards, booklets).

Takes pages of drawing operations (``cardmaker.typeset.display``) and replays them onto a
reportlab canvas (``replay``), pictures encoded once per process (``picture``); fonts and plain
styles come from ``cardmaker.style``. No Platypus: documents, frames and flowables are gone.
"""

from cardmaker.style.fonts import pdf_settings

pdf_settings()  # binary streams for every PDF written, whichever render module is imported first
