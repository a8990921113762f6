"""Style: a layout → what text looks like, resolved once, below both flow and render.

``fonts`` registers the bundled and the layout's TrueType faces with reportlab (once per process)
and says which characters each font set can print; ``plain_styles`` turns a layout's theme into
plain sizes and colours (``Style``, ``CardStyles``) with no reportlab in sight. Load (glyph checks),
flow (the block tree), typeset (metrics), render and press all take their fonts and styles from here;
nothing here imports flow, typeset or render.
"""
