"""Render: fonts, styles and page templates that turn a story into PDF bytes (cards, with fit).

Takes the model (Platypus path, ``platypus/``) or the engine's display lists and gives PDF
bytes; fonts and plain styles come from ``cardmaker.style``. A one-card PDF is written directly
(``one_pdf``: pages and resources; ``pdf_fonts``: text codes and font objects; ``subset``: the
embedded TrueType programs; ``pdf_file``: numbered objects → file); a PDF of many cards replays
the same display lists onto one reportlab canvas (``replay``, used by ``combined``).
"""

from cardmaker.style.fonts import pdf_settings

pdf_settings()  # binary streams for every PDF written, whichever render module is imported first
