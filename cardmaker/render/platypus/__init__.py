"""The Platypus path: an Exercise and its Layout → reportlab flowables (the story of a card).

The old renderer's building blocks (title block, sections, panels, pictures, text → Paragraph
markup), laid out by reportlab's Platypus in ``cardmaker.render.pages``. Booklets are set by the
engine (``cardmaker.render.booklet``). The engine (``cardmaker.flow`` → ``cardmaker.typeset`` →
``cardmaker.render.replay``) replaces them card by card.
"""
