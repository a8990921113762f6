"""Render: the engine's display lists → PDF bytes (cards, combined cards, booklets).

Takes pages of drawing operations (``cardmaker.typeset.display``) and gives PDF bytes; fonts
and plain styles come from ``cardmaker.style``. Every PDF is written directly, without
reportlab's document: ``prepared`` turns display-list pages into plain tuples (in a worker, for a
combined file), ``replay`` and ``text_stream`` format their operators, ``one_pdf`` writes pages and
resources a page at a time (``pdf_fonts``: text codes and font objects; ``subset``: the embedded
TrueType programs; ``pdf_outline``: bookmarks; ``structure``: the tags; ``pdf_file``: numbered
objects → file), pictures encoded once per process (``picture``). No Platypus anywhere.
"""

from cardmaker.style.fonts import pdf_settings

pdf_settings()  # binary streams for every PDF written, whichever render module is imported first
