"""The Platypus path: an Exercise and its Layout → reportlab flowables (the story of a card or booklet).

The old renderer's building blocks (title block, sections, panels, pictures, schedule and log sheet,
text → Paragraph markup), laid out by reportlab's Platypus in ``cardmaker.render.pages`` and
``cardmaker.render.booklet``. The engine (``cardmaker.flow`` → ``cardmaker.typeset`` →
``cardmaker.render.replay``) replaces them card by card.
"""
