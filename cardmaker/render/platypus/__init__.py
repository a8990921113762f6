"""The Platypus path: an Exercise and its Layout → reportlab flowables (the story of a booklet).

The old renderer's building blocks (title block, sections, panels, pictures, schedule and log sheet,
text → Paragraph markup), laid out by reportlab's Platypus in ``cardmaker.render.booklet``. Cards
of every layout go through the engine (``cardmaker.flow`` → ``cardmaker.typeset`` →
``cardmaker.render.replay``); booklets are moving there too. ``picture`` (pixel sizes, the
per-process picture cache) serves the engine's replay as well.
"""
