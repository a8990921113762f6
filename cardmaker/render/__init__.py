"""Render: the engine's display lists → PDF bytes (cards, combined cards, booklets).

Takes pages of drawing operations (``cardmaker.typeset.display``) and gives PDF bytes; fonts
and plain styles come from ``cardmaker.style``. A one-card PDF is written directly (``one_pdf``:
pages and resources; ``pdf_fonts``: text codes and font objects; ``subset``: the embedded
TrueType programs; ``pdf_file``: numbered objects → file); a PDF of many cards or a booklet
replays the same display lists onto one reportlab canvas (``replay``, ``prepared`` for pages a
worker prepared), pictures encoded once per process (``picture``). No Platypus anywhere.
"""

from cardmaker.style.fonts import pdf_settings

pdf_settings()  # binary streams for every PDF written, whichever render module is imported first
