"""The Platypus path: an Exercise and its Layout → reportlab flowables.

The old renderer's building blocks (title block, sections, panels, pictures, text → Paragraph
markup). Cards of every layout and booklets go through the engine (``cardmaker.flow`` →
``cardmaker.typeset`` → ``cardmaker.render.replay``). ``picture`` (pixel sizes, the
per-process picture cache) serves the engine's replay as well.
"""
