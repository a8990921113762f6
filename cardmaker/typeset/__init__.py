"""The typesetting engine: a block tree (``cardmaker.flow.tree``) → pages of drawing operations.

Stages, one module each: ``measure`` (word widths and glyph coverage), ``lines`` (paragraph →
lines), ``slices`` (blocks → unbreakable slices with keep rules), ``columns`` (slices → columns
and pages), ``card`` (a card's page: title, body columns, footer), ``fit`` (the largest body size
that fits, on measurements alone), ``display`` (the drawing operations the renderer replays).
"""
