"""Render: fonts, styles and page templates that turn a story into PDF bytes (cards, with fit).

Takes the model (Platypus path, ``platypus/``) or the engine's display lists (``replay``) and
gives PDF bytes; fonts and plain styles come from ``cardmaker.style``.
"""

from cardmaker.style.fonts import pdf_settings

pdf_settings()  # binary streams for every PDF written, whichever render module is imported first
